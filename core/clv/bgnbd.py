"""BG/NBD model (Fader, Hardie and Lee, 2005): repeat purchases and the probability a customer is alive.

Inputs per customer, in one time unit: ``frequency`` x (repeat transactions), ``recency`` t_x (time of the
last transaction since the first one) and ``T`` (time from the first transaction to the end of the
calibration period). Everything is vectorised numpy and computed in log-space.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

__all__ = [
    "BGNBDFit",
    "BGNBDParams",
    "compress",
    "expected_transactions",
    "expected_transactions_if_alive",
    "expected_transactions_unconditional",
    "fit_bgnbd",
    "log_likelihood",
    "probability_alive",
    "validate_summary",
]

# Optimiser bounds on the log of every parameter: e^-12 ~ 6e-6 .. e^12 ~ 1.6e5 (after time scaling).
LOG_BOUND = 12.0
_A_NUDGE = 1e-7  # |a - 1| is kept at least this far from 0 in the expectation formula.


@dataclass(frozen=True)
class BGNBDParams:
    """Fitted BG/NBD parameters: purchase rate ~ Gamma(r, alpha); dropout probability ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float

    def as_array(self) -> np.ndarray:
        """The parameters as ``[r, alpha, a, b]``."""
        return np.array([self.r, self.alpha, self.a, self.b], dtype=float)


@dataclass(frozen=True)
class BGNBDFit:
    """The outcome of a maximum-likelihood fit; ``converged`` is False when the optimiser gave up."""

    params: BGNBDParams
    log_likelihood: float
    customers: int
    converged: bool
    iterations: int
    at_bound: bool
    message: str


def validate_summary(frequency: np.ndarray, recency: np.ndarray, T: np.ndarray) -> str | None:
    """Return a problem code when the summary is not a valid BG/NBD input, else None."""
    x, t_x, tt = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    if not (x.shape == t_x.shape == tt.shape) or x.ndim != 1:
        return "shape"
    if not (np.isfinite(x).all() and np.isfinite(t_x).all() and np.isfinite(tt).all()):
        return "not_finite"
    if (x < 0).any() or (t_x < 0).any() or (tt < 0).any():
        return "negative"
    if (x != np.round(x)).any():
        return "non_integer_frequency"
    if (t_x > tt * (1 + 1e-9) + 1e-12).any():
        return "recency_after_T"
    if (t_x[x == 0] != 0).any():
        return "recency_without_repeat"
    return None


def compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Collapse identical rows: returns the unique columns, their counts and the inverse index."""
    cols = [np.asarray(c, dtype=float).reshape(-1) for c in columns]
    order = np.lexsort(cols[::-1])
    ordered = [c[order] for c in cols]
    new = np.zeros(order.size, dtype=bool)
    new[:1] = True
    for c in ordered:
        new[1:] |= c[1:] != c[:-1]
    inverse = np.empty(order.size, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, order.size)).astype(float)
    return [c[starts] for c in ordered], counts, inverse


def _terms(
    r: float, alpha: float, a: float, b: float, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-customer log-likelihood pieces: the log-likelihood, the two mixture weights and log(alpha+T)."""
    repeat = x > 0
    log_at = np.log(alpha + T)
    log_atx = np.log(alpha + t_x)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * log_at
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(repeat, np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * log_atx, -np.inf)
    mix = np.logaddexp(a3, a4)
    w3 = np.exp(a3 - mix)
    w4 = np.exp(a4 - mix)
    return a1 + a2 + mix, w3, w4, log_atx


def log_likelihood(
    params: BGNBDParams, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray, weights: np.ndarray | None = None
) -> float:
    """Total log-likelihood of the summary under ``params`` (weighted by ``weights`` when given)."""
    x, t_x, tt = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    ll = _terms(params.r, params.alpha, params.a, params.b, x, t_x, tt)[0]
    return float(ll.sum() if weights is None else np.dot(weights, ll))


def _objective(
    theta: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray, w: np.ndarray, total: float
) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood and its analytic gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(theta)
    ll, w3, w4, log_atx = _terms(r, alpha, a, b, x, t_x, T)
    log_at = np.log(alpha + T)
    repeat = x > 0
    inv_bx1 = np.where(repeat, 1.0 / np.where(repeat, b + x - 1, 1.0), 0.0)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * log_at - w4 * log_atx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    psi_abx = digamma(a + b + x)
    d_a = digamma(a + b) - psi_abx + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - psi_abx - w4 * inv_bx1
    grad = np.array([w @ d_r * r, w @ d_alpha * alpha, w @ d_a * a, w @ d_b * b])
    value = float(w @ ll)
    if not np.isfinite(value) or not np.isfinite(grad).all():
        return 1e300, np.zeros(4)
    return -value / total, -grad / total


def fit_bgnbd(
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    *,
    max_iter: int = 1000,
) -> BGNBDFit:
    """Fit BG/NBD by maximum likelihood (L-BFGS-B on log-parameters, analytic gradient, several starts).

    Raises ValueError on an invalid summary (see ``validate_summary``); callers wanting a message check first.
    """
    problem = validate_summary(frequency, recency, T)
    if problem is not None:
        raise ValueError(f"invalid BG/NBD summary: {problem}")
    x0, t_x0, T0 = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    if x0.size == 0:
        raise ValueError("invalid BG/NBD summary: empty")
    (x, t_x, tt), w, _ = compress(x0, t_x0, T0)
    scale = float(np.mean(tt)) or 1.0  # work in units of the mean customer age so alpha is O(1)
    t_xs, tts = t_x / scale, tt / scale
    total = float(w.sum())
    rate = max(float(w @ x) / max(float(w @ tts), 1e-12), 1e-6)
    starts = [
        np.log([1.0, 1.0 / rate, 1.0, 1.0]),
        np.log([0.5, 0.5 / rate, 0.5, 3.0]),
        np.log([2.0, 2.0 / rate, 2.0, 0.5]),
    ]
    bounds = [(-LOG_BOUND, LOG_BOUND)] * 4
    best = None
    iterations = 0
    for start in starts:
        res = minimize(
            _objective,
            np.clip(start, -LOG_BOUND + 1, LOG_BOUND - 1),
            args=(x, t_xs, tts, w, total),
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": max_iter, "ftol": 1e-14, "gtol": 1e-9},
        )
        iterations += int(res.nit)
        if best is None or (np.isfinite(res.fun) and res.fun < best.fun):
            best = res
        if res.success and res.fun < 1e299:
            break
    assert best is not None
    r, alpha_s, a, b = np.exp(best.x)
    params = BGNBDParams(r=float(r), alpha=float(alpha_s * scale), a=float(a), b=float(b))
    at_bound = bool((np.abs(best.x) > LOG_BOUND - 1e-6).any())
    ll = log_likelihood(params, x, t_x, tt, w)
    converged = bool(best.success and np.isfinite(ll) and best.fun < 1e299)
    return BGNBDFit(
        params=params,
        log_likelihood=ll,
        customers=int(x0.size),
        converged=converged,
        iterations=iterations,
        at_bound=at_bound,
        message=str(best.message),
    )


def probability_alive(params: BGNBDParams, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray) -> np.ndarray:
    """P(alive | x, t_x, T); exactly 1 for customers without repeat transactions."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x, t_x, tt = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    repeat = x > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(a)
            - np.log(np.where(repeat, b + x - 1, 1.0))
            + (r + x) * (np.log(alpha + tt) - np.log(alpha + t_x))
        )
    return np.where(repeat, expit(-log_odds), 1.0)


def expected_transactions_if_alive(params: BGNBDParams, x: np.ndarray, T: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Expected transactions in (T, T+t] for a customer known to be alive at T (eq. 10 without P(alive)).

    Uses Euler's transformation 2F1(r+x, b+x; c; z) = (1-z)^(c-r-b-2x) 2F1(c-r-x, c-b-x; c; z) so the
    hypergeometric series stays bounded for enormous frequencies.
    """
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    am1 = a - 1.0
    if abs(am1) < _A_NUDGE:
        am1 = _A_NUDGE if am1 >= 0 else -_A_NUDGE
    a_eff = am1 + 1.0
    c = a_eff + b + x - 1.0
    t = np.asarray(t, dtype=float)
    log1mz = np.log(alpha + T) - np.log(alpha + T + t)  # log(1 - z)
    z = -np.expm1(log1mz)
    f = hyp2f1(a_eff + b - 1.0 - r, am1, c, z)
    value = c * (-np.expm1(am1 * log1mz) - np.exp(am1 * log1mz) * (f - 1.0)) / am1
    return np.maximum(value, 0.0)


def expected_transactions(
    params: BGNBDParams, t: float | np.ndarray, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """E[Y(t) | x, t_x, T]: expected transactions in the next ``t`` time units, never negative."""
    x, t_x, tt = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    return expected_transactions_if_alive(params, x, tt, t) * probability_alive(params, x, t_x, tt)


def expected_transactions_unconditional(params: BGNBDParams, t: float | np.ndarray) -> np.ndarray:
    """E[X(t)]: expected repeat transactions of a new customer within ``t`` time units of the first one."""
    t = np.asarray(t, dtype=float)
    zeros = np.zeros_like(t)
    return expected_transactions_if_alive(params, zeros, zeros, t)
