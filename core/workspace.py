"""The workspace: Parquet datasets named by an atomically replaced manifest, and a DuckDB file
holding one schema per generation (views over the datasets plus the derived tables).

Readers pin a generation for a whole page run, so a page shows the old data or the new, never a mix.
A publish writes its Parquet files first (in a staging area, core/staging.py), builds the new
generation's schema in one transaction and only then replaces `manifest.json`: a crash at any point
leaves the previous generation in force, and what it left behind is removed by the next `tidy`.
Publishes happen one at a time under a lock (`publishing`), which a read-modify-publish (an append,
an erasure) holds from its read to its publish, so none drops another's change.

Merged customers: the manifest also carries the merges in force (`duplicate id -> surviving id`,
see core/merges.py). The build puts them in the generation's `merges` table (chains resolved) and
reads every customer-level dataset through them: orders and interactions carry the surviving id,
and the customers view holds one profile per surviving id (the survivor's non-null fields, gaps
filled from the merged profiles, the earliest registration date). A merge or an unmerge is a new
generation with the same files, so every query and derived table uses the merged identity.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb

from core import datasets, modes, settings, staging
from core.store import file_lock, write_atomic

log = logging.getLogger(__name__)

DB_FILE = "workspace.duckdb"
MANIFEST_FILE = "manifest.json"
DATASETS_DIR = "datasets"
META_DIR = "meta"
STAGING_DIR = staging.STAGING_DIR
PUBLISH_LOCK = ".publish.lock"
KEEP_GENERATIONS = 3
VARIANTS_TABLE = "derived_variants"
MERGES_TABLE = "merges"
# Datasets whose customer_id is read through the merges (customers also get their profiles combined).
MERGED_KINDS: tuple[str, ...] = ("orders", "customers", "interactions", "communications")
MAX_VARIANTS = 12
# Files that left the kept generations are removed only after this long, so a page run of another process
# still reading an older generation does not lose its files under it. Files no manifest ever named (a
# publish killed part-way) go at once.
ORPHAN_GRACE_SECONDS = 15 * 60


# The relations the workspace itself makes in every generation's schema (views over the datasets, the merges);
# the build's steps read them (core/build.py).
BASE_RELATIONS: tuple[str, ...] = (*datasets.DATASETS, "completed_orders", MERGES_TABLE)
# Base relations that carry customer_id, and so are narrowed to a viewer's scope.
SCOPED_BASE: tuple[str, ...] = ("orders", "completed_orders", "customers", "interactions", "communications")

# Called around each build step with (index from 0, number of steps, step name), and (n, n, "") at the end.
BuildProgress = Callable[[int, int, str], None]


class Engine(Protocol):
    """What builds a generation's derived tables and finds their variants (core/build.py).

    The workspace keeps the manifest, the generations and their schemas; it never imports the build, which
    sits above the query loader: the build installs itself (`install_engine`) when imported, and every entry
    point (Home.py, `python -m core`, the tests) imports it before opening a workspace.
    """

    name: str

    def layout(self) -> str:
        """A short hash of what the derived tables are built from (part of every schema name)."""

    def build(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, manifest: Manifest,
              progress: BuildProgress | None) -> None:
        """Create the derived tables in the schema of `manifest.generation` (search_path set, inside its
        transaction; the manifest names the generation's files and merges)."""

    def sources(self, ws: Workspace, generation: int, sql_text: str, values: Mapping[str, Any]) -> dict[str, str]:
        """Each customer-level derived table -> the table holding it for these parameter values."""

    def aggregates(self, sql_text: str) -> dict[str, str]:
        """Each derived table of aggregates over the whole base (not per customer) that `sql_text` reads -> the
        select that makes it (a scoped viewer's are computed over their customers' rows)."""

    def ready(self, ws: Workspace, generation: int, progress: BuildProgress | None) -> None:
        """Work after the generation is committed and before it is served (the dashboard's workspaces only):
        the stored results of its default context."""


_engine: Engine | None = None


def install_engine(engine: Engine) -> None:
    """Make `engine` build every workspace's generations in this process (core/build.py calls it)."""
    global _engine
    _engine = engine
    layout.cache_clear()


def engine() -> Engine:
    """The build engine installed in this process."""
    if _engine is None:
        raise WorkspaceError("no build engine installed: import core.build before opening a workspace")
    return _engine


class WorkspaceError(Exception):
    """The workspace cannot do what was asked; the message is meant for the user."""


class LocalizedError(WorkspaceError):
    """A refusal worded in both languages (core/i18n): `message(lang)` for the user, `str()` in `str_lang`."""

    str_lang = "en"

    def __init__(self, key: str, **values: Any) -> None:
        from core.i18n import t

        self.key = key
        self.values = values
        super().__init__(t(key, self.str_lang, **values))

    def message(self, lang: str) -> str:
        """The reason in the user's language."""
        from core.i18n import t

        return t(self.key, lang, **self.values)


class StaleGeneration(WorkspaceError):
    """The generation a page run pinned has been dropped; the run should start again."""


@dataclass(frozen=True)
class Manifest:
    """Which Parquet files make up each dataset in one generation."""

    generation: int = 0
    datasets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    created_at: str = ""
    history: tuple[Mapping[str, tuple[str, ...]], ...] = ()
    merges: Mapping[str, str] = field(default_factory=dict)
    # Files that left the kept generations -> when (ISO time): removed once `ORPHAN_GRACE_SECONDS` passed.
    retired: Mapping[str, str] = field(default_factory=dict)

    def files(self, kind: str) -> tuple[str, ...]:
        """Relative paths of the files of `kind` (empty when never loaded)."""
        return tuple(self.datasets.get(kind, ()))

    def kept_files(self) -> set[str]:
        """Relative paths of every file of this generation and of the older generations kept."""
        return {rel for sets in (self.datasets, *self.history) for files in sets.values() for rel in files}

    def to_json(self) -> bytes:
        """The manifest as JSON."""
        payload = {
            "generation": self.generation,
            "created_at": self.created_at,
            "datasets": {k: list(v) for k, v in self.datasets.items()},
            "history": [{k: list(v) for k, v in h.items()} for h in self.history],
            "merges": dict(self.merges),
            "retired": dict(self.retired),
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
            merges=dict(raw.get("merges", {})),
            retired=dict(raw.get("retired", {})),
        )


def _sql_string(value: str) -> str:
    """A SQL string literal (only for paths the workspace itself made)."""
    return "'" + value.replace("'", "''") + "'"


def resolve_merges(edges: Mapping[str, str]) -> dict[str, str]:
    """Each merged id -> its final surviving id, following chains (a -> b, b -> c gives a -> c and b -> c)."""
    resolved: dict[str, str] = {}
    for start in edges:
        seen = [start]
        target = edges[start]
        while target in edges:
            if target in seen:
                raise WorkspaceError(f"merges form a cycle through {target!r}")
            seen.append(target)
            target = edges[target]
        resolved[start] = target
    return resolved


def _merged_view(schema: str, kind: str, source: str) -> str:
    """The select reading dataset `kind` (rows of `source`) with merged customer ids replaced by the survivor's.

    A merged profile's field is the survivor's, else the latest registered duplicate's, ties by the larger id:
    a total order, so every build (DuckDB's threads, Spark) picks the same value."""
    merges = f"{schema}.{MERGES_TABLE}"
    keyed = (f"select src.*, coalesce(m.to_id, src.customer_id) as identity, m.to_id is null as survivor "
             f"from ({source}) as src left join {merges} as m on m.from_id = src.customer_id")
    if kind != "customers":
        return f"select * exclude (identity, survivor) replace (identity as customer_id) from ({keyed})"
    columns = [c for c in datasets.SCHEMAS[kind] if c != "customer_id"]
    combined = ", ".join(
        "min(registered_at) as registered_at" if c == "registered_at" else
        f'first("{c}" order by survivor desc, registered_at desc nulls last, keyed.customer_id desc) '
        f'filter (where "{c}" is not null) as "{c}"'
        for c in columns
    )
    touched = f"select to_id from {merges}"
    ordered = ", ".join(f'"{c}"' for c in datasets.SCHEMAS[kind])
    return (f"with keyed as ({keyed}) "
            f"select {ordered} from keyed where identity is null or identity not in ({touched}) "
            f"union all "
            f"select {ordered} from (select identity as customer_id, {combined} from keyed "
            f"where identity in ({touched}) group by identity)")


def _check_readable(cur: duckdb.DuckDBPyConnection, kind: str, files: Sequence[str], listing: str) -> None:
    """Refuse (LocalizedError, before the generation is written) a dataset whose file is gone or whose files
    together lack a column of its kind, naming the file or the columns, instead of DuckDB's own error."""
    gone = [f for f in files if not Path(f).is_file()]
    if gone:
        raise LocalizedError("workspace.error.missing_file", dataset=kind, path=gone[0])
    described = cur.execute(f"describe select * from read_parquet([{listing}], union_by_name = true)").fetchall()
    present = {row[0] for row in described}
    absent = [c for c in datasets.SCHEMAS[kind] if c not in present]
    if absent:
        raise LocalizedError("workspace.error.missing_columns", dataset=kind, columns=", ".join(absent))


def variant_key(params: Mapping[str, Any]) -> str:
    """A stable key of the parameter values a derived table was built with."""
    return hashlib.sha1(repr(sorted((k, repr(v)) for k, v in params.items())).encode()).hexdigest()


@functools.cache
def layout() -> str:
    """A short hash of what a generation's schema is built from (dataset schemas, derived queries).

    It is part of the schema name, so a new version of the product rebuilds the generation
    instead of reading tables an older version built.
    """
    parts = [repr(datasets.SCHEMAS), engine().layout()]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:8]


def schema_name(generation: int) -> str:
    """The DuckDB schema of a generation."""
    return f"g{int(generation)}_{layout()}"


def generation_of(schema: str) -> int:
    """The generation number of a schema name."""
    return int(schema[1:].split("_", 1)[0])


# Whether the build running in this context is followed at once by storing the default results in this process
# (`Workspace._make_ready`, a dashboard's workspace): set by `Workspace._build` for the engine's builders.
_READY_FOLLOWS: contextvars.ContextVar[bool] = contextvars.ContextVar("ready_follows", default=False)


def ready_follows() -> bool:
    """True inside a build whose generation's default results this process stores next (see `_READY_FOLLOWS`):
    a builder may keep work for them (the CLV fit); otherwise what it kept would only hold memory."""
    return _READY_FOLLOWS.get()


class Workspace:
    """One workspace folder; thread-safe; hand out a cursor per query."""

    def __init__(self, path: Path | str, *, memory_limit: str | None = None, threads: int | None = None,
                 background: bool = False):
        self.path = Path(path)
        self.background = background
        # `memory_limit` (else $KB_MEMORY_LIMIT) is the process's budget: DuckDB gets its share, the rest is kept for
        # the Python side (core/settings.py `split_budget`).
        try:
            self.budget = settings.memory_budget(memory_limit)
        except ValueError:
            raise LocalizedError("workspace.error.memory_limit", variable=settings.ENV_MEMORY_LIMIT,
                                 value=memory_limit or os.environ.get(settings.ENV_MEMORY_LIMIT)) from None
        # The workspace holds personal data: everything this process creates from now on, DuckDB's WAL and
        # temporary files included, is the owner's only; what an older version left readable is tightened.
        modes.owner_only()
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.path / DATASETS_DIR).mkdir(exist_ok=True)
        (self.path / META_DIR).mkdir(exist_ok=True)
        modes.tighten(self.path)
        self._build_lock = threading.Lock()
        self._publish_mutex = threading.RLock()
        self._publish_depth = 0
        self._publish_hold: contextlib.ExitStack | None = None
        self._area: staging.Area | None = None
        self._variant_lock = threading.Lock()
        self._manifest_cache: tuple[tuple[int, ...], Manifest] | None = None
        config = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if self.budget:
            config["memory_limit"] = self.budget.duckdb_setting()
        count = threads or settings.threads()
        if count:
            config["threads"] = count
        try:
            self.con = duckdb.connect(str(self.path / DB_FILE), config=config)
            self._spill_area = None
            self.in_memory = False
        except duckdb.IOException:
            # Another process (the running dashboard) holds the file: work from the manifest in memory. What DuckDB
            # spills beyond its share of the budget goes to a staging area of this process's own (the file's
            # connection spills beside its file, workspace.duckdb.tmp; an in-memory one would use ./.tmp wherever
            # the process was started), removed on close or by the next `tidy` after a crash.
            self._spill_area: staging.Area | None = staging.Area(self.path / STAGING_DIR)
            self.con = duckdb.connect(":memory:", config={**config, "temp_directory": str(self._spill_area.path)})
            self.in_memory = True
        self._built: set[int] = set()
        # Generations built here whose default results are being stored (`_make_ready`): not served yet.
        self._readying: set[int] = set()
        self._builder: threading.Thread | None = None
        self._builder_lock = threading.Lock()
        self._failed: dict[int, str] = {}
        # (generation, derived table, variant key) found to be the generation's own table: it lives as long as
        # the generation, so later lookups skip the query.
        self._own_tables: set[tuple[int, str, str]] = set()
        # The cursors of the `reading` blocks open in each thread (`interrupt_reads`).
        self._reads: dict[int, list[duckdb.DuckDBPyConnection]] = {}
        self._reads_lock = threading.Lock()
        self.tidy(wait=False)

    @classmethod
    def open_default(cls, *, background: bool = False) -> Workspace:
        """The workspace named by the settings."""
        return cls(settings.workspace_path(), background=background)

    def close(self) -> None:
        """Close the DuckDB connection and remove this object's staging area."""
        if self._area is not None:
            self._area.close()
        self.con.close()
        if self._spill_area is not None:
            self._spill_area.close()

    # ----------------------------------------------------------------- manifest and generations
    @property
    def meta_dir(self) -> Path:
        """Folder of the small metadata files (users, audit log, segments, upload history)."""
        return self.path / META_DIR

    def manifest(self) -> Manifest:
        """The manifest in force now (re-read only when the file changed)."""
        target = self.path / MANIFEST_FILE
        try:
            info = target.stat()
        except FileNotFoundError:
            return Manifest()
        # Each publish replaces the file (a new inode, most often another size): seen even within one tick of the
        # file clock. A publish reads it afresh under its lock all the same (`publishing`).
        stamp = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)
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
        """The generation to read: the current one, built in this process's DuckDB if it was not yet.

        A workspace opened with `background=True` (the dashboard) builds a new generation in a thread
        of its own and meanwhile answers with the newest generation it already has, so page runs go on
        showing the previous data instead of all waiting for the build (see `pending`). A generation
        already in the DuckDB file (built before a restart) is read at once.
        """
        manifest = self.manifest()
        if manifest.generation in self._built:
            return manifest.generation
        if self.background and (manifest.generation in self._readying or not self.has_generation(manifest.generation)):
            previous = self._previous_generation(manifest)
            if previous is not None:
                self._build_in_background()
                return previous
        self._ensure_built(manifest)
        return manifest.generation

    def pending(self) -> int | None:
        """The generation being built in the background while an older one is read, else None."""
        manifest = self.manifest()
        if manifest.generation in self._built or manifest.generation in self._failed:
            return None
        builder = self._builder
        return manifest.generation if builder is not None and builder.is_alive() else None

    def build_failure(self) -> tuple[int, str] | None:
        """(generation, message) when building the current generation in the background failed."""
        generation = self.manifest().generation
        return (generation, self._failed[generation]) if generation in self._failed else None

    def _previous_generation(self, manifest: Manifest) -> int | None:
        """The newest generation older than `manifest`'s that is built here and whose files are still kept."""
        cur = self.con.cursor()
        try:
            rows = cur.execute("select schema_name from information_schema.schemata "
                               "where regexp_full_match(schema_name, $pattern)",
                               {"pattern": f"g[0-9]+_{layout()}"}).fetchall()
        finally:
            cur.close()
        kept = [g for g in (generation_of(name) for (name,) in rows)
                if manifest.generation - len(manifest.history) <= g < manifest.generation]
        return max(kept, default=None)

    def _build_in_background(self) -> None:
        """Start the background builder unless it is running."""
        with self._builder_lock:
            if self._builder is not None and self._builder.is_alive():
                return
            self._builder = threading.Thread(target=self._catch_up, name="workspace-build", daemon=True)
            self._builder.start()

    def _catch_up(self) -> None:
        """Build the current generation, and again while a newer one arrived meanwhile."""
        while True:
            manifest = self.manifest()
            if manifest.generation in self._built or manifest.generation in self._failed:
                return
            try:
                self._ensure_built(manifest)
            except Exception as exc:  # noqa: BLE001 - kept for the sidebar; the previous data stays in use
                self._failed[manifest.generation] = str(exc)
                log.exception("building generation %s failed", manifest.generation)
                return

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
        thread = threading.get_ident()
        with self._reads_lock:
            self._reads.setdefault(thread, []).append(cur)
        try:
            yield cur
        finally:
            with self._reads_lock:
                held = self._reads[thread]
                held.remove(cur)
                if not held:
                    del self._reads[thread]
            cur.close()

    def interrupt_reads(self, thread: int) -> int:
        """Interrupt the queries of the `reading` blocks open in `thread` (a `threading.get_ident()`): each
        raises `duckdb.InterruptException` there. The dashboard stops its background warming so when
        someone opens a page. Returns how many cursors were open."""
        with self._reads_lock:
            held = list(self._reads.get(thread, ()))
        for cur in held:
            with contextlib.suppress(duckdb.Error):  # closed meanwhile: nothing left to stop
                cur.interrupt()
        return len(held)

    def has_generation(self, generation: int) -> bool:
        """True while the schema of `generation` exists."""
        cur = self.con.cursor()
        try:
            return self._schema_exists(cur, generation)
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
            if manifest.generation in self._built or manifest.generation in self._readying:
                return
            cur = self.con.cursor()
            try:
                built = not self._schema_exists(cur, manifest.generation)
                if built:
                    self._build(cur, manifest)
                    if self.background:
                        self._readying.add(manifest.generation)
            finally:
                cur.close()
            if not built or not self.background:
                self._built.add(manifest.generation)
        if built and self.background:
            self._make_ready(manifest.generation)
        if built:
            # Another process published: the schemas of generations it pushed out go here too.
            self._drop_old_schemas(manifest)

    def _build(self, cur: duckdb.DuckDBPyConnection, manifest: Manifest, progress: BuildProgress | None = None) -> None:
        """Create the schema of `manifest.generation` in one transaction: the views over its datasets and the
        merges here, then the derived tables by the installed engine (core/build.py)."""
        schema = schema_name(manifest.generation)
        cur.execute("begin transaction")
        try:
            cur.execute(f"drop schema if exists {schema} cascade")
            cur.execute(f"create schema {schema}")
            merges = resolve_merges(manifest.merges)
            cur.execute(f"create table {schema}.{MERGES_TABLE} (from_id varchar primary key, to_id varchar not null)")
            if merges:
                cur.execute(f"insert into {schema}.{MERGES_TABLE} select unnest($f), unnest($t)",
                            {"f": list(merges), "t": list(merges.values())})
            for kind in datasets.DATASETS:
                files = [str(self.path / rel) for rel in manifest.files(kind)]
                if files:
                    listing = ", ".join(_sql_string(f) for f in files)
                    _check_readable(cur, kind, files, listing)
                    source = (f"select {datasets.duckdb_cast_list(kind)} "
                              f"from read_parquet([{listing}], union_by_name = true)")
                    if merges and kind in MERGED_KINDS:
                        source = _merged_view(schema, kind, source)
                    cur.execute(f"create view {schema}.{kind} as {source}")
                else:
                    cur.execute(f"create table {schema}.{kind} ({datasets.duckdb_columns(kind)})")
            cur.execute(f"create view {schema}.completed_orders as select * from {schema}.orders where completed")
            cur.execute(f"create table {schema}.{VARIANTS_TABLE} (name varchar, key varchar, table_name varchar, "
                        "created_at timestamp default current_timestamp)")
            cur.execute(f"set search_path = '{schema}'")
            token = _READY_FOLLOWS.set(self.background)
            try:
                engine().build(self, cur, manifest, progress)
            finally:
                _READY_FOLLOWS.reset(token)
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise

    def _make_ready(self, generation: int, progress: BuildProgress | None = None) -> None:
        """Let the engine store what the pages show in the default context of a committed generation, then
        serve it. A failure there is logged and the generation served all the same (its pages compute on
        demand): the data itself is complete."""
        try:
            ready = getattr(engine(), "ready", None)
            if ready is not None:
                ready(self, generation, progress)
        except Exception:  # noqa: BLE001 - the stored results are a speed-up, never a condition of the data
            log.exception("storing the default results of generation %s failed", generation)
        finally:
            self._built.add(generation)
            self._readying.discard(generation)

    # ----------------------------------------------------------------------------- variants
    def note_variant(self, cur: duckdb.DuckDBPyConnection, generation: int, name: str, key: str,
                     table: str) -> None:
        """Record that `table` of the generation holds derived table `name` built for variant `key` (the build
        records each table it makes for the generation's own values)."""
        cur.execute(f"insert into {schema_name(generation)}.{VARIANTS_TABLE} (name, key, table_name) "
                    "values ($n, $k, $t)", {"n": name, "k": key, "t": table})

    def variant(self, generation: int, name: str, key: str,
                create: Callable[[duckdb.DuckDBPyConnection, str], None]) -> str:
        """The table (schema-qualified) holding derived table `name` for variant `key`, made on first use.

        The generation's own table holds the values of its build; any other variant is made by
        `create(cur, table)` (a cursor whose search_path is the generation, in a transaction; it creates
        `table` in the generation's schema) and kept, at most `MAX_VARIANTS` per derived table, until the
        generation goes.
        """
        schema = schema_name(generation)
        if (generation, name, key) in self._own_tables:
            return f"{schema}.{name}"
        found = self._variant_table(generation, name, key)
        if found == name:
            self._own_tables.add((generation, name, key))
        if found:
            return f"{schema}.{found}"
        with self._variant_lock:
            found = self._variant_table(generation, name, key)
            if found:
                return f"{schema}.{found}"
            table = f"{name}__{key[:16]}"
            cur = self.con.cursor()
            try:
                cur.execute("begin transaction")
                try:
                    cur.execute(f"set search_path = '{schema}'")
                    create(cur, table)
                    self.note_variant(cur, generation, name, key, table)
                    old = cur.execute(
                        f"select table_name from {schema}.{VARIANTS_TABLE} where name = $n and table_name <> $n "
                        f"order by created_at desc offset {MAX_VARIANTS}", {"n": name}).fetchall()
                    for (stale,) in old:
                        cur.execute(f"drop table if exists {schema}.{stale}")
                        cur.execute(f"delete from {schema}.{VARIANTS_TABLE} where table_name = $t", {"t": stale})
                    cur.execute("commit")
                except BaseException:
                    cur.execute("rollback")
                    raise
            finally:
                cur.close()
            return f"{schema}.{table}"

    def _variant_table(self, generation: int, name: str, key: str) -> str | None:
        cur = self.con.cursor()
        try:
            rows = cur.execute(
                f"select table_name from {schema_name(generation)}.{VARIANTS_TABLE} where name = $n and key = $k",
                {"n": name, "k": key},
            ).fetchall()
        except duckdb.CatalogException as exc:
            raise StaleGeneration(f"generation {generation} is gone") from exc
        finally:
            cur.close()
        return rows[0][0] if rows else None

    # ----------------------------------------------------------------------------- publishing
    def staging(self) -> staging.Area:
        """A new staging area for the files of one operation (an upload, an erasure); close it when done.

        Its files are renamed into place by `publish`; whatever is left goes with the area, and an area
        whose writer died is removed by `tidy` (never one still in use, see core/staging.py).
        """
        return staging.Area(self.path / STAGING_DIR)

    def staging_file(self, kind: str, suffix: str = ".parquet") -> Path:
        """A fresh path to write a new file of `kind` into before publishing it (in this object's own staging
        area, removed with `close`)."""
        if kind not in datasets.DATASETS:
            raise WorkspaceError(f"unknown dataset {kind!r}")
        if self._area is None or self._area.closed:
            self._area = self.staging()
        return self._area.file(f"{kind}{suffix}")

    @contextlib.contextmanager
    def publishing(self) -> Iterator[Manifest]:
        """Hold the publish lock for the block and yield the manifest in force, read afresh.

        No other publish, in this process or another, happens meanwhile, so a change planned from this
        manifest (an append, an erasure) and published in the block never drops someone else's. Re-entrant
        in the thread that holds it; other threads wait.
        """
        with self._publish_mutex:
            if self._publish_depth == 0:
                hold = contextlib.ExitStack()
                hold.enter_context(file_lock(self.path / PUBLISH_LOCK))
                self._publish_hold = hold
            self._publish_depth += 1
            try:
                self._manifest_cache = None
                yield self.manifest()
            finally:
                self._publish_depth -= 1
                if self._publish_depth == 0 and self._publish_hold is not None:
                    hold, self._publish_hold = self._publish_hold, None
                    hold.close()

    def publish(self, changes: Mapping[str, Sequence[Path]],
                remap: Callable[[dict[str, str]], Mapping[str, str]] | None = None, *,
                expected_generation: int | None = None, keep_history: bool = True,
                progress: BuildProgress | None = None) -> int:
        """Make a new generation in which each dataset in `changes` consists of exactly these files.

        Files are either files of the data in force or new files in a staging area (see `staging`), which
        are renamed into place. Datasets not in `changes` keep their files. The merges in force carry over,
        or become `remap(current merges)` (called under the publish lock; it may raise to refuse).
        With `expected_generation`, refuses (StaleGeneration) when another publish came first, so a
        read-modify-publish never drops someone else's change (or plan and publish inside `publishing`).
        With `keep_history=False` (an erasure) the older generations and their files go at once.
        `progress(i, n, step)` is called around each step of the new generation's build (core/build.py).
        Returns the new generation.
        """
        with self.publishing() as current:
            if expected_generation is not None and current.generation != expected_generation:
                raise StaleGeneration(f"generation {expected_generation} is no longer current")
            new_sets = {k: tuple(v) for k, v in current.datasets.items()}
            for kind, files in changes.items():
                if kind not in datasets.DATASETS:
                    raise WorkspaceError(f"unknown dataset {kind!r}")
                new_sets[kind] = tuple(self._settle(kind, Path(f)) for f in files)
            merges = dict(current.merges) if remap is None else dict(remap(dict(current.merges)))
            resolve_merges(merges)
            # An engine may read some datasets from elsewhere (a Spark build's lake sources): it hands back their
            # fresh files (in a staging area, settled here like an upload's), which the new generation names.
            prepare = getattr(engine(), "prepare", None)
            fresh = prepare(self, new_sets, merges, set(changes)) if prepare else contextlib.nullcontext({})
            with fresh as taken:
                for kind, files in taken.items():
                    new_sets[kind] = tuple(self._settle(kind, Path(f)) for f in files)
                generation = self._publish_built(current, new_sets, merges, keep_history, progress)
        staging.sweep(self.path / STAGING_DIR)
        return generation

    def _publish_built(self, current: Manifest, new_sets: dict[str, tuple[str, ...]], merges: dict[str, str],
                       keep_history: bool, progress: BuildProgress | None) -> int:
        """Build the generation after `current` holding `new_sets` and `merges`, then make it the one in force
        (under the publish lock, see `publish`); returns its number."""
        now = dt.datetime.now(dt.timezone.utc)
        if keep_history and current.generation:
            history = ((dict(current.datasets),) + tuple(current.history))[: KEEP_GENERATIONS - 1]
            kept = {rel for sets in (new_sets, *history) for files in sets.values() for rel in files}
            stamp = now.isoformat(timespec="seconds")
            retired = {rel: at for rel, at in current.retired.items()
                       if (now - dt.datetime.fromisoformat(at)).total_seconds() < ORPHAN_GRACE_SECONDS}
            retired |= {rel: stamp for rel in current.kept_files() - kept}
        else:
            history, retired = (), {}
        manifest = Manifest(
            generation=current.generation + 1,
            datasets=new_sets,
            created_at=now.isoformat(timespec="seconds"),
            history=history,
            merges=merges,
            retired=retired,
        )
        # Build first: a failure here leaves the manifest, and so the data in force, untouched.
        with self._build_lock:
            cur = self.con.cursor()
            try:
                self._build(cur, manifest, progress)
            finally:
                cur.close()
            if self.background:
                self._readying.add(manifest.generation)
        if self.background:
            # The dashboard's own upload: the pages' default results are stored before the manifest names
            # the new generation, so the first visit after the upload reads them.
            self._make_ready(manifest.generation, progress)
        self._built.add(manifest.generation)
        write_atomic(self.path / MANIFEST_FILE, manifest.to_json())
        self._manifest_cache = None
        self._drop_old_schemas(manifest)
        self._remove_orphans(manifest)
        return manifest.generation

    def _settle(self, kind: str, path: Path) -> str:
        """Move a staged file into the folder of `kind`; return its path relative to the workspace."""
        path = path.resolve()
        root = self.path.resolve()
        if (root / STAGING_DIR) in path.parents:
            folder = root / DATASETS_DIR / kind
            folder.mkdir(exist_ok=True)
            final = folder / path.name
            path.rename(final)
            os.chmod(final, 0o600)
            path = final
        elif (root / DATASETS_DIR) not in path.parents:
            raise WorkspaceError(f"{path} is not inside the workspace")
        return str(path.relative_to(root))

    def tidy(self, wait: bool = True) -> list[str]:
        """Remove what crashed or finished work left: staging areas nobody holds, and dataset files that no
        kept generation names (a publish killed part-way) or that left them longer than the grace ago.

        Never a file of the generation in force or of the generations kept, nor one of an upload in
        progress. Without `wait`, skipped when another publish holds the lock (it tidies when done).
        Returns what was removed (paths relative to the workspace).
        """
        removed = [f"{STAGING_DIR}/{name}" for name in staging.sweep(self.path / STAGING_DIR)]
        if not wait:
            try:
                with file_lock(self.path / PUBLISH_LOCK, blocking=False):
                    self._manifest_cache = None
                    return removed + self._remove_orphans(self.manifest())
            except BlockingIOError:
                return removed
        with self.publishing() as manifest:
            return removed + self._remove_orphans(manifest)

    def _remove_orphans(self, manifest: Manifest) -> list[str]:
        """Remove dataset files `manifest` does not keep (called under the publish lock, so none of them
        can be a file another publish is settling)."""
        used = manifest.kept_files()
        now = dt.datetime.now(dt.timezone.utc)
        removed = []
        for file in sorted((self.path / DATASETS_DIR).rglob("*.parquet")):
            rel = str(file.relative_to(self.path))
            if rel in used:
                continue
            left = manifest.retired.get(rel)
            if left is not None and (now - dt.datetime.fromisoformat(left)).total_seconds() < ORPHAN_GRACE_SECONDS:
                continue
            with contextlib.suppress(FileNotFoundError):
                file.unlink()
                removed.append(rel)
        return removed

    def _drop_old_schemas(self, manifest: Manifest) -> None:
        """Drop the schemas of generations the manifest no longer keeps (and of older layouts)."""
        keep = {manifest.generation - i for i in range(1 + len(manifest.history))}
        cur = self.con.cursor()
        try:
            names = cur.execute(
                "select schema_name from information_schema.schemata "
                "where regexp_full_match(schema_name, 'g[0-9]+_[0-9a-f]+')"
            ).fetchall()
            current = {schema_name(g) for g in keep}
            for (name,) in names:
                if name not in current:
                    cur.execute(f"drop schema if exists {name} cascade")
                    self._built.discard(generation_of(name))
        finally:
            cur.close()
