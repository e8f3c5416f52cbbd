"""Segment conditions on a chosen category («bought X in the last N days», «X's share of the spend»), by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from core import sql
from core.access import Viewer
from core.segments import results
from core.segments import rules as R
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return D - dt.timedelta(days=days)


def _line(order_id: str, category: str, amount: float) -> dict:
    return {"order_id": order_id, "product_name": "x", "category": category, "category_top": category.split(" / ")[0],
            "quantity": 1.0, "price": amount, "amount": amount}


CUSTOMERS = [{"customer_id": c, "manager": "m1" if c in "ab" else "m2"} for c in "abcdef"]
ORDERS = [
    # a: shoes 300 and clothes 100 forty days ago, clothes 100 five days ago: shoes 300 / 500 = 0.6, last 40 days ago.
    {"order_id": "a1", "customer_id": "a", "order_date": ago(40), "amount": 400.0},
    {"order_id": "a2", "customer_id": "a", "order_date": ago(5), "amount": 100.0},
    # b: an order without lines: its own category (first level of «Обувь > Кроссовки»), ten days ago, share 1.
    {"order_id": "b1", "customer_id": "b", "order_date": ago(10), "amount": 200.0, "category": "Обувь > Кроссовки"},
    # c: home goods only, 100 days ago: a share of shoes of 0.
    {"order_id": "c1", "customer_id": "c", "order_date": ago(100), "amount": 50.0},
    # d: shoes in a cancelled order only: no categorised purchase.
    {"order_id": "d1", "customer_id": "d", "order_date": ago(20), "amount": 20.0, "status": "Отменён"},
    # f: shoes exactly 30 days ago.
    {"order_id": "f1", "customer_id": "f", "order_date": ago(30), "amount": 100.0},
    # e has no order.
]
LINES = [_line("a1", "Обувь / Кроссовки", 300.0), _line("a1", "Одежда", 100.0), _line("a2", "Одежда / Платья", 100.0),
         _line("c1", "Дом", 50.0), _line("d1", "Обувь", 20.0), _line("f1", "Обувь", 100.0)]


@pytest.fixture(scope="module")
def bought_ws(tmp_path_factory):
    from core.workspace import Workspace

    ws = Workspace(tmp_path_factory.mktemp("bought"))
    publish_frames(ws, {"customers": CUSTOMERS, "orders": ORDERS, "order_lines": LINES})
    yield ws
    ws.close()


def chosen(ws, rule: dict, as_of: dt.date = D, viewer: Viewer | None = None) -> set[str]:
    ctx = context(as_of, generation=ws.generation())
    if viewer is not None:
        ctx = ctx.replace(viewer=viewer)
    rules = R.parse({"all": [rule]})
    members = set(results.members(ws, ctx, rules)["customer_id"])
    assert results.summary(ws, ctx, rules)["customers"] == len(members)
    return members


def bought(value, days=None, negate=False) -> dict:
    rule = {"field": "category_bought", "op": "in" if isinstance(value, list) else "eq", "value": value}
    if days is not None:
        rule["days"] = days
    if negate:
        rule["not"] = True
    return rule


def share(op, value, category="Обувь", negate=False) -> dict:
    return {"field": "category_share", "category": category, "op": op, "value": value, "not": negate}


@pytest.mark.parametrize(("rule", "expected"), [
    (bought("Обувь", 30), {"b"}),  # b 10 days ago; f exactly 30 days ago is not within the last 30; a 40
    (bought("Обувь", 31), {"b", "f"}),
    (bought("Обувь", 60), {"a", "b", "f"}),
    (bought("Обувь"), {"a", "b", "f"}),  # ever; d's shoes were cancelled
    (bought("Обувь", 30, negate=True), {"a", "c", "d", "e", "f"}),
    (bought("Обувь", negate=True), {"c", "d", "e"}),  # never bought shoes
    (bought(["Одежда", "Дом"], 7), {"a"}),  # a's dress 5 days ago; c's home goods 100 days ago
    (bought(["Одежда", "Дом"], 100), {"a"}),
    (bought(["Одежда", "Дом"], 101), {"a", "c"}),
    (bought("обувь"), set()),  # categories are matched exactly, as the data names them
])
def test_bought_a_category_in_the_last_n_days(bought_ws, rule, expected):
    assert chosen(bought_ws, rule) == expected


@pytest.mark.parametrize(("rule", "expected"), [
    (share("gte", 0.6), {"a", "b", "f"}),  # a 300 / 500 = 0.6 (bound included), b and f 1
    (share("gte", 0.61), {"b", "f"}),
    (share("lte", 0.5), {"c"}),  # c bought other categories only: 0; d and e bought nothing categorised
    (share("between", [0, 0.6]), {"a", "c"}),
    (share("gte", 0.6, negate=True), {"c", "d", "e"}),  # negation keeps those without a share
    (share("gte", 0.4, category="Одежда"), {"a"}),  # 200 / 500
    (share("gte", 0.0, category="Нет такой"), {"a", "b", "c", "f"}),  # every customer with a categorised purchase
])
def test_share_of_a_category_in_the_spend(bought_ws, rule, expected):
    assert chosen(bought_ws, rule) == expected


def test_an_earlier_analysis_date_counts_only_what_was_bought_by_then(bought_ws):
    # As of 20 days before D: a's shoes were 20 days earlier, f's 10, b's order is still to come.
    assert chosen(bought_ws, bought("Обувь", 30), as_of=ago(20)) == {"a", "f"}
    # a then had shoes 300 and clothes 100 only: 0.75.
    assert chosen(bought_ws, share("gte", 0.75), as_of=ago(20)) == {"a", "f"}


def test_a_manager_counts_only_their_customers(bought_ws):
    manager = Viewer("m", "manager", "m1")
    assert chosen(bought_ws, bought("Обувь", 60), viewer=manager) == {"a", "b"}
    assert chosen(bought_ws, share("lte", 0.5), viewer=Viewer("n", "manager", "m2")) == {"c"}


def test_the_model_reads_the_same_categories(bought_ws):
    ctx = context(D, generation=bought_ws.generation())
    model = {r["customer_id"]: r for r in sql.run(bought_ws, "customers__model", ctx).iter_rows(named=True)}
    # b's order without lines counts with its own category, as in the conditions.
    assert (model["b"]["top_category"], model["b"]["top_category_share"], model["b"]["distinct_categories"]) == (
        "Обувь", 1.0, 1)
    assert (model["a"]["categories"], model["a"]["top_category_share"]) == ("Обувь, Одежда", pytest.approx(0.6))
    assert model["d"]["distinct_categories"] == 0


def test_the_python_definition_agrees_with_the_sql(bought_ws):
    table = {"a": {"Обувь": (40, 0.6), "Одежда": (5, 0.4)}, "b": {"Обувь": (10, 1.0)}, "c": {"Дом": (100, 1.0)},
             "f": {"Обувь": (30, 1.0)}}
    rows = [{"customer_id": c, "bought": table.get(c, {})} for c in "abcdef"]
    for rule in (bought("Обувь", 30), bought("Обувь", negate=True), share("lte", 0.5), share("gte", 0.6, negate=True)):
        rules = R.parse({"all": [rule]})
        assert {r["customer_id"] for r in rows if R.matches(rules, r)} == chosen(bought_ws, rule)


@pytest.mark.parametrize(("item", "key", "words"), [
    (bought("Обувь", 0), "param_days", ("«days»", "1", "36")),
    (bought("Обувь", 7.5), "param_days", ("«days»",)),
    (bought("Обувь", True), "param_days", ("«days»",)),
    (bought("Обувь", "30"), "param_days", ("«days»",)),
    (bought("Обувь", 36_501), "param_days", ("«days»",)),
    ({"field": "category_share", "op": "gte", "value": 0.3}, "param_missing", ("category_share", "«category»")),
    (share("gte", 0.3, category=" "), "param_category", ("«category»",)),
    (share("gte", 0.3, category=["Обувь"]), "param_category", ("«category»",)),
    ({**share("gte", 0.3), "days": 30}, "param_unknown", ("category_share", "«days»")),
    ({"field": "revenue", "op": "gte", "value": 1, "category": "Обувь"}, "param_unknown", ("revenue", "«category»")),
    ({**bought("Обувь"), "weeks": 2}, "condition_shape", ("days", "category")),
    (share("eq", 0.3), "op_for_field", ("gte, lte, between",)),
    (share("gte", "0.3"), "wrong_type", ("category_share",)),
])
def test_malformed_parameters_get_a_clear_message_in_both_languages(item, key, words):
    with pytest.raises(R.RuleError) as caught:
        R.parse({"all": [{"field": "orders", "op": "gte", "value": 1}, item]})
    assert caught.value.key == key
    for lang in ("ru", "en"):
        message = caught.value.message(lang)
        assert message.startswith("Условие 2" if lang == "ru" else "Condition 2")
        assert all(word in message for word in words), message


def test_parameters_round_trip_through_json_links_and_saved_form():
    rules = R.parse({"any": [bought(["Обувь", "Сумки"], 30), share("between", [0.25, 1], category="O'Brien \"x\""),
                             {"all": [bought("Дом", negate=True)]}]})
    assert rules.to_json() == {"any": [
        {"field": "category_bought", "op": "in", "value": ["Обувь", "Сумки"], "days": 30},
        {"field": "category_share", "op": "between", "value": [0.25, 1], "category": "O'Brien \"x\""},
        {"all": [{"field": "category_bought", "op": "eq", "value": "Дом", "not": True}]}]}
    assert R.decode_link(R.encode_link(rules)) == rules
    assert R.parse(rules.dumps()) == rules


def test_old_rules_without_parameters_read_as_before():
    old = '{"all":[{"field":"categories","op":"contains","value":"Обувь"},{"field":"recency_days","op":"lte","value":30}]}'
    rules = R.parse(old)
    assert rules.conditions[0] == R.Condition("categories", "contains", "Обувь")
    assert rules.dumps() == old


@pytest.mark.parametrize(("items", "ru", "en"), [
    ([bought("Обувь", 30)], "Покупал категорию «Обувь» за последние 30 дней", "Bought «Обувь» in the last 30 days"),
    ([bought("Обувь", 21)], "Покупал категорию «Обувь» за последний 21 день", "Bought «Обувь» in the last 21 days"),
    ([bought(["Обувь", "Дом"], 2, negate=True)], "Не покупал ни одной из категорий «Обувь», «Дом» за последние 2 дня",
     "Bought none of «Обувь», «Дом» in the last 2 days"),
    ([bought("Обувь", negate=True)], "Никогда не покупал категорию «Обувь»", "Never bought «Обувь»"),
    ([share("gte", 0.3), {"any": [share("between", [0, 0.125], category="Дом"), bought("Дом")]}],
     "Доля категории «Обувь» в покупках не меньше 30 % И (Доля категории «Дом» в покупках от 0 % до 12,5 % ИЛИ "
     "Покупал категорию «Дом»)",
     "Share of «Обувь» in purchases at least 30% AND (Share of «Дом» in purchases from 0% to 12.5% OR Bought «Дом»)"),
    ([share("lte", 0.5, negate=True), {"field": "revenue", "op": "gte", "value": 50000}],
     "НЕ (Доля категории «Обувь» в покупках не больше 50 %) И Выручка за всё время не меньше 50 000 ₽",
     "NOT (Share of «Обувь» in purchases at most 50%) AND Lifetime revenue at least ₽50,000"),
])
def test_the_rules_read_aloud_in_both_languages(items, ru, en):
    from core.segments import wording

    rules = R.parse({"all": items})
    assert wording.describe(rules, "ru").replace("\u00a0", " ") == ru
    assert wording.describe(rules, "en").replace("\u00a0", " ") == en


def test_a_saved_segment_with_parameters_reads_back_the_same(bought_ws):
    from core.segments import saved

    rules = R.parse({"all": [bought("Обувь", 30), share("gte", 0.25, category="Дом")]})
    made = saved.save(bought_ws, Viewer("anna", "marketer"), "Обувь за месяц", "", rules)
    assert saved.find(bought_ws, "обувь за месяц", "ru").rules == rules
    assert saved.find(bought_ws, made.id, "en").rules.conditions[0].days == 30


def test_a_managers_download_holds_only_their_customers(bought_ws):
    from core import export

    ctx = context(D, generation=bought_ws.generation()).replace(viewer=Viewer("m", "manager", "m1"))
    rules = R.parse({"all": [bought("Обувь", 60)]})
    download = export.segment_download(bought_ws, ctx, rules, "shoes", columns=("customer_id",))
    # Bought shoes in 60 days: a, b, f; the manager of a and b gets those two.
    assert download.data.decode("utf-8-sig").splitlines() == ["ID клиента", "a", "b"]


def test_an_order_without_an_id_counts_with_its_own_category(tmp_path):
    from core.workspace import Workspace

    # g's order has no id, so no line can be its: it counts with its own category (first level «Дом»), beside
    # h's order whose lines say «Обувь». (`order_id not in (lines' ids)` dropped g's order once any line existed.)
    ws = Workspace(tmp_path / "ws")
    orders = [{"order_id": None, "customer_id": "g", "order_date": ago(3), "amount": 30.0, "category": "Дом / Лампы"},
              {"order_id": "h1", "customer_id": "h", "order_date": ago(4), "amount": 60.0, "category": "Разное"}]
    publish_frames(ws, {"orders": orders, "order_lines": [_line("h1", "Обувь", 60.0)]})
    try:
        model = {r["customer_id"]: r for r in
                 sql.run(ws, "customers__model", context(D, generation=ws.generation())).iter_rows(named=True)}
        assert (model["g"]["categories"], model["g"]["top_category_share"]) == ("Дом", 1.0)
        assert model["h"]["categories"] == "Обувь"  # its lines, not its own «Разное»
        assert chosen(ws, bought("Дом", 7)) == {"g"}
    finally:
        ws.close()
