"""Period metrics of issue 5 on hand-made data: every definition and its boundaries, computed by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from core.metrics import KEYS, comparison, lifespan_years, ltv_parts, period_metrics, table
from core.metrics.periods import Period
from tests.conftest import context, publish_frames
from tests.core.metrics.data import END, START, W, order, period_frames

D = dt.date


@pytest.fixture
def period_ws(workspace):
    publish_frames(workspace, period_frames())
    return workspace


def _metrics(ws, start=START, end=END, window=W, **kw):
    return period_metrics(ws, context(end, start, end, generation=ws.generation()), window_days=window, **kw)


def test_sales_figures_count_completed_orders_dated_in_the_period(period_ws):
    m = _metrics(period_ws)
    # a2, b2, c1, c2, e1, f2; d2 is cancelled, g1 is after the end.
    assert m["orders"] == 6
    assert m["revenue"] == pytest.approx(100 + 200 + 300 + 500 + 50 + 150)
    assert m["buyers"] == 5
    assert m["aov"] == pytest.approx(1300 / 6)


def test_new_customers_and_repeat_rates(period_ws):
    m = _metrics(period_ws)
    assert m["new_customers"] == 2  # c (first order on start) and e
    # Cumulative: customers with an order on or before end: a b c d e f (6); with two: a b c f (d's second is
    # cancelled).
    assert m["repeat_rate_cumulative"] == pytest.approx(100 * 4 / 6)
    # The period's: buyers a b c e f (5); two orders in March: c only (on start and on end).
    assert (m["repeat_buyers"], m["repeat_rate"]) == (1, pytest.approx(100 * 1 / 5))


def test_period_repeat_rate_counts_orders_inside_the_period_only(workspace):
    publish_frames(workspace, {"orders": [
        order("x1", "x", D(2026, 3, 10), 10.0), order("x2", "x", D(2026, 3, 12), 10.0),  # two, one date segment
        order("y0", "y", D(2026, 2, 28), 10.0), order("y1", "y", D(2026, 3, 5), 10.0),   # one before the start
        order("z1", "z", D(2026, 3, 31), 10.0), order("z2", "z", D(2026, 4, 1), 10.0),   # one after the end
        order("v1", "v", D(2026, 3, 1), 10.0), order("v2", "v", D(2026, 3, 1), 10.0),    # two on the same day
        order("u1", "u", D(2026, 3, 20), 10.0), order("u2", "u", D(2026, 3, 21), 10.0, status="returned"),
    ]})
    m = _metrics(workspace)
    # Buyers x y z v u (5); two completed orders in [01.03, 31.03]: x and v.
    assert (m["buyers"], m["repeat_buyers"]) == (5, 2)
    assert m["repeat_rate"] == pytest.approx(40.0)
    # Cumulative on 31.03: ever 5, with two orders by then x y v (z's second is later, u's is returned).
    assert m["repeat_rate_cumulative"] == pytest.approx(60.0)


def test_crr_parts_at_the_window_boundaries(period_ws):
    m = _metrics(period_ws)
    assert m["crr_s"] == 2          # a (on start - W) and d (start - 1); b is one day earlier
    assert m["crr_e"] == 3          # a, b (on end - W + 1), c (on end); f is on end - W
    assert m["crr_n"] == 2
    assert m["crr_retained"] == 2   # E without N: a, b
    assert m["crr"] == pytest.approx(100.0)
    assert m["retention_strict"] == pytest.approx(50.0)  # S and E: a only


def test_wider_window_moves_customers_into_s_and_e(period_ws):
    m = _metrics(period_ws, window=11)
    # S = [18.02, 28.02]: a, b, d; E = [21.03, 31.03]: a, b, c, f.
    assert (m["crr_s"], m["crr_e"], m["crr_retained"]) == (3, 4, 3)
    assert m["retention_strict"] == pytest.approx(100 * 2 / 3)


def test_spend_and_cac(period_ws):
    m = _metrics(period_ws)
    assert m["marketing_spend"] == pytest.approx(1000.0)
    assert m["cac"] == pytest.approx(500.0)


def test_ltv_with_empty_b1_takes_ten_years(period_ws):
    m = _metrics(period_ws)
    # 365 days to 31.03.2026: every completed order up to the end (10 orders, 6 customers, 1 430 ₽); B1 empty.
    assert m["ltv_aov"] == pytest.approx(143.0)
    assert m["ltv_frequency"] == pytest.approx(10 / 6)
    assert m["ltv_lifespan_years"] == 10
    assert m["ltv"] == pytest.approx(143.0 * 10 / 6 * 10)


def test_lifespan_override_replaces_the_computed_one(period_ws):
    m = _metrics(period_ws, lifespan=2.5)
    assert m["ltv_lifespan_years"] == 2.5
    assert m["ltv"] == pytest.approx(143.0 * 10 / 6 * 2.5)


def test_ltv_churn_from_b1_and_b2_at_their_boundaries(workspace):
    end = D(2026, 3, 31)
    publish_frames(workspace, {"orders": [
        order("p1", "p", D(2024, 4, 1), 5.0),     # end - 729: in B1
        order("p2", "p", D(2025, 4, 1), 100.0),   # end - 364: in B2
        order("q1", "q", D(2025, 3, 31), 7.0),    # end - 365: in B1, never again
        order("r1", "r", D(2024, 3, 31), 9.0),    # end - 730: outside B1
        order("r2", "r", end, 300.0),
    ]})
    m = _metrics(workspace, start=end, end=end)
    assert m["ltv_aov"] == pytest.approx(200.0)
    assert m["ltv_frequency"] == pytest.approx(1.0)
    assert m["ltv_lifespan_years"] == pytest.approx(2.0)  # churn = 1 - 1/2
    assert m["ltv"] == pytest.approx(400.0)
    assert m["ltv_gross_profit"] == pytest.approx(120.0)  # the default margin share, 30 %


@pytest.mark.parametrize(("b1", "b1_b2", "years"), [
    (0, 0, 10.0),     # B1 empty
    (4, 4, 10.0),     # churn 0
    (20, 19, 10.0),   # 1 / 0.05 = 20, capped at 10
    (10, 9, 10.0),    # exactly 10
    (10, 8, 5.0),
    (2, 1, 2.0),
    (3, 0, 1.0),      # everybody churned
])
def test_lifespan_is_one_over_churn_capped_at_ten(b1, b1_b2, years):
    assert lifespan_years(b1, b1_b2) == pytest.approx(years)


def test_ltv_parts_without_orders_are_undefined():
    assert ltv_parts(0, 0.0, 0, 0, 0) == {"ltv": None, "ltv_gross_profit": None, "ltv_aov": None,
                                          "ltv_frequency": None, "ltv_lifespan_years": 10.0}


def test_ltv_as_gross_profit_is_ltv_times_the_margin_share():
    # 10 orders of 1000 by 5 customers: check 1000, 2 a year; B1 of 4 with 3 back: churn 1/4, 4 years.
    parts = ltv_parts(10, 10_000.0, 5, 4, 3, margin=0.25)
    assert parts["ltv"] == pytest.approx(1000 * 2 * 4)
    assert parts["ltv_gross_profit"] == pytest.approx(2000.0)


def test_empty_workspace_gives_zero_counts_and_undefined_ratios(workspace):
    publish_frames(workspace, {"orders": [order("x", "x", D(2020, 1, 1), 1.0, status="cancelled")]})
    m = _metrics(workspace)
    assert list(m) == list(KEYS)
    assert (m["orders"], m["revenue"], m["buyers"], m["new_customers"], m["crr_s"], m["crr_e"]) == (0, 0, 0, 0, 0, 0)
    for key in ("aov", "repeat_rate", "repeat_rate_cumulative", "crr", "retention_strict", "marketing_spend", "cac", "ltv",
                "ltv_gross_profit", "ltv_aov"):
        assert m[key] is None, key


def test_no_spend_rows_in_the_period_leaves_cac_empty(period_ws):
    m = _metrics(period_ws, start=D(2026, 3, 2), end=D(2026, 3, 30))
    assert m["marketing_spend"] is None and m["cac"] is None


def test_spend_without_new_customers_leaves_cac_empty(period_ws):
    m = _metrics(period_ws, start=D(2026, 3, 31), end=D(2026, 3, 31))
    assert m["new_customers"] == 0 and m["marketing_spend"] == pytest.approx(400.0) and m["cac"] is None


def test_table_keeps_the_order_of_periods_and_their_partial_flags(period_ws):
    ctx = context(END, START, END, generation=period_ws.generation())
    periods = [Period(D(2026, 3, 1), D(2026, 3, 31)), Period(D(2026, 2, 1), D(2026, 2, 28), partial=True)]
    frame = table(period_ws, ctx, periods, window_days=W)
    assert frame["period_start"].to_list() == [D(2026, 3, 1), D(2026, 2, 1)]
    assert frame["partial"].to_list() == [False, True]
    assert frame["orders"].to_list() == [6, 3]  # February: a1, b1, d1


def test_comparison_with_previous_period_and_a_year_earlier(period_ws):
    ctx = context(D(2026, 3, 20), D(2026, 3, 1), D(2026, 3, 31), generation=period_ws.generation())
    frame = comparison(period_ws, ctx, window_days=W)
    rows = {r["which"]: r for r in frame.iter_rows(named=True)}
    assert (rows["previous"]["period_start"], rows["previous"]["period_end"]) == (D(2026, 1, 29), D(2026, 2, 28))
    assert (rows["year_ago"]["period_start"], rows["year_ago"]["period_end"]) == (D(2025, 3, 1), D(2025, 3, 31))
    assert rows["previous"]["orders"] == 3 and rows["year_ago"]["orders"] == 0
    assert rows["current"]["partial"] is True  # the period ends after the analysis date


def test_ltv_margin_from_the_order_lines_cost_by_category(workspace):
    end = D(2026, 3, 31)
    publish_frames(workspace, {
        "orders": [order("o1", "a", D(2026, 1, 10), 1000.0), order("o2", "b", D(2026, 2, 10), 500.0),
                   order("o0", "a", D(2025, 1, 10), 99.0)],  # before the 365 days
        "order_lines": [
            {"order_id": "o1", "category": "Обувь", "category_top": "Обувь", "amount": 600.0, "cost": 360.0},
            {"order_id": "o1", "category": "Одежда", "category_top": "Одежда", "amount": 300.0},
            {"order_id": "o2", "category": "Обувь", "category_top": "Обувь", "amount": 500.0},
            {"order_id": "o0", "category": "Обувь", "category_top": "Обувь", "amount": 99.0, "cost": 0.0},
        ],
    })
    m = _metrics(workspace, start=end, end=end)
    # Обувь: costed 600 - 360 = 240 of 600: 40 %, on all its 1100; Одежда 300 and o1's 100 beyond its lines at
    # the default 30 %: (440 + 90 + 30) / 1500.
    assert m["ltv_margin"] == pytest.approx(100 * 560 / 1500)
    assert m["ltv_gross_profit"] == pytest.approx(m["ltv"] * 560 / 1500)


@pytest.mark.parametrize(("revenue", "rows", "expected"), [
    (0.0, [], 0.3),                                                   # nothing sold: the setting
    (100.0, [], 0.3),                                                 # no lines: the setting
    (100.0, [{"revenue": 100.0, "costed_revenue": 50.0, "costed_profit": 25.0}], 0.5),
    # lines add up to more than the orders: the lines' own total is the base
    (100.0, [{"revenue": 200.0, "costed_revenue": 0.0, "costed_profit": 0.0}], 0.3),
])
def test_blended_margin(revenue, rows, expected):
    from core.metrics import blended_margin

    assert blended_margin(0.3, revenue, rows) == pytest.approx(expected)
