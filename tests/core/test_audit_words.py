"""The audit log reads in the reader's language: actions, roles and the descriptions of events."""
import polars as pl
import pytest

from core import audit


@pytest.mark.parametrize(("what", "ru", "en"), [
    ("orders (append): export.csv; demo data removed", "Заказы, добавление: export.csv; демо-данные удалены",
     "Orders, appended: export.csv; demo data removed"),
    ("customers (replace): base.xlsx", "Клиенты, замена набора: base.xlsx", "Customers, replaced: base.xlsx"),
    ("ivanova (analyst)", "ivanova (аналитик)", "ivanova (analyst)"),
    ("petrov -> manager (Иванова Анна)", "petrov → менеджер (Иванова Анна)", "petrov → manager (Иванова Анна)"),
    ("customer C001 (merged ids: 2)", "клиент C001 (объединённых кодов: 2)", "customer C001 (merged ids: 2)"),
    ("metrics report (month)", "отчёт по показателям (месяц)", "metrics report (month)"),
    ("something new", "something new", "something new"),
])
def test_descriptions_are_translated(what, ru, en):
    assert audit.describe(what, "ru") == ru
    assert audit.describe(what, "en") == en


def test_the_readable_log_names_roles_and_actions_in_words():
    log = pl.DataFrame({"at": ["2026-12-01T10:00:00+00:00"], "username": ["a"], "role": ["analyst"],
                        "action": ["upload"], "what": ["spend (append): s.csv"], "rows": [3]})
    shown = audit.readable(log, "ru").row(0, named=True)
    assert shown["role"] == "аналитик"
    assert shown["action"] != "upload"
    assert shown["what"] == "Расходы на маркетинг, добавление: s.csv"
