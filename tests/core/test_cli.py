"""The command line: demo, info --json, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

from core.cli import main
from core.settings import PROJECT_ROOT


def test_demo_then_info_json_describes_the_workspace(tmp_path, capsys):
    assert main(["--workspace", str(tmp_path), "demo", "--customers", "300", "--seed", "3"]) == 0
    capsys.readouterr()
    assert main(["--workspace", str(tmp_path), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["generation"] == 1
    assert info["datasets"]["customers"]["rows"] == 300
    assert info["datasets"]["orders"]["rows"] > 300
    assert info["as_of"] <= "2026-10-31"
    assert set(info["datasets"]) == {"orders", "customers", "interactions", "spend", "communications", "order_lines"}
    # The demo's order lines carry the dates of their orders.
    lines = info["datasets"]["order_lines"]
    assert lines["rows"] > info["datasets"]["orders"]["rows"]
    assert (lines["min_date"], lines["max_date"]) == (info["datasets"]["orders"]["min_date"],
                                                      info["datasets"]["orders"]["max_date"])


def test_usage_error_exits_2(tmp_path):
    assert main(["--workspace", str(tmp_path), "no-such-command"]) == 2


def test_module_entry_point_runs(tmp_path):
    out = subprocess.run([sys.executable, "-m", "core", "--workspace", str(tmp_path), "info"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0 and "generation 0" in out.stdout
