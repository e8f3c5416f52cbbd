"""Calendar periods of the metrics: comparison periods, months/quarters/weeks, and partial periods."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GRAINS: tuple[str, ...] = ("week", "month", "quarter")


@dataclass(frozen=True)
class Period:
    """A period [start, end] (both ends included); `partial` when it was cut at the analysis date."""

    start: dt.date
    end: dt.date
    partial: bool = False

    @property
    def days(self) -> int:
        """Number of calendar days in the period."""
        return (self.end - self.start).days + 1


def previous_period(start: dt.date, end: dt.date) -> Period:
    """The period of the same length ending the day before `start`."""
    days = (end - start).days + 1
    return Period(start - dt.timedelta(days=days), start - dt.timedelta(days=1))


def shift_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years; 29 February becomes 28 February in a non-leap year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_earlier(start: dt.date, end: dt.date) -> Period:
    """The same calendar dates one year earlier."""
    return Period(shift_years(start, -1), shift_years(end, -1))


def grain_start(day: dt.date, grain: str) -> dt.date:
    """First day of the week (Monday), month or quarter containing `day`."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown grain {grain!r}")


def next_start(start: dt.date, grain: str) -> dt.date:
    """First day of the following week, month or quarter."""
    if grain == "week":
        return start + dt.timedelta(days=7)
    months = 1 if grain == "month" else 3
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def calendar_periods(first: dt.date, last: dt.date, grain: str) -> list[Period]:
    """The weeks, months or quarters from the one containing `first` to the one containing `last`.

    The last one ends at `last` and is `partial` when its calendar end lies after `last`.
    """
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    periods: list[Period] = []
    start = grain_start(first, grain)
    while start <= last:
        following = next_start(start, grain)
        end = following - dt.timedelta(days=1)
        periods.append(Period(start, min(end, last), partial=end > last))
        start = following
    return periods


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def unfinished(day: dt.date, grain: str) -> bool:
    """True when the week, month or quarter containing `day` goes on after `day`."""
    return next_start(grain_start(day, grain), grain) > day + dt.timedelta(days=1)
