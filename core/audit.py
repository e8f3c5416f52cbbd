"""The audit log: who uploaded, downloaded, erased or changed users, when, and how many rows.

One JSON line per event in `<workspace>/meta/audit.jsonl`, appended under a file lock, so the
command line and the dashboard can both write it. Entries are never changed or removed.
"""
from __future__ import annotations

import datetime as dt
import re
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
    "upload", "download", "erase", "merge", "unmerge",
    "user_add", "user_remove", "user_role", "user_password",
    "login", "login_failed", "account_locked", "logout",
)
_ACTION_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")

SCHEMA: dict[str, pl.DataType] = {
    "at": pl.Datetime("us", time_zone="UTC"),
    "username": pl.String(),
    "role": pl.String(),
    "action": pl.String(),
    "what": pl.String(),
    "rows": pl.Int64(),
}


def record(ws: Workspace, viewer: Viewer, action: str, what: str, rows: int | None = None,
           now: dt.datetime | None = None) -> dict[str, Any]:
    """Append one event (who = `viewer`, `what` = a short description, `rows` = rows affected) and return it."""
    if not _ACTION_RE.fullmatch(action):
        raise ValueError(f"bad audit action {action!r}")
    at = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    entry = {
        "at": at.isoformat(timespec="seconds"),
        "username": viewer.username,
        "role": viewer.role,
        "action": action,
        "what": what,
        "rows": None if rows is None else int(rows),
    }
    append_jsonl(ws.meta_dir / AUDIT_FILE, entry)
    return entry


def read(ws: Workspace) -> pl.DataFrame:
    """The whole log as a frame, newest first."""
    entries = read_jsonl(ws.meta_dir / AUDIT_FILE)
    frame = pl.DataFrame(
        {name: [entry.get(name) for entry in entries] for name in SCHEMA if name != "at"},
        schema={k: v for k, v in SCHEMA.items() if k != "at"},
    )
    stamps = pl.Series("at", [entry.get("at") for entry in entries], dtype=pl.String())
    frame = frame.with_columns(at=stamps.str.to_datetime(time_zone="UTC", time_unit="us")).select(list(SCHEMA))
    return frame.reverse()


def select(log: pl.DataFrame, actions: list[str] | None = None, usernames: list[str] | None = None) -> pl.DataFrame:
    """The entries with one of `actions` by one of `usernames` (an empty or missing list: all)."""
    if actions:
        log = log.filter(pl.col("action").is_in(actions))
    if usernames:
        log = log.filter(pl.col("username").is_in(usernames))
    return log


def labelled(log: pl.DataFrame, label: Callable[[str], str]) -> pl.DataFrame:
    """The log with each action replaced by its label (for display)."""
    mapping = {action: label(action) for action in set(ACTIONS) | set(log["action"].unique().drop_nulls())}
    return log.with_columns(pl.col("action").replace_strict(mapping, default=pl.col("action")))


# How the product words an event (`what`) when it records it, and the key that says it in the reader's
# language: (pattern, translation key, group names). Events recorded before the words existed stay as written.
_DESCRIPTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<kind>orders|customers|interactions|spend) \((?P<mode>append|replace)\): (?P<file>.+?)"
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

    shown = labelled(log, lambda a: t(f"audit.action.{a}", lang) if has(f"audit.action.{a}") else a)
    roles = {r: t(f"access.role.{r}", lang) for r in log["role"].unique().drop_nulls() if has(f"access.role.{r}")}
    return shown.with_columns(
        pl.col("role").replace_strict(roles, default=pl.col("role")),
        pl.col("what").map_elements(lambda w: describe(w, lang), return_dtype=pl.String),
    )
