"""Every classification's definition, in both languages, from one place.

The definitions page and the help text beside each chart both render from here, with the values
of the thresholds in force, so they cannot disagree. The wording lives in the translation table
(`core/i18n/composition.py`, keys `def.<section>...`); the rules themselves are in
`queries/derived__customer_model.sql` (documented in `core/customers.py`).
"""
from __future__ import annotations

from dataclasses import dataclass

from core import fmt
from core.context import Thresholds
from core.customers import ABC_CLASSES, BASE_TYPES, BEHAVIOUR_TYPES, LIFECYCLES, RFM_SEGMENTS, TEMPERATURES
from core.i18n import t


@dataclass(frozen=True)
class Section:
    """One classification: its model column and the codes it takes, in display order."""

    key: str
    column: str
    codes: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("base_type", "base_type", BASE_TYPES),
    Section("temperature", "temperature", TEMPERATURES),
    Section("lifecycle", "lifecycle", LIFECYCLES),
    Section("rfm", "rfm_segment", RFM_SEGMENTS),
    Section("abc", "abc_class", ABC_CLASSES),
    Section("discount", "discount_buyer", ("discount_buyer",)),
    Section("behaviour", "behaviour_type", BEHAVIOUR_TYPES),
)
BY_COLUMN: dict[str, Section] = {s.column: s for s in SECTIONS}
BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


def values(thresholds: Thresholds, lang: str) -> dict[str, str]:
    """The thresholds as the definitions quote them (`180`, `5 %`, `80 %`, a sum or «not set»)."""
    minimum = thresholds.vip_min_revenue
    return {
        "inactive_days": fmt.number(thresholds.inactive_days),
        "vip_share": fmt.percent(100 * thresholds.vip_share, 1 if (100 * thresholds.vip_share) % 1 else 0),
        "vip_min_revenue": fmt.money(minimum, decimals=0) if minimum is not None else t("def.not_set", lang),
        "activity_window_days": fmt.number(thresholds.activity_window_days),
        "hot_days": fmt.number(thresholds.hot_days),
        "warm_days": fmt.number(thresholds.warm_days),
        "negative_days": fmt.number(thresholds.negative_days),
        "hot_min_orders": fmt.number(thresholds.hot_min_orders),
        "new_days": fmt.number(thresholds.new_days),
        "lost_days": fmt.number(thresholds.lost_days),
        "abc_a_share": fmt.percent(100 * thresholds.abc_a_share, 0),
        "abc_b_share": fmt.percent(100 * thresholds.abc_b_share, 0),
        "discount_buyer_share": fmt.percent(100 * thresholds.discount_buyer_share, 0),
        "behaviour_min_orders": fmt.number(thresholds.behaviour_min_orders),
        "loyal_min_score": fmt.number(thresholds.loyal_min_score),
        "purposeful_max_cv": fmt.number(thresholds.purposeful_max_cv, 2),
        "purposeful_min_share": fmt.percent(100 * thresholds.purposeful_min_share, 0),
        "impulsive_min_cv": fmt.number(thresholds.impulsive_min_cv, 2),
        "impulsive_min_categories": fmt.number(thresholds.impulsive_min_categories),
        "curious_min_interactions": fmt.number(thresholds.curious_min_interactions),
    }


def title(section: str, lang: str) -> str:
    """The name of a classification («Тип базы»)."""
    return t(f"def.{section}", lang)


def intro(section: str, lang: str, thresholds: Thresholds) -> str:
    """The general rule of a classification."""
    return t(f"def.{section}.intro", lang, **values(thresholds, lang))


def label(section: str, code: str | None, lang: str) -> str:
    """The display name of one class («Неактивная»); `—` for a missing value."""
    if code is None:
        return "—"
    return t(f"def.{section}.{code}", lang)


def text(section: str, code: str, lang: str, thresholds: Thresholds) -> str:
    """The definition of one class with the thresholds in force."""
    return t(f"def.{section}.{code}.text", lang, **values(thresholds, lang))


def help_text(section: str, lang: str, thresholds: Thresholds) -> str:
    """The help text beside a chart of `section`: its rule and every class's definition (Markdown)."""
    lines = [intro(section, lang, thresholds), ""]
    lines += [f"- **{label(section, code, lang)}** — {text(section, code, lang, thresholds)}"
              for code in BY_KEY[section].codes]
    return "\n".join(lines)


# The period metrics on «Определения», in the order of `core.metrics.KEYS`, then figures of the metrics pages.
METRIC_EXTRAS: tuple[str, ...] = ("metrics.payback", "metrics.ltv_cac")


def metric_definitions(lang: str, thresholds: Thresholds) -> list[tuple[str, str]]:
    """(name, definition) of every period metric and of payback and LTV / CAC, with the settings in force."""
    from core.metrics import KEYS

    margin = fmt.percent(100 * thresholds.gross_margin_share, 0)
    pairs = [(t(f"metrics.kpi.{key}", lang), t(f"metrics.kpi.{key}.help", lang, margin=margin)) for key in KEYS]
    pairs += [(t(key, lang), t(f"{key}.help", lang, margin=margin)) for key in METRIC_EXTRAS]
    return pairs


def labels(section: str, lang: str) -> dict[str, str]:
    """Code -> display name for every class of `section`."""
    return {code: label(section, code, lang) for code in BY_KEY[section].codes}


# Campaign results and contact rules (core/campaign_results.py, core/communications.py): title and text keys
# `campaigns.def.<term>` and `campaigns.def.<term>.text`; the Campaigns page shows them beside the figures.
CAMPAIGN_TERMS: tuple[str, ...] = ("window", "conversion", "revenue_per_customer", "uplift", "incremental_revenue",
                                   "roi", "control", "weaker", "opens", "pressure")


def campaign_term(term: str, lang: str) -> tuple[str, str]:
    """The title and the definition of a campaign figure."""
    return t(f"campaigns.def.{term}", lang), t(f"campaigns.def.{term}.text", lang)


def campaign_help(lang: str, terms: tuple[str, ...] = CAMPAIGN_TERMS) -> str:
    """The campaign definitions as Markdown (the help beside the results and the «Определения» section)."""
    return "\n".join(f"- **{title}** — {text}" for title, text in (campaign_term(k, lang) for k in terms))


# What customers bought by category (core/categories.py, queries/derived__customer_categories.sql): title and text
# keys `def.categories.<term>[.text]`; «Определения» shows them all, the segment builder the ones of a condition.
CATEGORY_TERMS: tuple[str, ...] = ("source", "bought", "share", "top")
FIELD_TERMS: dict[str, tuple[str, ...]] = {
    "category_bought": ("bought", "source"), "category_share": ("share", "source"),
    "top_category": ("top", "source"), "top_category_share": ("top", "source"), "categories": ("source",),
    "distinct_categories": ("top", "source"),
}


def category_help(lang: str, terms: tuple[str, ...] = CATEGORY_TERMS) -> str:
    """The category definitions as Markdown (the «Определения» section and the builder's help of a condition)."""
    return "\n".join(f"- **{t(f'def.categories.{k}', lang)}** — {t(f'def.categories.{k}.text', lang)}" for k in terms)
