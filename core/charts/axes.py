"""Axis ticks every chart shares, computed here rather than left to Plotly: round steps (1, 2, 2.5, 5 × 10ⁿ),
whole steps for whole numbers (an order count never reads 0,428), labels with no more decimals than the
step needs, large numbers as «15 млн» / «15 тыс.» (`15M` / `15K` in English), one label per month on a
date axis (never «04.2024, 04.2024»), and round histogram bins with an overflow bin labelled «180+».
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from babel import numbers as babel_numbers

from core import fmt

TARGET_TICKS = 5
MAX_MONTH_TICKS = 12
_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
_UNITS = (1e9, 1e6, 1e3)


def nice_step(span: float, target: int = TARGET_TICKS, integer: bool = False) -> float:
    """The round step (1, 2, 2,5 or 5 × 10ⁿ) giving about `target` intervals over `span`; at least 1 when `integer`."""
    if not span or span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(target, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiplier in _STEPS:
        step = multiplier * magnitude
        if step >= raw * 0.999 and not (integer and step != int(step)):
            break
    if integer:
        step = max(1.0, float(round(step)))
        if step == 2.5 * magnitude:  # 25, 250: keep 2.5 only where it stays whole
            step = round(step)
    return step


def ticks(lo: float, hi: float, integer: bool = False, target: int = TARGET_TICKS) -> list[float]:
    """Round tick values covering [lo, hi] (the first at or below `lo`, the last at or above `hi`)."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi = lo + (1 if integer or lo == 0 else abs(lo) * 0.1)
    step = nice_step(hi - lo, target, integer)
    first = math.floor(lo / step + 1e-9) * step
    count = math.ceil((hi - first) / step - 1e-9)
    return [_clean(first + i * step) for i in range(count + 1)]


def _clean(value: float) -> float:
    return float(round(value, 10)) + 0.0


def decimals(values: Iterable[float], most: int = 6) -> int:
    """The fewest decimals showing every value exactly (to `most` places): 0,25 / 0,5 → 2; 5 / 10 → 0."""
    values = list(values)
    for places in range(most + 1):
        if all(abs(v - round(v, places)) < 10 ** -(most + 2) for v in values):
            return places
    return most


def _unit_suffix(unit: float, lang: str) -> str:
    """The CLDR short unit of 1 000 / 10⁶ / 10⁹: ` тыс.`, ` млн` (ru); `K`, `M` (en)."""
    text = babel_numbers.format_compact_decimal(unit, locale=lang)
    return text[1:] if text.startswith("1") else text


def labels(values: Sequence[float], lang: str | None = None, percent: bool = False, money: bool = False) -> list[str]:
    """Tick labels: each with the decimals it needs (never more than the step needs), five-digit and larger
    figures in тыс./млн/млрд (K/M/B)."""
    code = fmt.language(lang)
    top = max((abs(v) for v in values), default=0)
    unit = next((u for u in _UNITS if top >= 10_000 and top >= u), 1.0) if not percent else 1.0
    scaled = [v / unit for v in values]
    places = decimals(scaled)
    texts = []
    for value in scaled:
        # Each label as short as it is exact (0 / 0,25 / 0,5 / 0,75 / 1 млн): never more than the step needs.
        text = fmt.number(value, min(places, decimals([value])), code)
        if unit != 1:
            text = f"{text}{_unit_suffix(unit, code)}" if value else "0"
        if percent:
            text = fmt.percent(value, places, code)
        texts.append(text)
    return texts


def month_ticks(lo: dt.date, hi: dt.date, lang: str | None = None,
                most: int = MAX_MONTH_TICKS) -> tuple[list[dt.date], list[str]]:
    """One tick per month (or per 2, 3, 6, 12 months when there are many) at month starts from `lo` to `hi`."""
    start = dt.date(lo.year, lo.month, 1)
    months = (hi.year - start.year) * 12 + hi.month - start.month + 1
    every = next((e for e in (1, 2, 3, 6, 12, 24, 60) if months / e <= most), 120)
    if every > 1:  # align to the calendar: quarters start in Jan/Apr/Jul/Oct, years in January
        shift = (start.month - 1) % every
        start = dt.date(start.year, start.month - shift, 1)
    values = []
    current = start
    while current <= hi:
        if current >= dt.date(lo.year, lo.month, 1) or every > 1:
            values.append(current)
        month = current.month - 1 + every
        current = dt.date(current.year + month // 12, month % 12 + 1, 1)
    code = fmt.language(lang)
    if every >= 12:
        return values, [str(v.year) for v in values]
    return values, [fmt.month(v, code) for v in values]


def day_ticks(lo: dt.date, hi: dt.date, lang: str | None = None) -> tuple[list[dt.date], list[str]]:
    """Ticks at whole days, weeks or half-months for a short date axis (under two months)."""
    days = (hi - lo).days
    every = next((e for e in (1, 2, 7, 14) if days / e <= MAX_MONTH_TICKS), 14)
    values = [lo + dt.timedelta(days=i) for i in range(0, days + 1, every)]
    code = fmt.language(lang)
    return values, [fmt.date(v, code) for v in values]


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def date_ticks(days: Sequence[dt.date], lang: str | None = None) -> tuple[list[dt.date], list[str]]:
    """Ticks of a date axis: the data's own months when it has one point a month (at month starts or
    month ends), else month starts (or days, under two months), never the same month twice."""
    distinct = sorted(set(days))
    lo, hi = distinct[0], distinct[-1]
    monthly = len({(d.year, d.month) for d in distinct}) == len(distinct) and (
        all(d.day == 1 for d in distinct) or all(_month_end(d) for d in distinct))
    if monthly:
        every = next((e for e in (1, 2, 3, 6, 12, 24, 60) if len(distinct) / e <= MAX_MONTH_TICKS), 120)
        values = distinct[::-1][::every][::-1]  # the latest month always labelled
        code = fmt.language(lang)
        texts = [str(v.year) for v in values] if every >= 12 else [fmt.month(v, code) for v in values]
        return values, texts
    return month_ticks(lo, hi, lang) if (hi - lo).days > 62 else day_ticks(lo, hi, lang)


def as_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, numpy datetime64 or pandas Timestamp (None for anything else)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").astype(dt.date)
    return None


@dataclass(frozen=True)
class Bins:
    """Counts in round bins (`histogram`) without their labels, so one value serves every language: bin `i`
    starts at `edges[i]` and is `width` wide; the last one holds everything above when `overflow`."""

    counts: tuple[int, ...]
    edges: tuple[float, ...]
    width: float
    overflow: bool


def bin_counts(values: Sequence[float] | np.ndarray, bins: int = 30, clip_quantile: float = 0.99) -> Bins:
    """Counts of `values` (missing ones and NaN left out) in round bins up to the `clip_quantile`, then one
    overflow bin."""
    data = np.asarray(values, dtype=float)  # None becomes NaN
    data = data[~np.isnan(data)]
    if data.size == 0:
        return Bins((), (), 1.0, False)
    top = float(np.quantile(data, clip_quantile))
    low = min(0.0, float(data.min()))
    width = nice_step(top - low, bins, integer=bool(np.all(data == np.round(data))))
    start = math.floor(low / width) * width
    regular = max(1, math.ceil((top - start) / width - 1e-9))
    index = np.clip(np.floor((data - start) / width + 1e-9).astype(int), 0, regular)
    counts = np.bincount(index, minlength=regular + 1).tolist()
    edges = [_clean(start + i * width) for i in range(regular + 1)]
    overflow = counts[-1] != 0
    if not overflow:  # nothing above the quantile's bin edge: no overflow bin
        counts, edges = counts[:-1], edges[:-1]
    return Bins(tuple(int(c) for c in counts), tuple(edges), float(width), overflow)


def bin_names(binned: Bins, lang: str | None = None) -> list[str]:
    """The bins' labels in `lang`: «1 000–1 250», …, «5 000+» for the overflow bin."""
    if not binned.edges:
        return []
    edges = list(binned.edges)
    texts = labels([*edges, edges[-1] + binned.width], fmt.language(lang))
    names = [f"{texts[i]}–{texts[i + 1]}" for i in range(len(edges))]
    if binned.overflow:
        names[-1] = f"{texts[len(edges) - 1]}+"
    return names


def histogram(values: Sequence[float] | np.ndarray, bins: int = 30, clip_quantile: float = 0.99,
              lang: str | None = None, money: bool = False) -> tuple[list[str], list[int], list[float]]:
    """Counts of `values` in round bins up to the `clip_quantile`, then one overflow bin «X+».

    Returns labels («1 000–1 250», …, «5 000+»), counts and each bin's lower edge.
    """
    binned = bin_counts(values, bins, clip_quantile)
    return bin_names(binned, lang), list(binned.counts), list(binned.edges)


def _axis_values(fig: Any) -> dict[str, dict[str, Any]]:
    """Per layout axis (`xaxis`, `yaxis2`, …): its values from the traces, and whether it holds bars or stacks."""
    stacked_bars = fig.layout.barmode in ("stack", "relative")
    found: dict[str, dict[str, Any]] = {}
    for trace in fig.data:
        if trace.type not in ("bar", "scatter", "scattergl"):
            continue
        horizontal = trace.type == "bar" and trace.orientation == "h"
        for letter in ("x", "y"):
            ref = getattr(trace, f"{letter}axis", None) or letter
            name = f"{letter}axis{ref[1:]}"
            entry = found.setdefault(name, {"values": [], "categories": [], "bar": False, "stack": {}})
            raw = getattr(trace, letter)
            if raw is None:
                continue
            raw = list(raw)
            numeric = (letter == "x") == horizontal
            if numeric and trace.type == "bar":
                entry["bar"] = True
            stacked = (trace.type == "bar" and stacked_bars) or bool(getattr(trace, "stackgroup", None))
            if numeric and stacked:
                other = list(getattr(trace, "y" if letter == "x" else "x") or range(len(raw)))
                for key, value in zip(other, raw):
                    if isinstance(value, (int, float)) and value is not None and math.isfinite(value):
                        sign = "+" if value >= 0 else "-"
                        entry["stack"][(str(key), sign)] = entry["stack"].get((str(key), sign), 0.0) + value
            entry["values"].extend(raw)
    return found


def apply(fig: Any, lang: str | None = None) -> None:
    """Set round ticks and language-formatted labels on every numeric and date axis of `fig`.

    Axes left alone: category and log axes, axes with their own `tickvals` or `dtick`, hidden axes.
    """
    code = fmt.language(lang)
    for name, entry in _axis_values(fig).items():
        axis = fig.layout[name] if name in fig.layout else None
        if axis is None or axis.type in ("category", "log", "multicategory") or axis.tickvals is not None \
                or axis.dtick is not None or axis.visible is False:
            continue
        present = [v for v in entry["values"] if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if not present:
            continue
        days = [as_date(v) for v in present]
        if all(d is not None for d in days):
            values, texts = date_ticks(days, code)
            axis.update(tickmode="array", tickvals=values, ticktext=texts, tickformat=None)
            continue
        if not all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in present):
            continue
        numbers = [float(v) for v in present] + [float(v) for v in entry["stack"].values()]
        integer = all(v == round(v) for v in numbers)
        if axis.range is not None and axis.range[0] is not None and axis.range[1] is not None:
            lo, hi = float(axis.range[0]), float(axis.range[1])
            values = [v for v in ticks(lo, hi, integer) if lo - 1e-9 <= v <= hi + 1e-9]
            fixed = True
        else:
            lo, hi = min(numbers), max(numbers)
            if entry["bar"] or axis.rangemode == "tozero":
                lo, hi = min(lo, 0.0), max(hi, 0.0)
            values = ticks(lo, hi, integer)
            fixed = False
        percent = (axis.ticksuffix or "").strip() == "%"
        axis.update(tickmode="array", tickvals=values, ticktext=labels(values, code, percent=percent),
                    tickformat=None, ticksuffix=None)
        if not fixed:
            span = values[-1] - values[0]
            pad = 0.0 if entry["bar"] and not entry["values"] == [] and values[0] == 0 and lo == 0 else 0.03 * span
            bottom = values[0] if entry["bar"] and values[0] == 0 else values[0] - pad
            axis.update(range=[bottom, values[-1] + 0.03 * span], autorange=False)
