"""The overview at any date, from what the build keeps for it, equals its definitions over the raw rows: the
composition (`overview.classes`, queries/overview__classes.sql) equals the customer model's
(`composition.by_dimension`); revenue by month (monthly_sales and the date's month) and LTV's line margin
(daily_margin) equal their sums over the orders and lines, for a manager too. A date never asked for builds
none of the model's tables for the overview; they are still built, and kept, when a page that reads the
model asks."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from core import composition, overview, sql, warm
from core.access import Viewer
from core.context import Thresholds
from core.workspace import VARIANTS_TABLE, Workspace, schema_name
from tests.conftest import context, publish_frames

D = dt.date
MODEL_TABLES = ("customer_categories", "customer_activity", "customer_model")


def assert_same_classes(ws: Workspace, ctx) -> None:
    """Every class of both dimensions: counts exactly, sums to the last bits DuckDB's parallel sums leave free."""
    found = overview.classes(ws, ctx)
    for dimension in overview.CLASS_DIMENSIONS:
        full = composition.by_dimension(ws, ctx, dimension)
        mine = overview.class_frame(found, dimension)
        assert mine["value"].to_list() == full["value"].to_list()
        assert mine["customers"].to_list() == full["customers"].to_list(), dimension
        assert_frame_equal(mine, full, rel_tol=1e-9, abs_tol=1e-9)


@given(day=st.integers(0, 900), inactive=st.integers(1, 720), vip=st.sampled_from([0.0, 0.01, 0.05, 0.2, 1.0]),
       vip_min=st.sampled_from([None, 5_000.0, 50_000.0]), abc=st.sampled_from([(0.8, 0.95), (0.5, 0.9), (0.2, 0.3)]),
       manager=st.booleans())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_overview_classes_equal_the_customer_model_at_any_date_and_thresholds(demo_workspace, day, inactive,
                                                                                  vip, vip_min, abc, manager):
    base = warm.default_context(demo_workspace, demo_workspace.generation())
    as_of = base.as_of - dt.timedelta(days=day)
    ctx = base.replace(as_of=as_of, start=as_of - dt.timedelta(days=89), end=as_of,
                       viewer=Viewer("m", "manager", "Соколова Мария") if manager else Viewer.system(),
                       thresholds=Thresholds(inactive_days=inactive, vip_share=vip, vip_min_revenue=vip_min,
                                             abc_a_share=abc[0], abc_b_share=abc[1]))
    assert_same_classes(demo_workspace, ctx)


@pytest.fixture
def edge_ws(workspace: Workspace) -> Workspace:
    """Ties in revenue (ABC and VIP cuts), a repeated profile, a late registration, an unsubscribe, a buyer
    without a profile, a contact with interactions only, a cancelled order."""
    orders = [
        ("a", D(2026, 1, 10), 100.0), ("b", D(2024, 5, 1), 60.0), ("b", D(2026, 2, 10), 40.0),
        ("c", D(2025, 1, 10), 100.0),
        ("d", D(2025, 3, 1), 500.0), ("d", D(2026, 3, 1), 50.0), ("e", D(2024, 6, 1), 900.0),
        ("ghost", D(2026, 3, 20), 300.0), ("f", D(2026, 4, 1), 70.0),
    ]
    rows = [{"order_id": str(i), "customer_id": c, "order_date": day, "amount": a} for i, (c, day, a) in enumerate(orders)]
    rows.append({"order_id": "x", "customer_id": "a", "order_date": D(2026, 3, 30), "amount": 999.0, "status": "Отменён"})
    people = [
        {"customer_id": "a", "registered_at": D(2025, 1, 1), "consent_email": True},
        {"customer_id": "a", "registered_at": D(2025, 6, 1), "consent_email": True, "city": "Тула"},
        {"customer_id": "m", "consent_email": True, "email": "m@example.ru"},
        {"customer_id": "m2", "consent_sms": True, "registered_at": D(2026, 3, 15)},
        {"customer_id": "late", "registered_at": D(2026, 5, 1), "consent_email": True},
        {"customer_id": "p", "registered_at": D(2025, 1, 1), "city": "Омск"},
    ]
    messages = [{"customer_id": "m", "email": "m@example.ru", "channel": "email", "campaign": "весна",
                 "sent_at": dt.datetime(2026, 2, 1, 10), "unsubscribed": True}]
    interactions = [{"customer_id": "only_talks", "date": D(2026, 1, 5), "type": "complaint"}]
    publish_frames(workspace, {"orders": rows, "customers": people, "communications": messages,
                               "interactions": interactions})
    return workspace


@pytest.mark.parametrize("as_of", [D(2026, 1, 31), D(2026, 3, 15), D(2026, 3, 31), D(2026, 6, 30)])
@pytest.mark.parametrize("vip", [0.0, 0.34, 1.0])
@pytest.mark.parametrize("abc", [(0.5, 0.75), (0.5, 0.85)])  # 0.85: the tie a, b (100 ₽ each) across B and C
def test_the_overview_classes_equal_the_model_at_ties_repeats_and_unsubscribes(edge_ws, as_of, vip, abc):
    ctx = context(as_of, as_of - dt.timedelta(days=29), as_of).replace(
        thresholds=Thresholds(vip_share=vip, inactive_days=60, abc_a_share=abc[0], abc_b_share=abc[1]))
    assert_same_classes(edge_ws, ctx)


def test_the_hand_counted_classes(edge_ws):
    # On 15.03.2026, inactive after 60 days: buyers a, b, c (100 ₽ each, a also cancelled; b 40 ₽ of it in the
    # year, c none), d (550 ₽, 50 ₽ of it in the year), e (900 ₽ two years ago); m unsubscribed on 01.02 (no consent left: potential), m2 registered
    # on 15.03 with SMS consent and no personal data (mailing), p (a city: potential); late, ghost, f not yet.
    ctx = context(D(2026, 3, 15), D(2026, 2, 14), D(2026, 3, 15)).replace(
        thresholds=Thresholds(vip_share=0.0, inactive_days=60, abc_a_share=0.5, abc_b_share=0.75))
    found = overview.classes(edge_ws, ctx)
    types = dict(overview.class_frame(found, "base_type").select("value", "customers").iter_rows())
    # a: one order 64 days ago (inactive); b: 2 orders, 33 days (active); c: 14 months (inactive); d: 14 days,
    # 2 orders (active); e: inactive.
    assert types == {"vip": 0, "active": 2, "working": 0, "inactive": 3, "potential": 2, "mailing": 1}
    abc = overview.class_frame(found, "abc_class")
    # Revenue up to D: e 900, d 550, then a, b, c 100 each (ties by id): total 1750. Above e: 0 (A); above d:
    # 900/1750 = 0.51 (B); above a: 1450/1750 = 0.83, b and c above that (C).
    assert dict(abc.select("value", "customers").iter_rows()) == {"A": 1, "B": 1, "C": 3}
    assert abc["revenue_share"].to_list() == pytest.approx([100 * 900 / 1750, 100 * 550 / 1750, 100 * 300 / 1750])
    # With B up to 0.85, a (above it 0.83) is B and b (0.89) C: their year's revenue tells them apart.
    wider = overview.class_frame(overview.classes(edge_ws, ctx.replace(
        thresholds=Thresholds(vip_share=0.0, inactive_days=60, abc_a_share=0.5, abc_b_share=0.85))), "abc_class")
    assert wider["revenue_365"].to_list() == pytest.approx([0.0, 50.0 + 100.0, 40.0 + 0.0])


def test_the_hand_counted_base_types_the_day_before_the_period(edge_ws):
    # The period 14.02–15.03.2026: its day before is 13.02, inactive after 60 days. Buyers by then: a (one order,
    # 10.01: working), b (24.05.2024 and 10.02.2026: active), c, d (its 01.03.2026 order not yet: 01.03.2025), e
    # (inactive); m unsubscribed on 01.02 (potential), p (a city: potential); m2 registers only on 15.03.
    ctx = context(D(2026, 3, 15), D(2026, 2, 14), D(2026, 3, 15)).replace(
        thresholds=Thresholds(vip_share=0.0, inactive_days=60, abc_a_share=0.5, abc_b_share=0.75))
    assert overview.day_before(ctx) == D(2026, 2, 13)
    before = overview.class_frame(overview.classes(edge_ws, ctx), overview.BEFORE)
    assert dict(before.select("value", "customers").iter_rows()) == {
        "vip": 0, "active": 1, "working": 1, "inactive": 3, "potential": 2, "mailing": 0}
    # Revenue up to 13.02: a 100, b 60 + 40, c 100, d 500, e 900 (1700); in the year before it: a 100, b 40, d 500.
    assert before["revenue"].sum() == pytest.approx(1700.0)
    assert dict(before.select("value", "revenue_365").iter_rows())["inactive"] == pytest.approx(500.0)


def test_the_overview_at_another_date_reads_the_orders_for_its_composition_once(edge_ws, monkeypatch):
    # The composition at the date and the day before the period (the sentences) come from one query.
    ran: list[str] = []
    original = sql.run

    def counting(ws, name, ctx, *args, **kwargs):
        ran.append(name)
        return original(ws, name, ctx, *args, **kwargs)

    monkeypatch.setattr(sql, "run", counting)
    ctx = context(D(2026, 3, 15), D(2026, 2, 14), D(2026, 3, 15))
    found = overview.classes(edge_ws, ctx)
    sentences = overview.observations(edge_ws, ctx, "ru", overview.kpi_series(edge_ws, ctx), found)
    assert ran.count("overview__classes") == 1
    # Without the composition given, the sentences read the context's own (one query too).
    ran.clear()
    assert overview.observations(edge_ws, ctx, "ru") == sentences
    assert ran.count("overview__classes") == 1


def variants(ws: Workspace) -> set[str]:
    generation = ws.generation()
    with ws.reading(generation) as cur:
        rows = cur.execute(f"select name from {schema_name(generation)}.{VARIANTS_TABLE} "
                           "where table_name <> name").fetchall()
    return {name for (name,) in rows}


def test_another_date_builds_no_model_table_for_the_overview_and_the_composition_page_still_gets_it(edge_ws):
    ctx = context(D(2026, 2, 20), D(2026, 1, 22), D(2026, 2, 20))
    series = overview.kpi_series(edge_ws, ctx)
    found = overview.classes(edge_ws, ctx)
    overview.observations(edge_ws, ctx, "ru", series, found)
    overview.revenue_by_month(edge_ws, ctx)
    assert variants(edge_ws) & set(MODEL_TABLES) == set()
    # The composition page at that date reads the model: its tables for the date are built then, and kept.
    by_type = composition.by_dimension(edge_ws, ctx, "base_type")
    assert set(MODEL_TABLES) <= variants(edge_ws)
    assert by_type["customers"].to_list() == overview.class_frame(found, "base_type")["customers"].to_list()
    assert pl.DataFrame.equals(composition.by_dimension(edge_ws, ctx, "base_type"), by_type)


# ----------------------------------------------------------------- revenue by month and the line margin
def raw(ws: Workspace, ctx, query: str) -> pl.DataFrame:
    """Rows of the generation's own relations as `ctx`'s viewer sees them (a manager: their customers')."""
    with ws.reading(ctx.generation) as cur:
        sql.apply_context(ws, cur, ctx, query)
        return cur.sql(query).pl()


def months_by_hand(ws: Workspace, ctx) -> pl.DataFrame:
    orders = raw(ws, ctx, "select customer_id, order_date, amount from completed_orders")
    return (orders.filter(pl.col("order_date") <= ctx.as_of)
            .group_by(month=pl.col("order_date").dt.truncate("1mo"))
            .agg(revenue=pl.col("amount").sum(), buyers=pl.col("customer_id").n_unique(), orders=pl.len())
            .with_columns(pl.col("buyers", "orders").cast(pl.Int64)).sort("month"))


def margin_by_hand(ws: Workspace, ctx, ends: list[dt.date]) -> pl.DataFrame:
    lines = raw(ws, ctx, "select o.order_date, coalesce(l.category_top, '') as category, l.amount, l.cost "
                         "from order_lines as l join completed_orders as o using (order_id)")
    frames = []
    for end in sorted(set(ends)):
        window = lines.filter(pl.col("order_date").is_between(end - dt.timedelta(days=364), end))
        frames.append(window.group_by("category").agg(
            revenue=pl.col("amount").sum(),
            costed_revenue=pl.col("amount").filter(pl.col("cost").is_not_null()).sum(),
            costed_profit=(pl.col("amount") - pl.col("cost")).filter(pl.col("cost").is_not_null()).sum(),
        ).with_columns(period_end=pl.lit(end)))
    return pl.concat(frames).select("period_end", "category", "revenue", "costed_revenue", "costed_profit") \
        .sort("period_end", "category")


VIEWERS = [Viewer.system(), Viewer("m", "manager", "Иванова Анна")]


@given(day=st.integers(-40, 1200), viewer=st.sampled_from(VIEWERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_revenue_by_month_at_any_date_equals_the_orders_sums(demo_workspace, day, viewer):
    base = warm.default_context(demo_workspace, demo_workspace.generation())
    as_of = base.as_of - dt.timedelta(days=day)
    ctx = base.replace(as_of=as_of, start=as_of - dt.timedelta(days=89), end=as_of, viewer=viewer)
    expected = months_by_hand(demo_workspace, ctx)
    got = overview.revenue_by_month(demo_workspace, ctx)
    assert expected.height > 0 or day > 1000
    assert_frame_equal(got, expected, check_exact=False, rel_tol=1e-12, abs_tol=1e-6)


@given(day=st.integers(-40, 1200), viewer=st.sampled_from(VIEWERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_line_margin_at_any_date_equals_the_lines_sums(demo_workspace, day, viewer):
    base = warm.default_context(demo_workspace, demo_workspace.generation())
    end = base.as_of - dt.timedelta(days=day)
    ends = [end, end - dt.timedelta(days=90), end - dt.timedelta(days=400)]
    ctx = base.replace(viewer=viewer)
    got = sql.run(demo_workspace, "metrics__line_margin", ctx, period_ends=ends).sort("period_end", "category")
    expected = margin_by_hand(demo_workspace, ctx, ends)
    assert_frame_equal(got, expected, check_exact=False, rel_tol=1e-9, abs_tol=1e-6, check_dtypes=False)


def test_a_managers_line_margin_is_their_customers_own(demo_workspace):
    ctx = warm.default_context(demo_workspace, demo_workspace.generation())
    manager = ctx.replace(viewer=VIEWERS[1])
    mine = sql.run(demo_workspace, "metrics__line_margin", manager, period_ends=[ctx.as_of])
    everyone = sql.run(demo_workspace, "metrics__line_margin", ctx, period_ends=[ctx.as_of])
    assert 0 < mine["revenue"].sum() < everyone["revenue"].sum()


# ------------------------------------------------------------------ what the figures at any date read
def test_customer_days_holds_each_customers_completed_orders_by_day_with_an_integer_key_in_id_order(workspace):
    orders = [
        {"order_id": "1", "customer_id": "b2", "order_date": D(2026, 3, 1), "amount": 10.0},
        {"order_id": "2", "customer_id": "b2", "order_date": D(2026, 3, 1), "amount": 15.5},
        {"order_id": "3", "customer_id": "b2", "order_date": D(2026, 3, 1), "amount": 99.0, "status": "Отменён"},
        {"order_id": "4", "customer_id": "b2", "order_date": D(2026, 3, 4), "amount": 7.25},
        {"order_id": "5", "customer_id": "a1", "order_date": D(2026, 3, 4), "amount": 40.0},
        {"order_id": "6", "customer_id": "c3", "order_date": D(2026, 2, 1), "amount": 5.0, "status": "Отменён"},
    ]
    publish_frames(workspace, {"orders": orders})
    got = raw(workspace, context(D(2026, 3, 4)), "select * from customer_days order by customer_key, order_date")
    # By hand: a1 comes first among the ids (key 1), b2 second; b2's two completed orders of 1 March are one row
    # (10 + 15.5), the cancelled one is not counted; c3 has no completed order, so no row and no key.
    assert got.rows() == [(1, "a1", D(2026, 3, 4), 1, 40.0), (2, "b2", D(2026, 3, 1), 2, 25.5),
                          (2, "b2", D(2026, 3, 4), 1, 7.25)]


@given(day=st.integers(-40, 1000), viewer=st.sampled_from(VIEWERS))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_customer_days_equals_the_completed_orders_sums_per_customer_and_day(demo_workspace, day, viewer):
    base = warm.default_context(demo_workspace, demo_workspace.generation())
    ctx = base.replace(viewer=viewer)
    cutoff = base.as_of - dt.timedelta(days=day)
    orders = raw(demo_workspace, ctx, "select customer_id, order_date, amount from completed_orders")
    expected = (orders.filter(pl.col("order_date") <= cutoff).group_by("customer_id", "order_date")
                .agg(orders=pl.len().cast(pl.Int64), revenue=pl.col("amount").sum()).sort("customer_id", "order_date"))
    days = raw(demo_workspace, ctx, "select * from customer_days")
    got = days.filter(pl.col("order_date") <= cutoff).sort("customer_id", "order_date")
    assert_frame_equal(got.select("customer_id", "order_date", pl.col("orders").cast(pl.Int64), "revenue"), expected,
                       check_exact=False, rel_tol=1e-12, abs_tol=1e-9)
    # One key per customer, one customer per key, in the order of the ids.
    keys = days.select("customer_key", "customer_id").unique().sort("customer_id")
    assert keys["customer_key"].is_sorted() and keys["customer_key"].n_unique() == keys.height
    assert keys["customer_id"].n_unique() == keys.height


@given(day=st.integers(0, 900), inactive=st.integers(1, 720), vip=st.sampled_from([0.0, 0.05, 0.2, 1.0]),
       vip_min=st.sampled_from([None, 5_000.0]), length=st.sampled_from([0, 29, 89, 364]))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_sentences_base_types_at_the_periods_ends_equal_the_snapshots(demo_workspace, day, inactive, vip,
                                                                          vip_min, length):
    base = warm.default_context(demo_workspace, demo_workspace.generation())
    as_of = base.as_of - dt.timedelta(days=day)
    ctx = base.replace(as_of=as_of, start=as_of - dt.timedelta(days=length), end=as_of,
                       thresholds=Thresholds(inactive_days=inactive, vip_share=vip, vip_min_revenue=vip_min))
    before = ctx.start - dt.timedelta(days=1)
    snaps = composition.snapshots(demo_workspace, ctx, (before, ctx.end))
    expected = {code: tuple(snaps.filter(pl.col("base_type") == code).sort("snapshot")["customers"].to_list())
                for code in overview.BASE_TYPES}
    assert overview.type_counts(demo_workspace, ctx, before) == expected
    found = overview.classes(demo_workspace, ctx)
    assert overview.type_counts(demo_workspace, ctx, before, found) == expected
    # The day before's base types, made in the pass of the date's composition, equal the composition at that day.
    alone = overview.class_frame(overview.classes(demo_workspace, ctx.replace(as_of=before)), "base_type")
    assert_frame_equal(overview.class_frame(found, overview.BEFORE), alone, rel_tol=1e-9, abs_tol=1e-9)
