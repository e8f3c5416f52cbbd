"""Merging duplicate customers, reversibly.

A merge records `duplicate id -> surviving id` in the workspace manifest and publishes a new
generation with the same files; the build reads orders, interactions and customers through the
mapping (see core/workspace.py), so every figure afterwards counts the two records as one customer.
An unmerge removes the record and publishes again: the data is never rewritten, only re-read.
Who merged what and when is kept in `<workspace>/meta/merges.jsonl` and in the audit log.
Only roles with the `upload` permission (analyst, admin) may merge or unmerge.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Collection, Sequence
from typing import Any

import polars as pl

from core import sql
from core.access import Viewer
from core.store import append_jsonl, read_jsonl, rewrite_jsonl
from core.workspace import LocalizedError, Workspace

MERGE_LOG = "merges.jsonl"
PERMISSION = "upload"


class MergeError(LocalizedError):
    """A merge or unmerge was refused; `key` and `values` give the message in any language."""

    str_lang = "ru"


def current(ws: Workspace) -> pl.DataFrame:
    """The merges in force: duplicate id, the id it was merged into, the final survivor, who and when."""
    from core.workspace import resolve_merges

    edges = dict(ws.manifest().merges)
    final = resolve_merges(edges)
    last: dict[str, dict[str, Any]] = {}
    for entry in read_jsonl(ws.meta_dir / MERGE_LOG):
        if entry.get("action") == "merge":
            last[entry["from_id"]] = entry
    rows = [{"from_id": k, "to_id": v, "survivor_id": final[k], "merged_at": last.get(k, {}).get("at"),
             "merged_by": last.get(k, {}).get("username"), "reason": last.get(k, {}).get("reason")}
            for k, v in sorted(edges.items())]
    schema = {"from_id": pl.String, "to_id": pl.String, "survivor_id": pl.String, "merged_at": pl.String,
              "merged_by": pl.String, "reason": pl.String}
    return pl.DataFrame(rows, schema=schema)


def history(ws: Workspace) -> list[dict[str, Any]]:
    """Every merge and unmerge ever made, oldest first."""
    return read_jsonl(ws.meta_dir / MERGE_LOG)


def merge(ws: Workspace, viewer: Viewer, duplicates: Sequence[str], survivor: str, reason: str = "") -> int:
    """Merge the customers `duplicates` into `survivor`; returns the new generation.

    Every id must be a customer of the current data (not already merged away), and the survivor
    must not be among the duplicates.
    """
    _allowed(viewer)
    dups = list(dict.fromkeys(d for d in duplicates if d))
    if not dups or not survivor:
        raise MergeError("quality.merge.error.nothing")
    if survivor in dups:
        raise MergeError("quality.merge.error.self", id=survivor)
    ctx = sql.default_context(ws)
    known = set(sql.run(ws, "merges__known_ids", ctx, ids=[*dups, survivor])["customer_id"].to_list())
    unknown = [i for i in [*dups, survivor] if i not in known]
    if unknown:
        raise MergeError("quality.merge.error.unknown", ids=", ".join(unknown))

    def remap(edges: dict[str, str]) -> dict[str, str]:
        for dup in dups:
            if dup in edges:
                raise MergeError("quality.merge.error.merged", id=dup, to=edges[dup])
        if survivor in edges:
            raise MergeError("quality.merge.error.merged", id=survivor, to=edges[survivor])
        return {**edges, **{dup: survivor for dup in dups}}

    generation = ws.publish({}, remap=remap)
    for dup in dups:
        _log(ws, viewer, "merge", dup, survivor, generation, reason)
    _audit(ws, viewer, "merge", f"{', '.join(dups)} -> {survivor}", len(dups))
    return generation


def unmerge(ws: Workspace, viewer: Viewer, duplicate: str) -> int:
    """Undo the merge of `duplicate`: it becomes a customer of its own again; returns the new generation."""
    _allowed(viewer)
    found: dict[str, str] = {}

    def remap(edges: dict[str, str]) -> dict[str, str]:
        if duplicate not in edges:
            raise MergeError("quality.merge.error.not_merged", id=duplicate)
        found["to"] = edges[duplicate]
        return {k: v for k, v in edges.items() if k != duplicate}

    generation = ws.publish({}, remap=remap)
    _log(ws, viewer, "unmerge", duplicate, found["to"], generation, "")
    _audit(ws, viewer, "unmerge", f"{duplicate} -/-> {found['to']}", 1)
    return generation


def forget(ws: Workspace, ids: Collection[str], pseudonym: str) -> None:
    """Name an erased person (core/erasure.py) by their pseudonym in the merge history: their ids and the
    reasons given for merging them go."""
    def change(record: dict[str, Any]) -> dict[str, Any]:
        if record.get("from_id") not in ids and record.get("to_id") not in ids:
            return record
        return {**record, "reason": "",
                **{key: pseudonym for key in ("from_id", "to_id") if record.get(key) in ids}}

    if (ws.meta_dir / MERGE_LOG).exists():
        rewrite_jsonl(ws.meta_dir / MERGE_LOG, change)


def _allowed(viewer: Viewer) -> None:
    if not viewer.can(PERMISSION):
        raise MergeError("quality.merge.error.denied", role=viewer.role)


def _log(ws: Workspace, viewer: Viewer, action: str, from_id: str, to_id: str, generation: int, reason: str) -> None:
    append_jsonl(ws.meta_dir / MERGE_LOG, {
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "action": action,
        "from_id": from_id, "to_id": to_id, "username": viewer.username, "role": viewer.role,
        "generation": generation, "reason": reason,
    })


def _audit(ws: Workspace, viewer: Viewer, action: str, what: str, rows: int) -> None:
    """Record the change in the audit log (core/audit.py, when the audit module is part of the product)."""
    if importlib.util.find_spec("core.audit") is None:
        return
    from core import audit  # type: ignore[attr-defined]

    audit.record(ws, viewer, action, what, rows)
