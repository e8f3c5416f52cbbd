"""Per-customer CLV scores: the discounting by hand, the at-risk rule, and every degenerate input."""

import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from core.clv.bgnbd import BGNBDParams, expected_transactions, probability_alive
from core.clv.clv import SCORE_COLUMNS, CLVSettings, clv_values, predict_clv
from core.clv.simulate import simulate_customers
from core.i18n.clv import STRINGS

CDNOW = Path(__file__).parents[2] / "fixtures" / "cdnow_customers_summary.csv"
PARAMS = BGNBDParams(r=0.25, alpha=4.0, a=0.8, b=2.5)


def cdnow_summary() -> pl.DataFrame:
    """CDNOW summary renamed to the columns predict_clv expects."""
    return pl.read_csv(CDNOW).rename(
        {"ID": "customer_id", "x": "frequency", "t_x": "recency", "zbar": "monetary_value"}
    )


def simulated_summary(n: int = 2_000, seed: int = 3) -> pl.DataFrame:
    """A plausible summary drawn from the models."""
    from core.clv.gamma_gamma import GammaGammaParams

    rng = np.random.default_rng(seed)
    sim = simulate_customers(PARAMS, rng.uniform(10, 52, n), rng, spend=GammaGammaParams(6.0, 4.0, 15.0))
    return pl.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(n)],
            "frequency": sim.frequency,
            "recency": sim.recency,
            "T": sim.T,
            "monetary_value": sim.monetary,
            "total_value": sim.first_value + sim.monetary * sim.frequency,
        }
    )


@pytest.mark.parametrize(("discount", "factor"), [(0.0, 1.0), (0.05, 1 / 1.05), (0.5, 1 / 1.5)])
def test_one_month_clv_is_spend_times_expected_purchases_discounted(discount, factor):
    settings = CLVSettings(
        horizon_months=1, monthly_discount_rate=discount, time_unit="day", days_per_month=30
    )
    x, t_x, T = np.array([0.0, 2.0, 5.0]), np.array([0.0, 10.0, 40.0]), np.array([20.0, 30.0, 50.0])
    spend = np.array([10.0, 20.0, 30.0])
    p_alive, expected, clv = clv_values(PARAMS, x, t_x, T, spend, settings)
    assert p_alive == pytest.approx(probability_alive(PARAMS, x, t_x, T))
    assert expected == pytest.approx(expected_transactions(PARAMS, 30.0, x, t_x, T))
    assert clv == pytest.approx(spend * expected * factor)


def test_two_month_clv_discounts_each_month_separately():
    settings = CLVSettings(horizon_months=2, monthly_discount_rate=0.1, time_unit="week", days_per_month=28)
    x, t_x, T = np.array([3.0]), np.array([20.0]), np.array([30.0])
    first = expected_transactions(PARAMS, 4.0, x, t_x, T)[0]
    both = expected_transactions(PARAMS, 8.0, x, t_x, T)[0]
    _, expected, clv = clv_values(PARAMS, x, t_x, T, np.array([50.0]), settings)
    assert expected[0] == pytest.approx(both)
    assert clv[0] == pytest.approx(50.0 * (first / 1.1 + (both - first) / 1.1**2))


def test_cdnow_scores_are_complete_and_non_negative():
    result = predict_clv(cdnow_summary())
    assert result.ok and result.problems == ()
    assert result.customers == 2357 and result.repeat_customers == 946
    assert set(SCORE_COLUMNS) <= set(result.scores.columns)
    assert result.scores.height == 2357
    assert (result.scores["predicted_clv"] >= 0).all()
    assert result.scores["p_alive"].is_between(0, 1).all()


@pytest.mark.parametrize(("p_alive_below", "quantile"), [(0.5, 0.8), (0.3, 0.9), (0.9, 0.5)])
def test_at_risk_is_high_value_and_low_p_alive(p_alive_below, quantile):
    summary = cdnow_summary()
    scores = predict_clv(
        summary, CLVSettings(at_risk_p_alive=p_alive_below, at_risk_value_quantile=quantile)
    ).scores
    cutoff = np.quantile(scores["total_value"].to_numpy(), quantile)
    expected = (
        (scores["total_value"] >= cutoff) & (scores["total_value"] > 0) & (scores["p_alive"] < p_alive_below)
    )
    assert scores["at_risk"].to_list() == expected.to_list()
    assert scores["at_risk"].sum() > 0


def _one_time_buyers(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "customer_id": [str(i) for i in range(n)],
            "frequency": [0.0] * n,
            "recency": [0.0] * n,
            "T": [float(10 + i % 30) for i in range(n)],
            "monetary_value": pl.Series([None] * n, dtype=pl.Float64),
            "total_value": [100.0] * n,
        }
    )


def _with(df: pl.DataFrame, **cols) -> pl.DataFrame:
    return df.with_columns(**cols)


DEGENERATE = {
    "all one-time buyers": (lambda: _one_time_buyers(500), "clv.problem.no_repeat"),
    "one customer": (lambda: simulated_summary().head(1), "clv.problem.too_few_customers"),
    "empty": (lambda: simulated_summary().head(0), "clv.problem.too_few_customers"),
    "few repeat buyers": (
        lambda: pl.concat(
            [_one_time_buyers(500), simulated_summary().filter(pl.col("frequency") > 0).head(5)]
        ),
        "clv.problem.too_few_repeat",
    ),
    "NaN recency": (
        lambda: _with(
            simulated_summary(), recency=pl.when(pl.col("frequency") > 0).then(None).otherwise(0.0)
        ),
        "clv.problem.invalid_input",
    ),
    "recency after T": (
        lambda: _with(simulated_summary(), recency=pl.col("T") + 1),
        "clv.problem.invalid_input",
    ),
    "missing column": (lambda: simulated_summary().drop("recency"), "clv.problem.missing_columns"),
}


@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_degenerate_input_gives_a_reason_and_historical_figures(case):
    build, key = DEGENERATE[case]
    summary = build()
    result = predict_clv(summary)
    assert not result.ok
    assert [p.key for p in result.problems] == [key]
    assert result.scores["predicted_clv"].null_count() == result.scores.height  # no model figures
    assert not result.scores["at_risk"].any()
    if "total_value" in summary.columns and summary.height:
        assert result.scores["total_value"].to_list() == summary["total_value"].to_list()


def test_non_convergence_is_reported_not_raised():
    result = predict_clv(simulated_summary(), CLVSettings(max_iterations=1))
    assert [p.key for p in result.problems] == ["clv.problem.not_converged"]
    assert result.bgnbd is not None and not result.bgnbd.converged
    assert result.scores["predicted_clv"].null_count() == result.scores.height


def test_enormous_frequencies_give_finite_non_negative_clv():
    summary = simulated_summary()
    summary = pl.concat(
        [
            summary,
            pl.DataFrame(
                {
                    "customer_id": ["huge1", "huge2"],
                    "frequency": [1e6, 1e9],
                    "recency": [40.0, 10.0],
                    "T": [41.0, 50.0],
                    "monetary_value": [12.0, 30.0],
                    "total_value": [1.2e7, 3e10],
                }
            ),
        ]
    )
    result = predict_clv(summary)
    assert result.ok
    clv = result.scores["predicted_clv"].to_numpy()
    assert np.isfinite(clv).all() and (clv >= 0).all()
    huge = result.scores.filter(pl.col("customer_id") == "huge2")
    assert huge["p_alive"][0] == pytest.approx(0.0, abs=1e-12)  # silent 40 weeks after 1e9 purchases


@pytest.mark.parametrize("bad_spend", [0.0, -25.0])
def test_zero_or_negative_spend_is_excluded_and_clv_stays_non_negative(bad_spend):
    summary = simulated_summary()
    bad = (pl.col("frequency") > 0) & (pl.int_range(pl.len()) % 3 == 0)
    summary = summary.with_columns(
        monetary_value=pl.when(bad).then(bad_spend).otherwise(pl.col("monetary_value")),
        total_value=pl.when(bad).then(bad_spend * (pl.col("frequency") + 1)).otherwise(pl.col("total_value")),
    )
    result = predict_clv(summary)
    assert result.ok
    eligible = int(((summary["frequency"] > 0) & (summary["monetary_value"] > 0)).sum())
    assert result.gamma_gamma is not None and result.gamma_gamma.customers == eligible
    assert (result.scores["predicted_clv"] >= 0).all() and (result.scores["expected_avg_spend"] >= 0).all()


def test_all_spend_negative_falls_back_with_a_warning():
    summary = simulated_summary().with_columns(monetary_value=pl.lit(-5.0), total_value=pl.lit(-50.0))
    result = predict_clv(summary)
    assert result.ok  # BG/NBD still usable; spend from history, clipped at 0
    assert [p.key for p in result.problems] == ["clv.problem.gg_too_few"]
    assert (result.scores["predicted_clv"] == 0).all()


@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_degenerate_messages_read_in_both_languages(case):
    problem = predict_clv(DEGENERATE[case][0]()).problems[0]
    ru, en = problem.message("ru"), problem.message("en")
    assert ru and en and ru != en and "{" not in ru + en


def test_every_problem_key_used_in_code_is_translated():
    sources = "".join(
        p.read_text(encoding="utf-8") for p in (Path(__file__).parents[3] / "core" / "clv").glob("*.py")
    )
    keys = set(re.findall(r'"(clv\.problem\.[a-z_]+)"', sources))
    assert len(keys) >= 10
    assert keys <= set(STRINGS)
