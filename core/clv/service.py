"""The predictive-CLV model over a workspace: summaries by SQL, fits, holdout validation, the scores table.

Every function here takes (workspace, context, ...) so pages can cache it through ``ui.db.cached`` and the
command line can call it directly. ``build_scores_table`` is the derived-table builder run at publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from core import settings as app_settings
from core import sql
from core.charts.axes import Bins, bin_counts
from core.clv import tables
from core.clv.bgnbd import BGNBDParams, probability_alive
from core.clv.clv import DAYS_PER_UNIT, SCORE_COLUMNS, CLVModel, CLVResult, CLVSettings, Problem, predict_clv
from core.clv.validation import ValidationErrors, by_calibration_count, cumulative_by_week, errors
from core.context import QueryContext
from core.workspace import Workspace, ready_follows

__all__ = [
    "SCORES_TABLE",
    "Figures",
    "Validation",
    "build_scores_table",
    "default_calibration_end",
    "figures",
    "fit",
    "heatmap_grid",
    "p_alive_grid",
    "summary",
    "validate",
]

SCORES_TABLE = "clv_scores"
MIN_HOLDOUT_DAYS = 28
DISTRIBUTION_BINS = 30
DISTRIBUTION_CLIP = 0.99  # values above this quantile of predicted CLV are gathered in the last bar


def summary(
    ws: Workspace, ctx: QueryContext, calibration_end: dt.date, time_unit: str = "week"
) -> pl.DataFrame:
    """The per-customer model input (``clv__summary``) up to ``calibration_end`` in the chosen time unit."""
    return sql.run(
        ws, "clv__summary", ctx, calibration_end=calibration_end, days_per_unit=DAYS_PER_UNIT[time_unit]
    )


# The fit the build made for the scores table (`build_scores_table`), kept for the first `fit` of the same summary
# and settings after it: the predicted-LTV page's default figures (core/warm.py, stored right after the build)
# are that very fit, so it is not made twice. Handed over once; dropped then or when the warming ends
# (`forget_build_fit`).
_build_fit: tuple[pl.DataFrame, CLVSettings, CLVResult] | None = None
_build_fit_lock = threading.Lock()


def _keep_build_fit(frame: pl.DataFrame, settings: CLVSettings, result: CLVResult) -> None:
    global _build_fit
    with _build_fit_lock:
        _build_fit = (frame, settings, result)


def forget_build_fit() -> None:
    """Drop the build's fit if no `fit` took it (its summary frame and scores are large)."""
    global _build_fit
    with _build_fit_lock:
        _build_fit = None


def _predict(frame: pl.DataFrame, settings: CLVSettings) -> CLVResult:
    """`predict_clv(frame, settings)`: the build's fit when made on an equal summary with equal settings
    (`predict_clv` is a function of its inputs alone: the summary's rows come in customer order, so equal
    data gives an equal frame), else a new fit."""
    global _build_fit
    with _build_fit_lock:
        kept = _build_fit
        if kept is not None and kept[1] == settings and kept[0].equals(frame):
            _build_fit = None
            return kept[2]
    return predict_clv(frame, settings)


def fit(
    ws: Workspace,
    ctx: QueryContext,
    calibration_end: dt.date | None = None,
    settings: CLVSettings | None = None,
) -> CLVResult:
    """Fit both models on completed orders up to ``calibration_end`` (default: the analysis date) and score."""
    settings = settings or CLVSettings()
    end = calibration_end or ctx.as_of
    return _predict(summary(ws, ctx, end, settings.time_unit), settings)


@dataclass(frozen=True)
class Figures(CLVModel):
    """What the predicted-LTV page shows of a fit (`figures`): the fit without its per-customer scores (a
    million rows at a million customers) but with what the page draws of them — totals, the distribution
    of predicted CLV, the P(alive) grid, the customer lists — so a page reads kilobytes, not the scores."""

    scored: int  # customers with a score row (0: nothing to list)
    total_clv: float  # the sum of predicted CLV
    at_risk_customers: int
    longest_history: float  # the largest T, in the time unit (0 without customers)
    distribution: Bins  # predicted CLV
    heatmap: pl.DataFrame  # `heatmap_grid`
    heatmap_age: float
    top: pl.DataFrame  # `tables.customer_list(scores, "top", TOP_N)`
    at_risk: pl.DataFrame  # `tables.customer_list(scores, "at_risk")`: every at-risk customer
    historical: pl.DataFrame  # `tables.customer_list(scores, "historical", TOP_N)`


def page_figures(result: CLVResult) -> Figures:
    """The page's figures of a fit (see `Figures`)."""
    scores = result.scores
    grid, age = heatmap_grid(result)
    predicted = scores["predicted_clv"].drop_nulls().to_numpy() if scores.height else np.array([])
    return Figures(
        **{f.name: getattr(result, f.name) for f in dataclasses.fields(CLVModel)},
        scored=scores.height,
        total_clv=float(scores["predicted_clv"].sum()),
        at_risk_customers=int(scores["at_risk"].sum()),
        longest_history=float(scores["T"].max() or 0) if scores.height else 0.0,
        distribution=bin_counts(predicted, DISTRIBUTION_BINS, DISTRIBUTION_CLIP),
        heatmap=grid,
        heatmap_age=age,
        top=tables.customer_list(scores, "top", tables.TOP_N),
        at_risk=tables.customer_list(scores, "at_risk"),
        historical=tables.customer_list(scores, "historical", tables.TOP_N),
    )


def figures(
    ws: Workspace,
    ctx: QueryContext,
    calibration_end: dt.date | None = None,
    settings: CLVSettings | None = None,
) -> Figures:
    """`fit` as the page shows it (`page_figures`)."""
    return page_figures(fit(ws, ctx, calibration_end, settings))


def default_calibration_end(first_day: dt.date, last_day: dt.date) -> dt.date:
    """Calibration end leaving the last third of the history (whole weeks, at least 4) as the holdout."""
    span = (last_day - first_day).days
    weeks = max(span // 3 // 7, MIN_HOLDOUT_DAYS // 7)
    return last_day - dt.timedelta(days=7 * weeks)


@dataclass(frozen=True)
class Validation:
    """A fit on the calibration period and its forecast of the holdout against what happened."""

    calibration_end: dt.date
    holdout_end: dt.date
    customers: int  # in the calibration fit (its per-customer scores are not kept: the page shows none)
    by_count: pl.DataFrame  # transactions, label, customers, actual, predicted
    weekly: pl.DataFrame  # week_end, week, actual, predicted, holdout
    errors: ValidationErrors | None
    problems: tuple[Problem, ...]


def validate(
    ws: Workspace,
    ctx: QueryContext,
    calibration_end: dt.date,
    holdout_end: dt.date | None = None,
    settings: CLVSettings | None = None,
) -> Validation:
    """Fit on orders up to ``calibration_end``; compare with repeat transactions up to ``holdout_end``."""
    settings = settings or CLVSettings()
    end = holdout_end or ctx.as_of
    empty_count = pl.DataFrame(
        schema={
            "transactions": pl.Int64,
            "label": pl.String,
            "customers": pl.UInt32,
            "actual": pl.Float64,
            "predicted": pl.Float64,
        }
    )
    empty_weekly = cumulative_by_week(BGNBDParams(1, 1, 2, 1), pl.DataFrame(), calibration_end, 1.0)
    if (end - calibration_end).days < MIN_HOLDOUT_DAYS:
        problem = Problem(
            "clv.problem.short_holdout",
            values={"days": (end - calibration_end).days, "min": MIN_HOLDOUT_DAYS},
        )
        return Validation(calibration_end, end, 0, empty_count, empty_weekly, None, (problem,))
    result = fit(ws, ctx, calibration_end, settings)
    if not result.ok or result.bgnbd is None:
        return Validation(calibration_end, end, result.customers, empty_count, empty_weekly, None, result.problems)
    unit = DAYS_PER_UNIT[settings.time_unit]
    holdout = sql.run(ws, "clv__holdout", ctx, calibration_end=calibration_end, holdout_end=end)
    daily = sql.run(ws, "clv__daily_activity", ctx, calibration_end=calibration_end, holdout_end=end)
    calibration = result.scores.select("customer_id", "frequency", "recency", "T")
    by_count = by_calibration_count(
        result.bgnbd.params, calibration, holdout, (end - calibration_end).days / unit
    )
    weekly = cumulative_by_week(result.bgnbd.params, daily, calibration_end, unit)
    return Validation(
        calibration_end,
        end,
        result.customers,
        by_count,
        weekly,
        errors(by_count, weekly, calibration_end),
        result.problems,
    )


def p_alive_grid(params: BGNBDParams, max_frequency: int, T: float, steps: int = 40) -> pl.DataFrame:
    """P(alive) for a customer of age ``T`` over frequency 0..max_frequency and recency 0..T.

    Returns long form: frequency, recency, p_alive (the frequency-0 row is 1 by definition).
    """
    freqs = np.arange(0, max(int(max_frequency), 1) + 1, dtype=float)
    recs = np.linspace(0.0, float(T), steps)
    f, r = np.meshgrid(freqs, recs, indexing="ij")
    p = probability_alive(params, f.ravel(), np.where(f == 0, 0.0, r).ravel(), np.full(f.size, float(T)))
    return pl.DataFrame({"frequency": f.ravel(), "recency": r.ravel(), "p_alive": p})


def start_scores(cur: duckdb.DuckDBPyConnection) -> Future[tuple[pl.DataFrame, CLVResult]]:
    """The build's start of the scores table (`Step.start`): the summary read now, through the build's
    cursor, and the fit made in a thread of its own, beside the build's next steps (numpy and DuckDB both
    leave the interpreter while they compute, so the fit takes the core the queries leave free)."""
    settings = CLVSettings()
    frame = _build_summary(cur, settings)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clv-fit")
    try:
        return pool.submit(lambda: (frame, predict_clv(frame, settings)))
    finally:
        pool.shutdown(wait=False)


def _build_summary(cur: duckdb.DuckDBPyConnection, settings: CLVSettings) -> pl.DataFrame:
    text, params = sql.prepare(
        "clv__summary",
        {"calibration_end": sql.default_as_of(cur), "days_per_unit": DAYS_PER_UNIT[settings.time_unit]},
    )
    return cur.sql(text, params=params).pl()


def build_scores_table(cur: duckdb.DuckDBPyConnection, table: str = SCORES_TABLE,
                       begun: Future[tuple[pl.DataFrame, CLVResult]] | None = None) -> None:
    """Derived-table builder: create ``table`` (SCORE_COLUMNS) in the generation being built.

    The model is fitted with the default settings on completed orders up to the latest order date (`begun`:
    that fit, begun by `start_scores` at the start of the build). When the model cannot be shown the table
    still exists, with the model columns empty and at_risk false, so a segment joining it never breaks a
    publish.
    """
    settings = CLVSettings()
    if begun is not None:
        frame, result = begun.result()
    else:
        frame = _build_summary(cur, settings)
        result = predict_clv(frame, settings)
    if app_settings.warm_results() and ready_follows():  # the default results are stored next: their figures
        _keep_build_fit(frame, settings, result)          # are this fit (kept for nobody otherwise: memory)
    scores = result.scores.select(SCORE_COLUMNS)
    view = f"_{table}_frame"
    schema = cur.execute("select current_setting('search_path')").fetchall()[0][0]
    cur.register(view, scores.to_arrow())
    try:
        cur.execute(f"create table {schema}.{table} as select * from {view}")
    finally:
        cur.unregister(view)


def heatmap_grid(result: CLVResult, steps: int = 40) -> tuple[pl.DataFrame, float]:
    """The P(alive) grid for the page: ages up to the oldest customer, frequencies up to the 99th percentile."""
    if result.bgnbd is None or result.scores.is_empty():
        return pl.DataFrame(
            schema={"frequency": pl.Float64, "recency": pl.Float64, "p_alive": pl.Float64}
        ), 0.0
    T = float(result.scores["T"].max())
    top = int(np.ceil(result.scores["frequency"].quantile(0.99) or 1))
    return p_alive_grid(result.bgnbd.params, max(top, 1), T, steps), T
