"""Draw customer summaries and transactions from the BG/NBD and Gamma-Gamma processes (validation, benchmarks)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.clv.bgnbd import BGNBDParams
from core.clv.gamma_gamma import GammaGammaParams

__all__ = ["SimulatedCustomers", "simulate_customers"]


@dataclass(frozen=True)
class SimulatedCustomers:
    """Per-customer calibration summary, the hidden state, and repeat transactions in a holdout period."""

    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    alive: np.ndarray  # still alive at T (the quantity P(alive) estimates)
    holdout: np.ndarray  # repeat transactions in (T, T + holdout_length]
    monetary: np.ndarray  # mean value of the repeat transactions (0 when there is none)
    first_value: np.ndarray  # value of the first transaction


def simulate_customers(
    params: BGNBDParams,
    T: np.ndarray,
    rng: np.random.Generator,
    *,
    holdout_length: float = 0.0,
    spend: GammaGammaParams | None = None,
) -> SimulatedCustomers:
    """Simulate the BG/NBD story: Poisson(lambda) purchases, dropout with probability p after each repeat.

    lambda ~ Gamma(r, 1/alpha), p ~ Beta(a, b). Observed repeats x = min(N(T), K), K ~ Geometric(p) the
    repeat after which the customer drops out; the x-th of N(T) uniform arrival times is T * Beta(x, N-x+1).
    """
    T = np.asarray(T, dtype=float)
    n = T.size
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    n_arrivals = rng.poisson(lam * T)
    k = rng.geometric(np.clip(p, 1e-12, 1.0))
    x = np.minimum(n_arrivals, k)
    has = x > 0
    recency = np.zeros(n)
    recency[has] = T[has] * rng.beta(x[has], n_arrivals[has] - x[has] + 1)
    alive = k > n_arrivals
    holdout = np.zeros(n, dtype=np.int64)
    if holdout_length > 0:
        holdout = np.where(alive, np.minimum(rng.poisson(lam * holdout_length), k - n_arrivals), 0)
    monetary = np.zeros(n)
    first = np.zeros(n)
    if spend is not None:
        nu = rng.gamma(spend.q, 1.0 / spend.v, n)
        first = rng.gamma(spend.p, 1.0 / nu)
        monetary[has] = rng.gamma(spend.p * x[has], 1.0 / nu[has]) / x[has]
    return SimulatedCustomers(x.astype(float), recency, T, alive, holdout.astype(float), monetary, first)
