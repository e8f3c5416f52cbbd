"""The `quality` command: JSON summary, one list as CSV, the history record, a bad setting."""
from __future__ import annotations

import datetime as dt
import json

from core import quality
from core.cli import main
from core.workspace import Workspace
from tests.conftest import publish_frames

DAY = dt.date(2026, 5, 31)


def _workspace(path) -> None:
    ws = Workspace(path)
    publish_frames(ws, {
        "customers": [{"customer_id": "a", "email": "x@mail.ru"}, {"customer_id": "b", "email": " X@mail.ru"},
                      {"customer_id": "c", "phone": "8 (912) 345-67-89", "email": "bad@"}],
        "orders": [{"order_id": "1", "customer_id": "a", "order_date": DAY, "amount": 10.0}],
    })
    ws.close()


def test_json_summary_and_history(tmp_path, capsys):
    _workspace(tmp_path)
    assert main(["--workspace", str(tmp_path), "quality", "--json", "--as-of", "2026-05-31"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["generation"] == 1 and out["as_of"] == "2026-05-31"
    assert out["problems"]["duplicates"] == 2 and out["problems"]["invalid_emails"] == 1
    customers = next(s for s in out["scores"] if s["dataset"] == "customers")
    assert (customers["rows"], customers["problem_rows"]) == (3, 2)      # b duplicates a; c's e-mail is invalid
    history = quality.read_jsonl(tmp_path / "meta" / quality.HISTORY_FILE)
    assert [h["generation"] for h in history] == [1]


def test_a_list_as_csv_and_the_text_report(tmp_path, capsysbinary):
    _workspace(tmp_path)
    assert main(["--workspace", str(tmp_path), "quality", "--list", "invalid_emails"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["customer_id;name;email", "c;;bad@"]
    assert main(["--workspace", str(tmp_path), "--lang", "en", "quality"]) == 0
    assert b"Data quality: data version 1" in capsysbinary.readouterr().out


def test_bad_stale_days_is_refused(tmp_path, capsys):
    _workspace(tmp_path)
    assert main(["--workspace", str(tmp_path), "quality", "--stale-days", "0"]) == 1
    assert "stale-days" in capsys.readouterr().err
