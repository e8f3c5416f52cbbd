"""Russian number formatting: 1 234 567,89 ₽ with non-breaking spaces."""
import pytest

from core import fmt

S = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234567.891, 2, f"1{S}234{S}567,89"), (0, 0, "0"), (-1500, 0, f"−1{S}500"), (999.5, 0, f"1{S}000"), (None, 0, "—")],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_money_uses_the_currency_setting(monkeypatch):
    assert fmt.money(1234567.891) == f"1{S}234{S}567,89{S}₽"
    monkeypatch.setenv("KB_CURRENCY", "$")
    assert fmt.money(12) == f"12,00{S}$"


def test_percent_and_date_and_change():
    import datetime as dt

    assert fmt.percent(12.345) == f"12,3{S}%"
    assert fmt.date(dt.date(2026, 11, 2)) == "02.11.2026"
    assert fmt.change(110, 100) == pytest.approx(10.0)
    assert fmt.change(5, 0) is None
