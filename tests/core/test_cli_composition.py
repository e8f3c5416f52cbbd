"""`python -m core composition`: the exact JSON, thresholds, dates and usage errors."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from core.cli import main
from tests.conftest import publish_frames


@pytest.fixture
def cli_ws(workspace):
    d = dt.date(2026, 6, 30)
    publish_frames(workspace, {
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": d, "amount": 500.0},
            {"order_id": "2", "customer_id": "b", "order_date": d - dt.timedelta(days=100), "amount": 100.0},
            {"order_id": "3", "customer_id": "b", "order_date": d - dt.timedelta(days=150), "amount": 100.0},
            {"order_id": "4", "customer_id": "c", "order_date": d - dt.timedelta(days=200), "amount": 50.0},
        ],
        "customers": [{"customer_id": "m", "email": "m@mail.ru", "consent_sms": True}, {"customer_id": "p"}],
    })
    path = workspace.path
    workspace.close()
    return path


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_by_default_thresholds(cli_ws, capsys):
    code, out, _ = run(capsys, "--workspace", str(cli_ws), "composition", "--json")
    # D = 30.06.2026 (the latest order); buyers of the year a, b, c: ceil(5 % × 3) = 1 -> a (500) VIP;
    # b: 2 orders, 100 days: active; c: 200 days > 180: inactive.
    assert code == 0
    assert json.loads(out) == {"as_of": "2026-06-30", "types": {
        "vip": 1, "active": 1, "working": 0, "inactive": 1, "potential": 1, "mailing": 1}}


def test_thresholds_and_date(cli_ws, capsys):
    code, out, _ = run(capsys, "--workspace", str(cli_ws), "composition", "--as-of", "2026-06-29",
                       "--inactive-days", "99", "--vip-share", "0", "--json")
    # On 29.06 a has not bought yet (a stays out: not in customers); b's last order 99 days before: not inactive.
    assert json.loads(out) == {"as_of": "2026-06-29", "types": {
        "vip": 0, "active": 1, "working": 0, "inactive": 1, "potential": 1, "mailing": 1}}


@pytest.mark.parametrize("args", [["--vip-share", "1.5"], ["--inactive-days", "0"], ["--as-of", "31.02.2026"]])
def test_usage_errors(cli_ws, capsys, args):
    code, _, err = run(capsys, "--workspace", str(cli_ws), "composition", *args)
    assert code == 2 and err


def test_empty_workspace_is_a_clear_failure(tmp_path, capsys):
    code, _, err = run(capsys, "--workspace", str(tmp_path / "empty"), "composition")
    assert code == 1 and "python -m core demo" in err
