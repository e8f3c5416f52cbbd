"""The statistics of campaign results: difference in means with a 95% confidence interval.

Method (stated on the page and on «Определения»): Welch's unequal-variance t interval on the difference in
mean revenue per customer between recipients and control (every customer counts, buyers or not), with the
Welch–Satterthwaite degrees of freedom; for large groups it is the normal approximation
diff ± 1.96·√(s₁²/n₁ + s₂²/n₂). A campaign is called significant when the interval leaves out zero.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A difference (first − second) and its 95% confidence interval."""

    estimate: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """True when the interval leaves out zero."""
        return self.low > 0 or self.high < 0


def moments(values: np.ndarray) -> tuple[int, float, float]:
    """Count, mean and sample variance (ddof = 1; 0 for fewer than two values)."""
    n = int(values.size)
    if n == 0:
        return 0, math.nan, math.nan
    return n, float(values.mean()), float(values.var(ddof=1)) if n > 1 else 0.0


def welch(n1: int, mean1: float, var1: float, n2: int, mean2: float, var2: float,
          level: float = LEVEL) -> Interval | None:
    """Welch's interval for mean1 − mean2 from the groups' counts, means and variances (None: a group is
    empty or too small to estimate a variance)."""
    if n1 < 2 or n2 < 2:
        return None
    a, b = var1 / n1, var2 / n2
    se = math.sqrt(a + b)
    diff = mean1 - mean2
    if se == 0:
        return Interval(diff, diff, diff)
    df = (a + b) ** 2 / ((a * a) / (n1 - 1) + (b * b) / (n2 - 1)) if a + b > 0 else float(n1 + n2 - 2)
    q = float(stats.t.ppf(0.5 + level / 2, df))
    return Interval(diff, diff - q * se, diff + q * se)


def difference(first: np.ndarray, second: np.ndarray, level: float = LEVEL) -> Interval | None:
    """Welch's interval for mean(first) − mean(second)."""
    return welch(*moments(np.asarray(first, dtype=float)), *moments(np.asarray(second, dtype=float)), level)


def paired(after: np.ndarray, before: np.ndarray, level: float = LEVEL) -> Interval | None:
    """The mean of after − before over the same customers with its t interval (pre/post comparison)."""
    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    n, mean, var = moments(d)
    if n < 2:
        return None
    se = math.sqrt(var / n)
    q = float(stats.t.ppf(0.5 + level / 2, n - 1))
    return Interval(mean, mean - q * se, mean + q * se)


def stratified(strata: list[tuple[int, float, float, int, float, float]], level: float = LEVEL) -> Interval | None:
    """The difference in means within strata (n1, mean1, var1, n2, mean2, var2 each), weighted by the first
    group's counts, with a normal interval (matched comparison)."""
    usable = [s for s in strata if s[0] > 0 and s[3] > 1]
    total = sum(s[0] for s in usable)
    if not usable or total < 2:
        return None
    estimate = sum(s[0] / total * (s[1] - s[4]) for s in usable)
    variance = sum((s[0] / total) ** 2 * (s[2] / s[0] + s[5] / s[3]) for s in usable)
    z = float(stats.norm.ppf(0.5 + level / 2))
    se = math.sqrt(variance)
    return Interval(estimate, estimate - z * se, estimate + z * se)
