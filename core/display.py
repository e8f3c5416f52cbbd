"""How a table's columns read: one formatter per column, chosen from its type, its values or a kind given.

Every table of the dashboard goes through `formatters` (see `ui/widgets.table`): dates read `02.11.2026`
(never `2026-11-02 00:00:00`), numbers `1 234 567,89` with the same decimals down a column, phones
`+7 917 154-34-33`, all in the session's language. The values stay numbers and dates, so a column
still sorts by value.

Kinds a page may name for a column: `number` (decimals inferred), `integer`, `decimal` (two places),
`money` (two places, with the currency), `money0`, `percent` (0–100), `share` (0–1 shown as percent),
`date`, `datetime`, `iso` (an ISO date or date-time kept as text), `phone`, `plain` (as is: years, codes).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from core import fmt

Formatter = Callable[[Any], str]
KINDS = ("number", "integer", "decimal", "money", "money0", "percent", "share", "date", "datetime", "iso", "phone",
         "plain")
_PHONE = re.compile(r"^\+\d{11}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
# Integer columns shown without grouping: a year reads 2026, not 2 026.
_PLAIN_NAMES = re.compile(r"(^|[_ ])(year|год|id)$|^(year|год|k)$", re.IGNORECASE)


def decimals_needed(values: list[float], most: int = 2) -> int:
    """The fewest decimals (up to `most`) that show every value of a column as it is rounded to `most`."""
    for places in range(most + 1):
        if all(abs(round(v, places) - round(v, most)) < 10 ** -(most + 1) for v in values):
            return places
    return most


def infer(series: pl.Series) -> str:
    """The kind of a column from its type and values."""
    dtype = series.dtype
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        times = series.drop_nulls()
        midnight = times.is_empty() or bool((times.dt.time() == dt.time(0, 0)).all())
        return "date" if midnight else "datetime"
    if dtype.is_integer():
        return "plain" if _PLAIN_NAMES.search(series.name or "") else "integer"
    if dtype.is_float():
        return "number"
    if dtype == pl.String:
        sample = series.drop_nulls().head(50).to_list()
        if sample and all(_PHONE.match(v) for v in sample):
            return "phone"
        if sample and all(_ISO.match(v) for v in sample):  # dates kept as text (ISO), e.g. in JSON files
            return "iso"
    return "text"


def formatter(kind: str, series: pl.Series | None = None, lang: str | None = None) -> Formatter | None:
    """The function that writes one value of a column of `kind` (None: leave the values as they are)."""
    code = fmt.language(lang)
    if kind == "number":
        present = pl.Series([], dtype=pl.Float64) if series is None else series.drop_nulls().cast(pl.Float64)
        values = [float(v) for v in present.drop_nans().to_list()]
        places = decimals_needed(values)
        return lambda v: fmt.number(v, places, code)
    simple: dict[str, Formatter] = {
        "integer": lambda v: fmt.number(v, 0, code),
        "decimal": lambda v: fmt.number(v, 2, code),
        "money": lambda v: fmt.money(v, decimals=2, lang=code),
        "money0": lambda v: fmt.money(v, decimals=0, lang=code),
        "percent": lambda v: fmt.percent(v, 1, code),
        "share": lambda v: fmt.percent(None if v is None else 100 * v, 1, code),
        "date": lambda v: fmt.date(v, code),
        "datetime": lambda v: fmt.datetime(v, code),
        "phone": fmt.phone,
        "iso": lambda v: _iso(v, code),
        "plain": str,
    }
    return simple.get(kind)


def _iso(value: str, lang: str) -> str:
    """An ISO date or date-time kept as text: `2026-12-06T10:00:00+00:00` -> `06.12.2026 13:00` (local time)."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    if len(value) == 10 or moment.time() == dt.time(0, 0):
        return fmt.date(moment.date(), lang)
    return fmt.datetime(moment, lang)


def formatters(frame: pl.DataFrame, kinds: Mapping[str, str] | None = None,
               lang: str | None = None) -> dict[str, Formatter]:
    """A formatter per column of `frame` that needs one (`kinds` names some columns' kinds)."""
    chosen = dict(kinds or {})
    result = {}
    for name in frame.columns:
        kind = chosen.get(name) or infer(frame[name])
        function = formatter(kind, frame[name], lang)
        if function is not None:
            result[name] = function
    return result


def figures(frame: pl.DataFrame, kinds: Mapping[str, str] | None = None) -> list[str]:
    """The columns holding figures (numbers, money, percentages): shown right-aligned."""
    chosen = dict(kinds or {})
    numeric = {"number", "integer", "decimal", "money", "money0", "percent", "share"}
    return [n for n in frame.columns if (chosen.get(n) or infer(frame[n])) in numeric]


def as_text(frame: pl.DataFrame, kinds: Mapping[str, str] | None = None, lang: str | None = None) -> pl.DataFrame:
    """`frame` with every formatted column replaced by its text, `—` where a value is missing (what a table
    shows, and what a screen reader reads of it)."""
    functions = formatters(frame, kinds, lang)
    return frame.with_columns(
        pl.Series(name, ["—" if v is None else functions[name](v) for v in frame[name].to_list()], dtype=pl.String)
        for name in functions
    )
