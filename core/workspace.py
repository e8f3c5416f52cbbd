"""The workspace: Parquet datasets named by an atomically replaced manifest, and a DuckDB file
holding one schema per generation (views over the datasets plus the derived tables).

Readers pin a generation for a whole page run, so a page shows the old data or the new, never a mix.
A publish writes its Parquet files first, builds the new generation's schema in one transaction and
only then replaces `manifest.json`: a crash at any point leaves the previous generation in force.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core import datasets, settings
from core.derived import DERIVED
from core.store import file_lock, write_atomic

DB_FILE = "workspace.duckdb"
MANIFEST_FILE = "manifest.json"
DATASETS_DIR = "datasets"
META_DIR = "meta"
STAGING_DIR = ".staging"
KEEP_GENERATIONS = 3
# Files no manifest names any more are removed only after this long, so a page run still reading an
# older generation does not lose its files under it.
ORPHAN_GRACE_SECONDS = 15 * 60


class WorkspaceError(Exception):
    """The workspace cannot do what was asked; the message is meant for the user."""


class StaleGeneration(WorkspaceError):
    """The generation a page run pinned has been dropped; the run should start again."""


@dataclass(frozen=True)
class Manifest:
    """Which Parquet files make up each dataset in one generation."""

    generation: int = 0
    datasets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    created_at: str = ""
    history: tuple[Mapping[str, tuple[str, ...]], ...] = ()

    def files(self, kind: str) -> tuple[str, ...]:
        """Relative paths of the files of `kind` (empty when never loaded)."""
        return tuple(self.datasets.get(kind, ()))

    def to_json(self) -> bytes:
        """The manifest as JSON."""
        payload = {
            "generation": self.generation,
            "created_at": self.created_at,
            "datasets": {k: list(v) for k, v in self.datasets.items()},
            "history": [{k: list(v) for k, v in h.items()} for h in self.history],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse a manifest written by `to_json`."""
        raw = json.loads(data)
        return cls(
            generation=int(raw["generation"]),
            created_at=raw.get("created_at", ""),
            datasets={k: tuple(v) for k, v in raw.get("datasets", {}).items()},
            history=tuple({k: tuple(v) for k, v in h.items()} for h in raw.get("history", [])),
        )


def _sql_string(value: str) -> str:
    """A SQL string literal (only for paths the workspace itself made)."""
    return "'" + value.replace("'", "''") + "'"


def schema_name(generation: int) -> str:
    """The DuckDB schema of a generation."""
    return f"g{int(generation)}"


class Workspace:
    """One workspace folder; thread-safe; hand out a cursor per query."""

    def __init__(self, path: Path | str, *, memory_limit: str | None = None, threads: int | None = None):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / DATASETS_DIR).mkdir(exist_ok=True)
        (self.path / META_DIR).mkdir(exist_ok=True)
        self._build_lock = threading.Lock()
        self._manifest_cache: tuple[int, Manifest] | None = None
        config = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        limit = memory_limit or settings.memory_limit()
        if limit:
            config["memory_limit"] = limit
        count = threads or settings.threads()
        if count:
            config["threads"] = count
        try:
            self.con = duckdb.connect(str(self.path / DB_FILE), config=config)
            self.in_memory = False
        except duckdb.IOException:
            # Another process (the running dashboard) holds the file: work from the manifest in memory.
            self.con = duckdb.connect(":memory:", config=config)
            self.in_memory = True
        self._built: set[int] = set()

    @classmethod
    def open_default(cls) -> Workspace:
        """The workspace named by the settings."""
        return cls(settings.workspace_path())

    def close(self) -> None:
        """Close the DuckDB connection."""
        self.con.close()

    # ----------------------------------------------------------------- manifest and generations
    @property
    def meta_dir(self) -> Path:
        """Folder of the small metadata files (users, audit log, segments, upload history)."""
        return self.path / META_DIR

    def manifest(self) -> Manifest:
        """The manifest in force now (re-read only when the file changed)."""
        target = self.path / MANIFEST_FILE
        try:
            stamp = target.stat().st_mtime_ns
        except FileNotFoundError:
            return Manifest()
        cached = self._manifest_cache
        if cached is not None and cached[0] == stamp:
            return cached[1]
        manifest = Manifest.from_json(target.read_bytes())
        self._manifest_cache = (stamp, manifest)
        return manifest

    def is_empty(self) -> bool:
        """True when no dataset was ever loaded."""
        manifest = self.manifest()
        return not any(manifest.files(kind) for kind in datasets.DATASETS)

    def generation(self) -> int:
        """The current generation, built in this process's DuckDB if it was not yet."""
        manifest = self.manifest()
        self._ensure_built(manifest)
        return manifest.generation

    def cursor(self, generation: int | None = None) -> duckdb.DuckDBPyConnection:
        """A new cursor whose unqualified names resolve in `generation` (default: the current one)."""
        gen = self.generation() if generation is None else generation
        cur = self.con.cursor()
        if not self._schema_exists(cur, gen):
            cur.close()
            raise StaleGeneration(f"generation {gen} is gone")
        cur.execute(f"set search_path = '{schema_name(gen)}'")
        return cur

    @contextlib.contextmanager
    def reading(self, generation: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for the duration of a block, closed afterwards."""
        cur = self.cursor(generation)
        try:
            yield cur
        finally:
            cur.close()

    def _schema_exists(self, cur: duckdb.DuckDBPyConnection, generation: int) -> bool:
        rows = cur.execute(
            "select count(*) from information_schema.schemata where schema_name = $name",
            {"name": schema_name(generation)},
        ).fetchall()
        return rows[0][0] > 0

    def _ensure_built(self, manifest: Manifest) -> None:
        if manifest.generation in self._built:
            return
        with self._build_lock:
            if manifest.generation in self._built:
                return
            cur = self.con.cursor()
            try:
                if not self._schema_exists(cur, manifest.generation):
                    self._build(cur, manifest)
            finally:
                cur.close()
            self._built.add(manifest.generation)

    def _build(self, cur: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
        """Create the schema of `manifest.generation` in one transaction."""
        from core import sql  # the loader sits above the workspace

        schema = schema_name(manifest.generation)
        cur.execute("begin transaction")
        try:
            cur.execute(f"drop schema if exists {schema} cascade")
            cur.execute(f"create schema {schema}")
            for kind in datasets.DATASETS:
                files = [str(self.path / rel) for rel in manifest.files(kind)]
                if files:
                    listing = ", ".join(_sql_string(f) for f in files)
                    cur.execute(
                        f"create view {schema}.{kind} as select {datasets.duckdb_cast_list(kind)} "
                        f"from read_parquet([{listing}], union_by_name = true)"
                    )
                else:
                    cur.execute(f"create table {schema}.{kind} ({datasets.duckdb_columns(kind)})")
            cur.execute(f"create view {schema}.completed_orders as select * from {schema}.orders where completed")
            cur.execute(f"set search_path = '{schema}'")
            for derived in DERIVED:
                text, params = sql.prepare(derived.query, sql.build_params(cur))
                cur.execute(f"create table {schema}.{derived.name} as {text}", params)
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise

    # ----------------------------------------------------------------------------- publishing
    def staging_file(self, kind: str, suffix: str = ".parquet") -> Path:
        """A fresh path to write a new file of `kind` into before publishing it."""
        if kind not in datasets.DATASETS:
            raise WorkspaceError(f"unknown dataset {kind!r}")
        folder = self.path / DATASETS_DIR / kind
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        return folder / f"{STAGING_DIR}-{stamp}-{uuid.uuid4().hex[:12]}{suffix}"

    def publish(self, changes: Mapping[str, Sequence[Path]], *, expected_generation: int | None = None) -> int:
        """Make a new generation in which each dataset in `changes` consists of exactly these files.

        Files must lie inside the workspace's dataset folder (see `staging_file`); they are renamed
        into place. Datasets not in `changes` keep their files. Returns the new generation. With
        `expected_generation`, refuses (StaleGeneration) when another publish came first, so a
        read-modify-publish never drops someone else's change.
        """
        with file_lock(self.path / ".publish.lock"):
            current = self.manifest()
            if expected_generation is not None and current.generation != expected_generation:
                raise StaleGeneration(f"generation {expected_generation} is no longer current")
            new_sets = {k: tuple(v) for k, v in current.datasets.items()}
            for kind, files in changes.items():
                if kind not in datasets.DATASETS:
                    raise WorkspaceError(f"unknown dataset {kind!r}")
                new_sets[kind] = tuple(self._settle(Path(f)) for f in files)
            history = ((dict(current.datasets),) + tuple(current.history))[: KEEP_GENERATIONS - 1]
            manifest = Manifest(
                generation=current.generation + 1,
                datasets=new_sets,
                created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                history=history if current.generation else (),
            )
            # Build first: a failure here leaves the manifest, and so the data in force, untouched.
            with self._build_lock:
                cur = self.con.cursor()
                try:
                    self._build(cur, manifest)
                finally:
                    cur.close()
                self._built.add(manifest.generation)
            write_atomic(self.path / MANIFEST_FILE, manifest.to_json())
            self._manifest_cache = None
            self._collect_garbage(manifest)
            return manifest.generation

    def _settle(self, path: Path) -> str:
        """Rename a staged file to its final name; return its path relative to the workspace."""
        path = path.resolve()
        root = (self.path / DATASETS_DIR).resolve()
        if root not in path.parents:
            raise WorkspaceError(f"{path} is not inside the workspace")
        if path.name.startswith(STAGING_DIR):
            final = path.with_name(path.name[len(STAGING_DIR) + 1 :])
            path.rename(final)
            path = final
        return str(path.relative_to(self.path.resolve()))

    def _collect_garbage(self, manifest: Manifest) -> None:
        """Drop old generation schemas and remove Parquet files no kept generation uses."""
        keep = {manifest.generation - i for i in range(KEEP_GENERATIONS)}
        cur = self.con.cursor()
        try:
            names = cur.execute(
                "select schema_name from information_schema.schemata "
                "where regexp_full_match(schema_name, 'g[0-9]+')"
            ).fetchall()
            for (name,) in names:
                if int(name[1:]) not in keep:
                    cur.execute(f"drop schema if exists {name} cascade")
                    self._built.discard(int(name[1:]))
        finally:
            cur.close()
        used = {rel for sets in (manifest.datasets, *manifest.history) for files in sets.values() for rel in files}
        now = time.time()
        for file in (self.path / DATASETS_DIR).rglob("*.parquet"):
            rel = str(file.relative_to(self.path))
            if rel not in used and now - file.stat().st_mtime > ORPHAN_GRACE_SECONDS:
                with contextlib.suppress(FileNotFoundError):
                    file.unlink()

