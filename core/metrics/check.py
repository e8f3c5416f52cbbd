"""Average check: by week or month, by a dimension with comparison periods, order values, orders per customer."""
from __future__ import annotations

import polars as pl

from core import sql
from core.charts import axes
from core.context import QueryContext
from core.metrics import capped
from core.metrics.periods import Period, grain_start, previous_period, unfinished, year_earlier
from core.workspace import Workspace

# Breakdowns of the average check: order-level channel and category, customer-level city and
# acquisition channel, and base type (from the customer model, when present).
DIMENSIONS: tuple[str, ...] = ("channel", "city", "acquisition_channel", "category", "base_type", "segment")
SERIES_GRAINS: tuple[str, ...] = ("month", "week")
ORDERS_CAP = 10
COMPARISONS: tuple[str, ...] = ("current", "previous", "year_ago")


def comparison_periods(ctx: QueryContext) -> dict[str, Period]:
    """The period, the previous one of the same length and the same dates a year earlier."""
    return {
        "current": Period(ctx.start, ctx.end, partial=ctx.end > ctx.as_of),
        "previous": previous_period(ctx.start, ctx.end),
        "year_ago": year_earlier(ctx.start, ctx.end),
    }


def has_customer_model(ws: Workspace, ctx: QueryContext) -> bool:
    """True when the data generation holds the customer model (base types)."""
    return bool(sql.run(ws, "metrics__customer_model_present", ctx)["present"][0])


def series(ws: Workspace, ctx: QueryContext, grain: str) -> pl.DataFrame:
    """Orders, revenue, buyers and average check by `grain` ('month' or 'week') up to the analysis date.

    The last period is `partial` when it is not over on the analysis date.
    """
    if grain not in SERIES_GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    frame = sql.run(ws, "metrics__aov_series", ctx, grain=grain)
    current = grain_start(ctx.as_of, grain)
    return frame.with_columns(partial=(pl.col("period_start") == current) & unfinished(ctx.as_of, grain))


def by_dimension(ws: Workspace, ctx: QueryContext, dimension: str, lang: str = "ru") -> pl.DataFrame:
    """Orders, revenue and average check by `dimension` in the period, the previous period and a year earlier.

    Columns: value, then orders/revenue/aov suffixed _current, _previous, _year_ago; sorted by current
    revenue. Empty for base_type when the customer model is missing. For `segment` each ready-made and
    saved segment is a value (named in `lang`), its customers being its members as of the analysis date.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    periods = comparison_periods(ctx)
    lists = {"period_starts": [p.start for p in periods.values()],
             "period_ends": [p.end for p in periods.values()]}
    if dimension == "base_type":
        if not has_customer_model(ws, ctx):
            return pl.DataFrame()
        raw = sql.run(ws, "metrics__aov_by_base_type", ctx, **lists)
    elif dimension == "segment":
        raw = _by_segment(ws, ctx, lists, lang)
    else:
        raw = sql.run(ws, "metrics__aov_by_dimension", ctx, {"metrics_dimension": dimension}, **lists)
    result: pl.DataFrame | None = None
    for which, period in periods.items():
        part = raw.filter((pl.col("period_start") == period.start) & (pl.col("period_end") == period.end))
        part = part.select("value", *[pl.col(c).alias(f"{c}_{which}") for c in ("orders", "revenue", "aov")])
        result = part if result is None else result.join(part, on="value", how="full", coalesce=True,
                                                         nulls_equal=True)
    return result.sort("revenue_current", descending=True, nulls_last=True)


def _by_segment(ws: Workspace, ctx: QueryContext, lists: dict, lang: str) -> pl.DataFrame:
    """Every ready-made and saved segment as one `value`, like the other dimensions."""
    from core.segments import saved
    from core.segments.rules import where

    parts = []
    for segment in saved.all_segments(ws, lang):
        frame = sql.run(ws, "metrics__aov_by_segment", ctx, fragments={"where": where(segment.rules)}, **lists)
        parts.append(frame.with_columns(value=pl.lit(segment.name)))
    return pl.concat(parts) if parts else pl.DataFrame()


def order_values(ws: Workspace, ctx: QueryContext, bins: int = 30) -> pl.DataFrame:
    """Completed orders of the period by value: `bins` equal bins up to the 99th percentile, then the rest."""
    return sql.run(ws, "metrics__order_values", ctx, bins=bins)


def bin_names(bins: pl.DataFrame) -> list[str]:
    """Labels of `order_values` bins in the current language: «1 000–1 250», …, the open last bin «5 000+»."""
    edges = [*bins["lower"].to_list()]
    uppers = [u for u in bins["upper"].to_list() if u is not None]
    texts = dict(zip([*edges, *uppers], axes.labels([*edges, *uppers]), strict=True))
    return [f"{texts[lo]}–{texts[hi]}" if hi is not None else f"{texts[lo]}+"
            for lo, hi in zip(bins["lower"], bins["upper"], strict=True)]


def orders_per_customer(ws: Workspace, ctx: QueryContext, cap: int = ORDERS_CAP) -> pl.DataFrame:
    """Buyers of the period by their number of completed orders in it; `cap` and more are one row (orders = cap)."""
    return capped(sql.run(ws, "metrics__orders_per_customer", ctx), "orders", cap)
