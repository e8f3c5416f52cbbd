"""Completed orders: which statuses are cancellations or returns, in Russian and English."""
import polars as pl
import pytest

from core import datasets

CANCELLED = ["cancelled", "Canceled", "refunded", "Returned", "voided", "отменен", "Отменён", "отмена",
             "Возврат", "аннулирован", "Возврат товара", " ОТМЕНЁН "]
COMPLETED = [None, "", "Выполнен", "completed", "paid", "Доставлен", "Оплачен", "new", "fulfilled",
             "partially_refunded", "Частичный возврат"]


@pytest.mark.parametrize("status", CANCELLED)
def test_cancellation_statuses(status):
    assert datasets.is_cancel_status(status)


@pytest.mark.parametrize("status", COMPLETED)
def test_completed_statuses(status):
    assert not datasets.is_cancel_status(status)


def test_vectorised_expression_agrees_with_the_function():
    frame = pl.DataFrame({"status": CANCELLED + COMPLETED})
    got = frame.select(datasets.cancel_status_expr())["status"].to_list()
    assert got == [datasets.is_cancel_status(s) for s in CANCELLED + COMPLETED]


def test_conform_adds_missing_columns_as_nulls():
    frame = datasets.conform("spend", pl.DataFrame({"channel": ["vk"]}))
    assert frame.columns == ["date", "channel", "amount"] and frame["amount"].to_list() == [None]
