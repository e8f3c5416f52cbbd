"""Numbers, money, percentages and dates the Russian way: 1 234 567,89 ₽ (non-breaking spaces)."""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from core import settings

NBSP = "\u00a0"


def number(value: float | int | None, decimals: int = 0) -> str:
    """`1234567.891` -> `1 234 567,89` with `decimals` places; `—` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",").replace("-", "−")


def money(value: float | int | None, currency: str | None = None, decimals: int = 2) -> str:
    """`1234567.891` -> `1 234 567,89 ₽` (the currency sign is a setting)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{number(value, decimals)}{NBSP}{currency or settings.currency()}"


def percent(value: float | None, decimals: int = 1) -> str:
    """A percentage given from 0 to 100: `12.345` -> `12,3 %`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{number(value, decimals)}{NBSP}%"


def date(value: dt.date | None) -> str:
    """`2026-11-22` -> `22.11.2026`."""
    return value.strftime("%d.%m.%Y") if value else "—"


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change in percent from `previous` to `current` (None when undefined)."""
    if current is None or previous is None or previous == 0:
        return None
    return 100.0 * (current - previous) / abs(previous)
