"""Owner-only workspace: every file 0600 and folder 0700 after demo load, upload, build, audit and users, WAL
included; a workspace left readable by an older version is tightened when opened."""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import audit, demo, sql, users
from core.access import Viewer
from core.ingest import publish
from core.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The process starts with the usual umask (022: new files readable by every user)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _open_to_others(root: Path) -> list[str]:
    """Every file or folder under `root` (itself included) that a group or another user may read or enter."""
    paths = [root, *root.rglob("*")]
    return sorted(f"{p.relative_to(root)} {stat.filemode(p.stat().st_mode)}" for p in paths
                  if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & 0o077)


def test_every_file_of_a_used_workspace_is_the_owners_only(tmp_path, usual_umask):
    root = tmp_path / "ws"
    ws = Workspace(root)
    try:
        demo.load_as_default(ws, customers=300)
        report = publish.upload(ws, FIXTURES / "bitrix24_deals_cp1251.csv", "orders", "append")
        assert report.published and report.rejected  # a stored rejected-rows file too
        sql.run(ws, "overview__kpis", sql.default_context(ws))  # built and queried
        users.add(ws, Viewer("boss", "admin"), "anna", "admin")
        audit.record(ws, Viewer("anna", "admin"), "download", "test", rows=1)
        with ws.reading() as cur:  # DuckDB writes its WAL while the dashboard runs
            cur.execute("create table g_wal_probe as select 1 as x")
        files = {p.name for p in root.rglob("*") if p.is_file()}
        assert {"workspace.duckdb", "workspace.duckdb.wal", "manifest.json", "audit.jsonl", "uploads.jsonl", "rejected.parquet",
                "users.json"} <= files
        assert any(name.endswith(".parquet") for name in files)
        assert _open_to_others(root) == []
    finally:
        ws.close()
    assert _open_to_others(root) == []


def test_a_workspace_left_readable_is_tightened_when_opened(tmp_path, usual_umask):
    root = tmp_path / "ws"
    ws = Workspace(root)
    demo.load_into(ws, customers=200)
    ws.close()
    for path in [root, *root.rglob("*")]:  # as an older version left it
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert _open_to_others(root) != []
    Workspace(root).close()
    assert _open_to_others(root) == []


def test_duckdb_spilling_to_disk_writes_private_temporary_files(tmp_path, usual_umask):
    root = tmp_path / "ws"
    ws = Workspace(root, memory_limit="64MB", threads=1)
    try:
        cur = ws.con.cursor()
        cur.execute("create table t as select range as i, md5(range::varchar) as h from range(3000000)")
        cur.execute("create table s as select * from t order by h")  # larger than the memory limit: spills
        cur.close()
        spilled = [p for p in (root / "workspace.duckdb.tmp").iterdir() if p.is_file()]
        assert spilled
        assert _open_to_others(root) == []
    finally:
        ws.close()
