"""The workspace: generations, atomic publish, pinned readers, garbage collection, a second process."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import pytest

from core import workspace as workspace_module
from core.workspace import StaleGeneration, Workspace, WorkspaceError
from tests.conftest import publish_elsewhere, publish_frames

D = dt.date(2026, 3, 1)


def _orders(*amounts: float) -> list[dict]:
    return [{"order_id": f"o{i}", "customer_id": "c1", "order_date": D, "amount": a} for i, a in enumerate(amounts)]


def _total(ws: Workspace, generation: int | None = None) -> float | None:
    with ws.reading(generation) as cur:
        return cur.sql("select sum(amount) from orders").fetchall()[0][0]


def test_empty_workspace_has_typed_empty_datasets(workspace):
    assert workspace.is_empty()
    with workspace.reading() as cur:
        assert cur.sql("select count(*) from orders").fetchall() == [(0,)]
        columns = [r[0] for r in cur.sql("describe spend").fetchall()]
    assert columns == ["date", "channel", "amount"]


def test_publish_makes_a_new_generation_and_keeps_untouched_datasets(workspace):
    first = publish_frames(workspace, {"orders": _orders(10, 20), "spend": [{"date": D, "channel": "vk", "amount": 5.0}]})
    second = publish_frames(workspace, {"orders": _orders(1)})
    assert (first, second) == (1, 2)
    assert _total(workspace) == 1
    with workspace.reading() as cur:
        assert cur.sql("select sum(amount) from spend").fetchall() == [(5.0,)]


def test_a_reader_pinned_to_a_generation_keeps_seeing_it(workspace):
    pinned = publish_frames(workspace, {"orders": _orders(10, 20)})
    publish_frames(workspace, {"orders": _orders(1)})
    assert _total(workspace, pinned) == 30
    assert _total(workspace) == 1


def test_old_generations_are_dropped_and_a_pinned_reader_is_told(workspace):
    pinned = publish_frames(workspace, {"orders": _orders(1)})
    for amount in range(workspace_module.KEEP_GENERATIONS):
        publish_frames(workspace, {"orders": _orders(amount)})
    with pytest.raises(StaleGeneration):
        workspace.cursor(pinned)


def test_completed_orders_excludes_cancellations_and_returns(workspace):
    rows = _orders(100, 200, 300, 400)
    rows[1]["status"] = "Отменён"
    rows[2]["status"] = "refunded"
    rows[3]["status"] = "Доставлен"
    publish_frames(workspace, {"orders": rows})
    with workspace.reading() as cur:
        assert cur.sql("select sum(amount) from completed_orders").fetchall() == [(500.0,)]


def test_failed_build_leaves_the_data_in_force(workspace, monkeypatch):
    publish_frames(workspace, {"orders": _orders(7)})

    def broken_build(self, cur, manifest, *args):
        raise duckdb.Error("disk full")

    monkeypatch.setattr(Workspace, "_build", broken_build)
    with pytest.raises(duckdb.Error):
        publish_frames(workspace, {"orders": _orders(1000)})
    monkeypatch.undo()
    assert workspace.manifest().generation == 1
    assert _total(workspace) == 7


def test_files_outside_the_dataset_folder_are_refused(workspace, tmp_path):
    stray = tmp_path / "x.parquet"
    stray.write_bytes(b"")
    with pytest.raises(WorkspaceError):
        workspace.publish({"orders": [stray]})


def test_a_second_process_reads_while_the_first_holds_the_file(workspace):
    publish_frames(workspace, {"orders": _orders(2, 3)})
    code = (
        "import sys; from core import build; from core.workspace import Workspace; ws = Workspace(sys.argv[1]);"
        "cur = ws.cursor(); print(ws.in_memory, cur.sql('select sum(amount) from orders').fetchall()[0][0])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(workspace.path)], capture_output=True, text=True,
                         check=True, cwd=workspace_module.settings.PROJECT_ROOT)
    assert out.stdout.split() == ["True", "5.0"]


def test_a_process_killed_mid_publish_leaves_the_old_data(workspace):
    publish_frames(workspace, {"orders": _orders(42)})
    workspace.close()
    code = (
        "import os, sys, polars as pl; from core import build, datasets; from core.workspace import Workspace;"
        "ws = Workspace(sys.argv[1]); p = ws.staging_file('orders');"
        "datasets.conform('orders', pl.DataFrame({'customer_id': ['c'], 'amount': [1.0], 'completed': [True]}))"
        ".write_parquet(p);"
        "orig = Workspace._build\n"
        "def build(self, cur, m, *a):\n"
        "    orig(self, cur, m, *a); os._exit(9)\n"
        "Workspace._build = build; ws.publish({'orders': [p]})"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(workspace.path)], cwd=workspace_module.settings.PROJECT_ROOT)
    assert proc.returncode == 9
    in_force = set(workspace.manifest().kept_files())
    orphans = set(_dataset_files(workspace.path)) - in_force
    assert len(orphans) == 1  # renamed into place, never named by a manifest
    reopened = Workspace(workspace.path)
    try:
        assert reopened.manifest().generation == 1
        assert _total(reopened) == 42
        assert set(_dataset_files(workspace.path)) == in_force  # the orphan went at the restart
    finally:
        reopened.close()


def _dataset_files(path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in (path / "datasets").rglob("*") if p.is_file())


def _hold_area(path) -> subprocess.Popen:
    """Another process writing an upload in a staging area of the workspace at `path`, and holding it."""
    code = (
        "import sys; from core import build; from core.workspace import Workspace;"
        "ws = Workspace(sys.argv[1]); area = ws.staging();"
        "area.file('orders.parquet').write_bytes(b'rows being written'); print(area.path, flush=True);"
        "sys.stdin.read()"
    )
    return subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=workspace_module.settings.PROJECT_ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_an_upload_in_progress_elsewhere_keeps_its_staged_files_and_a_dead_ones_go(workspace):
    writer = _hold_area(workspace.path)
    try:
        area = workspace.path / "staging" / writer.stdout.readline().strip().rsplit("/", 1)[-1]
        staged = list(area.iterdir())
        assert len(staged) == 1
        publish_frames(workspace, {"orders": _orders(1)})  # sweeps after publishing
        assert workspace.tidy() == []
        Workspace(workspace.path).close()  # and at start
        assert list(area.iterdir()) == staged
    finally:
        writer.kill()
        writer.communicate()
    # the dead writer's upload area goes, and the area it spilled into (it worked in memory: the file was held)
    removed = workspace.tidy()
    assert f"staging/{area.name}" in removed and len(removed) == 2
    assert not area.exists() and not area.with_name(area.name + ".lock").exists()


def test_a_session_area_lives_while_held_and_goes_when_dropped(workspace):
    import gc

    held = workspace.staging()  # a dashboard session's upload: same process, another thread
    held.file("orders.parquet").write_bytes(b"raw upload")
    publish_frames(workspace, {"orders": _orders(1)})
    assert workspace.tidy() == []
    assert held.path.is_dir()
    folder = held.path
    del held  # the session ended: its state is collected
    gc.collect()
    assert not folder.exists() and not folder.with_name(folder.name + ".lock").exists()


def test_files_that_left_the_kept_generations_stay_for_the_grace_then_go(workspace, monkeypatch):
    publish_frames(workspace, {"orders": _orders(1)})
    first = workspace.manifest().files("orders")[0]
    for amount in range(workspace_module.KEEP_GENERATIONS):
        publish_frames(workspace, {"orders": _orders(amount)})
    assert first not in workspace.manifest().kept_files()
    assert first in workspace.manifest().retired
    assert (workspace.path / first).exists()  # a page run of another process may still read it
    monkeypatch.setattr(workspace_module, "ORPHAN_GRACE_SECONDS", 0)
    assert workspace.tidy() == [first]
    assert set(_dataset_files(workspace.path)) == workspace.manifest().kept_files()


@pytest.fixture
def dashboard_ws(tmp_path):
    """A workspace opened as the dashboard opens it (new generations built in the background), on generation 1."""
    ws = Workspace(tmp_path / "ws", background=True)
    publish_frames(ws, {"orders": _orders(10, 20)})
    yield ws
    if ws._builder is not None:
        ws._builder.join(timeout=60)
    ws.close()


def _reopened_reads(path, generation: int, total: float) -> None:
    """The dashboard opened again on `path` reads `generation` (its orders summing to `total`), nothing left building."""
    reopened = Workspace(path, background=True)
    try:
        assert reopened.generation() == generation
        assert reopened.pending() is None
        assert _total(reopened) == total
    finally:
        reopened.close()


def test_the_dashboard_reads_the_previous_generation_while_the_new_one_builds(dashboard_ws, held_builds):
    publish_elsewhere(dashboard_ws.path, 1, 2)
    assert dashboard_ws.generation() == 1  # answered at once, the build waits in its thread
    assert dashboard_ws.pending() == 2
    assert _total(dashboard_ws, dashboard_ws.generation()) == 30
    held_builds.set()
    dashboard_ws._builder.join(timeout=60)
    assert dashboard_ws.pending() is None
    assert dashboard_ws.generation() == 2
    assert _total(dashboard_ws, dashboard_ws.generation()) == 3


def test_a_restarted_dashboard_reads_the_current_generation_built_before_at_once(dashboard_ws, held_builds):
    publish_elsewhere(dashboard_ws.path, 1, 2)
    assert dashboard_ws.generation() == 1  # built here in the background
    held_builds.set()
    dashboard_ws._builder.join(timeout=60)
    assert dashboard_ws.generation() == 2
    dashboard_ws.close()
    held_builds.clear()  # a build now would wait: none must be needed
    _reopened_reads(dashboard_ws.path, 2, total=3)


def test_a_failed_background_build_keeps_the_previous_data_and_is_reported(dashboard_ws, monkeypatch):
    attempts = []

    def broken_build(self, cur, manifest, *args):
        attempts.append(manifest.generation)
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(Workspace, "_build", broken_build)
    publish_elsewhere(dashboard_ws.path, 5)
    assert dashboard_ws.generation() == 1
    dashboard_ws._builder.join(timeout=60)
    assert dashboard_ws.build_failure() == (2, "disk full")
    assert dashboard_ws.generation() == 1  # not retried on every page run
    assert attempts == [2]
    assert dashboard_ws.pending() is None
    assert _total(dashboard_ws, 1) == 30


def test_without_a_previous_generation_the_dashboard_waits_for_the_build(dashboard_ws):
    dashboard_ws.close()
    (dashboard_ws.path / workspace_module.DB_FILE).unlink()
    publish_elsewhere(dashboard_ws.path, 4)
    _reopened_reads(dashboard_ws.path, 2, total=4)


def test_generations_published_elsewhere_are_built_here_and_pushed_out_ones_dropped(dashboard_ws):
    for amount in range(workspace_module.KEEP_GENERATIONS):
        publish_elsewhere(dashboard_ws.path, amount + 100)
    # Generation 1 is too old to be read meanwhile (its files may go): the build is waited for.
    newest = 1 + workspace_module.KEEP_GENERATIONS
    assert dashboard_ws.generation() == newest
    assert _total(dashboard_ws) == 100 + workspace_module.KEEP_GENERATIONS - 1
    assert not dashboard_ws.has_generation(1)
