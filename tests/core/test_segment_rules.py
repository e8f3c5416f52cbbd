"""Segment rules: validation with bilingual errors, SQL for every op and negation, links, and the loader's fragment slot."""
from __future__ import annotations

import datetime as dt

import pytest

from core import sql
from core.segments import ready, results
from core.segments import rules as R
from core.segments.rules import Condition, Rules
from tests import segments_data as data
from tests.segments_data import segment_ws  # noqa: F401


def one(field, op, value, negate=False) -> Rules:
    return Rules((Condition(field, op, value, negate),))


@pytest.mark.parametrize(("rules", "text", "values"), [
    (one("recency_days", "between", (0.0, 30.0)), '("recency_days" between $p0 and $p1)', {"p0": 0.0, "p1": 30.0}),
    (one("orders", "gte", 1.0), '("orders" >= $p0)', {"p0": 1.0}),
    (one("revenue", "lte", 5.0), '("revenue" <= $p0)', {"p0": 5.0}),
    (one("city", "eq", "Москва"), '("city" = $p0)', {"p0": "Москва"}),
    (one("base_type", "in", ("vip", "active")), '("base_type" in ($p0, $p1))', {"p0": "vip", "p1": "active"}),
    (one("source", "contains", "vk"), '(contains(lower("source"), lower($p0)))', {"p0": "vk"}),
    (one("source", "contains", ("vk", "tg")),
     '(contains(lower("source"), lower($p0)) or contains(lower("source"), lower($p1)))', {"p0": "vk", "p1": "tg"}),
    (one("consent_email", "eq", True, negate=True), 'not coalesce("consent_email" = $p0, false)', {"p0": True}),
    (Rules(), "true", {}),
    (one("p_alive", "lte", 0.3, negate=True),
     'not coalesce("p_alive" <= $p0, false)',
     {"p0": 0.3}),
    (Rules((Condition("orders", "eq", 0.0), Condition("city", "in", ("a'b",), True))),
     '("orders" = $p0) and not coalesce("city" in ($p1), false)', {"p0": 0.0, "p1": "a'b"}),
    (Rules((Condition("orders", "eq", 0.0),), (R.Group("any", (Condition("city", "eq", "a"),
                                                              Condition("source", "eq", "b", True))),)),
     '("orders" = $p0) and (("city" = $p1) or not coalesce("source" = $p2, false))',
     {"p0": 0.0, "p1": "a", "p2": "b"}),
    (Rules((Condition("orders", "eq", 0.0), Condition("orders", "eq", 2.0)), mode="any"),
     '("orders" = $p0) or ("orders" = $p1)', {"p0": 0.0, "p1": 2.0}),
    (Rules(mode="any"), "true", {}),
])
def test_rules_become_sql_with_bound_values(rules, text, values):
    fragment = R.where(rules)
    assert (fragment.text, dict(fragment.values)) == (text, values)


@pytest.mark.parametrize(("rules", "expected"), [
    (one("recency_days", "between", (0.0, 30.0)), {"a", "e"}),
    (one("recency_days", "between", (0.0, 30.0), True), {"b", "c", "d"}),
    (one("orders", "gte", 1.0), {"a", "b", "d", "e"}),
    (one("orders", "lte", 1.0), {"b", "c", "d", "e"}),
    (one("orders", "lte", 1.0, True), {"a"}),
    (one("orders", "eq", 0.0), {"c"}),
    (one("orders", "in", (0.0, 2.0)), {"a", "c"}),
    (one("revenue", "between", (300.0, 1500.0)), {"a", "b"}),
    (one("city", "in", ("Москва",)), {"a", "d"}),
    (one("city", "in", ("Москва",), True), {"b", "c", "e"}),
    (one("city", "eq", "O'Brien; drop"), {"e"}),
    (one("source", "contains", "VK"), {"c"}),
    (one("source", "contains", ("вконтакте", "TELEGRAM")), {"a", "d"}),
    (one("consent_email", "eq", True), {"a", "c", "d", "e"}),
    (one("consent_email", "eq", False), {"b"}),
    (one("base_type", "eq", "working"), {"b", "e"}),
    (one("last_order_date", "gte", data.ago(40)), {"a", "e"}),
    (ready.READY["social"], {"a", "c", "d"}),
    (ready.READY["never_bought"], {"c"}),
    (ready.READY["no_purchase_3_months"], {"b", "d"}),
    # OR at the top: bought in the last 30 days (a, e) or never (c).
    (Rules((Condition("recency_days", "between", (0.0, 30.0)), Condition("orders", "eq", 0.0)), mode="any"),
     {"a", "c", "e"}),
    # AND with an OR group: e-mail consent (a, c, d, e) and (from Moscow (a, d) or never bought (c)).
    (Rules((Condition("consent_email", "eq", True),),
           (R.Group("any", (Condition("city", "in", ("Москва",)), Condition("orders", "eq", 0.0))),)), {"a", "c", "d"}),
    # OR of a condition and an AND group: never bought (c), or working (b, e) with e-mail consent (e).
    (Rules((Condition("orders", "eq", 0.0),),
           (R.Group("all", (Condition("base_type", "eq", "working"), Condition("consent_email", "eq", True))),),
           mode="any"), {"c", "e"}),
])
def test_each_op_and_negation_selects_the_customers_computed_by_hand(segment_ws, rules, expected):
    members = results.members(segment_ws, data.ctx(), rules)
    assert set(members["customer_id"]) == expected
    model = {r["customer_id"]: r for r in results.members(segment_ws, data.ctx(), Rules()).iter_rows(named=True)}
    assert {c for c, row in model.items() if R.matches(rules, row)} == expected


@pytest.mark.parametrize(("source", "key"), [
    ("{not json", "json"),
    ('["all"]', "shape"),
    ('{"none": []}', "shape"),
    ('{"all": [], "any": []}', "shape"),
    ('{"all": [{"any": []}]}', "group_empty"),
    ('{"all": [{"any": [{"all": [{"field": "orders", "op": "eq", "value": 1}]}]}]}', "nesting"),
    ('{"all": [{"any": [{"field": "orders", "op": "eq", "value": "1"}]}]}', "wrong_type"),
    ('{"any": [' + ",".join(['{"field": "orders", "op": "eq", "value": 1}'] * 30)
     + ', {"all": [' + ",".join(['{"field": "orders", "op": "eq", "value": 1}'] * 21) + "]}]}", "too_many"),
    ('{"all": [{"field": "nope", "op": "eq", "value": 1}]}', "unknown_field"),
    ('{"all": [{"field": "orders", "op": "like", "value": 1}]}', "unknown_op"),
    ('{"all": [{"field": "orders", "op": "contains", "value": "1"}]}', "op_for_field"),
    ('{"all": [{"field": "orders", "op": "eq", "value": "1"}]}', "wrong_type"),
    ('{"all": [{"field": "orders", "op": "eq", "value": true}]}', "wrong_type"),
    ('{"all": [{"field": "consent_sms", "op": "eq", "value": 1}]}', "wrong_type"),
    ('{"all": [{"field": "last_order_date", "op": "eq", "value": "31.12.2026"}]}', "wrong_type"),
    ('{"all": [{"field": "last_order_date", "op": "eq", "value": "2026-02-30"}]}', "wrong_type"),
    ('{"all": [{"field": "orders", "op": "between", "value": [1]}]}', "arity_between"),
    ('{"all": [{"field": "orders", "op": "between", "value": 1}]}', "arity_between"),
    ('{"all": [{"field": "orders", "op": "between", "value": [5, 1]}]}', "bounds_order"),
    ('{"all": [{"field": "city", "op": "in", "value": []}]}', "arity_list"),
    ('{"all": [{"field": "city", "op": "eq", "value": ["a"]}]}', "arity_scalar"),
    ('{"all": [{"field": "revenue", "op": "gte", "value": 1e999}]}', "too_large"),
    ('{"all": [{"field": "revenue", "op": "gte", "value": ' + "9" * 400 + "}]}", "too_large"),
    ('{"all": [{"field": "base_type", "op": "eq", "value": "gold"}]}', "unknown_value"),
    ('{"all": [{"field": "city", "op": "eq", "value": "x", "not": "yes"}]}', "not_flag"),
    ('{"all": [{"field": "city", "op": "eq"}]}', "condition_shape"),
    ('{"all": [{"field": "city", "op": "eq", "value": "x", "extra": 1}]}', "condition_shape"),
])
def test_bad_rules_get_a_clear_error_in_both_languages(source, key):
    with pytest.raises(R.RuleError) as caught:
        R.parse(source)
    assert caught.value.key == key
    ru, en = caught.value.message("ru"), caught.value.message("en")
    assert ru != en and "{" not in ru.replace("{\"", "") and en


def test_wrong_type_names_the_expected_type_in_the_message_language():
    with pytest.raises(R.RuleError) as caught:
        R.parse({"all": [{"field": "orders", "op": "eq", "value": "1"}]})
    assert "число" in caught.value.message("ru") and "a number" in caught.value.message("en")


def test_or_groups_parse_round_trip_and_old_rules_keep_working():
    text = ('{"all": [{"field": "consent_email", "op": "eq", "value": true}, {"any": [{"field": "base_type", '
            '"op": "eq", "value": "vip"}, {"field": "revenue_365", "op": "gte", "value": 50000}]}]}')
    rules = R.parse(text)
    assert rules.conditions == (Condition("consent_email", "eq", True),)
    assert rules.groups == (R.Group("any", (Condition("base_type", "eq", "vip"),
                                            Condition("revenue_365", "gte", 50000.0))),)
    assert R.parse(rules.dumps()) == rules and R.decode_link(R.encode_link(rules)) == rules
    top_any = R.parse('{"any": [{"field": "orders", "op": "eq", "value": 0}]}')
    assert top_any.mode == "any" and R.parse(top_any.dumps()) == top_any
    # Old rules (AND only) read as before and are written as before.
    old = '{"all":[{"field":"orders","op":"gte","value":1}]}'
    assert R.parse(old).dumps() == old and R.parse(old) == Rules((Condition("orders", "gte", 1.0),))


def test_the_issue_example_parses_and_round_trips():
    text = ('{"all": [{"field": "recency_days", "op": "between", "value": [0, 90]}, {"field": "base_type", "op": "in", '
            '"value": ["active", "vip"]}, {"field": "consent_email", "op": "eq", "value": true, "not": false}]}')
    rules = R.parse(text)
    assert rules.conditions[0] == Condition("recency_days", "between", (0.0, 90.0))
    assert R.parse(rules.dumps()) == rules


@pytest.mark.parametrize("rules", [*ready.READY.values(), one("first_order_date", "between",
                                                            (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), True)])
def test_link_round_trip(rules):
    link = R.encode_link(rules)
    assert "=" not in link and "+" not in link and "/" not in link
    assert R.decode_link(link) == rules
    assert R.decode_link(rules.dumps()) == rules


@pytest.mark.parametrize("link", ["%%%", "abc", "e30", "eyJhbGwiOiBbXQ" + "!"])
def test_malformed_links_are_refused(link):
    with pytest.raises(R.RuleError):
        R.decode_link(link)


def test_every_field_is_a_column_of_the_segment_table(demo_workspace):
    from core.clv.clv import SCORE_COLUMNS

    ctx = sql.default_context(demo_workspace)
    with demo_workspace.reading(ctx.generation) as cur:
        columns = [row[0] for row in cur.sql("describe segment_model").fetchall()]
    assert {name for name, spec in R.FIELDS.items() if spec.is_column} <= set(columns)
    assert {name for name, spec in R.FIELDS.items() if not spec.is_column} == {"category_bought", "category_share"}
    assert columns == [*R.model_columns(), "p_alive", "predicted_clv", "expected_purchases", "at_risk", "segment_cell"]
    assert {"p_alive", "predicted_clv", "expected_purchases", "at_risk"} <= set(SCORE_COLUMNS)
    assert {"base_type", "recency_days", "orders", "revenue", "aov", "city", "source", "consent_email",
            "consent_sms", "birthday_in_days"} <= set(R.FIELDS)


@pytest.mark.parametrize("fragment", [
    sql.Fragment('"name" = $p0', {"p0": "x"}),  # not an allowed column
    sql.Fragment("\"city\" = 'x'", {}),  # a literal
    sql.Fragment('"city" = $p0; drop table orders', {"p0": "x"}),
    sql.Fragment('"city" = $as_of', {}),  # not a fragment parameter
    sql.Fragment('"city" = $p0', {}),  # value missing
    sql.Fragment('"city" = $p0', {"p0": "x", "p1": "y"}),  # value unused
    sql.Fragment("city = $p0", {"p0": "x"}),  # unquoted identifier
    sql.Fragment('"city" = $p0 -- ', {"p0": "x"}),
])
def test_the_loader_refuses_fragments_that_are_not_well_formed(segment_ws, fragment):
    with pytest.raises(sql.QueryError):
        sql.run(segment_ws, "segments__summary", data.ctx(), fragments={"where": fragment})


def test_the_loader_refuses_text_for_a_fragment_slot(segment_ws):
    with pytest.raises(sql.QueryError):
        sql.run(segment_ws, "segments__summary", data.ctx(), fragments={"where": '"city" = \'x\''})
    with pytest.raises(sql.QueryError):
        sql.run(segment_ws, "segments__summary", data.ctx())


def test_fragment_parameters_may_not_clash_with_the_query_parameters(monkeypatch):
    monkeypatch.setattr(sql, "text", lambda name: "-- fragments: where = core.segments.rules:FIELDS\n"
                                                   "select * from customer_model where {{where}} and orders > $p0")
    sql.allow_lists.cache_clear()
    try:
        with pytest.raises(sql.QueryError, match="clash"):
            sql.prepare("q_clash", {"p0": 1}, fragments={"where": sql.Fragment('"orders" = $p0', {"p0": 1.0})})
    finally:
        sql.allow_lists.cache_clear()


@pytest.mark.parametrize("negate", [False, True])
def test_clv_fields_select_through_the_scores_table(demo_workspace, negate):
    ctx = sql.default_context(demo_workspace)
    with demo_workspace.reading(ctx.generation) as cur:
        scores = cur.sql("select customer_id, p_alive from clv_scores").fetchall()
    low = {c for c, p in scores if p is not None and p <= 0.5}
    everyone = set(results.members(demo_workspace, ctx, Rules())["customer_id"])
    assert low and low < everyone
    chosen = set(results.members(demo_workspace, ctx, one("p_alive", "lte", 0.5, negate))["customer_id"])
    # Negated, it keeps customers without a score too (a missing value fails the condition).
    assert chosen == (everyone - low if negate else low)
    assert results.field_range(demo_workspace, ctx, "p_alive")[1] <= 1.0
