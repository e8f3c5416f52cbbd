"""Customer value and acquisition cost: LTV by channel, cumulative value by cohort, CAC by channel and month, payback."""
from __future__ import annotations

import polars as pl

from core import fmt, sql
from core.context import QueryContext
from core.i18n import t
from core.metrics import ltv_inputs, ltv_margins, ltv_parts
from core.metrics.periods import Period, add_months, calendar_periods, unfinished
from core.workspace import Workspace

LTV_CAC_GUIDE = 3.0
DEFAULT_MONTHS = 24


def cac_by_channel(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Spend, new customers and CAC by channel in the period (CAC empty without spend or new customers)."""
    return sql.run(ws, "metrics__cac_by_channel", ctx, period_starts=[ctx.start], period_ends=[ctx.end]).drop(
        "period_start", "period_end")


def cac_by_month(ws: Workspace, ctx: QueryContext, months: int = DEFAULT_MONTHS) -> pl.DataFrame:
    """Spend, new customers and CAC by channel for each calendar month of the last `months` up to the analysis date."""
    periods = calendar_periods(add_months(ctx.as_of, -(months - 1)), ctx.as_of, "month")
    frame = sql.run(ws, "metrics__cac_by_channel", ctx, period_starts=[p.start for p in periods],
                    period_ends=[p.end for p in periods])
    partial = {p.start for p in periods if p.partial}
    return frame.rename({"period_start": "month"}).drop("period_end").with_columns(
        partial=pl.col("month").is_in(list(partial)))


def ltv_by_channel(ws: Workspace, ctx: QueryContext, lifespan: float | None = None) -> pl.DataFrame:
    """LTV (revenue and gross profit) and its three parts by acquisition channel for the 365 days ending at
    the period's end, with the channel's CAC in the period and LTV / CAC on gross profit."""
    inputs = ltv_inputs(ws, ctx, [ctx.end])
    margin = margin_at_end(ws, ctx, float(inputs["ltv_revenue"].sum() or 0.0))
    rows = []
    for row in inputs.iter_rows(named=True):
        parts = ltv_parts(row["ltv_orders"], row["ltv_revenue"], row["ltv_customers"], row["ltv_b1"],
                          row["ltv_b1_b2"], lifespan, margin)
        rows.append({"channel": row["acquisition_channel"], "customers": row["ltv_customers"], **parts})
    schema = {"channel": pl.String, "customers": pl.Int64, "ltv": pl.Float64, "ltv_gross_profit": pl.Float64,
              "ltv_aov": pl.Float64, "ltv_frequency": pl.Float64, "ltv_lifespan_years": pl.Float64}
    ltv = pl.DataFrame(rows, schema=schema)
    cac = cac_by_channel(ws, ctx).select("channel", "marketing_spend", "new_customers", "cac")
    joined = ltv.join(cac, on="channel", how="full", coalesce=True, nulls_equal=True)
    return joined.with_columns(ltv_cac=pl.col("ltv_gross_profit") / pl.col("cac")).sort(
        "ltv", descending=True, nulls_last=True)


def margin_at_end(ws: Workspace, ctx: QueryContext, revenue: float) -> float:
    """The gross margin share of the 365 days ending at the period's end (`revenue`: the orders' revenue then):
    from the order lines' cost prices where they have them, else the setting (core/metrics/__init__.py)."""
    return ltv_margins(ws, ctx, [ctx.end], {ctx.end: revenue})[ctx.end]


def cohort_value(ws: Workspace, ctx: QueryContext, by: str = "cohort_month") -> pl.DataFrame:
    """Cumulative revenue per acquired customer k months after the acquisition month, by cohort month or channel.

    A cohort counts towards month k only when the k-th month after it is over by the analysis date
    (the current month counts when the analysis date is its last day). Columns: group, k, customers,
    value (cumulative revenue per customer).
    """
    if by not in ("cohort_month", "acquisition_channel"):
        raise ValueError(f"cannot group by {by!r}")
    raw = sql.run(ws, "metrics__cohort_value", ctx)
    last_full = add_months(ctx.as_of, 0 if not unfinished(ctx.as_of, "month") else -1)
    sizes = raw.group_by("cohort_month", "acquisition_channel").agg(pl.col("cohort_size").first())
    observed = (last_full.year * 12 + last_full.month) - (pl.col("cohort_month").dt.year() * 12
                                                          + pl.col("cohort_month").dt.month())
    grid = sizes.with_columns(k=pl.int_ranges(0, observed + 1)).explode("k").drop_nulls("k")
    grid = grid.with_columns(pl.col("k").cast(pl.Int64))
    cells = grid.join(raw.select("cohort_month", "acquisition_channel", pl.col("k").cast(pl.Int64), "revenue"),
                      on=["cohort_month", "acquisition_channel", "k"], how="left", nulls_equal=True)
    cells = cells.with_columns(revenue=pl.col("revenue").fill_null(0.0)).sort("k").with_columns(
        cumulative=pl.col("revenue").cum_sum().over("cohort_month", "acquisition_channel"))
    grouped = cells.group_by(pl.col(by).alias("group"), "k").agg(
        customers=pl.col("cohort_size").sum(), total=pl.col("cumulative").sum())
    return grouped.with_columns(value=pl.col("total") / pl.col("customers")).drop("total").sort("group", "k")


def payback(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Payback by channel: the first month k after the acquisition month in which cumulative gross profit per
    acquired customer (cumulative revenue x the gross margin share) reaches the channel's CAC of the period
    (None when not reached in the history; 0: within the acquisition month itself, under a month)."""
    cac = cac_by_channel(ws, ctx).select("channel", "cac").drop_nulls("cac")
    curves = cohort_value(ws, ctx, by="acquisition_channel")
    margin = margin_at_end(ws, ctx, float(ltv_inputs(ws, ctx, [ctx.end])["ltv_revenue"].sum() or 0.0))
    rows = []
    for channel, value in cac.iter_rows():
        curve = curves.filter(pl.col("group").eq_missing(channel))
        reached = curve.filter(pl.col("value") * margin >= value)
        rows.append({"channel": channel, "cac": value,
                     "payback_months": int(reached["k"].min()) if not reached.is_empty() else None})
    return pl.DataFrame(rows, schema={"channel": pl.String, "cac": pl.Float64, "payback_months": pl.Int64})


def payback_words(months: int | None, lang: str) -> str:
    """A payback of `payback` in words: under a month (k = 0), k months after the first purchase month, or never
    (the «0 мес.» a bare number gave read as no payback time at all)."""
    if months is None:
        return t("metrics.payback.never", lang)
    if months == 0:
        return t("metrics.payback.first_month", lang)
    return t("metrics.payback.months", lang, months=fmt.number(months))


def period_of(ctx: QueryContext) -> Period:
    """The context's period, partial when it ends after the analysis date."""
    return Period(ctx.start, ctx.end, partial=ctx.end > ctx.as_of)
