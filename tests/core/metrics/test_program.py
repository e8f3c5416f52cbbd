"""Program evaluation before/after, the CAC warning, the periodic report and its CSV/XLSX downloads."""
from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest

from core.metrics import KEYS, program
from tests.conftest import context, publish_frames
from tests.core.metrics.data import period_frames

D = dt.date


@pytest.fixture
def period_ws(workspace):
    publish_frames(workspace, period_frames())
    return workspace


def test_windows_before_and_after_the_event_day():
    before, after = program.windows(D(2026, 3, 1), 31)
    assert (before.start, before.end, after.start, after.end) == (D(2026, 1, 29), D(2026, 2, 28), D(2026, 3, 1),
                                                                  D(2026, 3, 31))
    with pytest.raises(ValueError):
        program.windows(D(2026, 3, 1), 0)


def test_evaluate_lists_every_metric_before_and_after(period_ws):
    ctx = context(D(2026, 3, 31), generation=period_ws.generation())
    frame = program.evaluate(period_ws, ctx, D(2026, 3, 1), 31, window_days=10)
    assert frame["metric"].to_list() == list(KEYS)
    rows = {r["metric"]: r for r in frame.iter_rows(named=True)}
    # before 29.01-28.02: a1 b1 d1 (70 ₽); after = March: 6 orders, 1 300 ₽.
    assert (rows["orders"]["before"], rows["orders"]["after"], rows["orders"]["change"]) == (3, 6, 3)
    assert rows["orders"]["change_pct"] == pytest.approx(100.0)
    assert rows["revenue"]["change"] == pytest.approx(1230.0)
    # spend before: ads 1000 ₽ for 3 new customers (a, b, d); after: 1000 ₽ for 2 (c, e).
    assert rows["cac"]["before"] == pytest.approx(1000 / 3) and rows["cac"]["after"] == pytest.approx(500.0)
    assert program.cac_rose_with_result(frame) is True  # CAC 333 -> 500 ₽ while revenue rose


def _evaluation(cac_change: float | None, revenue_change: float | None) -> pl.DataFrame:
    return pl.DataFrame({"metric": ["revenue", "cac"], "change": [revenue_change, cac_change]},
                        schema={"metric": pl.String, "change": pl.Float64})


@pytest.mark.parametrize(("cac", "revenue", "warn"), [
    (10.0, 500.0, True), (10.0, -5.0, False), (-10.0, 500.0, False), (None, 500.0, False), (0.0, 1.0, False),
])
def test_cac_warning_only_when_cac_rose_with_the_result(cac, revenue, warn):
    assert program.cac_rose_with_result(_evaluation(cac, revenue)) is warn


def test_report_by_quarter_marks_the_unfinished_one(period_ws):
    ctx = context(D(2026, 3, 20), generation=period_ws.generation())
    frame = program.report(period_ws, ctx, "quarter", first=D(2025, 12, 1), window_days=10)
    assert frame.columns == ["period_start", "period_end", "partial", *KEYS]
    assert frame.select("period_start", "period_end", "partial").rows() == [
        (D(2025, 10, 1), D(2025, 12, 31), False), (D(2026, 1, 1), D(2026, 3, 20), True)]
    # Q1 to 20.03: f1, a1, b1, d1, c1, e1 = 6 orders.
    assert frame["orders"].to_list() == [0, 6]


def test_csv_opens_in_russian_excel(period_ws):
    ctx = context(D(2026, 3, 31), generation=period_ws.generation())
    frame = program.report(period_ws, ctx, "month", first=D(2026, 3, 1), window_days=10)
    data = program.to_csv(frame, "ru")
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = data.decode("utf-8-sig").splitlines()
    assert header.split(";")[:5] == ["Начало", "Конец", "Неполный", "Заказы", "Выручка"]
    cells = row.split(";")
    assert cells[:5] == ["01.03.2026", "31.03.2026", "нет", "6", "1300,0"]
    assert cells[6] == "216,67"  # average check 1300 / 6, two decimals, decimal comma


def test_xlsx_holds_the_same_report(period_ws):
    ctx = context(D(2026, 3, 31), generation=period_ws.generation())
    frame = program.report(period_ws, ctx, "month", first=D(2026, 2, 1), window_days=10)
    book = pl.read_excel(io.BytesIO(program.to_xlsx(frame, "en")), engine="calamine")
    assert book.columns[:4] == ["Start", "End", "Partial", "Orders"]
    assert book["Orders"].to_list() == [3, 6]
    assert book["Partial"].to_list() == ["no", "no"]
