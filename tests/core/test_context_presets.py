"""Calendar periods beside the rolling ones: this month, quarter and year so far, the previous ones whole."""
import datetime as dt

import pytest

from core.context import PRESETS, preset_period

D = dt.date


@pytest.mark.parametrize(("name", "as_of", "expected"), [
    ("this_month", D(2026, 5, 17), (D(2026, 5, 1), D(2026, 5, 17))),
    ("this_quarter", D(2026, 5, 17), (D(2026, 4, 1), D(2026, 5, 17))),
    ("this_year", D(2026, 5, 17), (D(2026, 1, 1), D(2026, 5, 17))),
    ("last_month", D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),
    ("last_month", D(2026, 1, 10), (D(2025, 12, 1), D(2025, 12, 31))),
    ("last_quarter", D(2026, 2, 1), (D(2025, 10, 1), D(2025, 12, 31))),
    ("last_quarter", D(2026, 8, 31), (D(2026, 4, 1), D(2026, 6, 30))),
    ("last_year", D(2026, 8, 31), (D(2025, 1, 1), D(2025, 12, 31))),
])
def test_preset_periods(name, as_of, expected):
    assert preset_period(name, as_of) == expected


def test_every_preset_is_named_in_both_languages():
    from core.i18n import TABLE

    assert all(f"sidebar.period.{name}" in TABLE for name in PRESETS)
