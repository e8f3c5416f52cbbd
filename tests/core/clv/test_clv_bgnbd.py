"""BG/NBD: hand-computed likelihood and P(alive), gradient, simulation checks, parameter recovery, CDNOW."""

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import check_grad

from core.clv import bgnbd
from core.clv.bgnbd import (
    BGNBDParams,
    _Data,
    _objective,
    compress,
    expected_transactions,
    expected_transactions_unconditional,
    fit_bgnbd,
    log_likelihood,
    probability_alive,
    validate_summary,
)
from core.clv.simulate import simulate_customers

CDNOW = Path(__file__).parents[2] / "fixtures" / "cdnow_customers_summary.csv"
TRUE = BGNBDParams(r=0.25, alpha=4.0, a=0.8, b=2.5)


def cdnow() -> dict[str, np.ndarray]:
    """The CDNOW summary of Fader, Hardie and Lee (2005): 2,357 customers, 39-week calibration, weeks."""
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    return {name: data[name] for name in ("x", "t_x", "T", "zbar")}


@pytest.mark.parametrize(
    ("params", "x", "t_x", "T", "expected"),
    [
        # x = 0: B(1,1)/B(1,1) * 1/(1+1) = 1/2
        (BGNBDParams(1, 1, 1, 1), 0, 0, 1, np.log(0.5)),
        # x = 1: B(1,3)/B(1,2) * 1/2^2 + B(2,2)/B(1,2) * 1/1.5^2 = 1/6 + 4/27
        (BGNBDParams(1, 1, 1, 2), 1, 0.5, 1, np.log(1 / 6 + 4 / 27)),
    ],
)
def test_log_likelihood_by_hand(params, x, t_x, T, expected):
    assert log_likelihood(params, np.array([x]), np.array([t_x]), np.array([T])) == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize(
    ("x", "t_x", "T", "expected"),
    [
        (0, 0.0, 5.0, 1.0),  # no repeat: alive by the model's definition
        (1, 1.0, 2.0, 1 / (1 + 0.5 * 1.5**2)),  # a/(b+x-1) = 1/2, ((alpha+T)/(alpha+t_x))^(r+x) = 1.5^2
        (3, 4.0, 4.0, 1 / (1 + 1 / 4)),  # last purchase just now: odds a/(b+x-1) = 1/4
    ],
)
def test_probability_alive_by_hand(x, t_x, T, expected):
    p = probability_alive(BGNBDParams(r=1, alpha=1, a=1, b=2), np.array([x]), np.array([t_x]), np.array([T]))
    assert p[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("theta", [np.log([0.3, 0.2, 0.8, 2.5]), np.log([2.0, 5.0, 1.7, 0.4])])
def test_gradient_matches_finite_differences(theta):
    d = cdnow()
    data = _Data.of(d["x"], d["t_x"] / 30, d["T"] / 30)
    err = check_grad(lambda th: _objective(th, data)[0], lambda th: _objective(th, data)[1], theta)
    assert err < 1e-6


def test_unconditional_expectation_starts_at_the_mean_rate():
    """E[X(t)] ~ (r/alpha) t for small t, is 0 at 0 and grows."""
    p = BGNBDParams(r=0.5, alpha=2.0, a=1.5, b=3.0)
    e = expected_transactions_unconditional(p, np.array([0.0, 1e-6, 1.0, 10.0]))
    assert e[0] == 0.0
    assert e[1] / 1e-6 == pytest.approx(0.25, rel=1e-4)
    assert 0 < e[2] < e[3]


def test_expectations_agree_with_simulation():
    """Mean E[X(T)], P(alive) and E[Y(t)|x,t_x,T] against the simulated process (200k customers)."""
    rng = np.random.default_rng(7)
    T = rng.uniform(10, 40, 200_000)
    sim = simulate_customers(TRUE, T, rng, holdout_length=20.0)
    mean_x = expected_transactions_unconditional(TRUE, T).mean()
    assert sim.frequency.mean() == pytest.approx(mean_x, rel=0.02)
    p_alive = probability_alive(TRUE, sim.frequency, sim.recency, sim.T)
    assert p_alive.mean() == pytest.approx(sim.alive.mean(), rel=0.01)
    predicted = expected_transactions(TRUE, 20.0, sim.frequency, sim.recency, sim.T)
    assert predicted.mean() == pytest.approx(sim.holdout.mean(), rel=0.03)
    for x in (0, 1, 3):  # conditional on the calibration count
        group = sim.frequency == x
        assert predicted[group].mean() == pytest.approx(sim.holdout[group].mean(), rel=0.06)


@pytest.mark.parametrize("true", [TRUE, BGNBDParams(r=1.5, alpha=10.0, a=2.0, b=6.0)])
def test_parameter_recovery(true):
    rng = np.random.default_rng(11)
    sim = simulate_customers(true, rng.uniform(20, 52, 100_000), rng)
    fit = fit_bgnbd(sim.frequency, sim.recency, sim.T)
    assert fit.converged and not fit.at_bound
    got = fit.params.as_array()
    assert got == pytest.approx(true.as_array(), rel=0.12)


def test_published_cdnow_parameters():
    """Fader, Hardie and Lee (2005), CDNOW: r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4."""
    d = cdnow()
    fit = fit_bgnbd(d["x"], d["t_x"], d["T"])
    assert fit.converged
    got = fit.params.as_array()
    for value, published in zip(got, (0.243, 4.414, 0.793, 2.426), strict=True):
        assert f"{value:.3g}" == f"{published:.3g}"
    assert round(fit.log_likelihood, 1) == -9582.4


@pytest.mark.parametrize(
    ("x", "t_x", "T", "problem"),
    [
        ([1.0], [2.0], [1.0], "recency_after_T"),
        ([0.0], [1.0], [2.0], "recency_without_repeat"),
        ([1.5], [1.0], [2.0], "non_integer_frequency"),
        ([-1.0], [0.0], [2.0], "negative"),
        ([np.nan], [0.0], [2.0], "not_finite"),
        ([1.0, 2.0], [1.0], [2.0], "shape"),
    ],
)
def test_invalid_summary_is_named(x, t_x, T, problem):
    assert validate_summary(np.array(x), np.array(t_x), np.array(T)) == problem
    with pytest.raises(ValueError, match=problem):
        fit_bgnbd(np.array(x), np.array(t_x), np.array(T))


def test_enormous_frequency_stays_finite():
    p = BGNBDParams(r=0.24, alpha=4.4, a=0.79, b=2.4)
    x = np.array([1e3, 1e6, 1e9])
    e = expected_transactions(p, 52.0, x, np.array([38.0, 38.0, 38.0]), np.array([39.0, 39.0, 39.0]))
    alive = probability_alive(p, x, np.array([38.0, 38.0, 38.0]), np.array([39.0, 39.0, 39.0]))
    assert np.isfinite(e).all() and (e >= 0).all()
    assert (alive >= 0).all() and (alive <= 1).all()
    assert alive[2] == 0.0  # silent for 1 week after 1e9 purchases in 38 weeks: surely gone


def test_compress_groups_identical_rows():
    (a, b), counts, inverse = compress(
        np.array([2.0, 1.0, 2.0, 1.0, 2.0]), np.array([5.0, 3.0, 5.0, 4.0, 6.0])
    )
    assert list(zip(a, b, counts)) == [(1.0, 3.0, 1.0), (1.0, 4.0, 1.0), (2.0, 5.0, 2.0), (2.0, 6.0, 1.0)]
    assert inverse.tolist() == [2, 0, 2, 1, 3]


def _base(n: int) -> _Data:
    """A base of `n` customers drawn from the model (weeks, three years), as the fit prepares it."""
    rng = np.random.default_rng(5)
    T = rng.integers(1, 1096, n) / 7
    x = rng.poisson(1.5, n).astype(float)
    t_x = np.where(x > 0, np.floor(T * 7 * rng.uniform(0.2, 1.0, n)) / 7, 0.0)
    return _Data.of(x, t_x / T.mean(), T / T.mean())


def _peak_of_evaluate(data: _Data, theta: np.ndarray) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        _objective(theta, data)
        return tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


def test_the_likelihood_is_summed_in_bounded_blocks_equal_up_to_rounding(monkeypatch):
    # One evaluation holds several arrays of doubles per customer at once: 200,000 customers take megabytes, and in
    # blocks of 10,000 about a twentieth (what numpy allocates, traced; the distinct values' arrays are a few
    # thousand entries).
    data, theta = _base(200_000), np.log([1.2, 3.0, 0.6, 4.0])
    whole = _peak_of_evaluate(data, theta)
    monkeypatch.setattr(bgnbd, "EVALUATE_ROWS", 10_000)
    blocks = _peak_of_evaluate(data, theta)
    assert whole > 6 * 200_000 * 8  # over six arrays of the base's doubles
    assert blocks < 12 * 10_000 * 8  # under twelve arrays of a block's
    assert blocks * 10 < whole
    # ... and change the likelihood, its gradient and the fit only by rounding (CDNOW in blocks of 100 customers)
    monkeypatch.setattr(bgnbd, "EVALUATE_ROWS", 1_000_000)
    d = cdnow()
    data = _Data.of(d["x"], d["t_x"] / 30, d["T"] / 30)
    theta = np.log([0.3, 0.2, 0.8, 2.5])
    value, gradient = _objective(theta, data)
    one = fit_bgnbd(d["x"], d["t_x"], d["T"])
    monkeypatch.setattr(bgnbd, "EVALUATE_ROWS", 100)  # 2,357 customers: 24 blocks, the last of 57
    in_blocks, gradient_in_blocks = _objective(theta, data)
    assert in_blocks == pytest.approx(value, rel=1e-13)
    assert gradient_in_blocks == pytest.approx(gradient, rel=1e-11)
    fit = fit_bgnbd(d["x"], d["t_x"], d["T"])
    assert fit.converged
    assert fit.params.as_array() == pytest.approx(one.params.as_array(), rel=1e-6)
    assert fit.log_likelihood == pytest.approx(one.log_likelihood, rel=1e-12)
    assert round(fit.log_likelihood, 1) == -9582.4  # the published optimum (Fader, Hardie and Lee, 2005)
