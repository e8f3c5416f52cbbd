"""The segment queries on the hand-made base: size, money, composition, bins, R x F grid, cities, scope."""
from __future__ import annotations

import pytest

from core.access import Viewer
from core.context import Thresholds
from core.customers import BASE_TYPES
from core.segments import results
from core.segments.rules import Condition, Rules
from tests import segments_data as data
from tests.conftest import publish_frames
from tests.segments_data import segment_ws  # noqa: F401

RECENT = Rules((Condition("recency_days", "between", (0.0, 30.0)),))
NOBODY = Rules((Condition("orders", "gte", 99.0),))


def test_summary_of_a_segment_against_the_base(segment_ws):
    # a (10 days: 1000 + 500) and e (5 days: 50; its cancelled order does not count); base revenue 3850.
    row = results.summary(segment_ws, data.ctx(), RECENT)
    assert row == pytest.approx({"customers": 2, "buyers": 2, "revenue": 1550.0, "orders": 3, "aov": 1550 / 3,
                                 "base_customers": 5, "base_revenue": 3850.0, "customer_share": 0.4,
                                 "revenue_share": 1550 / 3850})


def test_an_empty_segment_has_zeros_and_no_average_check(segment_ws):
    row = results.summary(segment_ws, data.ctx(), NOBODY)
    assert (row["customers"], row["revenue"], row["aov"], row["customer_share"]) == (0, 0.0, None, 0.0)
    assert results.composition(segment_ws, data.ctx(), NOBODY).is_empty()
    assert results.recency_bins(segment_ws, data.ctx(), NOBODY)["customers"].sum() == 0


def test_composition_by_base_type(segment_ws):
    # VIP: ceil(5% of the 3 buyers of the last 365 days) = 1, the top by revenue (a); d's order is 400 days old;
    # c never bought, consented to e-mail and has no profile beyond contacts: mailing list.
    frame = results.composition(segment_ws, data.ctx(), Rules())
    assert dict(zip(frame["base_type"], frame["customers"])) == {"vip": 1, "working": 2, "inactive": 1, "mailing": 1}


def test_recency_and_revenue_bins(segment_ws):
    recency = results.recency_bins(segment_ws, data.ctx(), Rules())
    assert dict(zip(recency["label"], recency["customers"])) == {
        "never": 1, "0_30": 2, "31_60": 0, "61_90": 0, "91_180": 1, "181_365": 0, "366_730": 1, "over_730": 0}
    revenue = results.revenue_bins(segment_ws, data.ctx(), Rules())
    assert dict(zip(revenue["label"], revenue["customers"])) == {
        "never": 1, "under_1k": 2, "1k_3k": 2, "3k_10k": 0, "10k_30k": 0, "30k_100k": 0, "over_100k": 0}


def test_rf_grid(segment_ws):
    # Recency ranks (oldest first) d, b, a, e -> R 1, 2, 4, 5; orders b, d, e = 1 (F 1), a = 2 (F 5).
    frame = results.rf_grid(segment_ws, data.ctx(), Rules())
    assert {(r, f): n for r, f, n in frame.select("r_score", "f_score", "customers").iter_rows()} == {
        (1, 1): 1, (2, 1): 1, (4, 5): 1, (5, 1): 1}


def test_top_cities_leave_out_customers_without_a_city(segment_ws):
    frame = results.top_cities(segment_ws, data.ctx(), Rules(), limit=2)
    assert frame.select("city", "customers", "share").rows() == [("Москва", 2, 0.5), ("O'Brien; drop", 1, 0.25)]


def test_field_values_and_ranges(segment_ws):
    assert results.field_values(segment_ws, data.ctx(), "city") == ["Москва", "O'Brien; drop", "Казань"]
    assert results.field_range(segment_ws, data.ctx(), "revenue") == (0.0, 2000.0)


def test_a_manager_sees_a_segment_of_their_customers_only(segment_ws):
    anna = data.ctx(viewer=Viewer("anna", "manager", manager_id="anna"))
    row = results.summary(segment_ws, anna, Rules())
    assert (row["customers"], row["base_customers"], row["revenue"]) == (2, 2, 1800.0)
    assert set(results.members(segment_ws, anna, Rules((Condition("city", "eq", "Москва"),)))["customer_id"]) == {"a"}
    # a (1500) before b (300): anna's two customers, the biggest first.
    assert results.sample(segment_ws, anna, Rules())["customer_id"].to_list() == ["a", "b"]


def test_another_analysis_date_uses_the_model_of_that_date(segment_ws):
    # On D - 30 only a's order of D - 40 is within 30 days; e's order (D - 5) and a's (D - 10) are in the future.
    earlier = data.ctx().replace(as_of=data.ago(30), start=data.ago(30), end=data.ago(30))
    row = results.summary(segment_ws, earlier, RECENT)
    assert (row["customers"], row["revenue"]) == (1, 500.0)


def test_compare_puts_segments_side_by_side(segment_ws):
    frame = results.compare(segment_ws, data.ctx(), (("recent", RECENT), ("all", Rules())))
    assert frame.select("segment", "customers").rows() == [("recent", 2), ("all", 5)]


def test_other_thresholds_reach_the_segment_table(segment_ws):
    # With 90 inactive days, b (last order 100 days ago) is inactive instead of working.
    frame = results.composition(segment_ws, data.ctx(thresholds=Thresholds(inactive_days=90)), Rules())
    assert dict(zip(frame["base_type"], frame["customers"])) == {"vip": 1, "working": 1, "inactive": 2, "mailing": 1}


@pytest.mark.parametrize(("days", "orders", "revenue", "expected"), [
    (None, 0, 0.0, (0, 0)), (0, 1, 999.99, (1, 1)), (30, 2, 1000.0, (1, 2)), (31, 1, 2999.0, (2, 2)),
    (90, 1, 3000.0, (3, 3)), (91, 1, 10000.0, (4, 4)), (365, 1, 29999.0, (5, 4)), (366, 1, 30000.0, (6, 5)),
    (730, 1, 99999.0, (6, 5)), (731, 1, 100000.0, (7, 6)),
])
def test_segment_cells_hold_the_base_type_and_both_bins(workspace, days, orders, revenue, expected):
    """Bins by hand from their definitions (derived__segment_model's header); base-type code = 1 + its position."""
    customer = {"customer_id": "x", "city": "Тверь", "consent_email": False}
    rows = [{"order_id": f"o{i}", "customer_id": "x", "order_date": data.ago(days), "amount": revenue / orders,
             "status": None} for i in range(orders)]
    anchor = [{"order_id": "z", "customer_id": "y", "order_date": data.D, "amount": 1.0, "status": None}]
    publish_frames(workspace, {"customers": [customer], "orders": rows + anchor})
    ctx = data.ctx(generation=workspace.generation())
    with workspace.reading(ctx.generation) as cur:
        base_type, cell = cur.sql("select base_type, segment_cell from segment_model where customer_id = 'x'").fetchall()[0]
    assert (cell // 64, (cell // 8) % 8, cell % 8) == (BASE_TYPES.index(base_type) + 1, *expected)
    figures = results.figures(workspace, ctx, Rules((Condition("city", "eq", "Тверь"),)))
    assert figures.composition.rows() == [(base_type, 1, pytest.approx(revenue))]
    assert figures.summary["buyers"] == (1 if orders else 0)
