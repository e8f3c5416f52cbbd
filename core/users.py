"""Accounts of the dashboard, the login check with its lockout, sessions, and the cookie signing key.

Everything lives in the workspace, never in the repository: `meta/users.json` (bcrypt hashes only),
`meta/login_attempts.json` (failed logins per typed name) and `meta/cookie_key` (a random key per
installation, readable only by its owner). Every change is made under a file lock, so the command
line and the dashboard can both use these functions, and every change is written to the audit log.

Sessions. A sign-in opens a `Session`: the account's lifetime (`account_id`, new for every account
created, so a name removed and created again is another account), the account's `epoch` at sign-in,
and a random session id. The login cookie carries the session (signed with the installation's key),
and a browser session keeps it. A session is valid while the account with that id exists, its epoch
is unchanged and the session was not signed out. Signing out ends the session (its cookie included);
signing out on all devices, a password reset or a role change raise the epoch, ending every session
of the account; removing the account ends them all too. The dashboard checks on every run, so open
sessions end on their next action, whichever process made the change.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
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
# How long a login cookie signs its browser in (and how long a signed-out session is remembered).
SESSION_SECONDS = 24 * 60 * 60


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
    """One account. `account_id` names this account's lifetime (a name created again gets a new one);
    `epoch` rises when its password is reset, its role changes or it signs out on all devices, ending
    its sessions; `signed_out` holds the ids of single sessions signed out, until their cookies expire.
    (`valid_after` is read from accounts written before sessions had ids, and no longer used.)"""

    username: str
    role: str
    name: str
    manager_id: str | None
    password_hash: str
    created_at: str
    epoch: int = 0
    valid_after: float = 0.0
    account_id: str = ""
    signed_out: dict[str, float] = field(default_factory=dict)

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


@dataclass(frozen=True)
class Session:
    """One signed-in browser: whose account (`username`, `account_id`) at which `epoch`, its random
    `sid`, and when its login cookie expires (a Unix time)."""

    username: str
    account_id: str
    epoch: int
    sid: str
    expires: float

    def claims(self) -> dict[str, Any]:
        """What the login cookie holds (signed; `exp_date` is the expiry the login package reads)."""
        return {"username": self.username, "account": self.account_id, "epoch": self.epoch, "sid": self.sid,
                "exp_date": self.expires}

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Session | None:
        """The session a decoded login cookie names, or None when it lacks a part (older cookies)."""
        try:
            username, account, epoch, sid = claims["username"], claims["account"], claims["epoch"], claims["sid"]
            expires = float(claims["exp_date"])
        except (KeyError, TypeError, ValueError):
            return None
        if not (isinstance(username, str) and isinstance(account, str) and isinstance(sid, str)
                and isinstance(epoch, int) and not isinstance(epoch, bool)):
            return None
        return cls(username, account, epoch, sid, expires)


def _store(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / USERS_FILE)


def _attempts(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / ATTEMPTS_FILE)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


@functools.cache
def _dummy_hash(rounds: int) -> bytes:
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds))


def dummy_hash() -> bytes:
    """The hash an unknown name's password is checked against: the same cost as the accounts' hashes,
    so that a wrong name takes as long as a wrong password (the name's existence does not show)."""
    return _dummy_hash(BCRYPT_ROUNDS)


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
                password_hash=_hash(password), created_at=_now_iso(), account_id=secrets.token_hex(16))

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username in users:
            raise UserError("access.error.exists", username=username)
        users[username] = asdict(user)
        return users

    _store(ws).update(change)
    audit.record(ws, actor, "user_add", f"{username} ({role})")
    return password


def remove(ws: Workspace, actor: Viewer, username: str) -> None:
    """Delete an account (never the last admin); its sessions end on their next run, and its cookies are
    refused even when an account of the same name is created later (another `account_id`)."""
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
    """Change an account's role (a manager needs the manager id whose customers they see); every session
    of the account ends (it signs in again with the new role)."""
    username = normalize(username)
    _check_role(role, manager_id)

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        if role != "admin" and _admins(users) == [username]:
            raise UserError("access.error.last_admin")
        users[username]["role"] = role
        users[username]["manager_id"] = manager_id.strip() if role == "manager" and manager_id else None
        users[username]["epoch"] = users[username].get("epoch", 0) + 1
        return users

    _store(ws).update(change)
    audit.record(ws, actor, "user_role", f"{username} -> {role}" + (f" ({manager_id})" if role == "manager" else ""))


def reset_password(ws: Workspace, actor: Viewer, username: str, password: str | None = None) -> str:
    """Set a new password (generated when none is given), end the account's sessions and unlock it."""
    username = normalize(username)
    password = generate_password() if password is None else password
    _check_password(password)
    hashed = _hash(password)

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        users[username].update(password_hash=hashed, epoch=users[username].get("epoch", 0) + 1)
        return users

    _store(ws).update(change)
    _attempts(ws).update(lambda attempts: {k: v for k, v in attempts.items() if k != username})
    audit.record(ws, actor, "user_password", username)
    return password


def ensure_admin(ws: Workspace, actor: Viewer | None = None) -> str | None:
    """On the first start (no accounts at all) create `admin` with a random password and return it, else
    None. The audit log names `actor` (default: the operating-system user running the process)."""
    with file_lock(ws.meta_dir / ".first_admin.lock"):
        if _store(ws).read():
            return None
        actor = actor or Viewer(username=audit.os_user(), role="admin")
        return add(ws, actor, FIRST_ADMIN, "admin", name="Administrator")


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
    """Check a username and password, counting failures per name typed on the server; every outcome is
    written to the audit log (who: the name typed).

    MAX_FAILURES failures in a row (each within LOCK_SECONDS of the previous one) lock the name for
    LOCK_SECONDS; while locked, no password is checked and attempts do not extend the lock. A name
    without an account is checked, counted and locked exactly like one with an account, against a
    hash of the same cost, so neither the time taken nor the answers tell whether an account exists.
    """
    username = normalize(username)
    now = time.time() if now is None else now
    when = dt.datetime.fromtimestamp(now, dt.timezone.utc)
    user = get(ws, username)
    who: Viewer | str = user.viewer() if user is not None else username
    locked = lock_state(ws, username, now)
    if locked is not None:
        audit.record(ws, who, "login_failed", "account locked", now=when)
        return LoginResult(None, locked_until=locked)
    secret = (password or "").encode()
    dummy = dummy_hash()  # made on the first check of the process, whichever name it is for
    stored = user.password_hash.encode() if user is not None else dummy
    matches = bcrypt.checkpw(secret[:72], stored) and len(secret) <= 72
    if user is not None and matches:
        _attempts(ws).update(lambda attempts: {k: v for k, v in attempts.items() if k != username})
        audit.record(ws, who, "login", "password", now=when)
        return LoginResult(user)
    outcome: dict[str, Any] = {}

    def count(attempts: dict[str, Any]) -> dict[str, Any]:
        # Forget the failures no longer counted (the file holds names anyone typed: keep it small).
        attempts = {k: v for k, v in attempts.items()
                    if k == username or now - v.get("last_failure", 0) <= LOCK_SECONDS or
                    now < (v.get("locked_until") or 0)}
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
    audit.record(ws, who, "login_failed", "wrong password" if user is not None else "no such account", now=when)
    if outcome.get("just_locked"):
        audit.record(ws, who, "account_locked", username, now=when)
    if "locked_until" in outcome:
        return LoginResult(None, locked_until=float(outcome["locked_until"]))
    return LoginResult(None, attempts_left=MAX_FAILURES - outcome["failures"])


# --------------------------------------------------------------------------------------- sessions
def open_session(user: User, now: float | None = None) -> Session:
    """A new session of `user` (after a password sign-in): a random id, expiring in SESSION_SECONDS."""
    now = time.time() if now is None else now
    return Session(user.username, user.account_id, user.epoch, secrets.token_urlsafe(16), now + SESSION_SECONDS)


def session_user(ws: Workspace, session: Session) -> User | None:
    """The account of a session still in force: the same account (not one created again under its name),
    at the same epoch, not signed out; else None."""
    user = get(ws, session.username)
    if (user is None or user.account_id != session.account_id or user.epoch != session.epoch
            or session.sid in user.signed_out):
        return None
    return user


def cookie_login(ws: Workspace, claims: Mapping[str, Any], now: float | None = None) -> tuple[User, Session] | None:
    """Sign in with a login cookie's (verified) claims: the account and session, recorded in the audit
    log as a sign-in; None, recorded as a failed sign-in, when the session is no longer in force."""
    now = time.time() if now is None else now
    session = Session.from_claims(claims)
    if session is None or session.expires <= now:
        return None
    user = session_user(ws, session)
    when = dt.datetime.fromtimestamp(now, dt.timezone.utc)
    if user is None:
        current = get(ws, session.username)
        audit.record(ws, current.viewer() if current else session.username, "login_failed", "cookie no longer valid",
                     now=when)
        return None
    audit.record(ws, user.viewer(), "login_cookie", "cookie", now=when)
    return user, session


def sign_out(ws: Workspace, session: Session, now: float | None = None) -> None:
    """End one session: its cookie is refused from now on, wherever it is kept; the account's other
    sessions go on."""
    now = time.time() if now is None else now

    def change(users: dict[str, Any]) -> dict[str, Any]:
        record = users.get(session.username)
        if record is not None and record.get("account_id", "") == session.account_id:
            kept = {sid: until for sid, until in (record.get("signed_out") or {}).items() if until > now}
            kept[session.sid] = max(session.expires, now)
            record["signed_out"] = kept
        return users

    _store(ws).update(change)
    user = get(ws, session.username)
    if user is not None:
        audit.record(ws, user.viewer(), "logout", "this session", now=dt.datetime.fromtimestamp(now, dt.timezone.utc))


def sign_out_everywhere(ws: Workspace, actor: Viewer, username: str) -> None:
    """End every session of the account, on every device (open ones on their next action)."""
    username = normalize(username)

    def change(users: dict[str, Any]) -> dict[str, Any]:
        if username not in users:
            raise UserError("access.error.unknown", username=username)
        users[username]["epoch"] = users[username].get("epoch", 0) + 1
        users[username]["signed_out"] = {}
        return users

    _store(ws).update(change)
    audit.record(ws, actor, "sessions_ended", username)


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
