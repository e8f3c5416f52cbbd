"""The one loader every query goes through: files in queries/, bound parameters, the viewer's scope.

Values are always bound as DuckDB parameters (`$name`); the parameters a query takes are derived
from its text. Identifiers (a sort column, a grain) are written as `{{name}}` in the file and are
filled only from the allow-list the file's header declares for them:

    -- identifiers: dimension = core.composition:DIMENSIONS

(the Python constant holding the allowed names: a set, tuple or the keys of a dict; several
placeholders separated by «;»). A `{{name}}` declared as a fragment slot

    -- fragments: where = core.segments.rules:FIELDS

takes a `Fragment` instead: a boolean expression built by core (the segment rules) whose identifiers
come from the slot's allow-list and whose values are bound. The allow-lists are read with the query
(`allow_lists`), so they hold whether or not the module naming them happens to be imported yet.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import importlib
import re
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl

from core import scoped, settings
from core.context import QueryContext, Thresholds
from core.workspace import SCOPED_BASE, StaleGeneration, engine, generation_of, schema_name

if TYPE_CHECKING:
    from core.workspace import Workspace

QUERIES_DIR = settings.PROJECT_ROOT / "queries"

_PARAM_RE = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")
_IDENT_RE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_STRIP_RE = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


class QueryError(Exception):
    """A query could not be prepared: unknown name, missing parameter or identifier not allowed."""


def _check_identifiers(names: frozenset[str]) -> frozenset[str]:
    for name in names:
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a plain identifier")
    return names


def _declared(value: str, field_name: str, name: str) -> dict[str, frozenset[str]]:
    """`placeholder = module:CONSTANT; ...` of a header field -> the allowed names of each placeholder."""
    lists: dict[str, frozenset[str]] = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        match = re.fullmatch(r"([a-z_][a-z0-9_]*)\s*=\s*([a-z_][a-z0-9_.]*):([A-Za-z_][A-Za-z0-9_]*)", part)
        if match is None:
            raise QueryError(f"{name}: the header's {field_name} must read «placeholder = module:CONSTANT», "
                             f"not {part!r}")
        placeholder, module, constant = match.groups()
        try:
            allowed = getattr(importlib.import_module(module), constant)
        except (ImportError, AttributeError) as exc:
            raise QueryError(f"{name}: no allow-list {module}:{constant}") from exc
        lists[placeholder] = _check_identifiers(frozenset(allowed))
    return lists


@functools.cache
def allow_lists(name: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The allow-lists query `name` declares in its header: (identifier placeholders, fragment slots)."""
    fields = header(text(name))
    return (_declared(fields.get("identifiers", ""), "identifiers", name),
            _declared(fields.get("fragments", ""), "fragments", name))


# What a fragment may consist of: quoted identifiers, `$p<n>` parameters, brackets, commas,
# comparisons and a few keywords and functions. No literals, comments, semicolons or casts.
_FRAGMENT_TOKEN = re.compile(
    r'\s+|"(?P<ident>[a-z_][a-z0-9_]*)"|\$(?P<param>p[0-9]+)\b|[(),]|<=|>=|=|<|>'
    r"|\b(?:and|or|not|in|between|is|null|true|false|coalesce|lower|contains|select|from|where)\b"
)


@dataclass(frozen=True)
class Fragment:
    """A boolean SQL expression for a fragment slot, with the values it binds as `$p0`, `$p1`, ...

    Made by core code from validated input (see `core.segments.rules.where`); `prepare` checks it
    again token by token, so a fragment can only name allow-listed columns and bind its values.
    """

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def check(self, slot: str, allowed: frozenset[str]) -> None:
        """Raise QueryError unless the fragment is well-formed for `slot`, naming only `allowed` columns."""
        used: set[str] = set()
        position = 0
        while position < len(self.text):
            match = _FRAGMENT_TOKEN.match(self.text, position)
            if match is None or match.end() == position:
                raise QueryError(f"fragment for {{{{{slot}}}}}: unexpected text at {self.text[position:position + 20]!r}")
            if match.group("ident") and match.group("ident") not in allowed:
                raise QueryError(f"fragment for {{{{{slot}}}}}: column {match.group('ident')!r} is not allowed")
            if match.group("param"):
                used.add(match.group("param"))
            position = match.end()
        if used != set(self.values):
            raise QueryError(f"fragment for {{{{{slot}}}}}: parameters {sorted(used)} but values {sorted(self.values)}")


def query_path(name: str) -> Path:
    """The file of query `name`."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"bad query name {name!r}")
    return QUERIES_DIR / f"{name}.sql"


@functools.cache
def text(name: str) -> str:
    """The SQL text of query `name`."""
    path = query_path(name)
    if not path.exists():
        raise QueryError(f"no query {name!r}")
    return path.read_text(encoding="utf-8")


def parameters(sql_text: str) -> list[str]:
    """Names of the `$parameters` a SQL text uses, in order of first use (comments and strings skipped)."""
    names: list[str] = []
    for match in _PARAM_RE.finditer(_STRIP_RE.sub(" ", sql_text)):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def placeholders(sql_text: str) -> list[str]:
    """Names of the `{{identifier}}` placeholders a SQL text uses."""
    return sorted(set(_IDENT_RE.findall(_STRIP_RE.sub(" ", sql_text))))


def header(sql_text: str) -> dict[str, str]:
    """The `-- key: value` lines at the top of a query file (indented `--` lines continue a value)."""
    fields: dict[str, str] = {}
    key = None
    for line in sql_text.splitlines():
        if not line.startswith("--"):
            break
        match = re.match(r"-- ([a-z_]+):\s*(.*)", line)
        if match:
            key = match.group(1)
            fields[key] = match.group(2).strip()
        elif key is not None and line.startswith("--  "):
            fields[key] += " " + line[2:].strip()
    return fields


def prepare(
    name: str,
    values: Mapping[str, Any],
    idents: Mapping[str, str] | None = None,
    fragments: Mapping[str, Fragment] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The text of query `name` with identifiers and fragments filled in, and the values it binds."""
    sql_text = text(name)
    identifiers, slots = allow_lists(name)
    idents = idents or {}
    fragments = fragments or {}
    values = dict(values)
    filled: dict[str, str] = {}
    for placeholder in placeholders(sql_text):
        if placeholder in slots:
            fragment = fragments.get(placeholder)
            if not isinstance(fragment, Fragment):
                raise QueryError(f"{name}: {{{{{placeholder}}}}} needs a Fragment, not {fragment!r}")
            fragment.check(placeholder, slots[placeholder])
            clash = set(fragment.values) & set(values)
            if clash:
                raise QueryError(f"{name}: fragment parameters {sorted(clash)} clash with the query's")
            values.update(fragment.values)
            filled[placeholder] = f"({fragment.text})"
            continue
        chosen = idents.get(placeholder)
        if placeholder not in identifiers:
            raise QueryError(f"{name}: {{{{{placeholder}}}}} has no allow-list in the header")
        if chosen is None or chosen not in identifiers[placeholder]:
            raise QueryError(f"{name}: {{{{{placeholder}}}}} cannot be {chosen!r}")
        filled[placeholder] = f'"{chosen}"'
    sql_text = _IDENT_RE.sub(lambda m: filled[m.group(1)], sql_text)
    bound: dict[str, Any] = {}
    for param in parameters(sql_text):
        if param not in values:
            raise QueryError(f"{name}: no value for ${param}")
        bound[param] = values[param]
    return sql_text, bound


# queries/macros__date_segments.sql: the date windows of one query may have at most this many distinct bounds
# (cuts), their segments being the bits of a hugeint; a query taking several periods or dates is split to fit.
MAX_SEGMENT_CUTS = 127


def batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """`items` in consecutive runs of at most `size` (one query each)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def default_as_of(cur: duckdb.DuckDBPyConnection) -> dt.date:
    """The latest completed order date in the data (today when there are no orders)."""
    row = cur.execute("select max(order_date) from completed_orders").fetchall()
    return row[0][0] or dt.date.today()


def run(
    ws: Workspace,
    name: str,
    ctx: QueryContext,
    idents: Mapping[str, str] | None = None,
    fragments: Mapping[str, Fragment] | None = None,
    **params: Any,
) -> pl.DataFrame:
    """Run query `name` in the context's generation and the viewer's scope; return the result.

    `idents` fill `{{identifier}}` placeholders from their allow-lists; `fragments` fill fragment slots.
    """
    sql_text, bound = _bound(name, ctx, params, idents, fragments)
    shared = _SHARED.get()
    key = _shared_key(ctx, sql_text, bound) if shared is not None and fragments is None else None
    if key is not None and (found := shared.get(key)) is not None:
        return found
    with ws.reading(ctx.generation) as cur, _stale(ws, ctx):
        apply_context(ws, cur, ctx, sql_text)
        frame = _relation(cur, sql_text, bound).pl()
    if key is not None:
        shared.put(key, frame)
    return frame


class Shared:
    """Query results shared by the calls of one warming (`core/warm.py`) while `sharing` it: a query `run` again
    with the same text, values and context (generation, viewer, analysis date, period, thresholds) reads the
    frame the first run gave instead of running again, and `run_each` runs only the items no call asked for
    yet. A frame over `max_bytes` (a whole-base list) is not kept, nor any once `total_bytes` are held; the whole
    is let go with the object."""

    def __init__(self, max_bytes: int = 16 << 20, total_bytes: int = 256 << 20) -> None:
        self.max_bytes, self.total_bytes, self.held = max_bytes, total_bytes, 0
        self._frames: dict[Hashable, pl.DataFrame] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> pl.DataFrame | None:
        with self._lock:
            frame = self._frames.get(key)
        return None if frame is None else frame.clone()  # a caller changing its frame in place changes no other's

    def put(self, key: Hashable, frame: pl.DataFrame) -> None:
        size = frame.estimated_size()
        with self._lock:
            if size <= self.max_bytes and self.held + size <= self.total_bytes and key not in self._frames:
                self._frames[key] = frame.clone()
                self.held += size


_SHARED: contextvars.ContextVar[Shared | None] = contextvars.ContextVar("kb_shared_runs", default=None)


@contextlib.contextmanager
def sharing(shared: Shared | None) -> Iterator[None]:
    """Within the block (in this thread), `run` and `run_each` share results through `shared` (None: not)."""
    with scoped.setting(_SHARED, shared):
        yield


def _frozen(value: Any) -> Hashable:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return (type(value).__name__, *(_frozen(v) for v in value))
    return value


def _shared_key(ctx: QueryContext, sql_text: str, bound: Mapping[str, Any]) -> Hashable:
    # the context whole: what `apply_context` reads (the variants of its values, the viewer's scope) and more
    return (ctx.generation, ctx.viewer, _frozen(ctx.params()), sql_text, _frozen(bound))


def run_each(
    ws: Workspace,
    name: str,
    ctx: QueryContext,
    items: Sequence[tuple],
    size: int,
    bind: Callable[[Sequence[tuple]], dict[str, Any]],
    keys: Sequence[str],
    **params: Any,
) -> pl.DataFrame:
    """`run` of query `name` for each of `items` (a period, an end date...: a tuple of the values of the result's
    columns `keys` telling its rows apart), at most `size` items per query, `bind(chunk)` giving a chunk's
    values; the rows of each item are its own whatever the other items of its query. Rows: item by item in the
    order of `items`, each item's in the query's order. While `sharing`, an item an earlier call of the same
    query (and `params`, context) asked for is read, and only the others are run, together."""
    items = list(dict.fromkeys(items))
    if not items:
        return run(ws, name, ctx, **bind([]), **params)
    shared = _SHARED.get()
    base = None
    if shared is not None:
        sql_text, bound = _bound(name, ctx, {**bind(items[:1]), **params})
        base = _shared_key(ctx, sql_text, {k: v for k, v in bound.items() if k in params})
    parts = {item: None if shared is None else shared.get((base, item)) for item in items}
    for chunk in batches([item for item, part in parts.items() if part is None], size):
        with sharing(None):  # the chunk's frame is kept by item below, not whole
            frame = run(ws, name, ctx, **bind(chunk), **params)
        found = frame.partition_by(list(keys), as_dict=True, maintain_order=True) if frame.height else {}
        for item in chunk:
            parts[item] = found.get(tuple(item), frame.clear())
            if shared is not None:
                shared.put((base, item), parts[item])
    return pl.concat(list(parts.values()), how="vertical_relaxed")


def _bound(name: str, ctx: QueryContext, params: Mapping[str, Any], idents: Mapping[str, str] | None = None,
           fragments: Mapping[str, Fragment] | None = None) -> tuple[str, dict[str, Any]]:
    """`prepare` with the context's values and `params`, each of which the query must use."""
    values = ctx.params()
    values.update(params)
    sql_text, bound = prepare(name, values, idents, fragments)
    unused = set(params) - set(bound)
    if unused:
        raise QueryError(f"{name}: unused parameters {sorted(unused)}")
    return sql_text, bound


@contextlib.contextmanager
def _stale(ws: Workspace, ctx: QueryContext) -> Iterator[None]:
    """A missing table of a generation dropped meanwhile raises StaleGeneration."""
    try:
        yield
    except duckdb.CatalogException as exc:
        if ctx.generation is not None and not ws.has_generation(ctx.generation):
            raise StaleGeneration(str(exc)) from exc
        raise


def _relation(cur: duckdb.DuckDBPyConnection, sql_text: str, bound: Mapping[str, Any]) -> duckdb.DuckDBPyRelation:
    return cur.sql(sql_text, params=dict(bound)) if bound else cur.sql(sql_text)


def stream(
    ws: Workspace,
    name: str,
    ctx: QueryContext,
    rows: int,
    **params: Any,
) -> Iterator[pl.DataFrame]:
    """`run` in consecutive frames of at most about `rows` rows (DuckDB's Arrow record batches), in the query's
    order, at least one (empty, typed, when the result holds no rows): a pass over a whole-base result that
    holds one batch at a time in Python. The cursor stays open until the frames are consumed or the
    generator is closed."""
    sql_text, bound = _bound(name, ctx, params)
    with ws.reading(ctx.generation) as cur:
        with _stale(ws, ctx):
            apply_context(ws, cur, ctx, sql_text)
            reader = _relation(cur, sql_text, bound).to_arrow_reader(rows)
        empty = True
        for batch in reader:
            empty = False
            yield pl.from_arrow(batch)
        if empty:
            yield pl.from_arrow(reader.schema.empty_table())


def run_staged(
    ws: Workspace,
    name: str,
    ctx: QueryContext,
    staged: Mapping[str, tuple[str, QueryContext]],
    **params: Any,
) -> pl.DataFrame:
    """Run query `name` over temporary tables made first in the same cursor: `staged` maps each table name to
    (query, context), that query's result in its own context (another analysis date, say). A result combining
    two contexts row by row (a migration between two dates) is computed by DuckDB, in its memory limit, instead
    of in Python from two whole-base frames. The contexts share `ctx`'s generation and viewer."""
    sql_text, bound = _bound(name, ctx, params)
    with ws.reading(ctx.generation) as cur, _stale(ws, ctx):
        for table, (query, context) in staged.items():
            if (context.generation, context.viewer) != (ctx.generation, ctx.viewer):
                raise QueryError(f"{name}: {table} is staged for another generation or viewer")
            text_of, bound_of = prepare(query, context.params())
            apply_context(ws, cur, context, text_of)
            cur.execute(f"create or replace temp table {table} as {text_of}", bound_of)
            _drop_context(cur)  # the next one's views are its own
        apply_context(ws, cur, ctx, sql_text)
        return _relation(cur, sql_text, bound).pl()


def _drop_context(cur: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary views `apply_context` made in this cursor."""
    views = cur.execute("select view_name from duckdb_views() where temporary and not internal").fetchall()
    for (view,) in views:
        cur.execute(f'drop view if exists temp."{view}"')


def apply_context(ws: Workspace, cur: duckdb.DuckDBPyConnection, ctx: QueryContext, sql_text: str) -> None:
    """Point the names a query uses at the context's data, narrowed to the viewer's scope.

    Derived tables that depend on the analysis date or thresholds are shadowed by the variant built
    for this context's values (when it differs from the generation's own); for a scoped viewer every
    customer-level relation is shadowed by a temporary view of that viewer's customers only.
    """
    if ctx.generation is None:
        schema = cur.execute("select current_setting('search_path')").fetchall()[0][0]
        generation = generation_of(schema)
    else:
        generation, schema = ctx.generation, schema_name(ctx.generation)
    sources = {name: f"{schema}.{name}" for name in SCOPED_BASE}
    sources |= engine().sources(ws, generation, sql_text, ctx.params())
    shadowed = {name: src for name, src in sources.items() if src != f"{schema}.{name}"}
    if ctx.viewer.is_scoped:
        scope_sql, scope_params = prepare("scope__manager_customers", {"manager_id": ctx.viewer.manager_id})
        cur.execute(f"create or replace temp table scope_ids as {scope_sql}", scope_params)
        for relation in sources:
            cur.execute(f"create or replace temp view {relation} as select * from {sources[relation]} "
                        "where customer_id in (select customer_id from scope_ids)")
        for relation, select in engine().aggregates(sql_text).items():
            cur.execute(f"create or replace temp view {relation} as {select}")
    else:
        for relation, source in shadowed.items():
            cur.execute(f"create or replace temp view {relation} as select * from {source}")


def mentions(sql_text: str, name: str) -> bool:
    """True when `sql_text` names relation `name` outside comments and strings."""
    return re.search(rf"\b{name}\b", _STRIP_RE.sub(" ", sql_text)) is not None


def default_context(ws: Workspace, generation: int | None = None, **changes: Any) -> QueryContext:
    """A context for `generation` (default: the current one): analysis date = its latest order, period = the
    last 90 days to it."""
    from core.context import default_period

    generation = ws.generation() if generation is None else generation
    with ws.reading(generation) as cur:
        as_of = default_as_of(cur)
    start, end = default_period(as_of)
    ctx = QueryContext(as_of=as_of, start=start, end=end, thresholds=Thresholds(), generation=generation)
    return ctx.replace(**changes) if changes else ctx
