"""The audit trail: who (accounts, the name typed, `cli:<os user>`), when, from where; failed uploads;
filters by person, action and dates; the log's CSV and XLSX with formulas neutralised."""
from __future__ import annotations

import datetime as dt
import getpass
import io
import json
import socket

import polars as pl
import pytest

from core import audit, users
from core.access import Viewer
from core.cli import main
from core.ingest import publish
from core.ingest.errors import IngestError
from tests import segments_data as data

UTC = dt.timezone.utc
CLI = f"cli:{getpass.getuser()}"


def _entries(workspace) -> list[dict]:
    return [json.loads(line) for line in (workspace.meta_dir / audit.AUDIT_FILE).read_text().splitlines()]


def test_an_entry_names_the_origin_of_the_session_else_the_command_lines_host(workspace, monkeypatch):
    audit.record(workspace, Viewer("anna", "analyst"), "download", "x", 1)
    monkeypatch.setattr(audit, "_origin", lambda: "203.0.113.7")
    audit.record(workspace, Viewer("anna", "analyst"), "download", "x", 1)
    audit.record(workspace, "ghost", "login_failed", "no such account", address="198.51.100.1")
    assert [(e["username"], e["role"], e["address"]) for e in _entries(workspace)] == [
        ("anna", "analyst", f"cli@{socket.gethostname()}"), ("anna", "analyst", "203.0.113.7"),
        ("ghost", None, "198.51.100.1")]


def test_command_line_actions_name_the_operating_system_user(workspace, tmp_path, capsys):
    data.publish(workspace)
    path = workspace.path
    workspace.close()
    assert main(["--workspace", str(path), "users", "add", "olga", "--role", "analyst"]) == 0
    assert main(["--workspace", str(path), "segment", "export", "--name", "never_bought",
                 "--out", str(tmp_path / "out.csv")]) == 0
    capsys.readouterr()
    entries = _entries(type("M", (), {"meta_dir": path / "meta"}))
    assert [(e["action"], e["username"]) for e in entries] == [("user_add", CLI), ("user_add", CLI),
                                                               ("download", CLI)]
    assert entries[0]["what"] == "admin (admin)"  # the first administrator, made by the first command
    assert {e["address"] for e in entries} == {f"cli@{socket.gethostname()}"}


def test_failed_uploads_are_audited(workspace, tmp_path, capsys):
    broken = tmp_path / "orders.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(IngestError):
        publish.upload(workspace, broken, "orders", user="anna")
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("order_id;customer_id;order_date;amount\n", encoding="utf-8")
    assert main(["--workspace", str(workspace.path), "ingest", str(header_only), "--kind", "orders"]) == 1
    assert main(["--workspace", str(workspace.path), "ingest", str(tmp_path / "missing.csv"), "--kind", "orders"]) == 1
    capsys.readouterr()
    failed = [(e["username"], e["what"].split(":")[0]) for e in _entries(workspace) if e["action"] == "upload_failed"]
    assert failed == [("anna", "orders (append)"), (CLI, "orders (append)"), (CLI, "orders (append)")]
    assert all(e["rows"] == 0 for e in _entries(workspace) if e["action"] == "upload_failed")


def _log(workspace) -> pl.DataFrame:
    at = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    audit.record(workspace, Viewer("anna", "analyst"), "login", "password", now=at(2026, 3, 1, 9))
    audit.record(workspace, Viewer("anna", "analyst"), "download", "segment 'VIP'", 40, now=at(2026, 3, 2, 22, 30))
    audit.record(workspace, "=cmd|' /C calc'!A0", "login_failed", "no such account", now=at(2026, 3, 3, 8))
    audit.record(workspace, Viewer("boss", "admin"), "user_add", "olga (analyst)", now=at(2026, 3, 4, 12))
    return audit.read(workspace)


def test_the_log_is_filtered_by_person_action_and_days_in_the_viewers_time_zone(workspace):
    log = _log(workspace)
    assert audit.select(log, usernames=["anna"])["action"].to_list() == ["download", "login"]
    assert audit.select(log, actions=["login_failed", "user_add"])["action"].to_list() == ["user_add", "login_failed"]
    day = dt.date(2026, 3, 2)
    assert audit.select(log, start=day, end=day)["action"].to_list() == ["download"]
    # 22:30 UTC on the 2nd is 01:30 on the 3rd in Moscow.
    assert audit.select(log, start=dt.date(2026, 3, 3), end=dt.date(2026, 3, 3), tz="Europe/Moscow")[
        "action"].to_list() == ["login_failed", "download"]
    assert audit.select(log, start=dt.date(2026, 3, 4))["action"].to_list() == ["user_add"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_log_downloads_with_formulas_neutralised(workspace, fmt):
    log = _log(workspace)
    data_ = audit.download(log, fmt, label=lambda a: f"«{a}»", header=lambda c: c.upper(), tz="Europe/Moscow")
    if fmt == "csv":
        rows = [line.split(";") for line in data_.decode("utf-8-sig").splitlines()]
    else:
        back = pl.read_excel(io.BytesIO(data_), engine="calamine")
        rows = [back.columns, *(["" if v is None else v for v in row] for row in back.iter_rows())]
    assert rows[0] == ["AT", "USERNAME", "ROLE", "ACTION", "WHAT", "ROWS", "ADDRESS"]
    assert rows[2][1] == "'=cmd|' /C calc'!A0" and rows[2][3] == "«login_failed»"
    # 09:00 UTC is 12:00 in Moscow.
    assert rows[4][0] == ("01.03.2026 12:00:00" if fmt == "csv" else dt.datetime(2026, 3, 1, 12))


def test_every_action_and_sign_in_description_has_a_label_in_both_languages():
    from core.i18n import has, t

    keys = [f"audit.action.{a}" for a in audit.ACTIONS] + [f"audit.what.{r.replace(' ', '_')}" for r in audit.REASONS]
    assert all(has(k) for k in keys)
    assert all(t(k, "ru") != t(k, "en") or k == "audit.action.download" for k in keys)
