"""Program evaluation (every metric before and after an event date) and the periodic report of all metrics."""
from __future__ import annotations

import datetime as dt

import polars as pl

from core import export
from core.context import QueryContext
from core.i18n import t
from core.metrics import KEYS, MONEY_KEYS, PERCENT_KEYS, change, table
from core.metrics.periods import Period, add_months, calendar_periods, shift_years
from core.workspace import Workspace

# Outcome metrics: when one of them rose together with CAC, the result may have been bought.
RESULT_KEYS: tuple[str, ...] = ("revenue", "orders", "buyers", "new_customers")
REPORT_GRAINS: tuple[str, ...] = ("month", "quarter")


def windows(event: dt.date, days: int) -> tuple[Period, Period]:
    """The `days` days before the event day ([event - days, event - 1]) and from it ([event, event + days - 1])."""
    if days < 1:
        raise ValueError("the window must be at least one day")
    before = Period(event - dt.timedelta(days=days), event - dt.timedelta(days=1))
    after = Period(event, event + dt.timedelta(days=days - 1))
    return before, after


def evaluate(ws: Workspace, ctx: QueryContext, event: dt.date, days: int, window_days: int | None = None,
             lifespan: float | None = None) -> pl.DataFrame:
    """Every metric of KEYS before and after `event`: columns metric, before, after, change (after - before),
    change_pct (relative change in percent, None when undefined)."""
    before, after = windows(event, days)
    after = Period(after.start, after.end, partial=after.end > ctx.as_of)
    frame = table(ws, ctx, [before, after], window_days, lifespan)
    first, second = frame.row(0, named=True), frame.row(1, named=True)
    rows = []
    for key in KEYS:
        a, b = first[key], second[key]
        rows.append({"metric": key, "before": None if a is None else float(a),
                     "after": None if b is None else float(b),
                     "change": None if a is None or b is None else float(b) - float(a),
                     "change_pct": change(b, a)})
    return pl.DataFrame(rows, schema={"metric": pl.String, "before": pl.Float64, "after": pl.Float64,
                                      "change": pl.Float64, "change_pct": pl.Float64})


def cac_rose_with_result(evaluation: pl.DataFrame) -> bool:
    """True when CAC rose from before to after while at least one outcome metric (revenue, orders, buyers,
    new customers) rose too, so the result may have been bought with costlier acquisition."""
    changes = dict(zip(evaluation["metric"], evaluation["change"], strict=True))
    cac = changes.get("cac")
    return cac is not None and cac > 0 and any((changes.get(k) or 0) > 0 for k in RESULT_KEYS)


def report(ws: Workspace, ctx: QueryContext, grain: str, first: dt.date | None = None,
           window_days: int | None = None, lifespan: float | None = None) -> pl.DataFrame:
    """Every metric of KEYS for each month or quarter from `first` (default: two years back) to the
    analysis date; the last period is `partial` when it is not over. Columns: period_start, period_end,
    partial, then KEYS."""
    if grain not in REPORT_GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    first = first or add_months(shift_years(ctx.as_of, -2), 1)
    periods = calendar_periods(first, ctx.as_of, grain)
    frame = table(ws, ctx, periods, window_days, lifespan)
    return frame.select("period_start", "period_end", "partial", *KEYS)


def labelled(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The report with headers in `lang` (metric names from the translation table) and partial as yes/no."""
    names = {"period_start": t("metrics.report.period_start", lang), "period_end": t("metrics.report.period_end", lang),
             "partial": t("metrics.report.partial", lang)}
    names.update({key: t(f"metrics.kpi.{key}", lang) for key in KEYS if key in frame.columns})
    yes, no = t("metrics.report.yes", lang), t("metrics.report.no", lang)
    rounded = frame.with_columns(
        [pl.col(k).cast(pl.Float64).round(2) for k in KEYS if k in frame.columns and (k in MONEY_KEYS
                                                                                       or k in PERCENT_KEYS)]
        + [pl.col(k).cast(pl.Float64).round(3) for k in ("ltv_frequency", "ltv_lifespan_years") if k in frame.columns]
    )
    if "partial" in rounded.columns:
        rounded = rounded.with_columns(partial=pl.when(pl.col("partial")).then(pl.lit(yes)).otherwise(pl.lit(no)))
    return rounded.rename(names)


def to_csv(frame: pl.DataFrame, lang: str) -> bytes:
    """The report as CSV for Russian Excel (`core.export.csv_bytes`)."""
    return export.csv_bytes(labelled(frame, lang))


def to_xlsx(frame: pl.DataFrame, lang: str) -> bytes:
    """The report as an Excel workbook (`core.export.xlsx_bytes`: dates as dates, numbers as numbers)."""
    return export.xlsx_bytes(labelled(frame, lang), t("metrics.report.sheet", lang))
