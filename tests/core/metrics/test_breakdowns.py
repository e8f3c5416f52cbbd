"""Cohorts, days to a second order, average check breakdowns, order values, CAC/LTV by channel, payback and NPS, by hand."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core.context import Thresholds

from core.metrics import capped, check, nps, retention, value
from core.metrics.periods import calendar_periods, previous_period, year_earlier
from tests.conftest import context, publish_frames
from tests.core.metrics.data import END, START, order, period_frames

D = dt.date


@pytest.fixture
def period_ws(workspace):
    publish_frames(workspace, period_frames())
    return workspace


@pytest.fixture
def cohort_ws(workspace):
    publish_frames(workspace, {"orders": [
        order("x1", "x", D(2026, 1, 15), 100.0),
        order("x2", "x", D(2026, 1, 20), 50.0),
        order("x3", "x", D(2026, 2, 5), 80.0, status="returned"),  # ignored
        order("x4", "x", D(2026, 3, 3), 30.0),
        order("y1", "y", D(2026, 1, 31), 200.0),
        order("y2", "y", D(2026, 2, 1), 20.0),
        order("z1", "z", D(2026, 2, 10), 60.0),
        order("w1", "w", D(2026, 3, 20), 10.0),  # after the analysis date
    ]})
    return workspace


def test_cohort_cells_are_shares_of_the_first_order_month(cohort_ws):
    ctx = context(D(2026, 3, 15), generation=cohort_ws.generation())
    cells = {(r["cohort_month"], r["k"]): r for r in retention.cohorts(cohort_ws, ctx).iter_rows(named=True)}
    jan, feb = D(2026, 1, 1), D(2026, 2, 1)
    assert set(cells) == {(jan, 0), (jan, 1), (jan, 2), (feb, 0), (feb, 1)}
    assert [cells[(jan, k)]["customers"] for k in range(3)] == [2, 1, 1]  # y in February, x in March
    assert [cells[(jan, k)]["share"] for k in range(3)] == [100.0, 50.0, 50.0]
    assert (cells[(feb, 0)]["share"], cells[(feb, 1)]["share"]) == (100.0, 0.0)
    # March is not over on 15.03: its cells are partial.
    assert [cells[c]["partial"] for c in ((jan, 1), (jan, 2), (feb, 1))] == [False, True, True]


def test_cohorts_at_a_month_end_are_not_partial(cohort_ws):
    ctx = context(D(2026, 3, 31), generation=cohort_ws.generation())
    frame = retention.cohorts(cohort_ws, ctx)
    assert not frame["partial"].any()
    assert frame.filter(pl.col("cohort_month") == D(2026, 3, 1))["customers"].to_list() == [1]  # w


def test_days_from_first_to_second_purchase(cohort_ws):
    ctx = context(D(2026, 3, 15), generation=cohort_ws.generation())
    days = retention.days_to_second(cohort_ws, ctx)
    assert days.rows() == [(1, 1), (5, 1)]  # y: 31.01 -> 01.02; x: 15.01 -> 20.01
    assert retention.median_days(days) == 1
    # 180 days in about 18 bins: bins of 10 days, 0–10 … 170–180, then «180+» for 200 and 400 days.
    bins = retention.days_histogram(pl.DataFrame({"days": [1, 200, 400, 179], "customers": [3, 2, 1, 4]}), cap=180)
    assert bins.height == 19
    assert bins.row(0) == ("0–10", 0, 3)
    assert bins.row(17) == ("170–180", 170, 4)
    assert bins.row(18) == ("180+", 180, 3)


def test_monthly_retention_uses_calendar_months_and_marks_the_current_one(period_ws):
    ctx = context(D(2026, 3, 20), generation=period_ws.generation())
    frame = retention.monthly(period_ws, ctx, window_days=10, months=2)
    assert frame.select("period_start", "period_end", "partial").rows() == [
        (D(2026, 2, 1), D(2026, 2, 28), False), (D(2026, 3, 1), D(2026, 3, 20), True)]
    # February: S = [22.01, 31.01] none; E = [19.02, 28.02]: a (19.02) and d (28.02), b bought on 18.02.
    assert frame.row(0, named=True)["crr_e"] == 2 and frame.row(0, named=True)["crr"] is None


def test_average_check_by_month_and_week(period_ws):
    ctx = context(D(2026, 3, 31), generation=period_ws.generation())
    months = check.series(period_ws, ctx, "month")
    assert months.select("period_start", "orders").rows() == [(D(2026, 1, 1), 1), (D(2026, 2, 1), 3), (D(2026, 3, 1), 6)]
    assert months["aov"].to_list() == pytest.approx([60.0, 70 / 3, 1300 / 6])
    assert not months["partial"].any()
    weeks = check.series(period_ws, ctx, "week")
    assert weeks["period_start"].to_list()[-1] == D(2026, 3, 30)  # Monday of 31.03.2026
    assert weeks["partial"].to_list()[-1] is True
    with pytest.raises(ValueError):
        check.series(period_ws, ctx, "year")


@pytest.mark.parametrize(("dimension", "expected"), [
    # order channel: web a2 b2 c1 c2 f2 = 1250 / 5; social e1 = 50
    ("channel", {"web": (5, 250.0), "social": (1, 50.0)}),
    # city: Москва a2 b2 = 300 / 2; Казань c1 c2 e1 = 850 / 3; f has no customer record
    ("city", {"Москва": (2, 150.0), "Казань": (3, 850 / 3), None: (1, 150.0)}),
    # acquisition channel: source, else first order's channel: ads a c; web b f; social e
    ("acquisition_channel", {"ads": (3, 300.0), "web": (2, 175.0), "social": (1, 50.0)}),
])
def test_average_check_by_dimension_with_comparisons(period_ws, dimension, expected):
    ctx = context(END, START, END, generation=period_ws.generation())
    frame = check.by_dimension(period_ws, ctx, dimension)
    got = {r["value"]: (r["orders_current"], r["aov_current"]) for r in frame.iter_rows(named=True)}
    assert got.keys() == expected.keys()
    for key, (orders, aov) in expected.items():
        assert got[key][0] == orders and got[key][1] == pytest.approx(aov)
    if dimension == "channel":  # previous period 29.01-28.02: a1 b1 d1 = 70 / 3, all web
        web = frame.filter(pl.col("value") == "web").row(0, named=True)
        assert web["orders_previous"] == 3 and web["aov_previous"] == pytest.approx(70 / 3)
        assert web["orders_year_ago"] is None


def test_base_type_breakdown_reads_the_customer_model(period_ws):
    ctx = context(END, START, END, generation=period_ws.generation())
    assert check.has_customer_model(period_ws, ctx)
    frame = check.by_dimension(period_ws, ctx, "base_type")
    got = {r["value"]: (r["orders_current"], r["aov_current"]) for r in frame.iter_rows(named=True)}
    # As of 31.03: c is VIP (top 5% of 6 buyers by 365-day revenue: ceil(0.3) = 1); a, b, f have two
    # orders (active); e has one (working). March orders: c1 c2; a2 b2 f2; e1.
    assert got == {"vip": (2, 400.0), "active": (3, 150.0), "working": (1, 50.0)}


def test_order_values_put_the_top_percent_in_the_last_bin(workspace):
    publish_frames(workspace, {"orders": [order(str(i), f"c{i}", D(2026, 1, 1), float(i)) for i in range(1, 101)]})
    ctx = context(D(2026, 1, 1), generation=workspace.generation())
    bins = check.order_values(workspace, ctx, bins=10)
    assert bins["orders"].sum() == 100
    # 99th percentile of 1..100 is 99.01; a tenth of it (9.901) rounds up to bins of 10: 0–10, …, 90–100,
    # and 100 alone lies in the open bin from 100.
    assert bins.filter(pl.col("upper").is_null()).rows() == [(10, 100.0, None, 1)]
    assert bins["lower"][:2].to_list() == [0, 10] and bins["upper"][0] == 10
    assert bins["orders"][0] == 9  # 1..9


def test_orders_per_customer_with_a_cap(period_ws):
    ctx = context(END, START, END, generation=period_ws.generation())
    assert check.orders_per_customer(period_ws, ctx).rows() == [(1, 4), (2, 1)]  # c has two
    assert check.orders_per_customer(period_ws, ctx, cap=1).rows() == [(1, 5)]


def test_orders_per_customer_shows_every_step_up_to_the_largest():
    # Buyers with 1, 3 and 12 orders (cap 10): 2 and 4..9 are steps with nobody, 12 is counted at 10.
    frame = pl.DataFrame({"orders": [1, 3, 12], "customers": [5, 2, 1]})
    assert capped(frame, "orders", 10).rows() == [(1, 5), (2, 0), (3, 2), (4, 0), (5, 0), (6, 0), (7, 0),
                                                  (8, 0), (9, 0), (10, 1)]
    assert capped(frame.clear(), "orders", 10).is_empty()


def test_cac_by_channel_attributes_new_customers_to_source_else_first_channel(period_ws):
    ctx = context(END, START, END, generation=period_ws.generation())
    frame = value.cac_by_channel(period_ws, ctx)
    got = {r["channel"]: (r["marketing_spend"], r["new_customers"], r["cac"]) for r in frame.iter_rows(named=True)}
    assert got == {"ads": (600.0, 1, 600.0), "social": (400.0, 1, 400.0)}


def test_cac_by_month(period_ws):
    ctx = context(D(2026, 3, 31), generation=period_ws.generation())
    frame = value.cac_by_month(period_ws, ctx, months=2)
    got = {(r["month"], r["channel"]): (r["marketing_spend"], r["new_customers"], r["cac"])
           for r in frame.iter_rows(named=True)}
    # February: ads spend 1000, new: a (ads), b (web), d (web).
    assert got[(D(2026, 2, 1), "ads")] == (1000.0, 1, 1000.0)
    assert got[(D(2026, 2, 1), "web")] == (None, 2, None)
    assert got[(D(2026, 3, 1), "ads")] == (600.0, 1, 600.0)


def test_ltv_by_channel_and_ltv_to_cac(period_ws):
    ctx = context(END, START, END, generation=period_ws.generation())
    frame = value.ltv_by_channel(period_ws, ctx)
    ads = frame.filter(pl.col("channel") == "ads").row(0, named=True)
    # ads customers a, c: orders a1 a2 c1 c2 = 910 / 4; frequency 2; B1 empty -> 10 years.
    assert ads["ltv_aov"] == pytest.approx(227.5) and ads["ltv_frequency"] == pytest.approx(2.0)
    assert ads["ltv"] == pytest.approx(4550.0)
    # As gross profit at the default margin share of 30 %: 1365; LTV / CAC on profit: 1365 / 600.
    assert ads["ltv_gross_profit"] == pytest.approx(1365.0)
    assert ads["ltv_cac"] == pytest.approx(1365.0 / 600.0)
    half = value.ltv_by_channel(period_ws, ctx.replace(thresholds=Thresholds(gross_margin_share=0.5)))
    assert half.filter(pl.col("channel") == "ads")["ltv_cac"][0] == pytest.approx(2275.0 / 600.0)
    web = frame.filter(pl.col("channel") == "web").row(0, named=True)
    assert web["cac"] is None and web["ltv_cac"] is None


def test_cohort_value_and_payback(cohort_ws):
    publish_frames(cohort_ws, {"spend": [{"date": D(2026, 1, 10), "channel": "web", "amount": 400.0}]})
    ctx = context(D(2026, 3, 15), D(2026, 1, 1), D(2026, 1, 31), generation=cohort_ws.generation())
    curves = value.cohort_value(cohort_ws, ctx)
    jan = curves.filter(pl.col("group") == D(2026, 1, 1))
    # January cohort x, y: month 0 = 100 + 50 + 200 = 350 -> 175 per customer; month 1 + 20 -> 185;
    # March is not over, so it is left out.
    assert jan.select("k", "customers", "value").rows() == [(0, 2, 175.0), (1, 2, 185.0)]
    # CAC web in January: 400 / 2 = 200. Channel curve (all web; months up to February are over): k0 the
    # January cohort's 350 and February's z 60 over 3 customers = 136.67; k1 the January cohort only, 370 / 2 = 185.
    # Payback compares gross profit (value x margin share) with CAC: at 30 %, 41.0 and 55.5, never 200.
    payback = value.payback(cohort_ws, ctx)
    assert payback.rows() == [("web", 200.0, None)]
    half = Thresholds(gross_margin_share=0.5)  # 68.33 at k0, 92.5 at k1
    at_k1 = publish_frames(cohort_ws, {"spend": [{"date": D(2026, 1, 10), "channel": "web", "amount": 185.0}]})
    assert value.payback(cohort_ws, ctx.replace(generation=at_k1, thresholds=half)).rows() == [("web", 92.5, 1)]
    above = publish_frames(cohort_ws, {"spend": [{"date": D(2026, 1, 10), "channel": "web", "amount": 186.0}]})
    assert value.payback(cohort_ws, ctx.replace(generation=above, thresholds=half)).rows() == [("web", 93.0, None)]
    # At a 100 % margin 136.67 reaches a CAC of 100 in the acquisition month itself: 0, under a month.
    cheaper = publish_frames(cohort_ws, {"spend": [{"date": D(2026, 1, 10), "channel": "web", "amount": 200.0}]})
    full = ctx.replace(generation=cheaper, thresholds=Thresholds(gross_margin_share=1.0))
    assert value.payback(cohort_ws, full).rows() == [("web", 100.0, 0)]


@pytest.mark.parametrize(("months", "lang", "text"), [
    (0, "ru", "в месяц первой покупки (меньше месяца)"),
    (1, "ru", "через 1 мес. после месяца первой покупки"),
    (None, "ru", "не окупился"),
    (0, "en", "in the first purchase month (under a month)"),
    (12, "en", "12 months after the first purchase month"),
])
def test_payback_in_words(months, lang, text):
    assert value.payback_words(months, lang) == text


def test_nps_by_month_and_segment(workspace):
    publish_frames(workspace, {
        "customers": [{"customer_id": "a", "city": "Омск"}, {"customer_id": "b", "city": "Тула"}],
        "interactions": [
            *[{"customer_id": "a", "date": D(2026, 1, 10), "type": "survey", "score": s} for s in (10, 9, 8, 7, 6, 0)],
            {"customer_id": "b", "date": D(2026, 2, 3), "type": "survey", "score": 10},
            {"customer_id": "b", "date": D(2026, 2, 4), "type": "call", "score": None},
        ],
    })
    ctx = context(D(2026, 2, 28), D(2026, 1, 1), D(2026, 2, 28), generation=workspace.generation())
    assert nps.by_month(workspace, ctx, months=3).rows() == [(D(2026, 1, 1), 6, 2, 2, 0.0), (D(2026, 2, 1), 1, 1, 0, 100.0)]
    by_city = nps.by_segment(workspace, ctx, "city")
    assert by_city.select("value", "answers", "nps").rows() == [("Омск", 6, 0.0), ("Тула", 1, 100.0)]


@pytest.mark.parametrize(("start", "end", "previous", "year_ago"), [
    (D(2026, 3, 1), D(2026, 3, 31), (D(2026, 1, 29), D(2026, 2, 28)), (D(2025, 3, 1), D(2025, 3, 31))),
    (D(2024, 2, 29), D(2024, 2, 29), (D(2024, 2, 28), D(2024, 2, 28)), (D(2023, 2, 28), D(2023, 2, 28))),
])
def test_comparison_periods(start, end, previous, year_ago):
    assert (previous_period(start, end).start, previous_period(start, end).end) == previous
    assert (year_earlier(start, end).start, year_earlier(start, end).end) == year_ago


def test_calendar_quarters_cut_at_the_last_day():
    periods = calendar_periods(D(2025, 11, 20), D(2026, 2, 10), "quarter")
    assert [(p.start, p.end, p.partial) for p in periods] == [
        (D(2025, 10, 1), D(2025, 12, 31), False), (D(2026, 1, 1), D(2026, 2, 10), True)]


def test_average_check_counts_every_order_and_each_buyer_once(workspace):
    # x: two orders on 3 March (and a third, returned: ignored) and one on 20 March; y: one on 3 March; z: one in
    # April, after the analysis date. March: orders 4 (x, x, y, x), buyers 2 (x, y), revenue 10 + 30 + 50 + 20 =
    # 110, check 110 / 4 = 27.5.
    publish_frames(workspace, {"orders": [
        order("x1", "x", D(2026, 3, 3), 10.0), order("x2", "x", D(2026, 3, 3), 30.0),
        order("x3", "x", D(2026, 3, 3), 70.0, status="returned"), order("y1", "y", D(2026, 3, 3), 50.0),
        order("x4", "x", D(2026, 3, 20), 20.0), order("z1", "z", D(2026, 4, 2), 40.0),
    ]})
    ctx = context(D(2026, 3, 31), generation=workspace.generation())
    months = check.series(workspace, ctx, "month")
    assert months.select("period_start", "orders", "buyers", "revenue", "aov").rows() == [
        (D(2026, 3, 1), 4, 2, 110.0, 27.5)]
    weeks = check.series(workspace, ctx, "week")  # Monday 2 March (x twice, y), Monday 16 March (x)
    assert weeks.select("period_start", "orders", "buyers", "revenue").rows() == [
        (D(2026, 3, 2), 3, 2, 90.0), (D(2026, 3, 16), 1, 1, 20.0)]
