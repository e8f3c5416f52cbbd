"""The context every query runs with: analysis date, period, thresholds, viewer and generation."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.access import Viewer


@dataclass(frozen=True)
class Thresholds:
    """Classification settings; each field is bound to queries as `$<field name>`."""

    inactive_days: int = 180
    vip_share: float = 0.05
    vip_min_revenue: float | None = None
    activity_window_days: int = 90
    hot_days: int = 30
    warm_days: int = 90
    negative_days: int = 90
    hot_min_orders: int = 3
    new_days: int = 90
    lost_days: int = 365
    abc_a_share: float = 0.80
    abc_b_share: float = 0.95
    discount_buyer_share: float = 0.5
    # Behaviour types (core/customers.py).
    behaviour_min_orders: int = 3
    loyal_min_score: int = 4
    purposeful_max_cv: float = 0.5
    purposeful_min_share: float = 0.6
    impulsive_min_cv: float = 1.0
    impulsive_min_categories: int = 3
    curious_min_interactions: int = 2
    # Share of revenue left after the cost of goods: LTV as gross profit, LTV/CAC and payback on profit.
    gross_margin_share: float = 0.3


@dataclass(frozen=True)
class QueryContext:
    """Analysis date `as_of`, the period [start, end] (both ends included) and who is asking."""

    as_of: dt.date
    start: dt.date
    end: dt.date
    thresholds: Thresholds = field(default_factory=Thresholds)
    viewer: Viewer = field(default_factory=Viewer.system)
    generation: int | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("period start is after its end")

    def params(self) -> dict[str, Any]:
        """Values queries may bind by name."""
        values: dict[str, Any] = {"as_of": self.as_of, "start": self.start, "end": self.end}
        values.update(dataclasses.asdict(self.thresholds))
        return values

    def replace(self, **changes: Any) -> QueryContext:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def default_period(as_of: dt.date, days: int = 90) -> tuple[dt.date, dt.date]:
    """The `days` days ending at `as_of`, both ends included."""
    return as_of - dt.timedelta(days=days - 1), as_of
