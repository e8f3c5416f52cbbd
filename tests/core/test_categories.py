"""Order lines by category, cross-sell pairs with lift and the line check, on hand-made data computed by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from core import categories, sql
from tests.conftest import context, publish_frames

D = dt.date
START, END = D(2026, 3, 1), D(2026, 3, 31)


def _line(order_id, category, amount, cost=None):
    return {"order_id": order_id, "product_name": "x", "category": category, "category_top": category.split(" / ")[0],
            "quantity": 1.0, "price": amount, "amount": amount, "cost": cost}


@pytest.fixture
def lines_ws(workspace):
    orders = [
        {"order_id": "a1", "customer_id": "a", "order_date": D(2026, 3, 5), "amount": 300.0},
        {"order_id": "a2", "customer_id": "a", "order_date": D(2026, 3, 20), "amount": 100.0},
        {"order_id": "b1", "customer_id": "b", "order_date": D(2026, 3, 31), "amount": 250.0},  # lines: 240
        {"order_id": "c1", "customer_id": "c", "order_date": D(2026, 3, 1), "amount": 50.0},
        {"order_id": "c0", "customer_id": "c", "order_date": D(2026, 2, 28), "amount": 70.0},  # before the period
        {"order_id": "d1", "customer_id": "d", "order_date": D(2026, 3, 10), "amount": 80.0, "status": "Отменён"},
        {"order_id": "e1", "customer_id": "e", "order_date": D(2026, 3, 11), "amount": 10.0},  # no lines
    ]
    lines = [
        _line("a1", "Обувь / Кроссовки", 200.0, 120.0), _line("a1", "Одежда", 100.0),
        _line("a2", "Обувь / Ботинки", 100.0, 70.0),
        _line("b1", "Обувь", 40.0, 10.0), _line("b1", "Одежда / Платья", 200.0),
        _line("c1", "Дом", 50.0),
        _line("c0", "Обувь", 70.0),
        _line("d1", "Одежда", 80.0),
        _line("zz", "Дом", 5.0), _line("zz", "Дом", 6.0),  # an unknown order
    ]
    publish_frames(workspace, {"orders": orders, "order_lines": lines})
    return workspace


def test_by_category_in_the_period(lines_ws):
    frame = categories.by_category(lines_ws, context(END, START, END, generation=lines_ws.generation()))
    rows = {r["category"]: r for r in frame.iter_rows(named=True)}
    # March, completed: Обувь a1 200, a2 100, b1 40 = 340 (3 orders, buyers a b; a in two orders);
    # Одежда a1 100, b1 200 = 300 (d1 is cancelled); Дом c1 50 (c0 is in February). Total 690.
    assert list(rows) == ["Обувь", "Одежда", "Дом"]
    shoes = rows["Обувь"]
    assert (shoes["buyers"], shoes["orders"], shoes["revenue"]) == (2, 3, 340.0)
    assert shoes["revenue_share"] == pytest.approx(100 * 340 / 690)
    assert shoes["per_order"] == pytest.approx(340 / 3)
    assert shoes["aov"] == pytest.approx((300 + 100 + 250) / 3)  # the whole orders holding shoes
    assert (shoes["repeat_buyers"], shoes["repeat_rate"]) == (1, 50.0)  # a bought shoes in a1 and a2
    # Costs on 200 (120), 100 (70), 40 (10): profit 80 + 30 + 30 = 140 of 340.
    assert (shoes["gross_profit"], shoes["costed_revenue"]) == (140.0, 340.0)
    assert shoes["margin"] == pytest.approx(100 * 140 / 340)
    clothes = rows["Одежда"]
    assert (clothes["buyers"], clothes["repeat_rate"], clothes["gross_profit"], clothes["margin"]) == (2, 0.0, None, None)


def test_cross_sell_pairs_and_lift(lines_ws):
    ctx = context(END, START, END, generation=lines_ws.generation())
    frame = categories.cross_sell(lines_ws, ctx, min_customers=1)
    # Buyers in March: a {Обувь, Одежда}, b {Обувь, Одежда}, c {Дом}: 3. Обувь 2, Одежда 2, both 2:
    # lift = 2 × 3 / (2 × 2) = 1.5; confidence both ways 100 %. No one bought Дом with anything.
    assert frame.rows() == [("Обувь", "Одежда", 2, 2, 2, 100.0, 100.0, 1.5)]
    assert categories.cross_sell(lines_ws, ctx, min_customers=3).is_empty()


def test_line_check_reports_unknown_orders_and_disagreeing_totals(lines_ws):
    check = categories.line_check(lines_ws, context(END, START, END, generation=lines_ws.generation()))
    # zz is no order: its 2 lines are kept and counted. b1's lines add up to 240 against 250 (beyond 1 ₽);
    # every other order's lines match. e1 has no lines.
    assert (check["lines"], check["unknown_lines"], check["unknown_orders"]) == (10, 2, 1)
    assert check["unknown_examples"] == ["zz"]
    assert (check["orders_with_lines"], check["mismatched_orders"], check["orders_without_lines"]) == (6, 1, 1)
    assert check["mismatched_examples"] == [{"order_id": "b1", "amount": 250.0, "lines_amount": 240.0}]


def test_customer_category_facts_in_the_model(lines_ws):
    ctx = context(END, START, END, generation=lines_ws.generation())
    model = {r["customer_id"]: r for r in sql.run(lines_ws, "customers__model", ctx).iter_rows(named=True)}
    # a: Обувь 300, Одежда 100 (up to 31.03, completed orders); top share 300 / 400.
    assert (model["a"]["categories"], model["a"]["top_category"], model["a"]["distinct_categories"]) == (
        "Обувь, Одежда", "Обувь", 2)
    assert model["a"]["top_category_share"] == pytest.approx(0.75)
    # c: Обувь 70 (February) and Дом 50. e bought without lines: no categories.
    assert model["c"]["categories"] == "Обувь, Дом"
    assert (model["e"]["categories"], model["e"]["distinct_categories"]) == (None, 0)
    # b: Одежда 200 before Обувь 40.
    assert model["b"]["top_category"] == "Одежда"


@pytest.mark.parametrize(("rule", "expected"), [
    ({"field": "categories", "op": "contains", "value": "Обувь"}, {"a", "b", "c"}),  # bought shoes (c in February)
    # Never bought shoes: e (d only has a cancelled order and is no contact).
    ({"field": "categories", "op": "contains", "value": "Обувь", "not": True}, {"e"}),
    ({"field": "top_category", "op": "eq", "value": "Одежда"}, {"b"}),
    ({"field": "top_category_share", "op": "gte", "value": 0.75}, {"a", "b"}),  # a 300/400, b 200/240; c 70/120
    ({"field": "distinct_categories", "op": "gte", "value": 2}, {"a", "b", "c"}),
])
def test_segment_conditions_on_categories(lines_ws, rule, expected):
    from core.segments import results
    from core.segments import rules as R

    chosen = results.members(lines_ws, context(END, generation=lines_ws.generation()), R.parse({"all": [rule]}))
    assert set(chosen["customer_id"]) == expected


def test_categories_with_equal_revenue_in_kopecks_rank_alphabetically(workspace):
    # Сумки 330,30 + 660,60 = 990,90 ₽ and Ремни 990,90 ₽: equal revenue, so the tie goes alphabetically (Ремни
    # first), though the floating-point sum of Сумки's lines is 990.9000000000001 (and another engine, or DuckDB's
    # threads adding in another order, may land on either side of 990.9)
    orders = [{"order_id": "t1", "customer_id": "t", "order_date": D(2026, 3, 5), "amount": 1981.8}]
    lines = [_line("t1", "Сумки", 330.3), _line("t1", "Сумки", 660.6), _line("t1", "Ремни", 990.9)]
    publish_frames(workspace, {"orders": orders, "order_lines": lines})
    ctx = context(END, START, END, generation=workspace.generation())
    (row,) = sql.run(workspace, "customers__model", ctx).iter_rows(named=True)
    assert (row["categories"], row["top_category"]) == ("Ремни, Сумки", "Ремни")
    assert row["top_category_share"] == pytest.approx(0.5)
