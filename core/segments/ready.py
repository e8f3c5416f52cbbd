"""Ready-made segments from the domain: every workspace starts with them, and they edit like any other.

Each is plain rules over the customer model (relative to the analysis date). Saving a changed
ready-made segment under its id keeps the change in the workspace (see `core.segments.saved`).
"""
from __future__ import annotations

from core.segments.rules import Condition, Rules

# Acquisition sources that are social networks, matched case-insensitively as parts of the source
# («VK Реклама», «vk.com», «Реклама ВКонтакте» all match).
SOCIAL_SOURCES: tuple[str, ...] = (
    "вконтакте", "vk", "telegram", "телеграм", "одноклассники", "ok.ru", "odnoklassniki", "instagram",
    "инстаграм", "facebook", "фейсбук", "tiktok", "тикток", "дзен", "dzen", "youtube", "ютуб", "rutube",
    "pinterest", "twitter", "мой мир", "соцсет", "social",
)

# VIP customers whose probability of still being active (P alive of the CLV model) is at most this
# count as «VIP at risk»: high value, likely slipping away.
VIP_AT_RISK_P_ALIVE = 0.5


def _rules(*conditions: tuple) -> Rules:
    return Rules(tuple(Condition(*c) for c in conditions))


# id -> rules; names and descriptions are the translation keys `segments.ready.<id>[.help]`.
READY: dict[str, Rules] = {
    "bought_month_ago": _rules(("recency_days", "between", (25.0, 35.0))),
    "never_bought": _rules(("orders", "eq", 0.0)),
    "social": _rules(("source", "contains", SOCIAL_SOURCES)),
    "no_purchase_3_months": _rules(("orders", "gte", 1.0), ("recency_days", "gte", 90.0)),
    "birthday_week": _rules(("birthday_in_days", "between", (0.0, 7.0))),
    "vip_at_risk": _rules(("base_type", "eq", "vip"), ("p_alive", "lte", VIP_AT_RISK_P_ALIVE)),
    "second_purchase_nudge": _rules(("orders", "eq", 1.0), ("tenure_days", "between", (30.0, 90.0))),
}
