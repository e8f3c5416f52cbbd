"""Where the Spark build reads a dataset: the workspace's Parquet files (the default) or a lake source named
per dataset in the workspace settings (`meta/engine_sources.json`, changed under a lock, written atomically).

A source is a path the cluster reads (`s3a://bucket/orders/`, `hdfs://…`, `file:///…`: a folder or file of
Parquet files holding the dataset's mapped columns, by the names and types an upload writes) or a catalog
table (`db.orders`, matched against `TABLE_PATTERN` and read by name, never pasted into SQL). Only a build
on Spark reads it (core/engines/spark.py); that build copies the dataset's mapped columns back into the
workspace as the new generation's Parquet files (a snapshot), so every page, variant and download reads the
same rows in DuckDB as the build used. A build on DuckDB keeps the snapshot the last Spark build took.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core import datasets
from core.access import Viewer
from core.store import JsonStore
from core.workspace import LocalizedError, Workspace

SOURCES_FILE = "engine_sources.json"
# Schemes a path may have: object stores and HDFS through Hadoop's file systems, and local files (a folder every
# node sees, or tests).
SCHEMES: tuple[str, ...] = ("s3a", "s3", "hdfs", "viewfs", "abfss", "abfs", "gs", "wasbs", "file")
# A catalog table: `table`, `db.table` or `catalog.db.table`, each part a plain identifier.
TABLE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}(\.[A-Za-z_][A-Za-z0-9_]{0,127}){0,2}")
# `set_source`'s `expected` when the change does not depend on what was set before (the command line).
ANY = object()
_PATH_PATTERN = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*)://[^\s'\"`\\;]+")


class SourceError(LocalizedError):
    """A source setting that cannot be taken (unknown dataset, malformed path or table name)."""


@dataclass(frozen=True)
class Source:
    """A dataset's lake source: exactly one of `path` and `table`."""

    kind: str
    path: str | None = None
    table: str | None = None

    def describe(self) -> str:
        """`s3a://…` for a path, `table db.orders` for a table."""
        return self.path if self.path is not None else f"table {self.table}"

    def to_json(self) -> dict[str, str]:
        return {"path": self.path} if self.path is not None else {"table": self.table or ""}


def check_path(kind: str, path: str) -> str:
    """`path` when it is a URI with a known scheme and no quote, space or semicolon; else SourceError."""
    found = _PATH_PATTERN.fullmatch(path)
    if not found or found["scheme"] not in SCHEMES:
        raise SourceError("engine.source.bad_path", dataset=kind, path=path, schemes=", ".join(SCHEMES))
    return path


def check_table(kind: str, table: str) -> str:
    """`table` when it matches `TABLE_PATTERN`; else SourceError."""
    if not TABLE_PATTERN.fullmatch(table):
        raise SourceError("engine.source.bad_table", dataset=kind, table=table)
    return table


def _check_kind(kind: str) -> None:
    if kind not in datasets.DATASETS:
        raise SourceError("engine.source.unknown_dataset", dataset=kind, datasets=", ".join(datasets.DATASETS))


def _parse(kind: str, entry: object) -> Source:
    """A stored entry, checked again (the file may have been edited by hand)."""
    _check_kind(kind)
    if isinstance(entry, dict) and isinstance(entry.get("path"), str):
        return Source(kind, path=check_path(kind, entry["path"]))
    if isinstance(entry, dict) and isinstance(entry.get("table"), str):
        return Source(kind, table=check_table(kind, entry["table"]))
    raise SourceError("engine.source.bad_entry", dataset=kind, file=SOURCES_FILE)


def _store(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / SOURCES_FILE)


def source(ws: Workspace, kind: str) -> Source | None:
    """The lake source of `kind` (None: read from the workspace's files); SourceError when its entry is damaged."""
    _check_kind(kind)
    entry = _store(ws).read().get(kind)
    return None if entry is None else _parse(kind, entry)


def _same(entry: object, expected: Source | None) -> bool:
    """Whether a stored entry is what `expected` describes (a damaged entry is nothing expected)."""
    if expected is None:
        return entry is None
    return entry == expected.to_json()


def sources(ws: Workspace) -> dict[str, Source]:
    """The lake sources of the workspace, by dataset (datasets read from the workspace's files are absent)."""
    return {kind: _parse(kind, entry) for kind, entry in _store(ws).read().items()}


def set_source(ws: Workspace, viewer: Viewer, kind: str, *, path: str | None = None,
               table: str | None = None, expected: Source | None | object = ANY) -> Source | None:
    """Read `kind` from `path` or `table` at the next Spark build, or (neither given) from the workspace's files
    again. Admins only; checked, locked, audited. With `expected` (the source the change was made from, None for
    the workspace's files), nothing is written when someone else changed it meanwhile: SourceError says what
    is set now. Returns the source now in force."""
    from core import audit

    if not viewer.can("admin"):
        raise PermissionError("only an admin changes where the build reads the data")
    _check_kind(kind)
    if path is not None and table is not None:
        raise SourceError("engine.source.both", dataset=kind)
    source = None
    if path is not None:
        source = Source(kind, path=check_path(kind, path.strip()))
    elif table is not None:
        source = Source(kind, table=check_table(kind, table.strip()))

    def change(doc: dict) -> dict:
        if expected is not ANY and not _same(doc.get(kind), expected):  # type: ignore[arg-type]
            entry = doc.get(kind)
            now = entry.get("path") or f"table {entry.get('table')}" if isinstance(entry, dict) else None
            raise SourceError("engine.source.changed_meanwhile", dataset=kind, source=now or "—")
        doc.pop(kind, None)
        if source is not None:
            doc[kind] = source.to_json()
        return doc

    _store(ws).update(change)
    audit.record(ws, viewer, "engine_source",
                 f"{kind}: {source.describe() if source else 'workspace files'}")
    return source
