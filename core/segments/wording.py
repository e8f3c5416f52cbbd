"""Segment rules read aloud: one line a person can check («Покупал категорию «Обувь» за последние 30 дней И …»).

The builder shows it under the conditions, the command line prints it beside a segment; numbers, money,
shares and dates read as the language writes them, fixed classes by their names. Data values (categories,
cities) are quoted as they are: a caller putting the text into Markdown escapes it (`core.text.md`).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from core import fmt
from core.i18n import has, t
from core.segments.rules import BOOLEAN, DATE, FIELDS, Condition, Rules

# Fields holding a share 0-1, read as a percentage.
PERCENT_FIELDS: frozenset[str] = frozenset({"category_share", "top_category_share", "discount_share"})


def describe(rules: Rules, lang: str) -> str:
    """The rules as one line of text in `lang`; the whole base when there are none."""
    if rules.empty:
        return t("segments.rules.none", lang)
    join = f" {t(f'segments.say.{rules.mode}', lang)} "
    parts = [condition(c, lang) for c in rules.conditions]
    for group in rules.groups:
        inner = f" {t(f'segments.say.{group.mode}', lang)} ".join(condition(c, lang) for c in group.conditions)
        parts.append(f"({inner})" if len(group.conditions) > 1 else inner)
    return join.join(parts)


def condition(cond: Condition, lang: str) -> str:
    """One condition in words."""
    if cond.field == "category_bought":
        return _bought(cond, lang)
    if cond.field == "category_share":
        field = t("segments.say.share_of", lang, category=_quote(cond.category))
    else:
        field = t(f"segments.field.{cond.field}", lang)
    text = _comparison(cond, field, lang)
    return t("segments.say.not", lang, text=text) if cond.negate else text


def _comparison(cond: Condition, field: str, lang: str) -> str:
    op, value = cond.op, cond.value
    if op == "between":
        return t("segments.say.between", lang, field=field, low=_value(cond.field, value[0], lang),
                 high=_value(cond.field, value[1], lang))
    if op in ("in", "contains"):
        listed = value if isinstance(value, tuple) else (value,)
        values = ", ".join(_value(cond.field, v, lang, quoted=True) for v in listed)
        return t(f"segments.say.{op}", lang, field=field, values=values)
    quoted = FIELDS[cond.field].kind not in (BOOLEAN, DATE)
    return t(f"segments.say.{op}", lang, field=field, value=_value(cond.field, value, lang, quoted))


def _bought(cond: Condition, lang: str) -> str:
    names = cond.value if isinstance(cond.value, tuple) else (cond.value,)
    listed = ", ".join(_quote(n) for n in names)
    count = "one" if len(names) == 1 else "many"
    way = "not" if cond.negate else "yes"
    if cond.days is None:
        return t(f"segments.say.bought.{way}.ever.{count}", lang, categories=listed)
    forms = {form: t(f"segments.say.days.{form}", lang, n=fmt.number(cond.days, lang=lang))
             for form in ("one", "few", "many", "other")}
    period = fmt.plural(cond.days, forms, lang)
    return t(f"segments.say.bought.{way}.{count}", lang, categories=listed, period=period)


def _quote(value: Any) -> str:
    return f"«{value}»"


def _value(field: str, value: Any, lang: str, quoted: bool = False) -> str:
    spec = FIELDS[field]
    if isinstance(value, bool):
        return t("segments.say.yes" if value else "segments.say.no", lang)
    if isinstance(value, dt.date):
        return fmt.date(value, lang=lang)
    if isinstance(value, float):
        if field in PERCENT_FIELDS:
            share = 100 * value
            return fmt.percent(share, 0 if float(share).is_integer() else 1, lang=lang)
        whole = value.is_integer()
        if spec.unit == "money":
            return fmt.money(value, decimals=0 if whole else 2, lang=lang)
        return fmt.number(value, 0 if whole else 2, lang=lang)
    key = f"segments.value.{field}.{value}"
    if has(key):
        return t(key, lang)
    return _quote(value) if quoted else str(value)
