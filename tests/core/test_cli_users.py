"""The `users` and `erase` commands: add/list/set-role/reset-password/remove, password from stdin, first admin."""
from __future__ import annotations

import datetime as dt
import getpass
import io
import json

from core import audit, users
from core.cli import main
from core.workspace import Workspace
from tests.conftest import publish_frames


def _run(tmp_path, capsys, *argv):
    code = main(["--workspace", str(tmp_path), "--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_first_command_creates_admin_and_prints_its_password_once(tmp_path, capsys):
    code, out, err = _run(tmp_path, capsys, "users", "list")
    assert code == 0 and "administrator account «admin», password: " in err
    password = err.split("password: ")[1].split()[0]
    ws = Workspace(tmp_path)
    assert users.check_login(ws, "admin", password).ok
    ws.close()
    code, out, err = _run(tmp_path, capsys, "users", "list")
    assert "password" not in err and out.startswith("admin ")


def test_add_with_generated_password_then_list_set_role_reset_remove(tmp_path, capsys):
    code, out, _ = _run(tmp_path, capsys, "users", "add", "Olga", "--role", "manager", "--name", "Ольга",
                        "--manager-id", "Смирнова Ольга")
    assert code == 0 and "User «olga» created, role: manager." in out
    password = out.split("Password (shown once): ")[1].strip()
    ws = Workspace(tmp_path)
    assert users.check_login(ws, "olga", password).user.viewer().manager_id == "Смирнова Ольга"
    ws.close()
    code, out, _ = _run(tmp_path, capsys, "users", "list", "--json")
    listed = {row["username"]: row for row in json.loads(out)}
    assert listed["olga"]["role"] == "manager" and "password_hash" not in listed["olga"]
    assert _run(tmp_path, capsys, "users", "set-role", "olga", "analyst")[0] == 0
    code, out, _ = _run(tmp_path, capsys, "users", "reset-password", "olga")
    new_password = out.split("Password (shown once): ")[1].strip()
    assert new_password != password
    assert _run(tmp_path, capsys, "users", "remove", "olga")[0] == 0
    ws = Workspace(tmp_path)
    assert users.get(ws, "olga") is None
    actions = audit.read(ws)["action"].to_list()
    ws.close()
    assert [a for a in actions if a.startswith("user_")][:4] == ["user_remove", "user_password", "user_role",
                                                                 "user_add"]


def test_password_from_stdin_is_not_printed(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-chosen-password\n"))
    code, out, _ = _run(tmp_path, capsys, "users", "add", "ivan", "--role", "executive", "--password-stdin")
    assert code == 0 and "a-chosen-password" not in out and "Password" not in out
    ws = Workspace(tmp_path)
    assert users.check_login(ws, "ivan", "a-chosen-password").ok
    ws.close()


def test_errors_exit_1_with_a_message_and_usage_errors_exit_2(tmp_path, capsys):
    code, _, err = _run(tmp_path, capsys, "users", "remove", "nobody")
    assert code == 1 and "There is no user «nobody»." in err
    code, _, err = _run(tmp_path, capsys, "users", "add", "m", "--role", "manager")
    assert code == 1 and "manager id" in err
    assert _run(tmp_path, capsys, "users", "add", "x", "--role", "boss")[0] == 2


def test_erase_command(tmp_path, capsys):
    ws = Workspace(tmp_path)
    publish_frames(ws, {"customers": [{"customer_id": "c1", "name": "Анна"}],
                        "orders": [{"order_id": "1", "customer_id": "c1", "order_date": dt.date(2026, 1, 1),
                                    "amount": 5.0}]})
    ws.close()
    code, out, _ = _run(tmp_path, capsys, "erase", "c1")
    assert code == 0 and "customers: 1" in out and "orders: 1" in out
    code, _, err = _run(tmp_path, capsys, "erase", "c1")
    assert code == 1 and "is not in any dataset" in err


def test_sign_out_ends_every_session_of_the_account_and_is_audited_under_the_os_user(tmp_path, capsys):
    ws = Workspace(tmp_path)
    users.add(ws, users.audit.cli_actor(), "olga", "analyst")
    session = users.open_session(users.get(ws, "olga"))
    ws.close()
    code, out, _ = _run(tmp_path, capsys, "users", "sign-out", "olga")
    assert code == 0 and "Every session of «olga» has ended" in out
    ws = Workspace(tmp_path)
    assert users.session_user(ws, session) is None
    entry = audit.read(ws).row(0, named=True)
    ws.close()
    assert (entry["action"], entry["what"], entry["username"]) == ("sessions_ended", "olga",
                                                                   f"cli:{getpass.getuser()}")
    assert _run(tmp_path, capsys, "users", "sign-out", "nobody")[0] == 1
