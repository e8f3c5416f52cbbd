"""Accounts of the dashboard, the login check with its lockout, and the cookie signing key.

Everything lives in the workspace, never in the repository: `meta/users.json` (bcrypt hashes only),
`meta/login_attempts.json` (failed logins per account) and `meta/cookie_key` (a random key per
installation, readable only by its owner). Every change is made under a file lock, so the command
line and the dashboard can both use these functions, and every change is written to the audit log.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import bcrypt
import polars as pl

from core import audit
from core.access import ROLES, Viewer
from core.i18n import t
from core.store import JsonStore, file_lock, write_atomic

if TYPE_CHECKING:
    from core.workspace import Workspace

USERS_FILE = "users.json"
ATTEMPTS_FILE = "login_attempts.json"
COOKIE_KEY_FILE = "cookie_key"
FIRST_ADMIN = "admin"

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
BCRYPT_ROUNDS = 12
MIN_PASSWORD = 10
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
# Checked against when the username is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = bcrypt.hashpw(b"no such user", bcrypt.gensalt(4))


class UserError(Exception):
    """A user change or login could not be done; `text(lang)` is the message for the person."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(t(key, "en", **values))
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class User:
    """One account. `epoch` changes when its password is reset, ending its open sessions;
    cookies issued before `valid_after` (a Unix time: last logout or password reset) are refused."""

    username: str
    role: str
    name: str
    manager_id: str | None
    password_hash: str
    created_at: str
    epoch: int = 0
    valid_after: float = 0.0

    def viewer(self) -> Viewer:
        """The viewer this account's queries run for."""
        return Viewer(username=self.username, role=self.role, manager_id=self.manager_id)


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login attempt: `user` when it succeeded, else why not."""

    user: User | None
    locked_until: float | None = None
    attempts_left: int | None = None

    @property
    def ok(self) -> bool:
        """True when the login succeeded."""
        return self.user is not None


def _store(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / USERS_FILE)


def _attempts(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / ATTEMPTS_FILE)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def generate_password() -> str:
    """A random password of 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def load(ws: Workspace) -> dict[str, User]:
    """Every account by username."""
    return {name: User(**record) for name, record in _store(ws).read().items()}


def get(ws: Workspace, username: str) -> User | None:
    """The account `username`, or None."""
    record = _store(ws).read().get(normalize(username))
    return User(**record) if record else None


def normalize(username: str) -> str:
    """Usernames are compared lower-case without surrounding spaces (as the login form sends them)."""
    return (username or "").strip().lower()


def _check_password(password: str) -> None:
    if password != password.strip():
        raise UserError("access.error.password_spaces")
    if len(password) < MIN_PASSWORD:
        raise UserError("access.error.password_short", length=MIN_PASSWORD)
    if len(password.encode()) > 72:
        raise UserError("access.error.password_long")


def _check_role(role: str, manager_id: str | None) -> None:
    if role not in ROLES:
        raise UserError("access.error.role", role=role, roles=", ".join(ROLES))
    if role == "manager" and not (manager_id or "").strip():
        raise UserError("access.error.manager_id")


def _admins(users: dict[str, Any]) -> list[str]:
    return [name for name, record in users.items() if record["role"] == "admin"]


def add(ws: Workspace, actor: Viewer, username: str, role: str, name: str | None = None,
        manager_id: str | None = None, password: str | None = None) -> str:
    """Create an account; returns its password (generated when none is given)."""
    username = normalize(username)
    if not USERNAME_RE.fullmatch(username):
        raise UserError("access.error.username", username=username)
    _check_role(role, manager_id)
    password = generate_password() if password is None else password
    _check_password(password)
    user = User(username=username, role=role, name=(name or username).strip(),
                manager_id=manager_id.strip() if role == "manager" and manager_id else None,
                password_hash=_hash(password), created_at=_now_iso())

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username in users:
            raise UserError("access.error.exists", username=username)
        users[username] = asdict(user)
        return users

    _store(ws).update(change)
    audit.record(ws, actor, "user_add", f"{username} ({role})")
    return password


def remove(ws: Workspace, actor: Viewer, username: str) -> None:
    """Delete an account (never the last admin); its sessions end on their next run."""
    username = normalize(username)

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        if _admins(users) == [username]:
            raise UserError("access.error.last_admin")
        del users[username]
        return users

    _store(ws).update(change)
    _attempts(ws).update(lambda attempts: {k: v for k, v in attempts.items() if k != username})
    audit.record(ws, actor, "user_remove", username)


def set_role(ws: Workspace, actor: Viewer, username: str, role: str, manager_id: str | None = None) -> None:
    """Change an account's role (a manager needs the manager id whose customers they see)."""
    username = normalize(username)
    _check_role(role, manager_id)

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        if role != "admin" and _admins(users) == [username]:
            raise UserError("access.error.last_admin")
        users[username]["role"] = role
        users[username]["manager_id"] = manager_id.strip() if role == "manager" and manager_id else None
        return users

    _store(ws).update(change)
    audit.record(ws, actor, "user_role", f"{username} -> {role}" + (f" ({manager_id})" if role == "manager" else ""))


def reset_password(ws: Workspace, actor: Viewer, username: str, password: str | None = None,
                   now: float | None = None) -> str:
    """Set a new password (generated when none is given), end the account's sessions and unlock it."""
    username = normalize(username)
    password = generate_password() if password is None else password
    _check_password(password)
    hashed = _hash(password)
    stamp = time.time() if now is None else now

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        users[username].update(password_hash=hashed, epoch=users[username].get("epoch", 0) + 1, valid_after=stamp)
        return users

    _store(ws).update(change)
    _attempts(ws).update(lambda attempts: {k: v for k, v in attempts.items() if k != username})
    audit.record(ws, actor, "user_password", username)
    return password


def ensure_admin(ws: Workspace) -> str | None:
    """On the first start (no accounts at all) create `admin` with a random password and return it, else None."""
    with file_lock(ws.meta_dir / ".first_admin.lock"):
        if _store(ws).read():
            return None
        return add(ws, Viewer.system(), FIRST_ADMIN, "admin", name="Administrator")


def first_admin_message(password: str, lang: str = "ru") -> str:
    """The one-time notice with the first admin's password (printed to the terminal, never stored)."""
    return t("access.first_admin", lang, username=FIRST_ADMIN, password=password)


def table(ws: Workspace, role_label: Callable[[str], str] = str, now: float | None = None) -> pl.DataFrame:
    """Accounts for display (no hashes): username, name, role (as `role_label` words it), manager_id,
    created_at, locked_until."""
    now = time.time() if now is None else now
    rows = []
    for user in sorted(load(ws).values(), key=lambda u: u.username):
        locked = lock_state(ws, user.username, now)
        rows.append({"username": user.username, "name": user.name, "role": role_label(user.role),
                     "manager_id": user.manager_id, "created_at": dt.datetime.fromisoformat(user.created_at),
                     "locked_until": dt.datetime.fromtimestamp(locked, dt.timezone.utc) if locked else None})
    schema = {"username": pl.String(), "name": pl.String(), "role": pl.String(), "manager_id": pl.String(),
              "created_at": pl.Datetime("us", "UTC"), "locked_until": pl.Datetime("us", "UTC")}
    return pl.DataFrame(rows, schema=schema)


# ------------------------------------------------------------------------------------------ login
def lock_state(ws: Workspace, username: str, now: float | None = None) -> float | None:
    """The Unix time until which `username` is locked, or None when it may try to log in."""
    record = _attempts(ws).read().get(normalize(username))
    now = time.time() if now is None else now
    if record and record.get("locked_until") and now < record["locked_until"]:
        return float(record["locked_until"])
    return None


def check_login(ws: Workspace, username: str, password: str, now: float | None = None) -> LoginResult:
    """Check a username and password, counting failures per account on the server.

    MAX_FAILURES failures in a row (each within LOCK_SECONDS of the previous one) lock the account
    for LOCK_SECONDS; while locked, no password is checked and attempts do not extend the lock.
    """
    username = normalize(username)
    now = time.time() if now is None else now
    when = dt.datetime.fromtimestamp(now, dt.timezone.utc)
    locked = lock_state(ws, username, now)
    if locked is not None:
        return LoginResult(None, locked_until=locked)
    user = get(ws, username)
    if user is None:
        bcrypt.checkpw((password or "").encode()[:72], _DUMMY_HASH)
        return LoginResult(None, attempts_left=MAX_FAILURES)
    if bcrypt.checkpw((password or "").encode()[:72], user.password_hash.encode()) and len(password.encode()) <= 72:
        _attempts(ws).update(lambda attempts: {k: v for k, v in attempts.items() if k != username})
        audit.record(ws, user.viewer(), "login", username, now=when)
        return LoginResult(user)
    outcome: dict[str, Any] = {}

    def count(attempts: dict[str, Any]) -> dict[str, Any]:
        record = attempts.get(username) or {}
        if record.get("locked_until") and now < record["locked_until"]:
            outcome["locked_until"] = record["locked_until"]
            return attempts
        stale = now - record.get("last_failure", now) > LOCK_SECONDS or record.get("locked_until")
        failures = 1 if stale or not record else record["failures"] + 1
        record = {"failures": failures, "last_failure": now}
        if failures >= MAX_FAILURES:
            record["locked_until"] = now + LOCK_SECONDS
            outcome["locked_until"] = record["locked_until"]
            outcome["just_locked"] = True
        outcome["failures"] = failures
        attempts[username] = record
        return attempts

    _attempts(ws).update(count)
    if outcome.get("just_locked"):
        audit.record(ws, user.viewer(), "account_locked", username, now=when)
    elif "failures" in outcome:
        audit.record(ws, user.viewer(), "login_failed", username, now=when)
    if "locked_until" in outcome:
        return LoginResult(None, locked_until=float(outcome["locked_until"]))
    return LoginResult(None, attempts_left=MAX_FAILURES - outcome["failures"])


def record_logout(ws: Workspace, username: str, now: float | None = None) -> None:
    """End the account's remembered logins: cookies issued before now are refused from now on."""
    username = normalize(username)
    stamp = time.time() if now is None else now

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username in users:
            users[username]["valid_after"] = stamp
        return users

    _store(ws).update(change)
    user = get(ws, username)
    if user is not None:
        audit.record(ws, user.viewer(), "logout", username)


def cookie_user(ws: Workspace, username: str, issued_at: float) -> User | None:
    """The account a login cookie issued at `issued_at` stands for, or None when it is no longer valid."""
    user = get(ws, username)
    if user is None or issued_at <= user.valid_after:
        return None
    return user


def cookie_key(ws: Workspace) -> str:
    """The installation's random key signing login cookies."""
    return secret(ws, COOKIE_KEY_FILE)


def secret(ws: Workspace, name: str) -> str:
    """A random key of this installation kept in `meta/<name>` (created on first use, mode 0600)."""
    path = ws.meta_dir / name
    with file_lock(path.with_name(path.name + ".lock")):
        if not path.exists():
            write_atomic(path, secrets.token_hex(32).encode())
            os.chmod(path, 0o600)
        return path.read_text().strip()


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
