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
    session = users.open_session(users.get(workspace, "anna"))
    for i in range(5):
        users.check_login(workspace, "anna", "wrong-password", now=float(i))
    new = users.reset_password(workspace, SYSTEM, "anna")
    assert users.get(workspace, "anna").epoch == 1
    assert users.check_login(workspace, "anna", new, now=11.0).ok
    assert users.session_user(workspace, session) is None


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


# ------------------------------------------------------------------------ sessions and cookies
def _claims(workspace, username):
    return users.open_session(users.get(workspace, username), now=1_000.0).claims()


def test_a_cookie_belongs_to_one_account_not_to_its_name(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    claims = _claims(workspace, "anna")
    assert users.cookie_login(workspace, claims, now=2_000.0)[0].username == "anna"
    users.remove(workspace, SYSTEM, "anna")
    users.add(workspace, SYSTEM, "anna", "analyst")  # the same name, another person's account
    assert users.cookie_login(workspace, claims, now=2_001.0) is None
    # The new account's own sessions work.
    assert users.cookie_login(workspace, _claims(workspace, "anna"), now=2_002.0) is not None


def test_cookies_of_the_old_form_and_expired_cookies_sign_nobody_in(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    assert users.cookie_login(workspace, {"username": "anna", "exp_date": 9e9}) is None
    claims = _claims(workspace, "anna")
    assert users.cookie_login(workspace, claims, now=claims["exp_date"]) is None
    assert users.cookie_login(workspace, {**claims, "epoch": "0"}, now=2_000.0) is None


def test_signing_out_ends_that_session_only(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    anna = users.get(workspace, "anna")
    here, there = users.open_session(anna), users.open_session(anna)
    users.sign_out(workspace, here)
    assert users.session_user(workspace, here) is None
    assert users.cookie_login(workspace, here.claims()) is None
    assert users.session_user(workspace, there).username == "anna"


@pytest.mark.parametrize("change", [
    lambda ws: users.sign_out_everywhere(ws, Viewer("anna", "analyst"), "anna"),
    lambda ws: users.reset_password(ws, SYSTEM, "anna"),
    lambda ws: users.set_role(ws, SYSTEM, "anna", "marketer"),
    lambda ws: users.remove(ws, SYSTEM, "anna"),
], ids=["everywhere", "password", "role", "remove"])
def test_signing_out_everywhere_and_account_changes_end_every_session(workspace, change):
    users.add(workspace, SYSTEM, "anna", "analyst")
    anna = users.get(workspace, "anna")
    sessions = [users.open_session(anna) for _ in range(3)]
    change(workspace)
    assert [users.session_user(workspace, s) for s in sessions] == [None, None, None]
    assert [users.cookie_login(workspace, s.claims()) for s in sessions] == [None, None, None]
    if users.get(workspace, "anna") is not None:  # a new sign-in works
        assert users.session_user(workspace, users.open_session(users.get(workspace, "anna"))) is not None


def test_the_signed_out_sessions_are_forgotten_once_their_cookies_expire(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    anna = users.get(workspace, "anna")
    for i in range(3):
        users.sign_out(workspace, users.open_session(anna, now=float(i)), now=float(i))
    assert len(users.get(workspace, "anna").signed_out) == 3
    later = users.SESSION_SECONDS + 10.0
    users.sign_out(workspace, users.open_session(anna, now=later), now=later)
    assert len(users.get(workspace, "anna").signed_out) == 1


# ----------------------------------------------------------------------------- name discovery
def test_an_unknown_name_is_checked_against_a_hash_of_the_accounts_cost(workspace, monkeypatch):
    # A cheaper hash for unknown names answered them in ~100 ms against ~380 ms for real accounts.
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 12)
    users.add(workspace, SYSTEM, "anna", "analyst", password="a-long-password")
    checked = []
    real_checkpw = users.bcrypt.checkpw
    monkeypatch.setattr(users.bcrypt, "checkpw", lambda pw, hashed: checked.append(hashed[:7]) or real_checkpw(pw, hashed))
    users.check_login(workspace, "anna", "wrong-password")
    users.check_login(workspace, "nobody", "wrong-password")
    assert checked == [b"$2b$12$", b"$2b$12$"]


def test_an_unknown_name_is_counted_and_locked_like_an_account(workspace):
    users.add(workspace, SYSTEM, "anna", "analyst")
    answers = {}
    for name in ("anna", "nobody"):
        answers[name] = [(r.attempts_left, r.locked_until) for r in
                         (users.check_login(workspace, name, "wrong-password", now=100.0 + i) for i in range(6))]
    assert answers["anna"] == answers["nobody"]
    assert answers["nobody"][-2:] == [(None, 104.0 + 900), (None, 104.0 + 900)]


def test_stale_failures_of_other_names_are_dropped_from_the_counter(workspace):
    for i in range(20):
        users.check_login(workspace, f"guess{i}", "wrong-password", now=100.0)
    users.check_login(workspace, "later", "wrong-password", now=100.0 + users.LOCK_SECONDS + 1)
    assert list(json.loads((workspace.meta_dir / users.ATTEMPTS_FILE).read_text())) == ["later"]


# ---------------------------------------------------------------------------------- audit trail
def test_every_sign_in_and_failed_attempt_is_audited_with_who_and_from_where(workspace, monkeypatch):
    monkeypatch.setattr(audit, "_origin", lambda: "203.0.113.7")
    password = users.add(workspace, SYSTEM, "anna", "analyst")
    users.check_login(workspace, "Anna", password, now=10.0)
    users.check_login(workspace, "ghost", "wrong-password", now=11.0)
    for i in range(6):
        users.check_login(workspace, "anna", "wrong-password", now=20.0 + i)
    session = users.open_session(users.get(workspace, "anna"), now=30.0)
    users.cookie_login(workspace, session.claims(), now=31.0)
    users.sign_out(workspace, session, now=32.0)
    users.cookie_login(workspace, session.claims(), now=33.0)
    log = audit.read(workspace).reverse()
    rows = [(r["username"], r["action"], r["what"]) for r in log.iter_rows(named=True)][1:]  # after user_add
    assert rows == [
        ("anna", "login", "password"),
        ("ghost", "login_failed", "no such account"),
        *[("anna", "login_failed", "wrong password")] * 4,
        ("anna", "login_failed", "wrong password"), ("anna", "account_locked", "anna"),
        ("anna", "login_failed", "account locked"),
        ("anna", "login_cookie", "cookie"),
        ("anna", "logout", "this session"),
        ("anna", "login_failed", "cookie no longer valid"),
    ]
    assert set(log["address"]) == {"203.0.113.7"}
    assert log.filter(log["username"] == "ghost")["role"].to_list() == [None]
