"""Segment rules: one JSON form for the page, saved segments, links and the command line.

    {"all": [{"field": "recency_days", "op": "between", "value": [0, 90]},
             {"field": "base_type", "op": "in", "value": ["active", "vip"]},
             {"field": "consent_email", "op": "eq", "value": true, "not": false}]}

Conditions combine with AND under `all` and with OR under `any`; an item of the list may itself be a group,
`{"any": [...]}` or `{"all": [...]}` of conditions (one level of nesting):

    {"all": [{"field": "consent_email", "op": "eq", "value": true},
             {"any": [{"field": "base_type", "op": "eq", "value": "vip"},
                      {"field": "revenue_365", "op": "gte", "value": 50000}]}]}

Rules without conditions select every customer (whichever the mode); a group needs at least one. Ops: `eq`, `in` (any of a list), `between` (both ends included),
`gte`, `lte`, `contains` (case-insensitive substring; a list means any of them). A condition on
a missing value is false, so its negation (`"not": true`) keeps customers with the value missing.
Fields are columns of the segment table (`segment_model`: the customer model with the CLV scores;
`FIELDS`); a rule becomes a `core.sql.Fragment` whose column names come from that allow-list and
whose values are all bound parameters.

Two fields take a parameter and are read from what each customer bought by category (`customer_categories`,
`queries/derived__customer_categories.sql`; definitions in `core/categories.py`):

    {"field": "category_bought", "op": "in", "value": ["Обувь", "Сумки"], "days": 30}
        bought any of these top-level categories in the last 30 days (days_ago < 30); without `days`: ever;
        `"not": true`: did not (never, without `days`);
    {"field": "category_share", "category": "Обувь", "op": "gte", "value": 0.3}
        the category's share of the customer's category spend (0-1) is at least 30 %; a customer who bought
        other categories only has a share of 0; one without any categorised purchase has none (missing).
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import fmt, jsontext, sql
from core.customers import ABC_CLASSES, BASE_TYPES, BEHAVIOUR_TYPES, LIFECYCLES, RFM_SEGMENTS, TEMPERATURES
from core.datasets import INTERACTION_TYPES
from core.i18n import DEFAULT_LANGUAGE, t

NUMERIC, CATEGORICAL, BOOLEAN, TEXT, DATE = "numeric", "categorical", "boolean", "text", "date"
OPS: tuple[str, ...] = ("eq", "in", "between", "gte", "lte", "contains")
OPS_BY_KIND: dict[str, tuple[str, ...]] = {
    NUMERIC: ("between", "gte", "lte", "eq", "in"),
    CATEGORICAL: ("in", "eq", "contains"),
    TEXT: ("contains", "eq", "in"),
    BOOLEAN: ("eq",),
    DATE: ("between", "gte", "lte", "eq"),
}
MAX_LIST = 500
MAX_CONDITIONS = 50
MAX_TEXT = 200
MODEL_QUERY = "derived__customer_model"
MAX_DAYS = 36_500  # «in the last N days»: at most a hundred years
# Parameters a condition may carry besides its value, and whether the field needs it.
PARAMS: dict[str, bool] = {"days": False, "category": True}
# What the parameterised conditions read (queries/derived__customer_categories.sql) and may name in SQL.
CATEGORY_TABLE = "customer_categories"
CATEGORY_COLUMNS: frozenset[str] = frozenset({"customer_id", "category", "days_ago", "share"})


@dataclass(frozen=True)
class FieldSpec:
    """A column segments may filter on: its kind, group on the page, and fixed values if any."""

    name: str
    kind: str
    group: str
    integer: bool = False
    options: tuple[str, ...] = ()
    unit: str = ""
    ops: tuple[str, ...] = ()  # when set, the operations allowed instead of those of the kind
    params: tuple[str, ...] = ()  # parameters of the condition besides its value (PARAMS)

    @property
    def is_column(self) -> bool:
        """True for a column of the segment table; False for a condition computed from its parameters."""
        return not self.params

    @property
    def allowed_ops(self) -> tuple[str, ...]:
        """The operations a condition on this field may use."""
        return self.ops or OPS_BY_KIND[self.kind]


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


# The allow-list: every customer-model column a segment may filter on, with its type.
FIELDS: dict[str, FieldSpec] = _fields(
    FieldSpec("recency_days", NUMERIC, "orders", integer=True, unit="days"),
    FieldSpec("orders", NUMERIC, "orders", integer=True),
    FieldSpec("revenue", NUMERIC, "orders", unit="money"),
    FieldSpec("aov", NUMERIC, "orders", unit="money"),
    FieldSpec("tenure_days", NUMERIC, "orders", integer=True, unit="days"),
    FieldSpec("orders_365", NUMERIC, "orders", integer=True),
    FieldSpec("revenue_365", NUMERIC, "orders", unit="money"),
    FieldSpec("first_order_date", DATE, "orders"),
    FieldSpec("last_order_date", DATE, "orders"),
    FieldSpec("discount_share", NUMERIC, "orders"),
    FieldSpec("discount_buyer", BOOLEAN, "orders"),
    FieldSpec("categories", TEXT, "orders"),
    FieldSpec("top_category", CATEGORICAL, "orders"),
    FieldSpec("top_category_share", NUMERIC, "orders"),
    FieldSpec("distinct_categories", NUMERIC, "orders", integer=True),
    FieldSpec("category_bought", CATEGORICAL, "orders", ops=("in", "eq"), params=("days",)),
    FieldSpec("category_share", NUMERIC, "orders", ops=("gte", "lte", "between"), params=("category",)),
    FieldSpec("base_type", CATEGORICAL, "classes", options=BASE_TYPES),
    FieldSpec("temperature", CATEGORICAL, "classes", options=TEMPERATURES),
    FieldSpec("lifecycle", CATEGORICAL, "classes", options=LIFECYCLES),
    FieldSpec("rfm_segment", CATEGORICAL, "classes", options=RFM_SEGMENTS),
    FieldSpec("r_score", NUMERIC, "classes", integer=True),
    FieldSpec("f_score", NUMERIC, "classes", integer=True),
    FieldSpec("m_score", NUMERIC, "classes", integer=True),
    FieldSpec("abc_class", CATEGORICAL, "classes", options=ABC_CLASSES),
    FieldSpec("behaviour_type", CATEGORICAL, "classes", options=BEHAVIOUR_TYPES),
    FieldSpec("source", CATEGORICAL, "profile"),
    FieldSpec("first_channel", CATEGORICAL, "profile"),
    FieldSpec("acquisition_channel", CATEGORICAL, "profile"),
    FieldSpec("city", CATEGORICAL, "profile"),
    FieldSpec("region", CATEGORICAL, "profile"),
    FieldSpec("gender", CATEGORICAL, "profile", options=("m", "f")),
    FieldSpec("age", NUMERIC, "profile", integer=True, unit="years"),
    FieldSpec("birthday_in_days", NUMERIC, "profile", integer=True, unit="days"),
    FieldSpec("interests", TEXT, "profile"),
    FieldSpec("profession", CATEGORICAL, "profile"),
    FieldSpec("marital_status", CATEGORICAL, "profile"),
    FieldSpec("manager", CATEGORICAL, "profile"),
    FieldSpec("registered_at", DATE, "profile"),
    FieldSpec("consent_email", BOOLEAN, "contact"),
    FieldSpec("consent_sms", BOOLEAN, "contact"),
    FieldSpec("interactions", NUMERIC, "contact", integer=True),
    FieldSpec("complaints", NUMERIC, "contact", integer=True),
    FieldSpec("last_interaction_type", CATEGORICAL, "contact", options=INTERACTION_TYPES),
    FieldSpec("last_interaction_date", DATE, "contact"),
    FieldSpec("last_nps", NUMERIC, "contact", integer=True),
    FieldSpec("last_negative_date", DATE, "contact"),
    # Predictive CLV (table clv_scores, fitted when the data is published), joined into segment_model.
    FieldSpec("p_alive", NUMERIC, "prediction"),
    FieldSpec("predicted_clv", NUMERIC, "prediction", unit="money"),
    FieldSpec("expected_purchases", NUMERIC, "prediction"),
    FieldSpec("at_risk", BOOLEAN, "prediction"),
)
GROUPS: tuple[str, ...] = ("orders", "classes", "profile", "contact", "prediction")

# What a segment's SQL fragment may name (the `where` slot of the segment queries): the fields, and the
# per-customer-per-category table with its columns (the conditions on a chosen category).
WHERE_NAMES: frozenset[str] = frozenset(FIELDS) | CATEGORY_COLUMNS | {CATEGORY_TABLE}


def model_columns() -> tuple[str, ...]:
    """The customer model's columns, read from the `returns:` line of its query's header."""
    returns = sql.header(sql.text(MODEL_QUERY))["returns"]
    return tuple(name.strip() for name in returns.split(",") if name.strip())


class RuleError(ValueError):
    """Rules that cannot be used; `message(lang)` says why in the user's language."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str) -> str:
        """The explanation in `lang`."""
        values = {k: t(v, lang) if isinstance(v, Key) else v for k, v in self.values.items()}
        return t(f"segments.error.{self.key}", lang, **values)


class Key(str):
    """A translation key given as a value of an error message (translated with the message)."""


Scalar = float | str | bool | dt.date


@dataclass(frozen=True)
class Condition:
    """One condition: `field op value`, negated when `negate`. Lists are stored as tuples. `days` and
    `category` are the parameters of the fields that take them (None elsewhere, and `days` when not given)."""

    field: str
    op: str
    value: Scalar | tuple[Scalar, ...]
    negate: bool = False
    days: int | None = None
    category: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The condition in the JSON form (`not` and parameters only when set, to keep links short)."""
        value = self.value
        if isinstance(value, tuple):
            value = [_json_scalar(v) for v in value]
        else:
            value = _json_scalar(value)
        item: dict[str, Any] = {"field": self.field, "op": self.op, "value": value}
        if self.category is not None:
            item["category"] = self.category
        if self.days is not None:
            item["days"] = self.days
        if self.negate:
            item["not"] = True
        return item


MODES: tuple[str, ...] = ("all", "any")


@dataclass(frozen=True)
class Group:
    """Conditions combined with AND (`all`) or OR (`any`): an item of the rules' list."""

    mode: str
    conditions: tuple[Condition, ...]

    def to_json(self) -> dict[str, Any]:
        """The group in the JSON form."""
        return {self.mode: [c.to_json() for c in self.conditions]}


@dataclass(frozen=True)
class Rules:
    """Conditions and groups of conditions, combined with AND (`mode` all) or OR (`mode` any); no conditions
    at all: every customer."""

    conditions: tuple[Condition, ...] = ()
    groups: tuple[Group, ...] = ()
    mode: str = "all"

    def to_json(self) -> dict[str, Any]:
        """The rules in the JSON form (conditions first, then groups)."""
        return {self.mode: [c.to_json() for c in self.conditions] + [g.to_json() for g in self.groups]}

    def all_conditions(self) -> tuple[Condition, ...]:
        """Every condition, those in groups included."""
        return self.conditions + tuple(c for g in self.groups for c in g.conditions)

    @property
    def empty(self) -> bool:
        """True without any condition (the whole base)."""
        return not self.all_conditions()

    def dumps(self) -> str:
        """Compact JSON text of the rules."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))


def _json_scalar(value: Scalar) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# ----------------------------------------------------------------------------------- parsing
def parse(source: str | bytes | Mapping[str, Any]) -> Rules:
    """Validate rules given as JSON text or an already decoded object; raise RuleError if unusable."""
    if isinstance(source, (str, bytes)):
        try:
            source = jsontext.loads(source)
        except jsontext.TooComplex as exc:
            raise RuleError(f"json_{exc.limit}", limit=fmt.number(exc.maximum)) from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise RuleError("json", detail=str(exc)) from exc
    mode, items = _list_of(source)
    if mode is None:
        raise RuleError("shape")
    conditions: list[Condition] = []
    groups: list[Group] = []
    number = 0
    for item in items:
        inner_mode, inner = _list_of(item)
        if inner_mode is None:
            number += 1
            _count(number)
            conditions.append(_condition(item, number))
            continue
        if not inner:
            raise RuleError("group_empty", g=len(groups) + 1)
        members = []
        for member in inner:
            number += 1
            _count(number)
            if _list_of(member)[0] is not None:
                raise RuleError("nesting", n=number)
            members.append(_condition(member, number))
        groups.append(Group(inner_mode, tuple(members)))
    return Rules(tuple(conditions), tuple(groups), mode)


def _list_of(item: Any) -> tuple[str | None, list[Any]]:
    """(`all` or `any`, its list) when `item` is a list of conditions (the rules or a group); (None, []) else."""
    if isinstance(item, Mapping) and len(item) == 1:
        mode = next(iter(item))
        if mode in MODES and isinstance(item[mode], list):
            return mode, item[mode]
    return None, []


def _count(number: int) -> None:
    if number > MAX_CONDITIONS:
        raise RuleError("too_many", limit=MAX_CONDITIONS)


def _condition(item: Any, number: int) -> Condition:
    if not isinstance(item, Mapping) or not {"field", "op", "value"} <= set(item) or \
            not set(item) <= {"field", "op", "value", "not", *PARAMS}:
        raise RuleError("condition_shape", n=number)
    name, op = item["field"], item["op"]
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise RuleError("unknown_field", n=number, field=str(name)[:MAX_TEXT])
    if op not in OPS:
        raise RuleError("unknown_op", n=number, op=str(op)[:MAX_TEXT], ops=", ".join(OPS))
    if op not in spec.allowed_ops:
        raise RuleError("op_for_field", n=number, op=op, field=name, ops=", ".join(spec.allowed_ops))
    negate = item.get("not", False)
    if not isinstance(negate, bool):
        raise RuleError("not_flag", n=number)
    params = _params(spec, item, number)
    return Condition(name, op, _value(spec, op, item["value"], number), negate, **params)


def _params(spec: FieldSpec, item: Mapping[str, Any], number: int) -> dict[str, Any]:
    """The condition's parameters (`days`, `category`), checked against what its field takes."""
    for param in PARAMS:
        if param in item and param not in spec.params:
            raise RuleError("param_unknown", n=number, field=spec.name, param=param)
    params: dict[str, Any] = {}
    for param in spec.params:
        if param not in item:
            if PARAMS[param]:
                raise RuleError("param_missing", n=number, field=spec.name, param=param)
            continue
        raw = item[param]
        if param == "days":
            whole = isinstance(raw, int) or (isinstance(raw, float) and math.isfinite(raw) and raw.is_integer())
            if isinstance(raw, bool) or not whole or not 1 <= raw <= MAX_DAYS:
                raise RuleError("param_days", n=number, field=spec.name, limit=fmt.number(MAX_DAYS))
            params["days"] = int(raw)
        else:
            if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_TEXT:
                raise RuleError("param_category", n=number, field=spec.name, limit=MAX_TEXT)
            params["category"] = raw
    return params


def _value(spec: FieldSpec, op: str, raw: Any, number: int) -> Scalar | tuple[Scalar, ...]:
    if op == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise RuleError("arity_between", n=number, field=spec.name)
        low, high = (_scalar(spec, v, number) for v in raw)
        if low > high:
            raise RuleError("bounds_order", n=number, field=spec.name)
        return (low, high)
    if op == "in" or (op == "contains" and isinstance(raw, list)):
        if not isinstance(raw, list) or not raw:
            raise RuleError("arity_list", n=number, field=spec.name, op=op)
        if len(raw) > MAX_LIST:
            raise RuleError("too_long", n=number, field=spec.name, limit=MAX_LIST)
        return tuple(_scalar(spec, v, number, op) for v in raw)
    if isinstance(raw, list):
        raise RuleError("arity_scalar", n=number, field=spec.name, op=op)
    return _scalar(spec, raw, number, op)


def _scalar(spec: FieldSpec, raw: Any, number: int, op: str = "eq") -> Scalar:
    """One value of the field's type (numbers as floats, dates from ISO text)."""
    if op == "contains":
        if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_TEXT:
            raise RuleError("wrong_type", n=number, field=spec.name, expected=Key("segments.type.text_value"))
        return raw
    if spec.kind == NUMERIC:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise RuleError("wrong_type", n=number, field=spec.name, expected=Key("segments.type.number"))
        try:
            value = float(raw)
        except OverflowError as exc:
            raise RuleError("too_large", n=number, field=spec.name) from exc
        if not math.isfinite(value):
            raise RuleError("too_large", n=number, field=spec.name)
        return value
    if spec.kind == BOOLEAN:
        if not isinstance(raw, bool):
            raise RuleError("wrong_type", n=number, field=spec.name, expected=Key("segments.type.boolean"))
        return raw
    if spec.kind == DATE:
        return _date(spec, raw, number)
    if not isinstance(raw, str) or len(raw) > MAX_TEXT:
        raise RuleError("wrong_type", n=number, field=spec.name, expected=Key("segments.type.text_value"))
    if spec.options and raw not in spec.options:
        raise RuleError("unknown_value", n=number, field=spec.name, value=raw, options=", ".join(spec.options))
    return raw


def _date(spec: FieldSpec, raw: Any, number: int) -> dt.date:
    """A date from `YYYY-MM-DD` text."""
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise RuleError("wrong_type", n=number, field=spec.name, expected=Key("segments.type.date"))


# ------------------------------------------------------------------------------------ links
def encode_link(rules: Rules) -> str:
    """The rules as a URL-safe base64 text (no padding) for `?segment=`."""
    return base64.urlsafe_b64encode(rules.dumps().encode()).decode().rstrip("=")


def decode_link(value: str) -> Rules:
    """Rules from a `?segment=` value: URL-safe base64 of the JSON, or the compact JSON itself."""
    value = value.strip()
    if value.startswith("{"):
        return parse(value)
    if not re.fullmatch(r"[A-Za-z0-9_-]+={0,2}", value):
        raise RuleError("link")
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise RuleError("link") from exc
    return parse(decoded)


# -------------------------------------------------------------------------------------- SQL
def where(rules: Rules) -> sql.Fragment:
    """The rules as a boolean SQL fragment: allow-listed columns, every value a bound `$p<n>`."""
    values: dict[str, Any] = {}

    def bind(value: Scalar) -> str:
        name = f"p{len(values)}"
        values[name] = value
        return f"${name}"

    if rules.empty:
        return sql.Fragment("true", values)
    parts = [_condition_sql(c, bind) for c in rules.conditions]
    for group in rules.groups:
        inner = [_condition_sql(c, bind) for c in group.conditions]
        parts.append("(" + f" {_JOIN[group.mode]} ".join(inner) + ")" if inner else _EMPTY[group.mode])
    return sql.Fragment(f" {_JOIN[rules.mode]} ".join(parts), values)


def _bought_sql(condition: Condition, bind: Any) -> str:
    """Customers with a category of the list (days_ago < days when given) in the per-category table."""
    names = condition.value if isinstance(condition.value, tuple) else (condition.value,)
    test = f'"category" in ({", ".join(bind(v) for v in names)})'
    if condition.days is not None:
        test += f' and "days_ago" < {bind(condition.days)}'
    return f'"customer_id" in (select "customer_id" from "{CATEGORY_TABLE}" where {test})'


def _share_sql(condition: Condition, bind: Any) -> str:
    """The category's share against the bounds; a customer with other categories only has a share of 0."""
    op, value = condition.op, condition.value
    if op == "between":
        test = f'"share" between {bind(value[0])} and {bind(value[1])}'
    else:
        test = f'"share" {">=" if op == "gte" else "<="} {bind(value)}'
    text = f'"customer_id" in (select "customer_id" from "{CATEGORY_TABLE}" where "category" = ' \
           f'{bind(condition.category)} and {test})'
    if _share_holds(condition, 0.0):
        text += f' or ("top_category" is not null and "customer_id" not in (select "customer_id" from ' \
                f'"{CATEGORY_TABLE}" where "category" = {bind(condition.category)}))'
    return text


def _share_holds(condition: Condition, share: float) -> bool:
    op, value = condition.op, condition.value
    if op == "between":
        return value[0] <= share <= value[1]
    return share >= value if op == "gte" else share <= value


_JOIN = {"all": "and", "any": "or"}
_EMPTY = {"all": "true", "any": "false"}  # what a group without conditions means (parse refuses one)


def _condition_sql(condition: Condition, bind: Any) -> str:
    if condition.field not in FIELDS:
        raise RuleError("unknown_field", n=0, field=condition.field)
    column = f'"{condition.field}"'
    op, value = condition.op, condition.value
    if condition.field == "category_bought":
        text = _bought_sql(condition, bind)
    elif condition.field == "category_share":
        text = _share_sql(condition, bind)
    elif op == "between":
        text = f"{column} between {bind(value[0])} and {bind(value[1])}"
    elif op == "gte":
        text = f"{column} >= {bind(value)}"
    elif op == "lte":
        text = f"{column} <= {bind(value)}"
    elif op == "eq":
        text = f"{column} = {bind(value)}"
    elif op == "in":
        text = f"{column} in ({', '.join(bind(v) for v in value)})"
    else:
        needles = value if isinstance(value, tuple) else (value,)
        text = " or ".join(f"contains(lower({column}), lower({bind(v)}))" for v in needles)
    return f"not coalesce({text}, false)" if condition.negate else f"({text})"


def matches(rules: Rules, row: Mapping[str, Any]) -> bool:
    """True when a customer (a row of the model as a dict) meets the rules; the plain-Python definition.

    Conditions on a chosen category read `row["bought"]`: {category: (days_ago, share)} of what they bought.
    """
    if rules.empty:
        return True
    combine = {"all": all, "any": any}
    held = [_matches(c, _actual(c, row)) for c in rules.conditions]
    held += [combine[g.mode](_matches(c, _actual(c, row)) for c in g.conditions) for g in rules.groups]
    return combine[rules.mode](held)


def _actual(condition: Condition, row: Mapping[str, Any]) -> Any:
    """The value the condition tests: the model's column, or what the customer bought of its categories."""
    bought = row.get("bought") or {}
    if condition.field == "category_bought":
        names = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        return any(n in bought and (condition.days is None or bought[n][0] < condition.days) for n in names)
    if condition.field == "category_share":
        return bought[condition.category][1] if condition.category in bought else (0.0 if bought else None)
    return row.get(condition.field)


def _matches(condition: Condition, actual: Any) -> bool:
    op, value = condition.op, condition.value
    if condition.field == "category_bought":
        return actual != condition.negate
    if actual is None:
        held = False
    elif op == "between":
        held = value[0] <= actual <= value[1]
    elif op == "gte":
        held = actual >= value
    elif op == "lte":
        held = actual <= value
    elif op == "eq":
        held = actual == value
    elif op == "in":
        held = actual in value
    else:
        needles = value if isinstance(value, tuple) else (value,)
        held = any(n.lower() in actual.lower() for n in needles)
    return held != condition.negate
