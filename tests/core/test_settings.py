"""$KB_MEMORY_LIMIT is the whole process's budget: DuckDB is given it less a reserve for the Python side."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import settings
from core.cli import main
from core.workspace import LocalizedError, Workspace

GIB, MIB = 1024 ** 3, 1024 ** 2


@pytest.mark.parametrize(("text", "size"), [
    ("8GB", 8_000_000_000),  # DuckDB's units: GB is 10^9 bytes ...
    ("6GiB", 6 * GIB),  # ... GiB 2^30
    ("1500MB", 1_500_000_000),
    ("1.5GB", 1_500_000_000),
    ("2000000000B", 2_000_000_000),
    (" 4 gib ", 4 * GIB),
])
def test_sizes_read_as_duckdb_reads_a_memory_limit(text, size):
    assert settings.parse_size(text) == size


@pytest.mark.parametrize("text", ["80%", "8", "8 parsecs", "", "GB", "-1GB", "0GB"])
def test_a_size_duckdb_would_not_take_is_refused(text):
    with pytest.raises(ValueError, match="KB_MEMORY_LIMIT"):
        settings.parse_size(text)


@pytest.mark.parametrize(("text", "duckdb", "python"), [
    # a third for Python: 8·10^9 / 3 = 2,666,666,666 (whole bytes), DuckDB the rest
    ("8GB", 5_333_333_334, 2_666_666_666),
    ("12GiB", 8 * GIB, 4 * GIB),
    # a third of 2·10^9 (666,666,666) is under the floor of 768 MiB (805,306,368 bytes): the floor
    ("2GB", 2_000_000_000 - 805_306_368, 805_306_368),
    ("2304MiB", 1536 * MIB, 768 * MIB),  # a third is the floor exactly
    # under twice the floor: halves
    ("1GiB", 512 * MIB, 512 * MIB),
    ("1.5GB", 750_000_000, 750_000_000),
    ("64MB", 32_000_000, 32_000_000),
])
def test_the_budget_is_split_a_third_for_python_at_least_the_floor_at_most_half(text, duckdb, python):
    budget = settings.memory_budget(text)
    assert (budget.total, budget.duckdb, budget.python) == (duckdb + python, duckdb, python)


def test_no_budget_without_the_setting(monkeypatch):
    monkeypatch.delenv(settings.ENV_MEMORY_LIMIT, raising=False)
    assert settings.memory_budget() is None and settings.memory_limit() is None
    monkeypatch.setenv(settings.ENV_MEMORY_LIMIT, "6GiB")
    assert settings.memory_limit() == f"{4 * GIB}B"


def _duckdb_limit(ws: Workspace) -> str:
    with ws.reading() as cur:
        return cur.execute("select current_setting('memory_limit')").fetchall()[0][0]


def test_a_workspace_gives_duckdb_its_share_of_the_budget(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV_MEMORY_LIMIT, "12GiB")
    ws = Workspace(tmp_path / "env")
    try:
        assert _duckdb_limit(ws) == "8.0 GiB"  # 12 GiB less a third, as DuckDB shows it
    finally:
        ws.close()
    ws = Workspace(tmp_path / "arg", memory_limit="1GiB")  # an explicit budget over the environment's
    try:
        assert _duckdb_limit(ws) == "512.0 MiB"
    finally:
        ws.close()


def test_duckdb_spills_to_the_workspace_under_its_share(tmp_path):
    # A sort of ~100 MB of rows under a 64 MB budget (DuckDB: 32 MB) completes by spilling to the workspace's
    # temporary folder, and the result is the whole, sorted table.
    ws = Workspace(tmp_path / "ws", memory_limit="64MB", threads=1)
    try:
        cur = ws.con.cursor()
        assert cur.execute("select current_setting('memory_limit')").fetchall()[0][0] == "30.5 MiB"
        cur.execute("create table t as select range as i, md5(range::varchar) as h from range(1500000)")
        cur.execute("create table s as select * from t order by h")
        assert list((tmp_path / "ws" / "workspace.duckdb.tmp").iterdir())
        rows, ordered = cur.execute("select count(*), bool_and(h >= prev) from (select h, lag(h, 1, '') over "
                                    "(order by rowid) as prev from s)").fetchall()[0]
        assert (rows, ordered) == (1_500_000, True)
        cur.close()
    finally:
        ws.close()


def test_info_says_the_budget_and_its_split(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(settings.ENV_MEMORY_LIMIT, "12GiB")
    assert main(["--workspace", str(tmp_path), "info", "--json"]) == 0
    memory = json.loads(capsys.readouterr().out)["memory"]
    assert memory["budget"] == {"total": 12 * GIB, "duckdb": 8 * GIB, "python": 4 * GIB}
    assert memory["duckdb_setting"] == "8.0 GiB"
    assert main(["--workspace", str(tmp_path), "--lang", "en", "info"]) == 0
    assert "process memory (KB_MEMORY_LIMIT): 12.00 GiB: DuckDB 8.00 GiB, Python 4.00 GiB" in capsys.readouterr().out
    assert main(["--workspace", str(tmp_path), "--lang", "ru", "info"]) == 0
    assert "память процесса (KB_MEMORY_LIMIT): 12,00 ГиБ — DuckDB 8,00 ГиБ, Python 4,00 ГиБ" in capsys.readouterr().out


def test_a_malformed_budget_is_refused_in_both_languages_before_the_workspace_is_made(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(settings.ENV_MEMORY_LIMIT, "80%")
    with pytest.raises(LocalizedError) as refused:
        Workspace(tmp_path / "ws")
    assert "KB_MEMORY_LIMIT=80%" in refused.value.message("ru") and "степени 1000" in refused.value.message("ru")
    assert "powers of 1000" in refused.value.message("en")
    assert not (tmp_path / "ws").exists()
    assert main(["--workspace", str(tmp_path / "ws"), "--lang", "en", "info"]) == 1
    assert "KB_MEMORY_LIMIT=80% is not understood" in capsys.readouterr().err


def test_a_second_process_spills_into_a_staging_area_of_its_own(tmp_path):
    # The dashboard holds the DuckDB file; the command line then works in memory under its share of the budget. What
    # it spills goes to a staging area of the workspace that it holds (not ./.tmp where it was started), and the
    # area goes when it closes.
    root = tmp_path / "ws"
    holder = Workspace(root)
    started_in = tmp_path / "elsewhere"
    started_in.mkdir()
    code = (
        "import json, sys; from pathlib import Path; from core.workspace import Workspace\n"
        "ws = Workspace(sys.argv[1], memory_limit='64MB', threads=1); cur = ws.con.cursor()\n"
        "temp = Path(cur.execute(\"select current_setting('temp_directory')\").fetchall()[0][0])\n"
        "cur.execute('create table t as select range as i, md5(range::varchar) as h from range(1500000)')\n"
        "cur.execute('create table s as select * from t order by h')\n"
        "out = {'in_memory': ws.in_memory, 'temp': str(temp), 'spilled': [p.name for p in temp.iterdir()],\n"
        "       'rows': cur.execute('select count(*) from s').fetchall()[0][0]}\n"
        "cur.close(); ws.close(); out['left'] = temp.exists(); print(json.dumps(out))\n"
    )
    try:
        run = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True,
                             cwd=started_in, env={**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)})
    finally:
        holder.close()
    out = json.loads(run.stdout)
    assert out["in_memory"] and out["rows"] == 1_500_000
    assert Path(out["temp"]).parent == root / "staging" and out["spilled"]
    assert not out["left"] and not (started_in / ".tmp").exists()
