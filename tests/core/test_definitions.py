"""Definitions come from one source, in both languages, with the thresholds in force."""
from __future__ import annotations

import pytest

from core import definitions
from core.context import Thresholds
from core.i18n import LANGUAGES

PAIRS = [(s.key, code) for s in definitions.SECTIONS for code in s.codes]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("section", "code"), PAIRS)
def test_every_class_has_a_name_and_a_definition(section, code, lang):
    assert definitions.label(section, code, lang)
    assert len(definitions.text(section, code, lang, Thresholds())) > 5


def test_help_text_quotes_the_thresholds_in_force():
    text = definitions.help_text("base_type", "ru", Thresholds(inactive_days=120, vip_share=0.1))
    assert "более 120 дней" in text and "10\u00a0%" in text and "не задан" in text
    assert "180" not in text
    english = definitions.help_text("base_type", "en", Thresholds(vip_min_revenue=50000.0))
    assert "50\u00a0000\u00a0₽" in english and "more than 180 days" in english


def test_every_class_of_the_model_is_defined():
    from core.customers import ABC_CLASSES, BASE_TYPES, LIFECYCLES, RFM_SEGMENTS, TEMPERATURES

    defined = {s.column: set(s.codes) for s in definitions.SECTIONS}
    assert defined["base_type"] == set(BASE_TYPES) and defined["temperature"] == set(TEMPERATURES)
    assert defined["lifecycle"] == set(LIFECYCLES) and defined["rfm_segment"] == set(RFM_SEGMENTS)
    assert defined["abc_class"] == set(ABC_CLASSES)


def test_missing_class_reads_as_a_dash():
    assert definitions.label("rfm", None, "ru") == "—"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_metric_definitions_name_what_is_computed(lang):
    found = dict(definitions.metric_definitions(lang, Thresholds(gross_margin_share=0.42)))
    assert len(found) == len(set(found))  # no two figures share a name
    crr = found["Удержание (CRR)" if lang == "ru" else "Retention rate (CRR)"]
    assert "|E ∖ N| / S" in crr and "(E − N)" not in crr
    margin = found["Валовая маржа для LTV" if lang == "ru" else "Gross margin for LTV"]
    assert "42\u00a0%" in margin and "{margin}" not in margin
    period = found["Повторные покупки за период" if lang == "ru" else "Repeat purchase rate in the period"]
    cumulative = found["Повторные покупатели за всё время" if lang == "ru" else "Repeat customers since the first order"]
    assert period != cumulative


def test_temperature_definition_quotes_its_settings():
    ru = definitions.help_text("temperature", "ru", Thresholds(negative_days=45, hot_min_orders=4, hot_days=20))
    assert "не более 45 дней назад" in ru and "не меньше 4 выполненных заказов" in ru and "не более 20 дней" in ru
    assert "оценка от 0 до 6" in ru and "отписка" in ru and "Один заказ, даже вчерашний, горячим не делает" in ru
    en = definitions.help_text("temperature", "en", Thresholds())
    assert "at most 90 days ago" in en and "at least 3 completed orders" in en and "unsubscribe" in en


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_category_conditions_are_defined_at_their_boundary(lang):
    from core.definitions import FIELD_TERMS, category_help

    text = category_help(lang)
    assert ("ровно N дней назад уже не считается" if lang == "ru" else "exactly N days ago no longer counts") in text
    assert ("выполненный заказ без строк" if lang == "ru" else "a completed order without lines") in text
    builder_help = category_help(lang, FIELD_TERMS["category_share"])
    assert ("Доля категории X" if lang == "ru" else "Share of category X") in builder_help
    assert ("за последние N дней" if lang == "ru" else "in the last N days") not in builder_help
