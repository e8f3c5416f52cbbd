"""How a table's columns read: values kept typed for the grid, each column's format in the session's language."""
from __future__ import annotations

import datetime as dt

import polars as pl

from core import display


def test_figures_stay_numbers_and_dates_dates_with_each_columns_format():
    frame = pl.DataFrame({
        "Выручка": [1234567.891, 9.5], "Заказы": [10, 9], "Доля": [50.0, 5.0], "Год": [2025, 2026],
        "Дата": [dt.date(2026, 11, 2), None], "Телефон": ["+79171543433", None],
        "Когда": ["2026-12-06", "2026-12-07"], "Согласие": [True, False],
    })
    values, columns = display.grid(frame, {"Выручка": "money", "Доля": "percent"}, "ru")
    assert values["Выручка"].to_list() == [1234567.891, 9.5]  # the grid rounds as it draws, the value stays
    assert values["Заказы"].to_list() == [10, 9]
    assert values["Доля"].to_list() == [0.5, 0.05]  # per cent of 0-100 held as its fraction
    assert values["Когда"].to_list() == [dt.date(2026, 12, 6), dt.date(2026, 12, 7)]  # ISO text as dates
    assert values["Телефон"].to_list() == ["+7\u00a0917\u00a0154-34-33", None]  # text kinds written as text (a missing value: the grid's «—»)
    assert columns["Выручка"] == display.GridColumn("number", 2, "₽")
    assert columns["Заказы"] == display.GridColumn("number", 0)
    assert columns["Доля"] == display.GridColumn("percent", 1)
    assert columns["Год"] == display.GridColumn("plain")  # a year reads 2026, not 2 026
    assert columns["Дата"] == display.GridColumn("date", moment="DD.MM.YYYY")
    assert columns["Телефон"] == display.GridColumn("text")
    assert columns["Согласие"] == display.GridColumn("auto")  # yes/no keeps the grid's checkbox
    assert values["Согласие"].to_list() == [True, False]
    assert [c.spec for c in columns.values()] == ["n2", "n0", "p1", "y", "d", "x", "d", "x"]


def test_english_dates_read_as_english_and_decimals_follow_the_values():
    frame = pl.DataFrame({"At": [dt.datetime(2026, 11, 2, 13, 5)], "Lift": [1.5]})
    _, columns = display.grid(frame, None, "en")
    assert columns["At"] == display.GridColumn("datetime", moment="MMM D, YYYY, HH:mm")
    assert columns["Lift"] == display.GridColumn("number", 1)  # 1.5 needs one decimal
