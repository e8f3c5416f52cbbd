"""`python -m core metrics`: exactly the issue's JSON keys, hand-computed values, nulls and usage errors."""
from __future__ import annotations

import json

import pytest

from core.cli import main
from core.metrics import KEYS
from tests.conftest import publish_frames
from tests.core.metrics.data import period_frames


def test_json_has_exactly_the_keys_and_hand_computed_values(workspace, capsys):
    publish_frames(workspace, period_frames())
    path = str(workspace.path)
    workspace.close()
    assert main(["--workspace", path, "metrics", "--start", "2026-03-01", "--end", "2026-03-31",
                 "--window-days", "10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == list(KEYS)
    assert (out["orders"], out["buyers"], out["new_customers"]) == (6, 5, 2)
    assert (out["crr_s"], out["crr_e"], out["crr_n"], out["crr_retained"]) == (2, 3, 2, 2)
    assert out["crr"] == 100.0 and out["retention_strict"] == 50.0
    assert out["repeat_rate"] == 20.0  # c of the buyers a b c e f
    assert out["repeat_rate_cumulative"] == pytest.approx(66.6667, abs=1e-3)
    assert out["cac"] == 500.0 and out["ltv_lifespan_years"] == 10.0


def test_gross_margin_share_sets_ltv_as_gross_profit(workspace, capsys):
    publish_frames(workspace, period_frames())
    path = str(workspace.path)
    workspace.close()
    assert main(["--workspace", path, "metrics", "--start", "2026-03-01", "--end", "2026-03-31",
                 "--gross-margin", "0,25", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ltv_gross_profit"] == pytest.approx(out["ltv"] * 0.25)
    assert main(["--workspace", path, "metrics", "--start", "2026-03-01", "--end", "2026-03-31",
                 "--gross-margin", "1.5"]) == 2


def test_empty_period_prints_nulls(workspace, capsys):
    publish_frames(workspace, period_frames())
    path = str(workspace.path)
    workspace.close()
    assert main(["--workspace", path, "metrics", "--start", "2020-01-01", "--end", "2020-01-31", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["orders"] == 0 and out["aov"] is None and out["crr"] is None and out["cac"] is None
    assert out["ltv"] is None


def test_text_output_is_russian_by_default(workspace, capsys):
    publish_frames(workspace, period_frames())
    path = str(workspace.path)
    workspace.close()
    assert main(["--workspace", path, "metrics", "--start", "2026-03-01", "--end", "2026-03-31"]) == 0
    assert "Средний чек: 216,67\u00a0₽" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--start", "2026-03-31", "--end", "2026-03-01"],
    ["--start", "31.03.2026", "--end", "2026-04-01"],
    ["--start", "2026-03-01", "--end", "2026-03-31", "--window-days", "0"],
    ["--start", "2026-03-01"],
])
def test_usage_errors_exit_2(tmp_path, argv, capsys):
    assert main(["--workspace", str(tmp_path), "metrics", *argv]) == 2
