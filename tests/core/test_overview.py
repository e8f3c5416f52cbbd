"""The overview's KPIs by the metric definitions of issue 5 at their boundaries, and its observations."""
from __future__ import annotations

import datetime as dt

import pytest

from core import composition, overview
from core.context import Thresholds
from core.workspace import Workspace
from tests.conftest import context, publish_frames

START, END = dt.date(2026, 4, 1), dt.date(2026, 4, 30)  # 30 days; the activity window W is 90 days


@pytest.fixture
def kpi_ws(workspace: Workspace) -> Workspace:
    d = dt.date
    rows = [
        ("s_edge", d(2026, 1, 1), 100.0, None),  # start - W: in S only
        ("e_edge", d(2025, 12, 15), 200.0, None), ("e_edge", d(2026, 1, 31), 300.0, None),  # end - W + 1: S and E
        ("e_out", d(2026, 1, 30), 400.0, None),  # end - W: S only
        ("new_on_start", d(2026, 4, 1), 500.0, None),  # first order on start: N and E
        ("lapsed", d(2025, 6, 1), 600.0, None), ("lapsed", d(2026, 4, 15), 700.0, None),  # E, not S, not new
        ("cancel", d(2026, 4, 10), 800.0, "Отменён"),
        ("old", d(2025, 1, 10), 50.0, None),  # B1 only
        ("old_back", d(2025, 2, 1), 60.0, None), ("old_back", d(2025, 6, 15), 1000.0, None),  # B1 and B2
    ]
    orders = [{"order_id": str(i), "customer_id": c, "order_date": day, "amount": a, "status": s}
              for i, (c, day, a, s) in enumerate(rows)]
    people = [{"customer_id": "reg_before", "registered_at": END}, {"customer_id": "no_reg"},
              {"customer_id": "reg_later", "registered_at": d(2026, 5, 10)}]
    spend = [{"date": d(2026, 4, 1), "channel": "Директ", "amount": 3000.0},
             {"date": d(2026, 3, 1), "channel": "Директ", "amount": 999.0}]
    publish_frames(workspace, {"orders": orders, "customers": people, "spend": spend})
    return workspace


def test_kpis_at_their_boundaries(kpi_ws):
    row = overview.kpi_series(kpi_ws, context(END, START, END), periods=2).row(0, named=True)
    assert (row["period_start"], row["period_end"]) == (START, END)
    assert row["customers"] == 9  # 7 buyers + reg_before + no_reg; reg_later registered after the end
    assert (row["crr_s"], row["crr_e"], row["new_customers"], row["crr_retained"]) == (3, 3, 1, 2)
    assert row["active"] == 3
    assert row["crr"] == pytest.approx(100 * 2 / 3)  # |E ∖ N| / S counts lapsed as retained
    assert row["retention_strict"] == pytest.approx(100 / 3)  # only e_edge is in S and E
    assert (row["orders"], row["revenue"], row["aov"], row["buyers"]) == (2, 1200.0, 600.0, 2)
    # The period's: buyers new_on_start and lapsed, one April order each; cumulative: e_edge, lapsed, old_back
    # of the 7 who ever bought.
    assert (row["repeat_buyers"], row["repeat_rate"]) == (0, 0.0)
    assert row["repeat_rate_cumulative"] == pytest.approx(100 * 3 / 7)
    # 365 days [01.05.2025, 30.04.2026]: 8 orders, 3800 ₽, 6 customers; B1 = {old, old_back}, kept 1: churn 0.5.
    assert (row["ltv_aov"], row["ltv_frequency"], row["ltv_lifespan_years"]) == pytest.approx((475.0, 8 / 6, 2.0))
    assert row["ltv"] == pytest.approx(475.0 * 8 / 6 * 2)
    assert row["ltv_gross_profit"] == pytest.approx(0.3 * 475.0 * 8 / 6 * 2)  # the default margin share
    assert (row["marketing_spend"], row["cac"]) == (3000.0, 3000.0)


def test_previous_period_is_the_same_length_just_before(kpi_ws):
    prev = overview.kpi_series(kpi_ws, context(END, START, END), periods=2).row(1, named=True)
    assert (prev["period_start"], prev["period_end"]) == (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
    assert prev["new_customers"] == 0 and prev["cac"] is None  # no new customers: CAC undefined
    assert prev["marketing_spend"] is None  # no spend dated in March


def test_lifespan_is_ten_years_without_a_year_before(kpi_ws):
    early = overview.kpi_series(kpi_ws, context(dt.date(2025, 6, 30), dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
                                periods=1).row(0, named=True)
    # B1 = [03.07.2023, 30.06.2024] is empty
    assert early["ltv_lifespan_years"] == 10.0


def test_cac_card_only_with_spend(workspace):
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": END, "amount": 1.0}]})
    series = overview.kpi_series(workspace, context(END, START, END))
    assert "cac" not in [c["kpi"].key for c in overview.cards(series)]
    assert series["marketing_spend"][0] is None


@pytest.mark.parametrize(("kind", "current", "previous", "text"), [
    ("money", 110.0, 100.0, "+10,0\u00a0%"),
    ("number", 90, 100, "-10,0\u00a0%"),
    ("percent", 40.0, 42.5, "-2,5\u00a0п. п."),
    ("money", 5.0, None, None),
])
def test_change_text(kind, current, previous, text):
    assert overview.change_text(kind, current, previous, "ru") == text


def test_observations_say_what_moved(kpi_ws):
    notes = overview.observations(kpi_ws, context(END, START, END), "en")
    n = "\u00a0"
    # Previous period (March): S = E = {s_edge, e_edge, e_out}, N = 0 -> CRR 100 %; now 66.7 %.
    # LTV then: 6 orders, 2600 ₽, 5 customers, churn 0.5 -> 433.33 × 1.2 × 2 = 1040 ₽; now 1266.67 ₽ (+21.8 %);
    # the card is gross profit at 30 %: 312 ₽ -> 380 ₽. The period's repeat rate: no buyer in March (undefined),
    # none of April's two bought twice (0 %): nothing to compare. New customers 0 -> 1 and revenue 0 -> 1200
    # have no relative change; types are too small (< 20 contacts) to speak of.
    # A: lapsed 1300, old_back 1060, e_edge 500, new_on_start 500 = 3360 of 3910 ₽ (85.9 %), 4 of 7 buyers.
    assert notes == [
        f"Retention (CRR): down 33.3{n}pp on the previous period (100.0% → 66.7%).",
        "LTV as gross profit: up 22% on the previous period (₽312 → ₽380).",
        "57% of buyers (class A) bring 86% of revenue.",
    ]


def test_observations_take_the_cards_series_when_given(kpi_ws):
    ctx = context(END, START, END, generation=kpi_ws.generation())
    series = overview.kpi_series(kpi_ws, ctx)  # the overview's eight periods: the first two are compared
    assert overview.observations(kpi_ws, ctx, "en", series) == overview.observations(kpi_ws, ctx, "en")


def test_the_two_active_figures_are_named_apart(kpi_ws):
    ctx = context(END, START, END, generation=kpi_ws.generation())
    series = overview.kpi_series(kpi_ws, ctx, periods=1)
    types = composition.by_dimension(kpi_ws, ctx, "base_type")
    # Base type «active» on 30.04: two or more orders, the last within 180 days, not VIP. VIP = top ceil(5 % of
    # the 365 days' 6 buyers) = 1: lapsed (1300 ₽). e_edge (last 31.01) and old_back (last 15.06.2025, 319 days:
    # inactive) -> active = {e_edge}: 1. The card: E = 3 (e_edge, new_on_start, lapsed).
    assert types.filter(types["value"] == "active")["customers"][0] == 1
    assert overview.active_note(types, series, "en", ctx) == (
        "«Active» here is a base type: two or more orders, the last at most 180 days ago, VIP excluded (1). "
        "The card «Bought in the last 90 days» counts everyone with an order in the last 90 days (3), VIP and "
        "one-time buyers included.")
    assert overview.kpi_label(overview.KPIS[1], "ru", ctx.replace(thresholds=Thresholds(activity_window_days=60))) \
        == "Покупали за 60 дн."


@pytest.mark.parametrize(("days", "word"), [(30, "this month"), (90, "this quarter"), (365, "this year"),
                                            (10, "in the period")])
def test_period_word(days, word):
    assert overview.period_word(END - dt.timedelta(days=days - 1), END, "en") == word
