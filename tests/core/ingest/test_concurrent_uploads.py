"""Uploads from several processes at once: every upload reported as loaded is in the data, in a serial order."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.ingest import pipeline, publish
from core.workspace import Workspace

ROOT = Path(__file__).resolve().parents[3]


def _export(path: Path, prefix: str, rows: int) -> Path:
    """An orders export of `rows` orders numbered `<prefix>-<i>` (a CRM's CSV in Russian)."""
    lines = ["Номер;Клиент;Дата;Сумма"]
    lines += [f"{prefix}-{i};c{i % 997};{1 + i % 28:02d}.{1 + i % 12:02d}.2024;{100 + i % 50},50" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(ws_path: Path, file: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "core", "--workspace", str(ws_path), "ingest", str(file), "--kind", "orders",
         "--mode", mode, "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out)


def _order_ids(ws_path: Path) -> list[str]:
    ws = Workspace(ws_path)
    try:
        with ws.reading() as cur:
            return [r[0] for r in cur.sql("select order_id from orders").fetchall()]
    finally:
        ws.close()


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A workspace holding 500 orders of a first upload (so every append merges onto data)."""
    ws_path = tmp_path / "ws"
    proc = _start(ws_path, _export(tmp_path / "seed.csv", "seed", 500), "append")
    assert _finish(proc)["loaded"] == 500
    return ws_path


@pytest.mark.slow
def test_appends_from_several_processes_at_once_are_all_in_the_data(seeded, tmp_path):
    sizes = {"a": 4000, "b": 3000, "c": 5000, "d": 2000}
    files = {name: _export(tmp_path / f"{name}.csv", name, rows) for name, rows in sizes.items()}
    procs = [_start(seeded, file, "append") for file in files.values()]  # started together
    reports = [_finish(proc) for proc in procs]
    assert [r["loaded"] for r in reports] == list(sizes.values())
    assert all(r["published"] for r in reports)
    ids = _order_ids(seeded)
    # Every row of every file, once: 500 + 4000 + 3000 + 5000 + 2000.
    assert len(ids) == 14_500
    assert len(set(ids)) == 14_500
    # Each publish made its own generation (1 was the seed).
    assert sorted(r["generation"] for r in reports) == [2, 3, 4, 5]
    assert not [p for p in (seeded / "staging").iterdir()]


@pytest.mark.slow
def test_a_replace_racing_appends_ends_as_some_serial_order(seeded, tmp_path):
    appends = {name: _export(tmp_path / f"{name}.csv", name, rows) for name, rows in
               {"a": 3000, "b": 2500, "c": 3500}.items()}
    replacement = _export(tmp_path / "r.csv", "r", 1000)
    procs = {name: _start(seeded, file, "append") for name, file in appends.items()}
    procs["r"] = _start(seeded, replacement, "replace")
    reports = {name: _finish(proc) for name, proc in procs.items()}
    assert all(r["published"] for r in reports.values())
    assert sorted(r["generation"] for r in reports.values()) == [2, 3, 4, 5]
    # In the order the publishes took: the replace leaves only its file; each append after it adds all its rows,
    # each one before it is replaced with the rest.
    after = [name for name in appends if reports[name]["generation"] > reports["r"]["generation"]]
    expected = {f"r-{i}" for i in range(1000)}
    for name in after:
        expected |= {f"{name}-{i}" for i in range(reports[name]["loaded"])}
    ids = _order_ids(seeded)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected


@pytest.mark.slow
def test_dashboard_sessions_and_the_command_line_at_once_keep_every_row(seeded, tmp_path):
    # Two sessions of the dashboard (threads sharing its one Workspace, as the upload page runs them) and a
    # command-line upload, all at once.
    files = {name: _export(tmp_path / f"{name}.csv", name, rows) for name, rows in {"s1": 3000, "s2": 2000}.items()}
    dashboard = Workspace(seeded, background=True)
    try:
        inspections = {name: pipeline.inspect(file, "orders") for name, file in files.items()}
        start = threading.Barrier(len(files) + 1)
        reports: dict[str, object] = {}

        def session(name: str) -> None:
            start.wait()
            reports[name] = publish.run(dashboard, inspections[name], "append", user=name)

        threads = [threading.Thread(target=session, args=(name,)) for name in files]
        for thread in threads:
            thread.start()
        cli = _start(seeded, _export(tmp_path / "cli.csv", "cli", 4000), "append")
        start.wait()
        for thread in threads:
            thread.join(timeout=300)
        assert _finish(cli)["loaded"] == 4000
        assert [reports[name].loaded for name in files] == [3000, 2000]
        for insp in inspections.values():
            insp.cleanup()
    finally:
        dashboard.close()
    ids = _order_ids(seeded)
    assert len(ids) == len(set(ids)) == 500 + 3000 + 2000 + 4000
