"""Gamma-Gamma spend model (Fader, Hardie and Lee, 2005): average transaction value per customer.

Transaction values of a customer ~ Gamma(p, nu), nu ~ Gamma(q, v) across customers. The model is fitted
on customers with at least one repeat transaction and a positive mean spend of their repeat transactions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln

from core.clv.bgnbd import LOG_BOUND, compress

__all__ = ["GammaGammaFit", "GammaGammaParams", "conditional_expected_spend", "eligible", "fit_gamma_gamma", "log_likelihood"]


@dataclass(frozen=True)
class GammaGammaParams:
    """Fitted Gamma-Gamma parameters (p: shape of a transaction value; q, v: the spread across customers)."""

    p: float
    q: float
    v: float

    def population_mean(self) -> float | None:
        """Mean spend per transaction of a new customer, p*v/(q-1); None when q <= 1 (mean does not exist)."""
        return self.p * self.v / (self.q - 1.0) if self.q > 1.0 else None


@dataclass(frozen=True)
class GammaGammaFit:
    """The outcome of the fit on the eligible customers; ``converged`` is False when the optimiser gave up."""

    params: GammaGammaParams
    log_likelihood: float
    customers: int
    converged: bool
    iterations: int
    at_bound: bool
    message: str


def eligible(frequency: np.ndarray, monetary: np.ndarray) -> np.ndarray:
    """Mask of customers the model can use: a repeat transaction and a finite positive mean spend."""
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    with np.errstate(invalid="ignore"):
        return (x > 0) & np.isfinite(x) & np.isfinite(m) & (m > 0)


def _ll_terms(p: float, q: float, v: float, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of the observed mean spend ``m`` over ``x`` transactions."""
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(v + m * x)
    )


def log_likelihood(params: GammaGammaParams, frequency: np.ndarray, monetary: np.ndarray) -> float:
    """Total log-likelihood over the eligible customers."""
    ok = eligible(frequency, monetary)
    x = np.asarray(frequency, dtype=float)[ok]
    m = np.asarray(monetary, dtype=float)[ok]
    return float(_ll_terms(params.p, params.q, params.v, x, m).sum())


def _objective(
    theta: np.ndarray, x: np.ndarray, m: np.ndarray, w: np.ndarray, total: float
) -> tuple[float, np.ndarray]:
    """Mean negative log-likelihood and its analytic gradient with respect to the log-parameters."""
    p, q, v = np.exp(theta)
    ll = _ll_terms(p, q, v, x, m)
    px = p * x
    psi = digamma(px + q)
    log_vmx = np.log(v + m * x)
    d_p = x * (psi - digamma(px) + np.log(m) + np.log(x) - log_vmx)
    d_q = psi - digamma(q) + np.log(v) - log_vmx
    d_v = q / v - (px + q) / (v + m * x)
    grad = np.array([w @ d_p * p, w @ d_q * q, w @ d_v * v])
    value = float(w @ ll)
    if not np.isfinite(value) or not np.isfinite(grad).all():
        return 1e300, np.zeros(3)
    return -value / total, -grad / total


def fit_gamma_gamma(frequency: np.ndarray, monetary: np.ndarray, *, max_iter: int = 1000) -> GammaGammaFit:
    """Fit p, q, v by maximum likelihood on the eligible customers (others are excluded, see ``eligible``).

    Raises ValueError when no customer is eligible.
    """
    ok = eligible(frequency, monetary)
    if not ok.any():
        raise ValueError("no customer with a repeat transaction and a positive spend")
    x0 = np.asarray(frequency, dtype=float)[ok]
    m0 = np.asarray(monetary, dtype=float)[ok]
    (x, m), w, _ = compress(x0, m0)
    scale = float(np.exp(np.average(np.log(m), weights=w)))  # spend in units of its geometric mean
    ms = m / scale
    total = float(w.sum())
    starts = [np.log([1.0, 2.0, 1.0]), np.log([5.0, 3.0, 5.0]), np.log([0.5, 1.5, 0.5])]
    bounds = [(-LOG_BOUND, LOG_BOUND)] * 3
    best = None
    iterations = 0
    for start in starts:
        res = minimize(
            _objective,
            start,
            args=(x, ms, w, total),
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
    p, q, v_s = np.exp(best.x)
    params = GammaGammaParams(p=float(p), q=float(q), v=float(v_s * scale))
    ll = float(w @ _ll_terms(params.p, params.q, params.v, x, m))
    return GammaGammaFit(
        params=params,
        log_likelihood=ll,
        customers=int(x0.size),
        converged=bool(best.success and np.isfinite(ll) and best.fun < 1e299),
        iterations=iterations,
        at_bound=bool((np.abs(best.x) > LOG_BOUND - 1e-6).any()),
        message=str(best.message),
    )


def conditional_expected_spend(
    params: GammaGammaParams, frequency: np.ndarray, monetary: np.ndarray, fallback: np.ndarray | float | None = None
) -> np.ndarray:
    """E[M | p, q, v, x, m_x] = p(v + x m_x)/(p x + q - 1), never negative.

    Customers the model cannot use (no repeat or non-positive spend) get the population mean when it exists,
    otherwise ``fallback`` (their historical mean, clipped at 0), otherwise 0.
    """
    p, q, v = params.p, params.q, params.v
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary, dtype=float)
    ok = eligible(x, m)
    denom = p * x + q - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        model = np.where(ok & (denom > 0), p * (v + x * np.where(ok, m, 0.0)) / np.where(denom > 0, denom, 1.0), np.nan)
    pop = params.population_mean()
    other = np.full(x.shape, np.nan)
    if fallback is not None:
        other = np.broadcast_to(np.asarray(fallback, dtype=float), x.shape).copy()
    if pop is not None:
        other = np.where(x == 0, pop, other)
    out = np.where(np.isfinite(model), model, other)
    return np.clip(np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0), 0.0, None)
