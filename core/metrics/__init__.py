"""The metrics the business steers by, exactly as defined in issue 5; completed orders only.

For a period [start, end] (both ends included) and an activity window of W days:

- orders, revenue, buyers: completed orders dated in the period, their amounts summed, their distinct
  customers; aov = revenue / orders.
- new_customers (N): customers whose first completed order ever is dated in the period.
- repeat_rate (the period's) = 100 x repeat_buyers / buyers, repeat_buyers being the buyers of the period with
  >= 2 completed orders dated in it; repeat_rate_cumulative = 100 x customers with >= 2 completed orders dated
  on or before end / customers with >= 1 (since the first order, so it barely moves from period to period).
- S (crr_s): customers with a completed order in [start - W, start - 1]; E (crr_e): in [end - W + 1, end];
  crr_n = N; crr_retained = |E minus N|, the customers in E who are not new (not |E| - |N|: a new customer
  whose orders all lie before end - W + 1 is in N but not in E); crr = 100 x |E minus N| / S. When the
  period is longer than W, E minus N also holds customers who were not in S (lapsed customers who came back
  within the last W days) and misses those of S who bought only in the middle of the period, so crr may
  differ much from |E| - |N| and from retention_strict = 100 x |S and E| / S.
- marketing_spend: spend dated in the period (None without spend rows there); cac = spend / N.
- LTV over the 365 days ending at end: ltv_aov = revenue / orders in [end - 364, end]; ltv_frequency =
  those orders / their customers; churn = 1 - |B1 and B2| / |B1| (B1: customers with an order in
  [end - 729, end - 365], B2: in [end - 364, end]); ltv_lifespan_years = 1 / churn capped at 10 (10 when
  churn is 0 or B1 is empty); ltv = ltv_aov x ltv_frequency x ltv_lifespan_years (revenue);
  ltv_gross_profit = ltv x ltv_margin, the gross margin share of the same 365 days: where order lines carry a
  cost price, each category's margin is its costed lines' (sum - cost) / sum and applies to all its line
  revenue; categories without a cost, and revenue the lines do not cover (the orders' revenue beyond their
  lines' sum), take the setting `Thresholds.gross_margin_share`; without order lines ltv_margin is the
  setting.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from core import fmt, sql
from core.context import QueryContext
from core.metrics.periods import Period, previous_period, year_earlier
from core.workspace import Workspace

KEYS: tuple[str, ...] = (
    "orders", "revenue", "buyers", "aov", "new_customers", "repeat_rate", "repeat_buyers", "repeat_rate_cumulative",
    "crr", "crr_s", "crr_e", "crr_n", "crr_retained", "retention_strict", "marketing_spend", "cac", "ltv",
    "ltv_gross_profit", "ltv_margin", "ltv_aov", "ltv_frequency", "ltv_lifespan_years",
)
# Metrics given in percent (0-100).
PERCENT_KEYS: frozenset[str] = frozenset({"repeat_rate", "repeat_rate_cumulative", "crr", "retention_strict",
                                          "ltv_margin"})
MONEY_KEYS: frozenset[str] = frozenset({"revenue", "aov", "marketing_spend", "cac", "ltv", "ltv_gross_profit",
                                        "ltv_aov"})
MAX_LIFESPAN_YEARS = 10.0

# The columns a metric can be broken down by (the allow-list of {{metrics_dimension}} in its queries).
METRIC_DIMENSIONS: frozenset[str] = frozenset({"channel", "category", "city", "acquisition_channel", "month"})


def lifespan_years(b1: int, b1_b2: int) -> float:
    """1 / churn with churn = 1 - b1_b2 / b1, at most 10 years (10 when churn is 0 or B1 is empty)."""
    if b1 <= 0 or b1_b2 >= b1:
        return MAX_LIFESPAN_YEARS
    return min(1.0 / (1.0 - b1_b2 / b1), MAX_LIFESPAN_YEARS)


def ltv_parts(ltv_orders: int, ltv_revenue: float, ltv_customers: int, b1: int, b1_b2: int,
              lifespan: float | None = None, margin: float = 1.0) -> dict[str, float | None]:
    """LTV (revenue), LTV as gross profit (x `margin`, the gross margin share) and the three parts from the
    inputs of `metrics__ltv_inputs`; `lifespan` overrides the computed one."""
    aov = ltv_revenue / ltv_orders if ltv_orders else None
    frequency = ltv_orders / ltv_customers if ltv_customers else None
    years = lifespan if lifespan is not None else lifespan_years(b1, b1_b2)
    ltv = aov * frequency * years if aov is not None and frequency is not None else None
    return {"ltv": ltv, "ltv_gross_profit": None if ltv is None else ltv * margin, "ltv_aov": aov,
            "ltv_frequency": frequency, "ltv_lifespan_years": years}


def blended_margin(default: float, revenue: float, by_category: Sequence[dict[str, Any]]) -> float:
    """The gross margin share of `revenue` (the orders' revenue) from the lines' categories (revenue,
    costed_revenue, costed_profit): a category with costed lines at their margin, the rest at `default`."""
    if not revenue or not by_category:
        return default
    profit, covered = 0.0, 0.0
    for row in by_category:
        margin = row["costed_profit"] / row["costed_revenue"] if row["costed_revenue"] else default
        profit += row["revenue"] * margin
        covered += row["revenue"]
    profit += max(revenue - covered, 0.0) * default
    return profit / max(revenue, covered)


def ltv_margins(ws: Workspace, ctx: QueryContext, ends: Sequence[dt.date],
                revenue: dict[dt.date, float]) -> dict[dt.date, float]:
    """The gross margin share LTV uses at each end (`revenue`: the orders' revenue of its 365 days)."""
    default = gross_margin(ctx)
    chunks = sql.batches(sorted(set(ends)), ENDS_PER_QUERY)
    frames = [sql.run(ws, "metrics__line_margin", ctx, period_ends=list(chunk)) for chunk in chunks]
    rows = pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()
    out = {}
    for end in ends:
        found = rows.filter(pl.col("period_end") == end).to_dicts() if rows.height else []
        out[end] = blended_margin(default, revenue.get(end, 0.0), found)
    return out


def gross_margin(ctx: QueryContext) -> float:
    """The gross margin share in force (0..1), checked."""
    share = ctx.thresholds.gross_margin_share
    if not 0 <= share <= 1:
        raise ValueError("the gross margin share must be between 0 and 1")
    return share


def _window(ctx: QueryContext, window_days: int | None) -> int:
    days = ctx.thresholds.activity_window_days if window_days is None else int(window_days)
    if days < 1:
        raise ValueError("the activity window must be at least one day")
    return days


def _lists(periods: Sequence[tuple[dt.date, dt.date]]) -> dict[str, list[dt.date]]:
    """The values of `metrics__period` for periods given as (start, end)."""
    return {"period_starts": [start for start, _ in periods], "period_ends": [end for _, end in periods]}


# How many periods (ends) one query takes: each brings up to four (three) bounds of its windows
# (sql.MAX_SEGMENT_CUTS); more are asked in several queries.
PERIODS_PER_QUERY = sql.MAX_SEGMENT_CUTS // 4
ENDS_PER_QUERY = sql.MAX_SEGMENT_CUTS // 3


def ltv_inputs(ws: Workspace, ctx: QueryContext, ends: Sequence[dt.date]) -> pl.DataFrame:
    """LTV inputs for the 365 days ending at each of `ends`, by acquisition channel."""
    return sql.run_each(ws, "metrics__ltv_inputs", ctx, [(end,) for end in sorted(set(ends))], ENDS_PER_QUERY,
                        lambda chunk: {"period_ends": [end for end, in chunk]}, ("period_end",))


def table(ws: Workspace, ctx: QueryContext, periods: Sequence[Period], window_days: int | None = None,
          lifespan: float | None = None) -> pl.DataFrame:
    """Every metric of KEYS (plus inputs such as ever/repeat customers) for each period, one row per period.

    Rows follow the order of `periods`; a `partial` column repeats each period's flag.
    """
    if not periods:
        raise ValueError("no periods")
    window = _window(ctx, window_days)
    frame = sql.run_each(ws, "metrics__period", ctx, [(p.start, p.end) for p in periods], PERIODS_PER_QUERY,
                         _lists, ("period_start", "period_end"), activity_window_days=window)
    inputs = ltv_inputs(ws, ctx, sorted({p.end for p in periods}))
    totals = inputs.group_by("period_end").agg(pl.col("ltv_orders", "ltv_revenue", "ltv_customers", "ltv_b1",
                                                       "ltv_b1_b2").sum())
    margins = ltv_margins(ws, ctx, [p.end for p in periods],
                          {row["period_end"]: row["ltv_revenue"] or 0.0 for row in totals.iter_rows(named=True)})
    ltv_rows = {row["period_end"]: ltv_parts(row["ltv_orders"], row["ltv_revenue"], row["ltv_customers"],
                                              row["ltv_b1"], row["ltv_b1_b2"], lifespan, margins[row["period_end"]])
                | {"ltv_margin": 100 * margins[row["period_end"]]}
                for row in totals.iter_rows(named=True)}
    by_key = {(r["period_start"], r["period_end"]): r for r in frame.iter_rows(named=True)}
    rows = []
    for period in periods:
        row = dict(by_key[(period.start, period.end)])
        empty = ltv_parts(0, 0.0, 0, 0, 0, lifespan) | {"ltv_margin": 100 * margins[period.end]}
        row.update(ltv_rows.get(period.end) or empty)
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


def long_period_note(ctx: QueryContext, window_days: int | None, row: dict[str, Any]) -> dict[str, str] | None:
    """The values of the note a page shows when the period is longer than the activity window W (None when
    it is not): the period's days, W and (|E| - |N|) / S, the figure the label CRR is often read as."""
    window = _window(ctx, window_days)
    days = (ctx.end - ctx.start).days + 1
    if days <= window:
        return None
    s, e, n = row.get("crr_s"), row.get("crr_e"), row.get("crr_n")
    naive = fmt.percent(100.0 * (e - n) / s) if s and e is not None and n is not None else "—"
    return {"days": fmt.number(days), "window": fmt.number(window), "naive": naive}


def capped(frame: pl.DataFrame, column: str, cap: int, counts: str = "customers") -> pl.DataFrame:
    """`frame` of (column, counts) with every value of `column` at or above `cap` summed into one row at `cap`,
    and every whole value from 1 to the largest one present shown (with 0 where there is nobody): a chart of
    1, 2, …, 7, 9 would read as evenly spaced steps."""
    summed = (frame.with_columns(pl.min_horizontal(column, pl.lit(cap)).alias(column))
              .group_by(column).agg(pl.col(counts).sum()))
    if summed.is_empty():
        return summed.sort(column)
    top = int(summed[column].max())
    steps = pl.DataFrame({column: range(1, top + 1)}, schema={column: summed.schema[column]})
    return (steps.join(summed, on=column, how="full", coalesce=True)
            .with_columns(pl.col(counts).fill_null(0)).sort(column))


def change(current: float | None, before: float | None) -> float | None:
    """Relative change in percent from `before` to `current` (None when undefined)."""
    if current is None or before is None or before == 0:
        return None
    return 100.0 * (current - before) / abs(before)
