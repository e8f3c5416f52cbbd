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


# Calendar periods a manager asks for, beside the rolling 30/90/365 days (their names live in the URL).
PRESETS: tuple[str, ...] = ("this_month", "this_quarter", "this_year", "last_month", "last_quarter", "last_year")


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def preset_period(name: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar period `name` (one of `PRESETS`) as of `as_of`, both ends included.

    This month, quarter or year so far end at `as_of`; the previous month, quarter and year are whole.
    """
    if name == "this_month":
        return as_of.replace(day=1), as_of
    if name == "this_quarter":
        return _quarter_start(as_of), as_of
    if name == "this_year":
        return dt.date(as_of.year, 1, 1), as_of
    if name == "last_month":
        end = as_of.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if name == "last_quarter":
        end = _quarter_start(as_of) - dt.timedelta(days=1)
        return _quarter_start(end), end
    if name == "last_year":
        return dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31)
    raise ValueError(f"unknown period {name!r}")
