"""Numbers, money, percentages, dates and plural forms in Russian and English (CLDR via Babel)."""
import datetime as dt

import pytest

from core import fmt

S = "\u00a0"
M = "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234567.891, 2, f"1{S}234{S}567,89"), (0, 0, "0"), (-1500, 0, f"{M}1{S}500"), (999.5, 0, f"1{S}000"),
     (None, 0, "—"), (float("nan"), 1, "—"), (-0.0001, 1, "0,0")],
)
def test_number_in_russian(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234567.891, 2, "1,234,567.89"), (-1500, 0, f"{M}1,500"), (0.5, 0, "1")],
)
def test_number_in_english(value, decimals, expected):
    assert fmt.number(value, decimals, lang="en") == expected


def test_money_uses_the_currency_setting_and_the_languages_order(monkeypatch):
    assert fmt.money(1234567.891) == f"1{S}234{S}567,89{S}₽"
    assert fmt.money(1234567.891, lang="en") == "₽1,234,567.89"
    assert fmt.money(-5, decimals=0, lang="en") == f"{M}₽5"
    monkeypatch.setenv("KB_CURRENCY", "$")
    assert fmt.money(12) == f"12,00{S}$"


def test_percent_points_and_signed_numbers():
    assert fmt.percent(12.345) == f"12,3{S}%"
    assert fmt.percent(12.345, lang="en") == "12.3%"
    assert fmt.points(0.44) == f"+0,4{S}п. п."
    assert fmt.points(-0.44, lang="en") == f"{M}0.4{S}pp"
    assert fmt.points(-0.44, ascii_sign=True) == f"-0,4{S}п. п."
    assert fmt.signed(0) == "+0,0"


@pytest.mark.parametrize(
    ("value", "ru", "en"),
    [(15_000_000, f"15{S}млн", "15M"), (15_000, f"15{S}тыс.", "15K"), (15_400, f"15,4{S}тыс.", "15.4K"),
     (2_500_000_000, f"2,5{S}млрд", "2.5B"), (950, "950", "950")],
)
def test_compact_numbers(value, ru, en):
    assert fmt.compact(value) == ru
    assert fmt.compact(value, lang="en") == en


def test_dates_months_and_times_per_language():
    day = dt.date(2026, 11, 2)
    assert fmt.date(day) == "02.11.2026"
    assert fmt.date(day, lang="en") == "Nov 2, 2026"
    assert fmt.date(dt.datetime(2026, 11, 2, 0, 0)) == "02.11.2026"
    assert fmt.datetime(dt.datetime(2026, 11, 2, 13, 5)) == "02.11.2026 13:05"
    assert fmt.month(day) == "11.2026"
    assert fmt.month(day, lang="en") == "Nov 2026"
    assert fmt.date(None) == "—"


@pytest.mark.parametrize(("count", "ru", "en"), [(1, "клиент", "customer"), (2, "клиента", "customers"),
                                                 (5, "клиентов", "customers"), (21, "клиент", "customers"),
                                                 (12, "клиентов", "customers")])
def test_plural_forms_follow_cldr(count, ru, en):
    assert fmt.plural(count, {"one": "клиент", "few": "клиента", "many": "клиентов"}) == ru
    assert fmt.plural(count, {"one": "customer", "other": "customers"}, lang="en") == en


def test_the_current_language_comes_from_using_then_the_followed_source():
    # The interface's own source (ui/i18n.py registers it when imported, as other tests' collection may have
    # done) is given back afterwards: the page tests after this one format in their session's language.
    previous = fmt.follow(None)
    assert fmt.language() == "ru"
    fmt.follow(lambda: "en")
    try:
        assert fmt.number(1500) == "1,500"
        with fmt.using("ru"):
            assert fmt.number(1500) == f"1{S}500"
        fmt.follow(lambda: 1 / 0)  # a broken source falls back to Russian
        assert fmt.language() == "ru"
    finally:
        fmt.follow(previous)


def test_phone_in_groups():
    assert fmt.phone("+79171543433") == f"+7{S}917{S}154-34-33"
    assert fmt.phone("+4930123456") == "+4930123456"


def test_change():
    assert fmt.change(110, 100) == pytest.approx(10.0)
    assert fmt.change(5, 0) is None
