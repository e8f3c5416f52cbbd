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
from dataclasses import dataclass
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from core import fmt, settings

Formatter = Callable[[Any], str]
# The rows of a long list a page shows (customers at risk, a segment's members, a quality list); the
# whole list is in its download.
SHOWN_ROWS = 1000
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


# ------------------------------------------------------------------------------------------ typed grids
# A table's grid keeps numbers and dates as values, so a click on a column's heading sorts them as
# numbers and dates; each column says how its values read (`GridColumn`), in the viewer's language.
_MOMENT = {"ru": {"date": "DD.MM.YYYY", "datetime": "DD.MM.YYYY HH:mm"},
           "en": {"date": "MMM D, YYYY", "datetime": "MMM D, YYYY, HH:mm"}}
_TEXT_KINDS = ("phone", "iso", "text")


@dataclass(frozen=True)
class GridColumn:
    """How one column of a grid reads: `kind` is `number`, `percent` (a fraction shown as per cent),
    `plain` (a whole number without grouping: years, codes), `date`, `datetime`, `text` or `auto` (the
    grid's own column for the type: a checkbox for yes/no); `decimals` the
    places every value shows; `unit` a sign the heading carries («Выручка, ₽»); `moment` a date pattern."""

    kind: str
    decimals: int = 0
    unit: str | None = None
    moment: str | None = None

    @property
    def spec(self) -> str:
        """The column's kind in a few letters (`n2`, `p1`, `d`...): how the page's script writes the
        grid's accessible copy of a value (what a screen reader reads), as the grid draws it."""
        return {"number": f"n{self.decimals}", "percent": f"p{self.decimals}", "plain": "y", "date": "d",
                "datetime": "t"}.get(self.kind, "x")


def kinds_of(frame: pl.DataFrame, kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every column's kind: the one given in `kinds`, else inferred from its type and values."""
    chosen = dict(kinds or {})
    return {name: chosen.get(name) or infer(frame[name]) for name in frame.columns}


def grid_column(kind: str, series: pl.Series, lang: str | None = None) -> GridColumn:
    """How a column of `kind` reads in a grid, in `lang` (decimals of a `number` column from its values)."""
    code = fmt.language(lang)
    if kind == "number":
        values = [float(v) for v in series.drop_nulls().cast(pl.Float64).drop_nans().to_list()]
        return GridColumn("number", decimals_needed(values))
    fixed = {"integer": GridColumn("number", 0), "decimal": GridColumn("number", 2),
             "money": GridColumn("number", 2, settings.currency()),
             "money0": GridColumn("number", 0, settings.currency()),
             "percent": GridColumn("percent", 1), "share": GridColumn("percent", 1), "plain": GridColumn("plain")}
    if kind in fixed:
        return fixed[kind]
    if kind in ("date", "datetime"):
        return GridColumn(kind, moment=_MOMENT[code][kind])
    return GridColumn("text")


def grid(frame: pl.DataFrame, kinds: Mapping[str, str] | None = None,
         lang: str | None = None) -> tuple[pl.DataFrame, dict[str, GridColumn]]:
    """`frame` as a grid holds it, and how each column reads: numbers stay numbers (a percentage of
    0–100 becomes its fraction), dates dates (an ISO date kept as text becomes a date); phones and other
    text are written as text (`formatter`)."""
    code = fmt.language(lang)
    every = kinds_of(frame, kinds)
    columns: dict[str, GridColumn] = {}
    values: list[pl.Series] = []
    for name, kind in every.items():
        series = frame[name]
        if kind == "iso":
            series, kind = _iso_values(series)
        elif kind == "percent":
            series = series.cast(pl.Float64) / 100
        elif kind == "share" or (kind in ("integer", "decimal", "money", "money0", "number") and
                                 not series.dtype.is_numeric()):
            series = series.cast(pl.Float64, strict=False)
        if kind == "plain" and not series.dtype.is_numeric():
            kind = "text"
        if kind in _TEXT_KINDS or kind not in KINDS:
            function = formatter(kind, series, code)
            if function is not None:
                series = pl.Series(name, [None if v is None else function(v) for v in series.to_list()],
                                   dtype=pl.String)
            # Text is text; values of other types (yes/no) keep the grid's own column (a checkbox).
            columns[name] = GridColumn("text" if series.dtype == pl.String else "auto")
        else:
            columns[name] = grid_column(kind, series, code)
        values.append(series.alias(name))
    return pl.DataFrame(values) if values else frame, columns


def _iso_values(series: pl.Series) -> tuple[pl.Series, str]:
    """An ISO date or date-time column kept as text, as local dates (or date-times when any has a time)."""
    moments = [None if v is None else dt.datetime.fromisoformat(v.replace("Z", "+00:00")) for v in series]
    local = [m.astimezone().replace(tzinfo=None) if m is not None and m.tzinfo else m for m in moments]
    if all(m is None or m.time() == dt.time(0, 0) for m in local):
        return pl.Series(series.name, [None if m is None else m.date() for m in local], dtype=pl.Date), "date"
    return pl.Series(series.name, local, dtype=pl.Datetime("us")), "datetime"
