"""Gamma-Gamma spend model (Fader, Hardie and Lee, 2005): average transaction value per customer.

Transaction values of a customer ~ Gamma(p, nu), nu ~ Gamma(q, v) across customers. The model is fitted
on customers with at least one repeat transaction and a positive mean spend of their repeat transactions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import digamma, gammaln

from core.clv.bgnbd import LOG_BOUND, factorize, log_objective, minimize_from

__all__ = [
    "GammaGammaFit",
    "GammaGammaParams",
    "conditional_expected_spend",
    "eligible",
    "fit_gamma_gamma",
    "log_likelihood",
]


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


@dataclass(frozen=True)
class _Data:
    """Eligible customers prepared for repeated evaluations (special functions once per distinct x)."""

    x: np.ndarray
    m: np.ndarray
    ux: np.ndarray
    xi: np.ndarray
    wx: np.ndarray
    const: float  # sum of the terms without parameters: -ln m (per row, times 1) handled in _evaluate
    x_log_mx: float  # sum over rows of x (ln m + ln x)

    @classmethod
    def of(cls, x: np.ndarray, m: np.ndarray) -> _Data:
        """Prepare eligible rows (x > 0, m > 0)."""
        ux, xi = factorize(x)
        return cls(
            x=x,
            m=m,
            ux=ux,
            xi=xi,
            wx=np.bincount(xi, minlength=ux.size).astype(float),
            const=-float(np.log(m).sum()),
            x_log_mx=float(x @ (np.log(m) + np.log(x))),
        )


def _evaluate(p: float, q: float, v: float, d: _Data, gradient: bool) -> tuple[float, np.ndarray | None]:
    """Total log-likelihood and (optionally) its gradient in (p, q, v)."""
    pux = p * d.ux
    n = float(d.x.size)
    log_vmx = np.log(v + d.m * d.x)
    px_q = p * d.x + q
    value = (
        float(d.wx @ (gammaln(pux + q) - gammaln(pux)))
        - n * gammaln(q)
        + n * q * np.log(v)
        + p * d.x_log_mx
        + d.const
        - float(px_q @ log_vmx)
    )
    if not gradient:
        return value, None
    psi = digamma(pux + q)
    d_p = float((d.wx * d.ux) @ (psi - digamma(pux))) + d.x_log_mx - float(d.x @ log_vmx)
    d_q = float(d.wx @ psi) - n * digamma(q) + n * np.log(v) - float(log_vmx.sum())
    d_v = n * q / v - float((px_q / (v + d.m * d.x)).sum())
    return value, np.array([d_p, d_q, d_v])


def _objective(theta: np.ndarray, d: _Data) -> tuple[float, np.ndarray]:
    return log_objective(_evaluate, theta, d)


def fit_gamma_gamma(frequency: np.ndarray, monetary: np.ndarray, *, max_iter: int = 1000) -> GammaGammaFit:
    """Fit p, q, v by maximum likelihood on the eligible customers (others are excluded, see ``eligible``).

    Raises ValueError when no customer is eligible.
    """
    ok = eligible(frequency, monetary)
    if not ok.any():
        raise ValueError("no customer with a repeat transaction and a positive spend")
    x = np.asarray(frequency, dtype=float)[ok]
    m = np.asarray(monetary, dtype=float)[ok]
    scale = float(np.exp(np.mean(np.log(m))))  # spend in units of its geometric mean
    data = _Data.of(x, m / scale)
    starts = [np.log([1.0, 2.0, 1.0]), np.log([5.0, 3.0, 5.0]), np.log([0.5, 1.5, 0.5])]
    best, iterations, converged = minimize_from(_objective, starts, (data,), max_iter)
    p, q, v_s = np.exp(best.x)
    params = GammaGammaParams(p=float(p), q=float(q), v=float(v_s * scale))
    # the density of a mean spend scales by 1/scale per customer
    ll = -best.fun * x.size - x.size * np.log(scale)
    return GammaGammaFit(
        params=params,
        log_likelihood=float(ll),
        customers=int(x.size),
        converged=converged and bool(np.isfinite(ll)),
        iterations=iterations,
        at_bound=bool((np.abs(best.x) > LOG_BOUND - 1e-6).any()),
        message=str(best.message),
    )


def conditional_expected_spend(
    params: GammaGammaParams,
    frequency: np.ndarray,
    monetary: np.ndarray,
    fallback: np.ndarray | float | None = None,
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
        model = np.where(
            ok & (denom > 0), p * (v + x * np.where(ok, m, 0.0)) / np.where(denom > 0, denom, 1.0), np.nan
        )
    pop = params.population_mean()
    other = np.full(x.shape, np.nan)
    if fallback is not None:
        other = np.broadcast_to(np.asarray(fallback, dtype=float), x.shape).copy()
    if pop is not None:
        other = np.where(x == 0, pop, other)
    out = np.where(np.isfinite(model), model, other)
    return np.clip(np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0), 0.0, None)
