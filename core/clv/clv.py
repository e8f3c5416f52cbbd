"""Predictive CLV: fit BG/NBD and Gamma-Gamma on a customer summary and score every customer.

``predict_clv(summary, settings)`` never raises on bad data: it returns a ``CLVResult`` whose ``problems``
say (through i18n keys) why the model is not shown, and whose ``scores`` then carry only historical figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

from core.clv.bgnbd import (
    BGNBDFit,
    BGNBDParams,
    compress,
    expected_transactions_if_alive,
    fit_bgnbd,
    probability_alive,
    validate_summary,
)
from core.clv.gamma_gamma import (
    GammaGammaFit,
    conditional_expected_spend,
    eligible,
    fit_gamma_gamma,
)

__all__ = [
    "SCORE_COLUMNS",
    "SUMMARY_COLUMNS",
    "CLVModel",
    "CLVResult",
    "CLVSettings",
    "Problem",
    "clv_values",
    "predict_clv",
]

TimeUnit = Literal["day", "week"]
DAYS_PER_UNIT: dict[str, float] = {"day": 1.0, "week": 7.0}
SUMMARY_COLUMNS = ("customer_id", "frequency", "recency", "T", "monetary_value", "total_value")
SCORE_COLUMNS = (
    "customer_id",
    "p_alive",
    "expected_purchases",
    "expected_avg_spend",
    "predicted_clv",
    "at_risk",
)


@dataclass(frozen=True)
class CLVSettings:
    """User-adjustable settings of the predictive model (horizon, discounting, the at-risk rule, minimums)."""

    horizon_months: int = 12
    monthly_discount_rate: float = 0.01
    time_unit: TimeUnit = "week"
    at_risk_p_alive: float = 0.5  # P(alive) strictly below this ...
    at_risk_value_quantile: float = 0.8  # ... and historical value at or above this quantile of customers
    min_customers: int = 50
    min_repeat_customers: int = 20
    min_gamma_gamma_customers: int = 20
    days_per_month: float = 365.25 / 12
    max_iterations: int = 1000  # optimiser iterations per start

    def month_in_units(self) -> float:
        """Length of one month in the summary's time unit."""
        return self.days_per_month / DAYS_PER_UNIT[self.time_unit]


@dataclass(frozen=True)
class Problem:
    """Why the model (or a part of it) is not shown: an i18n key in ``core/i18n/clv.py`` and its values."""

    key: str
    severity: Literal["error", "warning"] = "error"
    values: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The message in ``lang`` ('ru' or 'en')."""
        from core.i18n import t

        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class CLVModel:
    """Fitted models (when usable) and problems of a fit, without its per-customer scores."""

    settings: CLVSettings
    customers: int
    repeat_customers: int
    bgnbd: BGNBDFit | None
    gamma_gamma: GammaGammaFit | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the predictive figures are usable (no error-level problem)."""
        return not any(p.severity == "error" for p in self.problems)


@dataclass(frozen=True)
class CLVResult(CLVModel):
    """Fitted models (when usable), problems, and per-customer scores (historical columns always present)."""

    scores: pl.DataFrame


def _discount_weights(settings: CLVSettings) -> np.ndarray:
    """1/(1+d)^i for months i = 1..horizon."""
    months = np.arange(1, settings.horizon_months + 1, dtype=float)
    return (1.0 + settings.monthly_discount_rate) ** -months


# Customers scored at once (`clv_values`): the scoring's arrays of a block (about ten doubles a customer) are
# bounded whatever the base. Every customer's figures are a function of their own (x, t_x, T, spend): blocks give
# the very values of one pass.
SCORE_ROWS = 1_000_000


def clv_values(
    params: BGNBDParams,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    spend: np.ndarray,
    settings: CLVSettings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P(alive), expected transactions over the horizon and discounted CLV (sum over months), all >= 0.

    CLV = sum_i spend * (E[Y(i*month)] - E[Y((i-1)*month)]) / (1 + d)^i; the bracket of E[Y] depends only
    on (x, T), so it is evaluated once per distinct pair and month (of a block of `SCORE_ROWS` customers).
    """
    x, t_x, tt, money = (np.asarray(v, dtype=float) for v in (frequency, recency, T, spend))
    if x.size <= SCORE_ROWS:
        return _clv_block(params, x, t_x, tt, money, settings)
    values = tuple(np.empty(x.size) for _ in range(3))
    for start in range(0, x.size, SCORE_ROWS):
        rows = slice(start, start + SCORE_ROWS)
        for whole, block in zip(values, _clv_block(params, x[rows], t_x[rows], tt[rows], money[rows], settings),
                                strict=True):
            whole[rows] = block
    return values


def _clv_block(params: BGNBDParams, x: np.ndarray, t_x: np.ndarray, tt: np.ndarray, spend: np.ndarray,
               settings: CLVSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`clv_values` of one block of customers."""
    p_alive = probability_alive(params, x, t_x, tt)
    (ux, uT), _, inverse = compress(x, tt)
    month = settings.month_in_units()
    horizons = month * np.arange(0, settings.horizon_months + 1, dtype=float)
    cum = expected_transactions_if_alive(
        params, ux[None, :], uT[None, :], horizons[:, None]
    )  # (months+1, pairs)
    cum = np.maximum.accumulate(cum, axis=0)  # cumulative expectations never decrease
    increments = np.diff(cum, axis=0)
    # the discounted sum month by month, pair by pair (a matrix product's last bits depend on where a pair sits
    # among the others, so a customer's CLV would differ by a rounding between blocks)
    discounted = np.zeros(ux.size)
    for weight, increment in zip(_discount_weights(settings), increments, strict=True):
        discounted += weight * increment
    expected = cum[-1][inverse] * p_alive
    clv = discounted[inverse] * p_alive * np.clip(spend, 0.0, None)
    return p_alive, expected, np.clip(clv, 0.0, None)


def _historical_scores(summary: pl.DataFrame) -> pl.DataFrame:
    """Scores frame with the model columns empty (null) and at_risk False."""
    return summary.select(
        pl.col("customer_id"),
        pl.lit(None, dtype=pl.Float64).alias("p_alive"),
        pl.lit(None, dtype=pl.Float64).alias("expected_purchases"),
        pl.lit(None, dtype=pl.Float64).alias("expected_avg_spend"),
        pl.lit(None, dtype=pl.Float64).alias("predicted_clv"),
        pl.lit(False).alias("at_risk"),
        *[pl.col(c) for c in ("frequency", "recency", "T", "monetary_value", "total_value")],
    )


def _result(
    settings: CLVSettings,
    summary: pl.DataFrame,
    problems: list[Problem],
    bg: BGNBDFit | None = None,
    gg: GammaGammaFit | None = None,
    scores: pl.DataFrame | None = None,
) -> CLVResult:
    """Assemble a result; without scores, the historical-only frame."""
    repeat = int((summary["frequency"] > 0).sum()) if summary.height else 0
    return CLVResult(
        settings=settings,
        customers=summary.height,
        repeat_customers=repeat,
        bgnbd=bg,
        gamma_gamma=gg,
        problems=tuple(problems),
        scores=_historical_scores(summary) if scores is None else scores,
    )


def _normalise(summary: pl.DataFrame) -> pl.DataFrame:
    """Cast the summary to the expected columns; total_value defaults to monetary_value * (frequency + 1)."""
    if "total_value" not in summary.columns:
        summary = summary.with_columns(
            (pl.col("monetary_value").fill_null(0.0) * (pl.col("frequency") + 1)).alias("total_value")
        )
    return summary.select(
        pl.col("customer_id").cast(pl.String),
        pl.col("frequency").cast(pl.Float64),
        pl.col("recency").cast(pl.Float64),
        pl.col("T").cast(pl.Float64),
        pl.col("monetary_value").cast(pl.Float64),
        pl.col("total_value").cast(pl.Float64),
    )


def _fit_spend(
    x: np.ndarray, monetary: np.ndarray, settings: CLVSettings, problems: list[Problem]
) -> GammaGammaFit | None:
    """Fit Gamma-Gamma when enough customers are eligible; otherwise note why and return None."""
    n_ok = int(eligible(x, monetary).sum())
    if n_ok < settings.min_gamma_gamma_customers:
        problems.append(
            Problem(
                "clv.problem.gg_too_few", "warning", {"n": n_ok, "min": settings.min_gamma_gamma_customers}
            )
        )
        return None
    try:
        gg = fit_gamma_gamma(x, monetary, max_iter=settings.max_iterations)
    except (ValueError, FloatingPointError, ArithmeticError) as exc:
        problems.append(Problem("clv.problem.gg_error", "warning", {"error": str(exc)}))
        return None
    if not gg.converged:
        problems.append(Problem("clv.problem.gg_not_converged", "warning", {"message": gg.message}))
        return None
    if gg.params.q <= 1.0:
        problems.append(Problem("clv.problem.gg_no_mean", "warning", {"q": gg.params.q}))
    return gg


def predict_clv(summary: pl.DataFrame, settings: CLVSettings | None = None) -> CLVResult:
    """Fit both models on ``summary`` (columns ``SUMMARY_COLUMNS``) and score every customer; never raises."""
    settings = settings or CLVSettings()
    missing = [c for c in SUMMARY_COLUMNS if c not in summary.columns and c != "total_value"]
    if missing:
        problem = Problem("clv.problem.missing_columns", values={"columns": ", ".join(missing)})
        if "customer_id" in missing:
            summary = pl.DataFrame(schema={"customer_id": pl.String})
        filler = [
            pl.lit(None, dtype=pl.Float64).alias(c) for c in SUMMARY_COLUMNS if c not in summary.columns
        ]
        return _result(settings, _normalise(summary.with_columns(filler)), [problem])
    summary = _normalise(summary)
    x, t_x, tt = (summary[c].fill_null(np.nan).to_numpy() for c in ("frequency", "recency", "T"))
    monetary = summary["monetary_value"].fill_null(np.nan).to_numpy()
    invalid = validate_summary(x, t_x, tt)
    if invalid is not None:
        return _result(settings, summary, [Problem("clv.problem.invalid_input", values={"reason": invalid})])
    if summary.height < settings.min_customers:
        return _result(
            settings,
            summary,
            [
                Problem(
                    "clv.problem.too_few_customers",
                    values={"n": summary.height, "min": settings.min_customers},
                )
            ],
        )
    repeat = int((x > 0).sum())
    if repeat == 0:
        return _result(settings, summary, [Problem("clv.problem.no_repeat")])
    if repeat < settings.min_repeat_customers:
        return _result(
            settings,
            summary,
            [
                Problem(
                    "clv.problem.too_few_repeat", values={"n": repeat, "min": settings.min_repeat_customers}
                )
            ],
        )
    problems: list[Problem] = []
    try:
        bg = fit_bgnbd(x, t_x, tt, max_iter=settings.max_iterations, check=False)
    except (ValueError, FloatingPointError, ArithmeticError) as exc:
        return _result(settings, summary, [Problem("clv.problem.fit_error", values={"error": str(exc)})])
    if not bg.converged:
        return _result(
            settings, summary, [Problem("clv.problem.not_converged", values={"message": bg.message})], bg
        )
    if bg.at_bound:
        problems.append(Problem("clv.problem.at_bound", "warning"))
    gg = _fit_spend(x, monetary, settings, problems)
    historical_mean = summary["total_value"].to_numpy() / (x + 1.0)
    if gg is None:
        spend = np.where(eligible(x, monetary), monetary, historical_mean)
        spend = np.clip(np.nan_to_num(spend, nan=0.0, posinf=0.0, neginf=0.0), 0.0, None)
    else:
        spend = conditional_expected_spend(gg.params, x, monetary, fallback=historical_mean)
    with np.errstate(all="ignore"):
        p_alive, expected, clv = clv_values(bg.params, x, t_x, tt, spend, settings)
    if not (np.isfinite(p_alive).all() and np.isfinite(expected).all() and np.isfinite(clv).all()):
        return _result(settings, summary, [Problem("clv.problem.numeric")], bg, gg)
    value = summary["total_value"].fill_null(0.0).to_numpy()
    cutoff = float(np.quantile(value, settings.at_risk_value_quantile))
    at_risk = (value >= cutoff) & (value > 0) & (p_alive < settings.at_risk_p_alive)
    scores = pl.DataFrame(
        {
            "customer_id": summary["customer_id"],
            "p_alive": p_alive,
            "expected_purchases": expected,
            "expected_avg_spend": spend,
            "predicted_clv": clv,
            "at_risk": at_risk,
        }
    ).hstack(summary.select("frequency", "recency", "T", "monetary_value", "total_value"))
    return _result(settings, summary, problems, bg, gg, scores)
