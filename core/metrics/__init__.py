"""The metrics the business steers by, exactly as defined in issue 5; completed orders only.

For a period [start, end] (both ends included) and an activity window of W days:

- orders, revenue, buyers: completed orders dated in the period, their amounts summed, their distinct
  customers; aov = revenue / orders.
- new_customers (N): customers whose first completed order ever is dated in the period.
- repeat_rate = 100 x customers with >= 2 completed orders dated on or before end / customers with >= 1.
- S (crr_s): customers with a completed order in [start - W, start - 1]; E (crr_e): in [end - W + 1, end];
  crr_n = N; crr_retained = customers in E not in N; crr = 100 x crr_retained / S;
  retention_strict = 100 x |S and E| / S.
- marketing_spend: spend dated in the period (None without spend rows there); cac = spend / N.
- LTV over the 365 days ending at end: ltv_aov = revenue / orders in [end - 364, end]; ltv_frequency =
  those orders / their customers; churn = 1 - |B1 and B2| / |B1| (B1: customers with an order in
  [end - 729, end - 365], B2: in [end - 364, end]); ltv_lifespan_years = 1 / churn capped at 10 (10 when
  churn is 0 or B1 is empty); ltv = ltv_aov x ltv_frequency x ltv_lifespan_years.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from core import sql
from core.context import QueryContext
from core.metrics.periods import Period, previous_period, year_earlier
from core.workspace import Workspace

KEYS: tuple[str, ...] = (
    "orders", "revenue", "buyers", "aov", "new_customers", "repeat_rate", "crr", "crr_s", "crr_e", "crr_n",
    "crr_retained", "retention_strict", "marketing_spend", "cac", "ltv", "ltv_aov", "ltv_frequency",
    "ltv_lifespan_years",
)
# Metrics given in percent (0-100).
PERCENT_KEYS: frozenset[str] = frozenset({"repeat_rate", "crr", "retention_strict"})
MONEY_KEYS: frozenset[str] = frozenset({"revenue", "aov", "marketing_spend", "cac", "ltv", "ltv_aov"})
MAX_LIFESPAN_YEARS = 10.0

sql.register_identifiers(
    "metrics_dimension", {"channel", "category", "city", "acquisition_channel", "month"}
)


def lifespan_years(b1: int, b1_b2: int) -> float:
    """1 / churn with churn = 1 - b1_b2 / b1, at most 10 years (10 when churn is 0 or B1 is empty)."""
    if b1 <= 0 or b1_b2 >= b1:
        return MAX_LIFESPAN_YEARS
    return min(1.0 / (1.0 - b1_b2 / b1), MAX_LIFESPAN_YEARS)


def ltv_parts(ltv_orders: int, ltv_revenue: float, ltv_customers: int, b1: int, b1_b2: int,
              lifespan: float | None = None) -> dict[str, float | None]:
    """LTV and its three parts from the inputs of `metrics__ltv_inputs`; `lifespan` overrides the computed one."""
    aov = ltv_revenue / ltv_orders if ltv_orders else None
    frequency = ltv_orders / ltv_customers if ltv_customers else None
    years = lifespan if lifespan is not None else lifespan_years(b1, b1_b2)
    ltv = aov * frequency * years if aov is not None and frequency is not None else None
    return {"ltv": ltv, "ltv_aov": aov, "ltv_frequency": frequency, "ltv_lifespan_years": years}


def _window(ctx: QueryContext, window_days: int | None) -> int:
    days = ctx.thresholds.activity_window_days if window_days is None else int(window_days)
    if days < 1:
        raise ValueError("the activity window must be at least one day")
    return days


def _lists(periods: Sequence[Period]) -> dict[str, list[dt.date]]:
    return {"period_starts": [p.start for p in periods], "period_ends": [p.end for p in periods]}


# How many periods (ends) one query takes: each brings up to four (three) bounds of its windows
# (sql.MAX_SEGMENT_CUTS); more are asked in several queries.
PERIODS_PER_QUERY = sql.MAX_SEGMENT_CUTS // 4
ENDS_PER_QUERY = sql.MAX_SEGMENT_CUTS // 3


def ltv_inputs(ws: Workspace, ctx: QueryContext, ends: Sequence[dt.date]) -> pl.DataFrame:
    """LTV inputs for the 365 days ending at each of `ends`, by acquisition channel."""
    chunks = sql.batches(sorted(set(ends)), ENDS_PER_QUERY) or [[]]
    return pl.concat([sql.run(ws, "metrics__ltv_inputs", ctx, period_ends=list(chunk)) for chunk in chunks],
                     how="vertical_relaxed")


def table(ws: Workspace, ctx: QueryContext, periods: Sequence[Period], window_days: int | None = None,
          lifespan: float | None = None) -> pl.DataFrame:
    """Every metric of KEYS (plus inputs such as ever/repeat customers) for each period, one row per period.

    Rows follow the order of `periods`; a `partial` column repeats each period's flag.
    """
    if not periods:
        raise ValueError("no periods")
    window = _window(ctx, window_days)
    frames = [sql.run(ws, "metrics__period", ctx, activity_window_days=window, **_lists(chunk))
              for chunk in sql.batches(list(periods), PERIODS_PER_QUERY)]
    frame = pl.concat(frames, how="vertical_relaxed")
    inputs = ltv_inputs(ws, ctx, sorted({p.end for p in periods}))
    totals = inputs.group_by("period_end").agg(pl.col("ltv_orders", "ltv_revenue", "ltv_customers", "ltv_b1",
                                                       "ltv_b1_b2").sum())
    ltv_rows = {row["period_end"]: ltv_parts(row["ltv_orders"], row["ltv_revenue"], row["ltv_customers"],
                                              row["ltv_b1"], row["ltv_b1_b2"], lifespan)
                for row in totals.iter_rows(named=True)}
    empty = ltv_parts(0, 0.0, 0, 0, 0, lifespan)
    by_key = {(r["period_start"], r["period_end"]): r for r in frame.iter_rows(named=True)}
    rows = []
    for period in periods:
        row = dict(by_key[(period.start, period.end)])
        row.update(ltv_rows.get(period.end, empty))
        row["partial"] = period.partial
        rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None)


def period_metrics(ws: Workspace, ctx: QueryContext, window_days: int | None = None,
                   lifespan: float | None = None) -> dict[str, Any]:
    """The metrics of KEYS for the context's period [start, end]; None where undefined."""
    row = table(ws, ctx, [Period(ctx.start, ctx.end)], window_days, lifespan).row(0, named=True)
    return {key: row[key] for key in KEYS}


def comparison(ws: Workspace, ctx: QueryContext, window_days: int | None = None,
               lifespan: float | None = None) -> pl.DataFrame:
    """The period, the previous period of the same length and the same dates a year earlier.

    Rows: current, previous, year_ago (column `which`); the current one is `partial` when it ends
    after the analysis date.
    """
    current = Period(ctx.start, ctx.end, partial=ctx.end > ctx.as_of)
    periods = [current, previous_period(ctx.start, ctx.end), year_earlier(ctx.start, ctx.end)]
    frame = table(ws, ctx, periods, window_days, lifespan)
    return frame.with_columns(which=pl.Series(["current", "previous", "year_ago"]))


def capped(frame: pl.DataFrame, column: str, cap: int, counts: str = "customers") -> pl.DataFrame:
    """`frame` of (column, counts) with every value of `column` at or above `cap` summed into one row at `cap`."""
    return (frame.with_columns(pl.min_horizontal(column, pl.lit(cap)).alias(column))
            .group_by(column).agg(pl.col(counts).sum()).sort(column))


def change(current: float | None, before: float | None) -> float | None:
    """Relative change in percent from `before` to `current` (None when undefined)."""
    if current is None or before is None or before == 0:
        return None
    return 100.0 * (current - before) / abs(before)
