"""Saved segments: name, description, owner, rules and dates in `<workspace>/meta/segments.json`.

The file is changed under a lock (`core.store.JsonStore`), so the command line can save while the
dashboard runs. Ready-made segments are listed with the saved ones; saving one under its id keeps
the changed version, deleting that version brings the original back. A segment can be changed or
deleted by its owner or an admin; ready-made ones by anyone who may build segments.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.access import Viewer
from core.i18n import t
from core.segments import ready
from core.segments.rules import RuleError, Rules, parse
from core.store import JsonStore

if TYPE_CHECKING:
    from core.workspace import Workspace

SEGMENTS_FILE = "segments.json"
SYSTEM_OWNER = "system"
MAX_NAME = 120
MAX_DESCRIPTION = 1000


class SegmentError(RuleError):
    """A segment cannot be saved, found or deleted; `message(lang)` says why."""


@dataclass(frozen=True)
class Segment:
    """A named segment."""

    id: str
    name: str
    description: str
    owner: str
    rules: Rules
    created_at: str = ""
    changed_at: str = ""
    ready: bool = False

    def to_json(self) -> dict[str, Any]:
        """The stored form."""
        return {"id": self.id, "name": self.name, "description": self.description, "owner": self.owner,
                "rules": self.rules.to_json(), "created_at": self.created_at, "changed_at": self.changed_at,
                "ready": self.ready}


def _store(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / SEGMENTS_FILE, default=lambda: {"segments": {}})


def _ready(key: str, lang: str) -> Segment:
    return Segment(id=key, name=t(f"segments.ready.{key}", lang), description=t(f"segments.ready.{key}.help", lang),
                   owner=SYSTEM_OWNER, rules=ready.READY[key], ready=True)


def _from_json(item: dict[str, Any]) -> Segment:
    return Segment(id=item["id"], name=item["name"], description=item.get("description", ""),
                   owner=item.get("owner", ""), rules=parse(item["rules"]), created_at=item.get("created_at", ""),
                   changed_at=item.get("changed_at", ""), ready=bool(item.get("ready")))


def all_segments(ws: Workspace, lang: str) -> list[Segment]:
    """Ready-made segments (changed versions where saved) in their order, then saved ones by name."""
    stored = {key: _from_json(item) for key, item in _store(ws).read()["segments"].items()}
    made = [stored.pop(key, None) or _ready(key, lang) for key in ready.READY]
    return made + sorted(stored.values(), key=lambda s: s.name.casefold())


def find(ws: Workspace, name_or_id: str, lang: str) -> Segment:
    """The segment with this id or name (case-insensitive; ready-made ones in either language)."""
    wanted = name_or_id.strip().casefold()
    for segment in all_segments(ws, lang):
        names = {segment.id.casefold(), segment.name.casefold()}
        if segment.ready:
            names |= {t(f"segments.ready.{segment.id}", other).casefold() for other in ("ru", "en")}
        if wanted in names:
            return segment
    raise SegmentError("not_found", name=name_or_id)


def save(ws: Workspace, viewer: Viewer, name: str, description: str, rules: Rules,
         segment_id: str | None = None, now: dt.datetime | None = None) -> Segment:
    """Create a segment, or change `segment_id` (its owner, an admin, or anyone for a ready-made one)."""
    name, description = name.strip(), description.strip()
    if not name or len(name) > MAX_NAME:
        raise SegmentError("name", limit=MAX_NAME)
    if len(description) > MAX_DESCRIPTION:
        raise SegmentError("description", limit=MAX_DESCRIPTION)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    result: dict[str, Segment] = {}

    def change(document: dict[str, Any]) -> dict[str, Any]:
        items = document.setdefault("segments", {})
        key = segment_id or f"s-{uuid.uuid4().hex[:10]}"
        old = items.get(key)
        is_ready = key in ready.READY
        if segment_id and old is None and not is_ready:
            raise SegmentError("not_found", name=segment_id)
        if old is not None and not is_ready and not _may_change(viewer, old["owner"]):
            raise SegmentError("not_owner", owner=old["owner"])
        clash = [s for s in all_segments(ws, "ru") + all_segments(ws, "en")
                 if s.id != key and s.name.casefold() == name.casefold()]
        if clash:
            raise SegmentError("name_taken", name=name)
        segment = Segment(id=key, name=name, description=description,
                          owner=SYSTEM_OWNER if is_ready else (old or {}).get("owner", viewer.username),
                          rules=rules, created_at=(old or {}).get("created_at", stamp), changed_at=stamp,
                          ready=is_ready)
        items[key] = segment.to_json()
        result["segment"] = segment
        return document

    _store(ws).update(change)
    return result["segment"]


def delete(ws: Workspace, viewer: Viewer, segment_id: str) -> None:
    """Delete a saved segment (a changed ready-made one goes back to its original)."""

    def change(document: dict[str, Any]) -> dict[str, Any]:
        items = document.setdefault("segments", {})
        old = items.get(segment_id)
        if old is None:
            raise SegmentError("not_found", name=segment_id)
        if segment_id not in ready.READY and not _may_change(viewer, old["owner"]):
            raise SegmentError("not_owner", owner=old["owner"])
        del items[segment_id]
        return document

    _store(ws).update(change)


def _may_change(viewer: Viewer, owner: str) -> bool:
    return viewer.username == owner or viewer.can("admin")
