"""Composition: classes, month-end snapshots, migration, threshold preview and members, on hand-made data."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import composition, customers, sql
from core.access import Viewer
from core.context import Thresholds
from core.workspace import Workspace
from tests.conftest import context, publish_frames

JAN, FEB, MAR = dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)
RULES = Thresholds(inactive_days=30, vip_share=0.34)


@pytest.fixture
def small_ws(workspace: Workspace) -> Workspace:
    d = dt.date
    orders = [
        {"order_id": "1", "customer_id": "a", "order_date": d(2026, 1, 10), "amount": 1000.0},
        {"order_id": "2", "customer_id": "b", "order_date": d(2026, 1, 20), "amount": 50.0},
        {"order_id": "3", "customer_id": "b", "order_date": d(2026, 2, 20), "amount": 50.0},
        {"order_id": "4", "customer_id": "b", "order_date": d(2026, 3, 20), "amount": 50.0},
        {"order_id": "5", "customer_id": "c", "order_date": d(2026, 2, 15), "amount": 10.0},
        {"order_id": "6", "customer_id": "c", "order_date": d(2026, 2, 16), "amount": 99.0, "status": "Возврат"},
    ]
    people = [
        {"customer_id": "a", "name": "Анна Петрова", "email": "anna@mail.ru", "phone": "+7 (912) 345-67-89"},
        {"customer_id": "c", "registered_at": d(2026, 2, 1)},
        {"customer_id": "m", "email": "m@mail.ru", "consent_email": True},
        {"customer_id": "p", "registered_at": d(2026, 3, 1)},
    ]
    publish_frames(workspace, {"orders": orders, "customers": people})
    return workspace


@pytest.fixture(scope="module")
def scratch_ws(tmp_path_factory) -> Workspace:
    """One workspace for many generated examples (each publishes a new generation)."""
    ws = Workspace(tmp_path_factory.mktemp("snapshots"))
    yield ws
    ws.close()


def ctx_at(day: dt.date, **changes):
    return context(day, thresholds=RULES, **changes)


def counts(frame: pl.DataFrame, day: dt.date) -> dict[str, int]:
    return {r["base_type"]: r["customers"] for r in frame.filter(pl.col("snapshot") == day).iter_rows(named=True)
            if r["customers"]}


def test_month_end_snapshots_by_hand(small_ws):
    frame = composition.snapshots(small_ws, ctx_at(MAR), (JAN, FEB, MAR))
    # 31.01: buyers of the year a (1000), b (50): ceil(0.34 × 2) = 1 -> a VIP; b one order: working; c and p
    # not registered yet; m a consenting bare contact.
    assert counts(frame, JAN) == {"vip": 1, "working": 1, "mailing": 1}
    # 28.02: a's last order 49 days ago > 30: inactive; ceil(0.34 × 3) = 2: b (100) VIP; c (10, the return
    # does not count) working.
    assert counts(frame, FEB) == {"inactive": 1, "vip": 1, "working": 1, "mailing": 1}
    # 31.03: c 44 days: inactive; b VIP; p registered 01.03 without consent: potential.
    assert counts(frame, MAR) == {"inactive": 2, "vip": 1, "potential": 1, "mailing": 1}


@pytest.mark.parametrize("day", [JAN, FEB, MAR])
def test_snapshot_equals_the_customer_model_on_that_date(small_ws, day):
    frame = composition.snapshots(small_ws, ctx_at(MAR), (day,))
    model = composition.counts(small_ws, ctx_at(day))
    assert counts(frame, day) == {k: v for k, v in model.items() if v}


def test_snapshots_agree_with_the_model_on_the_demo(demo_workspace):
    ctx = sql.default_context(demo_workspace)
    days = tuple(composition.month_ends(dt.date(2025, 10, 1), ctx.as_of))[-3:]
    frame = composition.snapshots(demo_workspace, ctx, days)
    for day in days:
        model = composition.counts(demo_workspace, ctx.replace(as_of=day))
        assert counts(frame, day) == {k: v for k, v in model.items() if v}, day


def test_month_ends_end_with_the_analysis_date():
    assert composition.month_ends(dt.date(2025, 12, 15), dt.date(2026, 2, 14)) == [
        dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 14)]


def test_migration_between_two_dates(small_ws):
    moves = composition.migration(small_ws, ctx_at(MAR), JAN, MAR)
    got = {r["customer_id"]: (r["from_type"], r["to_type"]) for r in moves.iter_rows(named=True)}
    assert got == {"a": ("vip", "inactive"), "b": ("working", "vip"), "c": ("not_in_base", "inactive"),
                   "m": ("mailing", "mailing"), "p": ("not_in_base", "potential")}
    flows = {(r["from_type"], r["to_type"]): r["customers"] for r in composition.flows(moves).iter_rows(named=True)}
    assert sum(flows.values()) == 5 and flows[("vip", "inactive")] == 1


def test_migration_flows_counted_in_sql_by_hand(small_ws):
    # As in test_migration_between_two_dates: a vip -> inactive, b working -> vip, c and p new (inactive,
    # potential), m mailing -> mailing. Counted by DuckDB from the two dates' base types, largest first.
    flows = composition.migration_flows(small_ws, ctx_at(MAR), JAN, MAR)
    assert flows.rows() == [("mailing", "mailing", 1), ("not_in_base", "inactive", 1),
                            ("not_in_base", "potential", 1), ("vip", "inactive", 1), ("working", "vip", 1)]
    assert flows.schema == {"from_type": pl.String, "to_type": pl.String, "customers": pl.UInt32}
    # Backwards, the second date (the analysis date's own tables) read first: c and p go out of the base.
    back = {(f, t): n for f, t, n in composition.migration_flows(small_ws, ctx_at(MAR), MAR, JAN).rows()}
    assert back == {("inactive", "vip"): 1, ("vip", "working"): 1, ("inactive", "not_in_base"): 1,
                    ("potential", "not_in_base"): 1, ("mailing", "mailing"): 1}


@pytest.mark.parametrize("viewer", [None, Viewer("m", "marketer")])
def test_migration_flows_equal_the_flows_of_the_whole_migration_on_the_demo(demo_workspace, viewer):
    ctx = sql.default_context(demo_workspace)
    if viewer is not None:
        ctx = ctx.replace(viewer=viewer)
    first = ctx.as_of - dt.timedelta(days=120)
    for a, b in ((first, ctx.as_of), (ctx.as_of, first), (first, first + dt.timedelta(days=30))):
        expected = composition.flows(composition.migration(demo_workspace, ctx, a, b))
        assert composition.migration_flows(demo_workspace, ctx, a, b).equals(expected), (a, b)


def test_movers_are_masked_for_a_marketer(small_ws):
    marketer = Viewer("m", "marketer")
    who = composition.movers(small_ws, ctx_at(MAR, viewer=marketer), JAN, MAR, "vip", "inactive")
    assert who.select("customer_id", "name", "email", "phone").row(0) == ("a", "А. П.", "a***@mail.ru", "*** 6789")


def test_threshold_preview_by_hand(small_ws):
    # At 31.03 with inactivity 90 days and no VIP share: a (1 order, 80 days) and c (1 order, 44 days) become
    # working; b (3 orders) becomes active; contacts without orders keep their types.
    preview = composition.threshold_preview(small_ws, ctx_at(MAR), Thresholds(inactive_days=90, vip_share=0.0))
    got = {(r["base_type"], r["preview_type"]): r["customers"] for r in preview.iter_rows(named=True)}
    assert got == {("inactive", "working"): 2, ("vip", "active"): 1, ("mailing", "mailing"): 1,
                   ("potential", "potential"): 1}
    summary = composition.preview_summary(preview)
    assert summary["inactive"] == {"now": 2, "proposed": 0, "leave": 2, "join": 0}
    assert summary["working"] == {"now": 0, "proposed": 2, "leave": 0, "join": 2}


@pytest.mark.parametrize("proposed", [
    Thresholds(inactive_days=60, vip_share=0.2),
    Thresholds(inactive_days=180, vip_share=0.5),
    Thresholds(inactive_days=90, vip_share=0.0, vip_min_revenue=2000.0),
])
def test_threshold_preview_matches_a_model_built_with_those_thresholds(demo_workspace, proposed):
    ctx = sql.default_context(demo_workspace)
    preview = composition.threshold_preview(demo_workspace, ctx, proposed)
    expected = composition.counts(demo_workspace, ctx.replace(thresholds=proposed))
    got = preview.group_by("preview_type").agg(pl.col("customers").sum())
    assert {r["preview_type"]: r["customers"] for r in got.iter_rows(named=True)} == {
        k: v for k, v in expected.items() if v}


def test_classes_with_shares(small_ws):
    frame = composition.by_dimension(small_ws, ctx_at(MAR), "base_type")
    rows = {r["value"]: r for r in frame.iter_rows(named=True)}
    assert [r for r in frame["value"]] == list(composition.DIMENSIONS["base_type"])  # every type, in order
    assert rows["inactive"]["customers"] == 2 and rows["active"]["customers"] == 0
    # revenue up to D: a 1000 + c 10 of 1160 in all
    assert rows["inactive"]["revenue_share"] == pytest.approx(100 * 1010 / 1160)
    assert rows["vip"]["customer_share"] == pytest.approx(20.0)


def test_members_of_a_class_per_rights(small_ws):
    analyst = composition.members(small_ws, ctx_at(MAR, viewer=Viewer("x", "analyst")), "base_type", "inactive")
    assert analyst["customer_id"].to_list() == ["a", "c"]  # by revenue, largest first
    assert analyst["email"][0] == "anna@mail.ru"
    with pytest.raises(customers.NotAllowed):
        composition.members(small_ws, ctx_at(MAR, viewer=Viewer("e", "executive")), "base_type", "inactive")
    with pytest.raises(ValueError):
        composition.members(small_ws, ctx_at(MAR), "base_type", "x' or 1=1 --")


def test_pareto_curve_ends_at_everything(small_ws):
    curve = composition.pareto(small_ws, ctx_at(MAR))
    # a 1000, b 150, c 10 of 1160: after a 86.2 %, after b 99.1 %, after c 100 %.
    assert curve["revenue_share"].to_list() == pytest.approx([100 * 1000 / 1160, 100 * 1150 / 1160, 100.0])
    assert curve["abc_class"].to_list() == ["A", "B", "C"]


def test_rfm_grid_counts_every_buyer(small_ws):
    grid = composition.rfm_grid(small_ws, ctx_at(MAR))
    assert grid["customers"].sum() == 3
    assert set(grid["rfm_segment"]) <= set(customers.RFM_SEGMENTS)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders=st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 500), st.sampled_from([10.0, 50.0, 120.0])),
                       min_size=0, max_size=30),
       profiles=st.lists(st.tuples(st.sampled_from("abcdmnp"), st.booleans(), st.none() | st.integers(0, 500)),
                         max_size=5, unique_by=lambda p: p[0]),
       days=st.lists(st.integers(200, 520), min_size=1, max_size=6, unique=True),
       inactive=st.integers(1, 400), share=st.sampled_from([0.0, 0.1, 0.34, 0.5, 1.0]), per_query=st.integers(1, 3))
def test_snapshots_agree_with_the_model_on_any_data(scratch_ws, monkeypatch, orders, profiles, days, inactive, share,
                                                    per_query):
    # Equal amounts make ties at the VIP cut; dates at exactly the inactivity threshold and the year's edge
    # come up; several dates per query and split across queries.
    monkeypatch.setattr(composition, "SNAPSHOTS_PER_QUERY", per_query)
    base = dt.date(2025, 1, 1)
    publish_frames(scratch_ws, {
        "orders": [{"order_id": str(i), "customer_id": c, "order_date": base + dt.timedelta(days=d), "amount": a}
                   for i, (c, d, a) in enumerate(orders)] or [{"order_id": "z", "customer_id": "z",
                                                               "order_date": base, "amount": 1.0, "status": "cancelled"}],
        "customers": [{"customer_id": c, "consent_email": consent,
                       "registered_at": None if r is None else base + dt.timedelta(days=r)}
                      for c, consent, r in profiles] or [{"customer_id": "q"}],
    })
    rules = Thresholds(inactive_days=inactive, vip_share=share)
    dates = tuple(base + dt.timedelta(days=d) for d in days)
    ctx = context(max(dates), thresholds=rules, generation=scratch_ws.generation())
    frame = composition.snapshots(scratch_ws, ctx, dates)
    for day in dates:
        model = composition.counts(scratch_ws, ctx.replace(as_of=day))
        assert counts(frame, day) == {k: v for k, v in model.items() if v}, day
