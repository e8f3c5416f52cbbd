"""Retention over time: cohort retention, CRR and strict retention by month, repeat rate, time to a second order."""
from __future__ import annotations

import polars as pl

from core import fmt, sql
from core.charts import axes
from core.context import QueryContext
from core.metrics import table
from core.metrics.periods import add_months, calendar_periods, unfinished
from core.workspace import Workspace

DEFAULT_MONTHS = 24
DAYS_CAP = 180


def cohorts(ws: Workspace, ctx: QueryContext, months: int = DEFAULT_MONTHS) -> pl.DataFrame:
    """Cohort retention of the last `months` cohorts up to the analysis date.

    One row per (cohort_month, k) for k = 0 .. months elapsed, with cohort_size, customers (with a
    completed order in the k-th month after the cohort month), share in percent (k = 0 is 100) and
    `partial` for the month containing the analysis date when it is not over.
    """
    raw = sql.run(ws, "metrics__retention_cohorts", ctx)
    first = add_months(ctx.as_of, -(months - 1))
    raw = raw.filter(pl.col("cohort_month") >= first)
    if raw.is_empty():
        return raw.with_columns(share=pl.lit(None, pl.Float64), partial=pl.lit(None, pl.Boolean))
    last_month = ctx.as_of.replace(day=1)
    sizes = raw.group_by("cohort_month").agg(pl.col("cohort_size").first())
    grid = sizes.with_columns(
        k=pl.int_ranges(0, (last_month.year * 12 + last_month.month)
                        - (pl.col("cohort_month").dt.year() * 12 + pl.col("cohort_month").dt.month()) + 1)
    ).explode("k").with_columns(pl.col("k").cast(pl.Int64))
    cells = grid.join(raw.select("cohort_month", pl.col("k").cast(pl.Int64), "customers"),
                      on=["cohort_month", "k"], how="left")
    age = (last_month.year * 12 + last_month.month) - (pl.col("cohort_month").dt.year() * 12
                                                         + pl.col("cohort_month").dt.month())
    return cells.with_columns(
        customers=pl.col("customers").fill_null(0),
        share=100.0 * pl.col("customers").fill_null(0) / pl.col("cohort_size"),
        partial=(pl.col("k") == age) & unfinished(ctx.as_of, "month"),
    ).sort("cohort_month", "k")


def monthly(ws: Workspace, ctx: QueryContext, window_days: int | None = None,
            months: int = DEFAULT_MONTHS) -> pl.DataFrame:
    """Every period metric for each calendar month of the last `months` up to the analysis date.

    The month containing the analysis date ends there and is `partial` unless it is its last day.
    """
    periods = calendar_periods(add_months(ctx.as_of, -(months - 1)), ctx.as_of, "month")
    return table(ws, ctx, periods, window_days)


def days_to_second(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Customers by days from their first to their second completed order (second one up to the analysis date)."""
    return sql.run(ws, "metrics__days_to_second", ctx)


def days_histogram(frame: pl.DataFrame, cap: int = DAYS_CAP, bins: int = 18) -> pl.DataFrame:
    """`days_to_second` in round bins of days (about `bins` of them up to `cap`: 0–10, 10–20, …) and one
    bin «180+» for `cap` days and more; columns label, lower (days), customers (empty bins included)."""
    width = int(axes.nice_step(cap, bins, integer=True))
    top = -(-cap // width)  # the overflow bin's index: the bins before it cover 0 .. cap
    counts = dict(frame.group_by(pl.min_horizontal(pl.col("days") // width, pl.lit(top)).alias("bin"))
                  .agg(pl.col("customers").sum()).iter_rows())
    edges = [b * width for b in range(top + 1)]
    texts = axes.labels([*edges, edges[-1] + width])
    labels = [f"{texts[b]}–{texts[b + 1]}" for b in range(top)] + [f"{fmt.number(cap)}+"]
    return pl.DataFrame({"label": labels, "lower": edges, "customers": [int(counts.get(b, 0)) for b in range(top + 1)]})


def median_days(frame: pl.DataFrame) -> float | None:
    """The median of `days` weighted by `customers` (lower median), None when empty."""
    if frame.is_empty():
        return None
    total = int(frame["customers"].sum())
    running = frame.sort("days").with_columns(cum=pl.col("customers").cum_sum())
    return float(running.filter(pl.col("cum") >= total / 2)["days"][0])
