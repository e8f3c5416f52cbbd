"""The query loader: parameters derived from the text, allow-listed identifiers, the viewer's scope."""
from __future__ import annotations

import datetime as dt

import pytest

from core import sql
from core.access import Viewer
from tests.conftest import context, publish_frames


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("select $a, $b, $a", ["a", "b"]),
        ("select '$not_a_param' as x, $real -- $comment\n", ["real"]),
        ("select 1", []),
        ("select 'it''s $x' || $y", ["y"]),
    ],
)
def test_parameters_are_derived_from_the_text(text, expected):
    assert sql.parameters(text) == expected


def test_header_fields_are_read():
    assert sql.header("-- purpose: p\n-- params: $a\n-- returns: x\nselect $a as x") == {
        "purpose": "p", "params": "$a", "returns": "x"}


def test_missing_parameter_is_an_error(monkeypatch):
    monkeypatch.setattr(sql, "text", lambda name: "select $nope")
    with pytest.raises(sql.QueryError, match="nope"):
        sql.prepare("anything", {})


def _query_text(monkeypatch, sql_text: str) -> None:
    """Every query name reads `sql_text` (allow-lists read afresh)."""
    monkeypatch.setattr(sql, "text", lambda name: sql_text)
    sql.allow_lists.cache_clear()


def test_identifier_outside_the_declared_allow_list_is_refused(monkeypatch):
    _query_text(monkeypatch, "-- identifiers: sort_col = core.metrics:METRIC_DIMENSIONS\n"
                             "select * from t order by {{sort_col}}")
    assert sql.prepare("q1", {}, {"sort_col": "city"})[0].endswith('order by "city"')
    with pytest.raises(sql.QueryError):
        sql.prepare("q1", {}, {"sort_col": "city; drop table orders"})
    with pytest.raises(sql.QueryError):
        sql.prepare("q1", {}, {"sort_col": "revenue"})  # a plain identifier, but not in the list
    sql.allow_lists.cache_clear()


def test_a_placeholder_without_a_declared_allow_list_is_refused(monkeypatch):
    # Another query's list (metrics_dimension, declared by metrics__nps) does not reach this one.
    _query_text(monkeypatch, "select * from t order by {{metrics_dimension}}")
    with pytest.raises(sql.QueryError, match="no allow-list"):
        sql.prepare("q2", {}, {"metrics_dimension": "city"})
    sql.allow_lists.cache_clear()


def test_a_fragment_naming_a_column_outside_its_slots_list_is_refused(monkeypatch):
    _query_text(monkeypatch, "-- fragments: where = core.metrics:METRIC_DIMENSIONS\nselect * from t where {{where}}")
    ok = sql.Fragment('"city" = $p0', {"p0": "Омск"})
    text, bound = sql.prepare("q3", {}, fragments={"where": ok})
    assert text.endswith('where ("city" = $p0)') and bound == {"p0": "Омск"}
    with pytest.raises(sql.QueryError, match="not allowed"):
        sql.prepare("q3", {}, fragments={"where": sql.Fragment('"revenue" = $p0', {"p0": 1})})
    sql.allow_lists.cache_clear()


def test_bad_query_names_are_refused():
    with pytest.raises(sql.QueryError):
        sql.query_path("../etc/passwd")


def test_values_are_bound_not_formatted(workspace):
    hostile = "x'); drop table orders; --"
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": hostile, "order_date": dt.date(2026, 1, 1),
                                           "amount": 5.0, "manager": hostile}]})
    ctx = context(dt.date(2026, 1, 1), viewer=Viewer("m", "manager", manager_id=hostile))
    assert sql.run(workspace, "overview__kpis", ctx)["revenue"].to_list() == [5.0]


def test_a_manager_sees_only_their_customers(workspace):
    day = dt.date(2026, 1, 10)
    publish_frames(workspace, {
        "customers": [
            {"customer_id": "a", "manager": "anna"},
            {"customer_id": "b", "manager": "boris"},
            {"customer_id": "c"},
        ],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": day, "amount": 100.0},
            {"order_id": "2", "customer_id": "b", "order_date": day, "amount": 200.0, "manager": "anna"},
            {"order_id": "3", "customer_id": "c", "order_date": day, "amount": 400.0, "manager": "anna"},
            {"order_id": "4", "customer_id": "d", "order_date": day, "amount": 800.0, "manager": "boris"},
        ],
    })
    # anna: a (assigned) and c (no assignment, her order); b is boris's customer despite anna's order.
    anna = sql.run(workspace, "overview__kpis", context(day, viewer=Viewer("anna", "manager", manager_id="anna")))
    assert anna.row(0, named=True) | {"aov": None} == {"customers": 2, "buyers": 2, "orders": 2, "revenue": 500.0,
                                                         "aov": None}
    everyone = sql.run(workspace, "overview__kpis", context(day))
    assert everyone["revenue"].to_list() == [1500.0]
    with workspace.reading() as cur:
        buyers = cur.sql("select count(*) from customer_model where orders > 0").fetchall()[0][0]
    assert buyers == 4


def test_unused_parameter_is_an_error(workspace):
    with pytest.raises(sql.QueryError, match="unused"):
        sql.run(workspace, "overview__kpis", context(dt.date(2026, 1, 1)), typo=1)


def _executions(monkeypatch) -> list[tuple[str, dict]]:
    """Each query DuckDB runs through `sql.run` (text, values), in order."""
    ran: list[tuple[str, dict]] = []
    original = sql._relation

    def counting(cur, sql_text, bound):
        ran.append((sql_text, dict(bound)))
        return original(cur, sql_text, bound)

    monkeypatch.setattr(sql, "_relation", counting)
    return ran


def _day_orders(workspace) -> None:
    day = dt.date(2026, 1, 10)
    publish_frames(workspace, {"orders": [
        {"order_id": "1", "customer_id": "a", "order_date": day, "amount": 100.0},
        {"order_id": "2", "customer_id": "b", "order_date": day + dt.timedelta(days=1), "amount": 200.0},
    ]})


def test_while_sharing_a_query_run_again_with_the_same_values_and_context_is_read_not_run(workspace, monkeypatch):
    _day_orders(workspace)
    ran = _executions(monkeypatch)
    jan10, jan11 = dt.date(2026, 1, 10), dt.date(2026, 1, 11)
    with sql.sharing(sql.Shared()):
        first = sql.run(workspace, "overview__kpis", context(jan11))
        first[0, "revenue"] = 0.0  # a caller changing its frame in place changes no other's
        again = sql.run(workspace, "overview__kpis", context(jan11))
        other_day = sql.run(workspace, "overview__kpis", context(jan10))
        other_thresholds = sql.run(workspace, "overview__kpis",
                                   context(jan11, thresholds=sql.Thresholds(inactive_days=30)))
    # the period is the analysis date alone: 11 January's order, then 10 January's
    assert again["revenue"].to_list() == [200.0] and other_day["revenue"].to_list() == [100.0]
    assert first["revenue"].to_list() == [0.0] and other_thresholds["revenue"].to_list() == [200.0]
    assert len(ran) == 3  # the same day twice: run once; another day, other thresholds: run
    sql.run(workspace, "overview__kpis", context(jan11))  # not sharing: run
    assert len(ran) == 4


def test_a_frame_over_the_shares_bound_is_not_kept(workspace, monkeypatch):
    _day_orders(workspace)
    ran = _executions(monkeypatch)
    with sql.sharing(sql.Shared(max_bytes=0)):
        sql.run(workspace, "overview__kpis", context(dt.date(2026, 1, 11)))
        sql.run(workspace, "overview__kpis", context(dt.date(2026, 1, 11)))
    assert len(ran) == 2


def test_run_each_runs_only_the_items_no_earlier_call_asked_for_and_gives_each_its_rows(workspace, monkeypatch):
    # LTV inputs by end date: orders on 10 and 11 January; an end's 365 days count what lies in [end - 364, end].
    _day_orders(workspace)
    jan9, jan10, jan11 = dt.date(2026, 1, 9), dt.date(2026, 1, 10), dt.date(2026, 1, 11)
    ctx = context(jan11)

    def inputs(ends):
        frame = sql.run_each(workspace, "metrics__ltv_inputs", ctx, [(e,) for e in ends], 2,
                             lambda chunk: {"period_ends": [e for e, in chunk]}, ("period_end",))
        return [(r["period_end"], r["ltv_orders"], r["ltv_revenue"]) for r in frame.iter_rows(named=True)]

    ran = _executions(monkeypatch)
    unshared = inputs([jan11, jan10, jan9])
    assert unshared == [(jan11, 2, 300.0), (jan10, 1, 100.0)]  # by item, in their order; 9 January: no row
    assert [bound["period_ends"] for _, bound in ran] == [[jan11, jan10], [jan9]]  # two per query
    ran.clear()
    with sql.sharing(sql.Shared()):
        assert inputs([jan10]) == [(jan10, 1, 100.0)]
        assert inputs([jan9, jan11, jan10]) == [(jan11, 2, 300.0), (jan10, 1, 100.0)]
        assert inputs([jan11, jan9]) == [(jan11, 2, 300.0)]
    assert [bound["period_ends"] for _, bound in ran] == [[jan10], [jan9, jan11]]
