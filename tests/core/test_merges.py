"""Merges: a duplicate's orders, interactions and profile go to the survivor in every figure, and unmerge undoes it."""
from __future__ import annotations

import datetime as dt

import pytest

from core import customers, merges, overview, sql
from core.access import Viewer
from core.workspace import Manifest, Workspace, WorkspaceError, resolve_merges, schema_name
from tests.conftest import context, publish_frames

AS_OF = dt.date(2026, 5, 31)
START = AS_OF - dt.timedelta(days=89)
ANALYST = Viewer("anna", "analyst")


def _data(ws: Workspace) -> None:
    publish_frames(ws, {
        "customers": [
            {"customer_id": "a", "name": "Иванов Иван", "email": "ivan@mail.ru", "city": "Пермь",
             "registered_at": dt.date(2025, 1, 10), "consent_email": True},
            {"customer_id": "b", "name": None, "email": " IVAN@mail.ru", "phone": "+7 912 345 6789",
             "city": "Казань", "gender": "m", "registered_at": dt.date(2024, 6, 1), "consent_email": False,
             "consent_sms": True},
            {"customer_id": "c", "name": "Петров Пётр", "registered_at": dt.date(2024, 1, 1)},
        ],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": AS_OF, "amount": 1000.0},
            {"order_id": "2", "customer_id": "a", "order_date": AS_OF - dt.timedelta(days=10), "amount": 500.0},
            {"order_id": "3", "customer_id": "b", "order_date": AS_OF - dt.timedelta(days=20), "amount": 300.0},
            {"order_id": "4", "customer_id": "c", "order_date": AS_OF - dt.timedelta(days=200), "amount": 200.0},
            {"order_id": "5", "customer_id": "b", "order_date": AS_OF, "amount": 50.0, "status": "Отменён"},
        ],
        "interactions": [
            {"customer_id": "b", "date": AS_OF - dt.timedelta(days=3), "type": "call", "score": 9},
        ],
    })


def _ctx(ws: Workspace):
    return context(AS_OF, START, AS_OF, generation=ws.generation())


def _model(ws: Workspace) -> dict[str, dict]:
    return {r["customer_id"]: r for r in customers.table(ws, _ctx(ws)).iter_rows(named=True)}


def test_merge_then_unmerge_changes_every_figure_and_back(workspace):
    _data(workspace)
    before = overview.kpis(workspace, _ctx(workspace))
    # contacts a, b, c; buyers in the 90 days: a (orders 1, 2) and b (order 3); order 5 is cancelled
    assert (before["customers"], before["buyers"], before["orders"], before["revenue"]) == (3, 2, 3, 1800.0)
    assert _model(workspace)["a"]["orders"] == 2

    generation = merges.merge(workspace, ANALYST, ["b"], "a", reason="same e-mail")
    assert generation == workspace.generation() == 2
    after = overview.kpis(workspace, _ctx(workspace))
    assert (after["customers"], after["buyers"], after["orders"], after["revenue"]) == (2, 1, 3, 1800.0)
    model = _model(workspace)
    assert set(model) == {"a", "c"}
    survivor = model["a"]
    assert (survivor["orders"], survivor["revenue"], survivor["interactions"]) == (3, 1800.0, 1)
    # the survivor's own fields win; gaps come from the merged profile; registration is the earliest
    assert (survivor["name"], survivor["email"], survivor["city"]) == ("Иванов Иван", "ivan@mail.ru", "Пермь")
    assert (survivor["phone"], survivor["gender"], survivor["consent_sms"]) == ("+7 912 345 6789", "m", True)
    assert survivor["consent_email"] is True
    assert survivor["registered_at"] == dt.date(2024, 6, 1)
    with workspace.reading() as cur:
        assert cur.sql("select customer_id from orders where order_id = '5'").fetchall() == [("a",)]

    merges.unmerge(workspace, ANALYST, "b")
    again = overview.kpis(workspace, _ctx(workspace))
    assert (again["customers"], again["buyers"]) == (3, 2)
    assert _model(workspace)["a"]["orders"] == 2 and _model(workspace)["b"]["orders"] == 1
    log = merges.history(workspace)
    assert [(e["action"], e["from_id"], e["to_id"], e["username"]) for e in log] == [
        ("merge", "b", "a", "anna"), ("unmerge", "b", "a", "anna")]


def test_a_merge_keeps_the_files_and_only_adds_a_generation(workspace):
    _data(workspace)
    files = dict(workspace.manifest().datasets)
    merges.merge(workspace, ANALYST, ["b"], "a")
    assert dict(workspace.manifest().datasets) == files
    assert workspace.manifest().merges == {"b": "a"}
    assert merges.current(workspace).select("from_id", "to_id", "merged_by").rows() == [("b", "a", "anna")]


def test_chains_resolve_to_the_final_survivor_and_unmerging_the_middle_restores_it(workspace):
    _data(workspace)
    merges.merge(workspace, ANALYST, ["b"], "a")
    merges.merge(workspace, ANALYST, ["a"], "c")
    assert set(_model(workspace)) == {"c"}
    assert _model(workspace)["c"]["orders"] == 4
    assert merges.current(workspace).select("from_id", "survivor_id").rows() == [("a", "c"), ("b", "c")]
    merges.unmerge(workspace, ANALYST, "a")
    assert {k: v["orders"] for k, v in _model(workspace).items()} == {"a": 3, "c": 1}


@pytest.mark.parametrize(("viewer", "dups", "survivor", "key"), [
    (Viewer("m", "marketer"), ["b"], "a", "quality.merge.error.denied"),
    (Viewer("e", "executive"), ["b"], "a", "quality.merge.error.denied"),
    (ANALYST, [], "a", "quality.merge.error.nothing"),
    (ANALYST, ["a"], "a", "quality.merge.error.self"),
    (ANALYST, ["zzz"], "a", "quality.merge.error.unknown"),
])
def test_refused_merges_change_nothing(workspace, viewer, dups, survivor, key):
    _data(workspace)
    with pytest.raises(merges.MergeError) as info:
        merges.merge(workspace, viewer, dups, survivor)
    assert info.value.key == key
    assert info.value.message("en") and info.value.message("ru")
    assert workspace.manifest().generation == 1 and workspace.manifest().merges == {}


def test_merging_an_id_twice_or_unmerging_an_unmerged_one_is_refused(workspace):
    _data(workspace)
    merges.merge(workspace, ANALYST, ["b"], "a")
    # b is no longer a customer of its own: the data check refuses it before the mapping check
    with pytest.raises(merges.MergeError) as twice:
        merges.merge(workspace, ANALYST, ["b"], "c")
    assert twice.value.key == "quality.merge.error.unknown"
    with pytest.raises(merges.MergeError) as unmerged:
        merges.unmerge(workspace, ANALYST, "c")
    assert unmerged.value.key == "quality.merge.error.not_merged"
    with pytest.raises(merges.MergeError):
        merges.unmerge(workspace, Viewer("m", "marketer"), "b")
    assert workspace.manifest().generation == 2


def test_a_rebuilt_generation_reads_the_merges_from_the_manifest(tmp_path):
    ws = Workspace(tmp_path / "ws")
    _data(ws)
    merges.merge(ws, ANALYST, ["b"], "a")
    ws.con.execute(f"drop schema {schema_name(ws.generation())} cascade")
    ws.close()
    reopened = Workspace(tmp_path / "ws")  # builds the generation again from the manifest
    try:
        ctx = context(AS_OF, START, AS_OF, generation=reopened.generation())
        assert sql.run(reopened, "overview__kpis", ctx)["customers"][0] == 2
    finally:
        reopened.close()


def test_manifest_round_trip_and_cycles():
    manifest = Manifest(generation=3, datasets={"orders": ("x",)}, merges={"b": "a"})
    assert Manifest.from_json(manifest.to_json()).merges == {"b": "a"}
    assert Manifest.from_json(b'{"generation": 1, "datasets": {}}').merges == {}
    assert resolve_merges({"a": "b", "b": "c", "d": "c"}) == {"a": "c", "b": "c", "d": "c"}
    with pytest.raises(WorkspaceError):
        resolve_merges({"a": "b", "b": "a"})


@pytest.mark.parametrize("listed", [("x", "y"), ("y", "x")])
def test_duplicates_registered_the_same_day_fill_the_survivors_gaps_from_the_larger_id(tmp_path, listed):
    """Two merged profiles registered on the same day: the one with the larger id (ids usually grow with
    time) fills the survivor's gaps, whichever row the export lists first, so every build (DuckDB's threads,
    Spark) gives the same profile."""
    ws = Workspace(tmp_path / "ws")
    try:
        rows = {
            "x": {"customer_id": "x", "city": "Казань", "phone": "+79000000001", "registered_at": dt.date(2025, 3, 1)},
            "y": {"customer_id": "y", "city": "Омск", "phone": "+79000000002", "registered_at": dt.date(2025, 3, 1)},
        }
        publish_frames(ws, {
            "customers": [{"customer_id": "s", "name": "Сидоров Олег", "registered_at": dt.date(2025, 5, 1)},
                          *(rows[k] for k in listed)],
            "orders": [{"order_id": "1", "customer_id": "x", "order_date": AS_OF, "amount": 10.0}],
        })
        merges.merge(ws, ANALYST, ["x", "y"], "s")
        survivor = _model(ws)["s"]
        assert (survivor["name"], survivor["city"], survivor["phone"]) == ("Сидоров Олег", "Омск", "+79000000002")
        assert survivor["registered_at"] == dt.date(2025, 3, 1)
    finally:
        ws.close()
