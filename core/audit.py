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
