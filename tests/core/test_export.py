"""CSV downloads for Russian Excel: BOM, `;`, decimal comma, Russian dates, formula-neutralised text."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import export


def test_csv_for_excel():
    frame = pl.DataFrame({"name": ["Анна", "=HYPERLINK(\"x\")"], "revenue": [1234.5, 2.0],
                          "day": [dt.date(2026, 1, 2), None]})
    data = export.to_csv(frame, headers={"name": "Имя"})
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["Имя;revenue;day", "Анна;1234,5;02.01.2026", "\"'=HYPERLINK(\"\"x\"\")\";2,0;"]


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+7 900", "'+7 900"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("обычный", "обычный"), ("a=b", "a=b"),
])
def test_formula_neutralisation(cell, safe):
    assert export.neutralise(pl.DataFrame({"c": [cell]}))["c"][0] == safe


def test_numbers_are_not_touched():
    assert export.neutralise(pl.DataFrame({"n": [-5.0]}))["n"][0] == -5.0
