"""Accounts: bcrypt hashes only, first admin, last-admin guard, lockout per account with expiry, cookie validity."""
from __future__ import annotations

import json
import stat

import pytest

from core import audit, users
from core.access import Viewer

SYSTEM = Viewer.system()


def test_accounts_store_bcrypt_hashes_only(workspace):
    password = users.add(workspace, SYSTEM, "Anna", "analyst", name="Анна")
    raw = (workspace.meta_dir / users.USERS_FILE).read_text()
    assert password not in raw
    record = json.loads(raw)["anna"]
    assert record["password_hash"].startswith("$2b$")
    assert users.check_login(workspace, "anna", password).ok


def test_production_hashing_uses_12_rounds(workspace, monkeypatch):
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 12)
    users.add(workspace, SYSTEM, "slow", "analyst", password="a-long-password")
    assert users.get(workspace, "slow").password_hash.startswith("$2b$12$")


def test_first_start_creates_admin_once_with_a_random_password(workspace):
    first = users.ensure_admin(workspace)
    assert first and len(first) >= 16
    assert users.ensure_admin(workspace) is None
    assert users.check_login(workspace, "admin", first).ok
    other = users.ensure_admin(type(workspace)(workspace.path.parent / "other"))
    assert other != first


@pytest.mark.parametrize("username,role,manager_id,key", [
    ("Bad Name", "analyst", None, "access.error.username"),
    ("m", "manager", None, "access.error.manager_id"),
    ("x", "boss", None, "access.error.role"),
])
def test_invalid_accounts_are_refused(workspace, username, role, manager_id, key):
    with pytest.raises(users.UserError) as error:
        users.add(workspace, SYSTEM, username, role, manager_id=manager_id)
    assert error.value.key == key
    assert users.load(workspace) == {}


@pytest.mark.parametrize("password,key", [("short", "access.error.password_short"),
                                          (" padded-password ", "access.error.password_spaces")])
def test_weak_passwords_are_refused(workspace, password, key):
    with pytest.raises(users.UserError) as error:
        users.add(workspace, SYSTEM, "u", "analyst", password=password)
    assert error.value.key == key


def test_the_last_admin_can_be_neither_removed_nor_demoted(workspace):
    users.add(workspace, SYSTEM, "root", "admin")
    with pytest.raises(users.UserError):
        users.remove(workspace, SYSTEM, "root")
    with pytest.raises(users.UserError):
        users.set_role(workspace, SYSTEM, "root", "analyst")
    users.add(workspace, SYSTEM, "second", "admin")
    users.set_role(workspace, SYSTEM, "root", "manager", manager_id="Петров Сергей")
    assert users.get(workspace, "root").viewer() == Viewer("root", "manager", "Петров Сергей")


def test_five_failures_lock_the_account_for_fifteen_minutes_then_it_opens(workspace):
    password = users.add(workspace, SYSTEM, "anna", "analyst")
    t0 = 1_000_000.0
    left = [users.check_login(workspace, "anna", "wrong-password", now=t0 + i).attempts_left for i in range(4)]
    assert left == [4, 3, 2, 1]
    fifth = users.check_login(workspace, "anna", "wrong-password", now=t0 + 4)
    assert fifth.locked_until == t0 + 4 + 15 * 60
    # Locked: even the right password is refused, and trying does not extend the lock.
    assert not users.check_login(workspace, "anna", password, now=t0 + 4 + 899).ok
    assert users.lock_state(workspace, "anna", now=t0 + 4 + 899) == t0 + 4 + 900
    assert users.check_login(workspace, "anna", password, now=t0 + 4 + 900).ok


def test_the_count_is_kept_on_the_server_across_sessions_and_reset_by_success(workspace):
    password = users.add(workspace, SYSTEM, "anna", "analyst")
    for i in range(3):
        users.check_login(workspace, "anna", "wrong-password", now=100.0 + i)
    # A new process (a reloaded page) reads the same counter from the workspace.
    reopened = type(workspace)(workspace.path)
    assert users.check_login(reopened, "anna", "wrong-password", now=104.0).attempts_left == 1
    reopened.close()
    assert users.check_login(workspace, "anna", password, now=105.0).ok
    assert users.check_login(workspace, "anna", "wrong-password", now=106.0).attempts_left == 4


def test_failures_older_than_fifteen_minutes_are_forgotten(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    for i in range(4):
        users.check_login(workspace, "anna", "wrong-password", now=100.0 + i)
    assert users.check_login(workspace, "anna", "wrong-password", now=103.0 + 901).attempts_left == 4


def test_reset_password_unlocks_and_ends_sessions(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    for i in range(5):
        users.check_login(workspace, "anna", "wrong-password", now=float(i))
    new = users.reset_password(workspace, SYSTEM, "anna", now=10.0)
    assert users.get(workspace, "anna").epoch == 1
    assert users.check_login(workspace, "anna", new, now=11.0).ok
    assert users.cookie_user(workspace, "anna", issued_at=9.0) is None


def test_cookies_issued_before_a_logout_are_refused(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    assert users.cookie_user(workspace, "anna", issued_at=50.0) is not None
    users.record_logout(workspace, "anna", now=60.0)
    assert users.cookie_user(workspace, "anna", issued_at=50.0) is None
    assert users.cookie_user(workspace, "anna", issued_at=61.0) is not None
    assert users.cookie_user(workspace, "nobody", issued_at=61.0) is None


def test_cookie_key_is_random_per_installation_and_private(workspace, tmp_path):
    key = users.cookie_key(workspace)
    assert key == users.cookie_key(workspace) and len(key) == 64
    assert stat.S_IMODE((workspace.meta_dir / users.COOKIE_KEY_FILE).stat().st_mode) == 0o600
    assert users.cookie_key(type(workspace)(tmp_path / "elsewhere")) != key


def test_user_changes_and_logins_are_audited(workspace):
    admin = Viewer("boss", "admin")
    password = users.add(workspace, admin, "anna", "analyst")
    users.set_role(workspace, admin, "anna", "marketer")
    users.check_login(workspace, "anna", "wrong-password")
    users.check_login(workspace, "anna", password)
    users.reset_password(workspace, admin, "anna")
    users.remove(workspace, admin, "anna")
    log = audit.read(workspace)
    assert log["action"].to_list()[::-1] == ["user_add", "user_role", "login_failed", "login", "user_password",
                                             "user_remove"]
    assert set(log.filter(log["action"].str.starts_with("user_"))["username"]) == {"boss"}
