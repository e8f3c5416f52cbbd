"""Gamma-Gamma: hand-computed likelihood and conditional spend, exclusions, recovery, published CDNOW values."""

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import check_grad
from scipy.special import gammaln

from core.clv.bgnbd import BGNBDParams
from core.clv.gamma_gamma import (
    GammaGammaParams,
    _Data,
    _objective,
    conditional_expected_spend,
    eligible,
    fit_gamma_gamma,
    log_likelihood,
)
from core.clv.simulate import simulate_customers

CDNOW = Path(__file__).parents[2] / "fixtures" / "cdnow_customers_summary.csv"


def test_log_likelihood_by_hand():
    """x=1, m=2, p=q=v=1: density of a mean of one Gamma(1, nu), nu ~ Gamma(1, 1): 1/(1+m)^2 = 1/9."""
    ll = log_likelihood(GammaGammaParams(1.0, 1.0, 1.0), np.array([1.0]), np.array([2.0]))
    assert ll == pytest.approx(np.log(1 / 9), rel=1e-12)


def test_log_likelihood_general_formula_by_hand():
    p, q, v, x, m = 2.0, 3.0, 10.0, 2.0, 20.0
    expected = (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(v + m * x)
    )
    assert log_likelihood(GammaGammaParams(p, q, v), np.array([x]), np.array([m])) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("x", "m", "expected"),
    [
        (2.0, 20.0, 2 * (10 + 40) / (4 + 2)),  # p(v + x m)/(p x + q - 1)
        (0.0, 0.0, 2 * 10 / 2),  # no repeat: population mean p v/(q - 1)
        (3.0, -5.0, 7.0),  # negative spend: excluded, falls back to the historical mean given
        (3.0, 0.0, 7.0),  # zero spend: likewise
    ],
)
def test_conditional_expected_spend_by_hand(x, m, expected):
    got = conditional_expected_spend(
        GammaGammaParams(2.0, 3.0, 10.0), np.array([x]), np.array([m]), fallback=7.0
    )
    assert got[0] == pytest.approx(expected)


def test_spend_is_never_negative_even_from_a_negative_fallback():
    got = conditional_expected_spend(
        GammaGammaParams(2.0, 0.5, 10.0), np.array([0.0, 2.0]), np.array([0.0, -3.0]), -4.0
    )
    assert (got == 0.0).all()  # q <= 1: no population mean; the fallback is negative -> 0


@pytest.mark.parametrize(
    ("x", "m", "expected"),
    [([0, 1, 2, 3, 4], [5.0, 0.0, -1.0, np.nan, 3.0], [False, False, False, False, True])],
)
def test_eligible_excludes_no_repeat_and_non_positive_spend(x, m, expected):
    assert eligible(np.array(x, dtype=float), np.array(m)).tolist() == expected


def test_fit_without_eligible_customers_raises():
    with pytest.raises(ValueError, match="repeat"):
        fit_gamma_gamma(np.array([0.0, 0.0]), np.array([5.0, 5.0]))


def test_parameter_recovery():
    true = GammaGammaParams(p=6.0, q=4.0, v=15.0)
    rng = np.random.default_rng(5)
    sim = simulate_customers(BGNBDParams(1.0, 2.0, 1.0, 5.0), rng.uniform(20, 52, 60_000), rng, spend=true)
    fit = fit_gamma_gamma(sim.frequency, sim.monetary)
    assert fit.converged
    assert fit.customers == int((sim.frequency > 0).sum())
    assert [fit.params.p, fit.params.q, fit.params.v] == pytest.approx([6.0, 4.0, 15.0], rel=0.1)


def test_published_cdnow_parameters():
    """Fader, Hardie and Lee (2005) "RFM and CLV": p=6.25, q=3.74, v=15.44 on the 946 CDNOW repeat buyers."""
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    fit = fit_gamma_gamma(data["x"], data["zbar"])
    assert fit.converged and fit.customers == 946
    for value, published in zip((fit.params.p, fit.params.q, fit.params.v), (6.25, 3.74, 15.44), strict=True):
        assert f"{value:.3g}" == f"{published:.3g}"


@pytest.mark.parametrize("theta", [np.log([6.0, 3.7, 1.0]), np.log([0.7, 1.2, 4.0])])
def test_gradient_matches_finite_differences(theta):
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    ok = data["x"] > 0
    prepared = _Data.of(data["x"][ok], data["zbar"][ok] / 20.0)
    err = check_grad(lambda th: _objective(th, prepared)[0], lambda th: _objective(th, prepared)[1], theta)
    assert err < 1e-6
