"""Agreement with the `lifetimes` package (test-only oracle) on the same simulated and CDNOW inputs."""

import warnings

import numpy as np
import pytest

from core.clv.bgnbd import BGNBDParams, expected_transactions, fit_bgnbd, probability_alive
from core.clv.clv import CLVSettings, clv_values
from core.clv.gamma_gamma import GammaGammaParams, conditional_expected_spend, fit_gamma_gamma
from core.clv.simulate import simulate_customers

with warnings.catch_warnings():
    # lifetimes 0.11.3 sets a pandas option that pandas 3 deprecates, at import time only.
    warnings.filterwarnings("ignore", message="The 'mode.chained_assignment' option is deprecated")
    lifetimes = pytest.importorskip(
        "lifetimes", reason="the lifetimes oracle is not installed (pyproject test group)"
    )
pd = pytest.importorskip("pandas")

WEEKS_PER_MONTH = 4.345  # lifetimes' month for freq="W"


@pytest.fixture(
    scope="module", params=[(BGNBDParams(0.25, 4.0, 0.8, 2.5), 1), (BGNBDParams(1.2, 8.0, 1.6, 4.0), 2)]
)
def data(request) -> dict[str, np.ndarray]:
    """A simulated weekly summary with spend."""
    params, seed = request.param
    rng = np.random.default_rng(seed)
    sim = simulate_customers(params, rng.uniform(10, 60, 10_000), rng, spend=GammaGammaParams(6.0, 4.0, 15.0))
    return {"x": sim.frequency, "t_x": sim.recency, "T": sim.T, "m": sim.monetary}


@pytest.fixture(scope="module")
def oracle(data):
    """lifetimes' fitted models on the same data (fitted once per data set)."""
    frame = pd.DataFrame(data)
    bg = lifetimes.BetaGeoFitter().fit(frame["x"], frame["t_x"], frame["T"])
    repeat = frame[frame["x"] > 0]
    gg = lifetimes.GammaGammaFitter().fit(repeat["x"], repeat["m"])
    return frame, bg, gg


def test_parameters_agree(data, oracle):
    _, bg, gg = oracle
    ours = fit_bgnbd(data["x"], data["t_x"], data["T"])
    assert ours.params.as_array() == pytest.approx(bg.params_[["r", "alpha", "a", "b"]].to_numpy(), rel=1e-3)
    ours_gg = fit_gamma_gamma(data["x"], data["m"])
    got = [ours_gg.params.p, ours_gg.params.q, ours_gg.params.v]
    assert got == pytest.approx(gg.params_[["p", "q", "v"]].to_numpy(), rel=1e-3)


@pytest.mark.slow
def test_predictions_agree_at_the_same_parameters(data, oracle):
    frame, bg, gg = oracle
    params = BGNBDParams(*bg.params_[["r", "alpha", "a", "b"]].to_numpy())
    spend_params = GammaGammaParams(*gg.params_[["p", "q", "v"]].to_numpy())
    x, t_x, T, m = data["x"], data["t_x"], data["T"], data["m"]
    assert probability_alive(params, x, t_x, T) == pytest.approx(
        bg.conditional_probability_alive(x, t_x, T), rel=1e-9, abs=1e-12
    )
    assert expected_transactions(params, 26.0, x, t_x, T) == pytest.approx(
        bg.conditional_expected_number_of_purchases_up_to_time(26.0, x, t_x, T), rel=1e-7
    )
    spend = conditional_expected_spend(spend_params, x, m)
    assert spend == pytest.approx(gg.conditional_expected_average_profit(frame["x"], frame["m"]), rel=1e-9)
    settings = CLVSettings(horizon_months=12, monthly_discount_rate=0.01, days_per_month=WEEKS_PER_MONTH * 7)
    clv = clv_values(params, x, t_x, T, spend, settings)[2]
    theirs = gg.customer_lifetime_value(bg, frame["x"], frame["t_x"], frame["T"], frame["m"], 12, 0.01, "W")
    assert clv == pytest.approx(np.asarray(theirs), rel=1e-7)
