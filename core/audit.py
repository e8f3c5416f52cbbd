"""The audit log: who did what, when, and from where.

One JSON line per event in `<workspace>/meta/audit.jsonl`, appended under a file lock, so the
command line and the dashboard can both write it. Entries are never changed or removed.

Recorded: every sign-in (password or login cookie), failed sign-in (unknown names and locked accounts
included), sign-out, upload (failed ones too), download, erasure, merge, and change of an account.
Who: the account's username (the name typed, for a failed sign-in), or `cli:<operating-system user>`
for the command line. From where: the client's address as the dashboard sees it (behind a reverse
proxy, the proxy's `X-Forwarded-For`; see core/network.py), or `cli@<host>` for the command line.
The dashboard tells this module the address of the session being served (`set_origin`); core never
imports streamlit.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from core.access import Viewer
from core.store import append_jsonl, read_jsonl

if TYPE_CHECKING:
    from core.workspace import Workspace

AUDIT_FILE = "audit.jsonl"

# The actions the product records (each labelled by `audit.action.<name>` in core/i18n/access.py).
# Other lower-case names are accepted too, so an area can log its own action before adding its label.
ACTIONS: tuple[str, ...] = (
    "upload", "upload_failed", "download", "erase", "merge", "unmerge",
    "user_add", "user_remove", "user_role", "user_password", "sessions_ended",
    "login", "login_cookie", "login_failed", "account_locked", "logout",
    "engine_setting", "engine_source", "engine_build",
)
# The descriptions the sign-in entries use, labelled for display by `audit.what.<words joined by _>`.
REASONS: tuple[str, ...] = ("password", "cookie", "wrong password", "no such account", "account locked",
                            "cookie no longer valid", "this session")
_ACTION_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
# A name typed into the login form is recorded as typed, cut to this length.
MAX_NAME = 64

SCHEMA: dict[str, pl.DataType] = {
    "at": pl.Datetime("us", time_zone="UTC"),
    "username": pl.String(),
    "role": pl.String(),
    "action": pl.String(),
    "what": pl.String(),
    "rows": pl.Int64(),
    "address": pl.String(),
}

_origin: Callable[[], str | None] | None = None


def set_origin(provider: Callable[[], str | None] | None) -> None:
    """Where the events recorded from now on come from: `provider()` is asked at each record (the
    dashboard's answers with the address of the session being served, None outside one)."""
    global _origin
    _origin = provider


def os_user() -> str:
    """The operating-system user running this process."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid{os.getuid()}"


def cli_actor() -> Viewer:
    """Who the command line acts as: `cli:<operating-system user>` with every right."""
    return Viewer(username=f"cli:{os_user()}", role="admin")


def local_origin() -> str:
    """Where an event of this process comes from when no client is being served: `cli@<host>`."""
    return f"cli@{socket.gethostname()}"


def record(ws: Workspace, viewer: Viewer | str, action: str, what: str, rows: int | None = None,
           now: dt.datetime | None = None, address: str | None = None) -> dict[str, Any]:
    """Append one event and return it: who (`viewer`, or the bare name typed for a failed sign-in),
    `what` (a short description), `rows` affected, from `address` (default: the origin set for this
    process, else `cli@<host>`)."""
    if not _ACTION_RE.fullmatch(action):
        raise ValueError(f"bad audit action {action!r}")
    if address is None and _origin is not None:
        address = _origin()
    at = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    username, role = (viewer.username, viewer.role) if isinstance(viewer, Viewer) else (str(viewer)[:MAX_NAME], None)
    entry = {
        "at": at.isoformat(timespec="seconds"),
        "username": username,
        "role": role,
        "action": action,
        "what": what,
        "rows": None if rows is None else int(rows),
        "address": address or local_origin(),
    }
    append_jsonl(ws.meta_dir / AUDIT_FILE, entry)
    return entry


def read(ws: Workspace) -> pl.DataFrame:
    """The whole log as a frame, newest first (entries written before addresses were kept have none)."""
    entries = read_jsonl(ws.meta_dir / AUDIT_FILE)
    frame = pl.DataFrame(
        {name: [entry.get(name) for entry in entries] for name in SCHEMA if name != "at"},
        schema={k: v for k, v in SCHEMA.items() if k != "at"},
    )
    stamps = pl.Series("at", [entry.get("at") for entry in entries], dtype=pl.String())
    frame = frame.with_columns(at=stamps.str.to_datetime(time_zone="UTC", time_unit="us")).select(list(SCHEMA))
    return frame.reverse()


def select(log: pl.DataFrame, actions: list[str] | None = None, usernames: list[str] | None = None,
           start: dt.date | None = None, end: dt.date | None = None, tz: str = "UTC") -> pl.DataFrame:
    """The entries with one of `actions` by one of `usernames` (an empty or missing list: all), made on
    the days from `start` to `end` (both included; days as the clock of `tz` reads them)."""
    if actions:
        log = log.filter(pl.col("action").is_in(actions))
    if usernames:
        log = log.filter(pl.col("username").is_in(usernames))
    day = pl.col("at").dt.convert_time_zone(tz).dt.date()
    if start is not None:
        log = log.filter(day >= start)
    if end is not None:
        log = log.filter(day <= end)
    return log


def labelled(log: pl.DataFrame, label: Callable[[str], str],
             reason: Callable[[str], str] | None = None) -> pl.DataFrame:
    """The log with each action replaced by its label, and each sign-in description of REASONS by
    `reason(key)` (key: its words joined by `_`), for display."""
    mapping = {action: label(action) for action in set(ACTIONS) | set(log["action"].unique().drop_nulls())}
    log = log.with_columns(pl.col("action").replace_strict(mapping, default=pl.col("action")))
    if reason is not None:
        described = {text: reason(text.replace(" ", "_")) for text in REASONS}
        log = log.with_columns(pl.col("what").replace_strict(described, default=pl.col("what")))
    return log


def download(log: pl.DataFrame, fmt: str, label: Callable[[str], str], header: Callable[[str], str],
             tz: str = "UTC", reason: Callable[[str], str] | None = None) -> bytes:
    """The log as a CSV or XLSX file for Excel: actions labelled, columns named by `header`, times in
    `tz`, and every text cell a spreadsheet would run as a formula neutralised (names typed into the
    login form and file names are anyone's text)."""
    from core import export

    frame = labelled(log, label, reason).with_columns(
        pl.col("at").dt.convert_time_zone(tz).dt.replace_time_zone(None))
    frame = export.neutralise(frame).rename({c: header(c) for c in frame.columns})
    if fmt == "xlsx":
        return export.xlsx_bytes(frame, "audit")
    if fmt == "csv":
        return export.csv_bytes(frame)
    raise ValueError(f"format must be csv or xlsx, not {fmt!r}")


# How the product words an event (`what`) when it records it, and the key that says it in the reader's
# language: (pattern, translation key, group names). Events recorded before the words existed stay as written.
_DESCRIPTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<kind>orders|customers|interactions|spend|communications|order_lines) \((?P<mode>append|replace)\): (?P<file>.+?)"
                r"(?P<demo>; demo data removed)?$"), "audit.what.upload"),
    (re.compile(r"^(?P<user>\S+) \((?P<role>admin|analyst|marketer|executive|manager)\)$"), "audit.what.user_add"),
    (re.compile(r"^(?P<user>\S+) -> (?P<role>admin|analyst|marketer|executive|manager)(?: \((?P<manager>.+)\))?$"),
     "audit.what.user_role"),
    (re.compile(r"^customer (?P<customer>\S+)(?: \(merged ids: (?P<merged>\d+)\))?$"), "audit.what.erase"),
    (re.compile(r"^segment '(?P<segment>.+)'$"), "audit.what.segment"),
    (re.compile(r"^metrics report \((?P<grain>\w+)\)$"), "audit.what.metrics_report"),
    (re.compile(r"^quality list (?P<list>\w+)$"), "audit.what.quality_list"),
    (re.compile(r"^rejected rows of (?P<file>.+)$"), "audit.what.rejected"),
    (re.compile(r"^orders chart of customer (?P<customer>.+)$"), "audit.what.customer_chart"),
)


def describe(what: str | None, lang: str) -> str | None:
    """An event's description in `lang`: «orders (append): file.csv; demo data removed» reads
    «Заказы, добавление: file.csv; демо-данные удалены» in Russian; unknown wording stays as recorded."""
    from core.i18n import has, t

    if not what:
        return what
    for pattern, key in _DESCRIPTIONS:
        found = pattern.match(what)
        if not found:
            continue
        parts = {k: v or "" for k, v in found.groupdict().items()}
        if "kind" in parts:
            parts["kind"] = t(f"upload.kind.{parts['kind']}", lang)
            parts["mode"] = t(f"audit.what.mode.{parts['mode']}", lang)
            parts["demo"] = t("audit.what.demo_removed", lang) if parts["demo"] else ""
        if "role" in parts:
            parts["role"] = t(f"access.role.{parts['role']}", lang)
            parts["manager"] = f" ({parts['manager']})" if parts.get("manager") else ""
        if "merged" in parts:
            parts["merged"] = t("audit.what.merged", lang, count=parts["merged"]) if parts["merged"] else ""
        if "grain" in parts and has(f"metrics.grain.{parts['grain']}"):
            parts["grain"] = t(f"metrics.grain.{parts['grain']}", lang).lower()
        if "list" in parts and has(f"quality.list.{parts['list']}"):
            parts["list"] = t(f"quality.list.{parts['list']}", lang)
        return t(key, lang, **parts)
    return what


def readable(log: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The log for display in `lang`: actions, roles and descriptions in words (`labelled` plus `describe`)."""
    from core.i18n import has, t

    shown = labelled(log, lambda a: t(f"audit.action.{a}", lang) if has(f"audit.action.{a}") else a,
                     lambda key: t(f"audit.what.{key}", lang))
    roles = {r: t(f"access.role.{r}", lang) for r in log["role"].unique().drop_nulls() if has(f"access.role.{r}")}
    return shown.with_columns(
        pl.col("role").replace_strict(roles, default=pl.col("role")),
        pl.col("what").map_elements(lambda w: describe(w, lang), return_dtype=pl.String),
    )
