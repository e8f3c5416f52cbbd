"""Holdout validation of BG/NBD: predicted against actual repeat transactions after a calibration date."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from core.clv.bgnbd import BGNBDParams, expected_transactions, expected_transactions_unconditional

__all__ = ["ValidationErrors", "by_calibration_count", "cumulative_by_week", "errors"]


@dataclass(frozen=True)
class ValidationErrors:
    """Error figures of the holdout forecast (shown beside the charts)."""

    actual_total: float  # repeat transactions in the holdout
    predicted_total: float
    total_error_pct: float  # (predicted - actual) / actual * 100; NaN when actual is 0
    mae_by_count: float  # mean |predicted - actual| of the per-group means, by calibration transactions
    mape_cumulative_holdout: (
        float  # mean |predicted - actual| / actual * 100 of the cumulative series, holdout weeks
    )


def by_calibration_count(
    params: BGNBDParams,
    calibration: pl.DataFrame,
    holdout: pl.DataFrame,
    holdout_length: float,
    max_count: int = 7,
) -> pl.DataFrame:
    """Mean actual and predicted holdout transactions per number of calibration repeat transactions.

    ``calibration``: customer_id, frequency, recency, T; ``holdout``: customer_id, holdout_transactions
    (customers without any holdout transaction may be absent). The last group is ``max_count``+.
    Returns: transactions (int), label, customers, actual, predicted.
    """
    joined = calibration.join(
        holdout.select("customer_id", "holdout_transactions"), on="customer_id", how="left"
    )
    x, t_x, T = (joined[c].to_numpy().astype(float) for c in ("frequency", "recency", "T"))
    predicted = expected_transactions(params, holdout_length, x, t_x, T)
    frame = pl.DataFrame(
        {
            "transactions": np.minimum(x, max_count).astype(np.int64),
            "actual": joined["holdout_transactions"].fill_null(0).cast(pl.Float64),
            "predicted": predicted,
        }
    )
    grouped = (
        frame.group_by("transactions")
        .agg(pl.len().alias("customers"), pl.col("actual").mean(), pl.col("predicted").mean())
        .sort("transactions")
    )
    return grouped.with_columns(
        pl.when(pl.col("transactions") == max_count)
        .then(pl.format("{}+", pl.col("transactions")))
        .otherwise(pl.col("transactions").cast(pl.String))
        .alias("label")
    ).select("transactions", "label", "customers", "actual", "predicted")


def cumulative_by_week(
    params: BGNBDParams,
    daily: pl.DataFrame,
    calibration_end: object,
    days_per_unit: float,
) -> pl.DataFrame:
    """Cumulative repeat transactions by week, actual and predicted, for the calibration-period customers.

    ``daily``: day (Date), new_customers (first transactions that day, calibration customers only),
    repeat_transactions (their later transactions that day). The prediction sums, over first-purchase days
    s, new_customers(s) * E[X(t - s)]. Returns: week_end (Date), week (int), actual, predicted, holdout (bool).
    """
    if daily.height == 0:
        return pl.DataFrame(
            schema={
                "week_end": pl.Date,
                "week": pl.Int64,
                "actual": pl.Float64,
                "predicted": pl.Float64,
                "holdout": pl.Boolean,
            }
        )
    daily = daily.sort("day")
    start = daily["day"].min()
    end = daily["day"].max()
    day_index = (daily["day"] - start).dt.total_days().to_numpy()
    n_days = int((end - start).days) + 1
    new = np.zeros(n_days)
    rep = np.zeros(n_days)
    np.add.at(new, day_index, daily["new_customers"].fill_null(0).to_numpy().astype(float))
    np.add.at(rep, day_index, daily["repeat_transactions"].fill_null(0).to_numpy().astype(float))
    week_ends = np.arange(6, n_days + 6, 7)
    week_ends = np.minimum(week_ends, n_days - 1)
    week_ends = np.unique(week_ends)
    cohorts = np.flatnonzero(new > 0)
    # elapsed time in model units from each cohort's first purchase to the end of each week (end of day)
    elapsed = (week_ends[:, None] - cohorts[None, :]) / days_per_unit
    expected = np.where(
        elapsed > 0, expected_transactions_unconditional(params, np.clip(elapsed, 0.0, None)), 0.0
    )
    predicted = expected @ new[cohorts]
    actual = np.cumsum(rep)[week_ends]
    week_end_dates = pl.select(
        (pl.lit(start, dtype=pl.Date) + pl.duration(days=pl.Series(week_ends))).alias("week_end")
    )["week_end"]
    return pl.DataFrame(
        {
            "week_end": week_end_dates,
            "week": np.arange(1, week_ends.size + 1),
            "actual": actual,
            "predicted": predicted,
        }
    ).with_columns((pl.col("week_end") > pl.lit(calibration_end, dtype=pl.Date)).alias("holdout"))


def errors(by_count: pl.DataFrame, weekly: pl.DataFrame, calibration_end: object) -> ValidationErrors:
    """Error figures from the two validation tables."""
    actual_total = float((by_count["actual"] * by_count["customers"]).sum())
    predicted_total = float((by_count["predicted"] * by_count["customers"]).sum())
    total_error = (predicted_total - actual_total) / actual_total * 100 if actual_total > 0 else float("nan")
    mae = (
        float((by_count["predicted"] - by_count["actual"]).abs().mean()) if by_count.height else float("nan")
    )
    hold = weekly.filter(pl.col("holdout") & (pl.col("actual") > 0))
    mape = (
        float(((hold["predicted"] - hold["actual"]).abs() / hold["actual"]).mean() * 100)
        if hold.height
        else float("nan")
    )
    return ValidationErrors(actual_total, predicted_total, total_error, mae, mape)
