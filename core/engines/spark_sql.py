"""The DuckDB SQL of queries/ as Spark SQL, mechanically (sqlglot), with bound values written as literals.

One source of truth: a query's logic lives only in its DuckDB file. Translating it takes three steps on
sqlglot's syntax tree: the generation's macros (queries/macros__*.sql) are expanded in place (a scalar
macro's body with its arguments substituted, a table macro as a subquery); the few DuckDB forms sqlglot
has no Spark form for are rewritten (`min(x, n)` → the n smallest values of x, sorted); the values the query
binds become typed literals made by sqlglot's generator (never by pasting text). Where no mechanical form
is correct a hand-written Spark file sits beside its DuckDB twin, `queries/spark/<name>.sql`, and
tests/core/engines/test_spark_sql.py checks the two agree on data.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from core import settings, sql

SPARK_DIR = settings.PROJECT_ROOT / "queries" / "spark"
MACRO_FILES: tuple[str, ...] = ("macros__base_type", "macros__order_sequence", "macros__date_segments",
                                "macros__known_customers", "macros__profiles", "macros__monthly_sales")

_MACRO_RE = re.compile(
    r"create\s+or\s+replace\s+macro\s+(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<params>[^)]*)\)\s+as\s+"
    r"(?P<table>table\s+)?(?P<body>.*?);\s*(?=create\s|$)",
    re.IGNORECASE | re.DOTALL,
)


class TranslationError(Exception):
    """A query has no Spark form: sqlglot cannot write it, or a value cannot be a literal."""


@dataclass(frozen=True)
class Macro:
    """One `create or replace macro` of queries/macros__*.sql."""

    name: str
    params: tuple[str, ...]
    body: exp.Expression
    table: bool


@functools.cache
def macros() -> dict[str, Macro]:
    """Every macro of the generation, by name, its body parsed as DuckDB."""
    found: dict[str, Macro] = {}
    for name in MACRO_FILES:
        text = re.sub(r"--[^\n]*", "", sql.text(name))
        for match in _MACRO_RE.finditer(text):
            params = tuple(p.strip() for p in match["params"].split(",") if p.strip())
            body = match["body"].strip()
            table = bool(match["table"])
            parsed = sqlglot.parse_one(body, read="duckdb") if table else sqlglot.parse_one(
                f"select {body}", read="duckdb").expressions[0]
            found[match["name"].lower()] = Macro(match["name"].lower(), params, parsed, table)
    return found


def spark_twin(name: str) -> str | None:
    """The hand-written Spark form of query `name`, when it has one."""
    path = SPARK_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8") if path.exists() else None


def translate(name: str, values: Mapping[str, Any], idents: Mapping[str, str] | None = None,
              fragments: Mapping[str, sql.Fragment] | None = None) -> str:
    """Query `name` (prepared as `core.sql.prepare` does) as Spark SQL with its values as literals.

    A hand-written twin takes the same parameters as its DuckDB file (which `prepare` checks)."""
    text, bound = sql.prepare(name, values, idents, fragments)
    twin = spark_twin(name)
    if twin is not None:
        text = twin
    return to_spark(text, bound)


def to_spark(text: str, values: Mapping[str, Any] | None = None) -> str:
    """DuckDB SQL `text` as Spark SQL: macros expanded, DuckDB-only forms rewritten, `$name` → literal.

    Without `values` the parameters stay as Spark's named markers (`:name`).
    """
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise TranslationError(str(exc)) from exc
    tree = _expand_macros(tree)
    tree = _inline_named_windows(tree)
    tree = _unfold_qualify(tree)
    tree = _unfold_computed_limit(tree)
    # a rewritten node's parts are not visited in the same pass: passes until nothing changes
    for _ in range(5):
        before = tree.sql("spark", unsupported_level=ErrorLevel.IGNORE)
        tree = tree.transform(_rewrite)
        if tree.sql("spark", unsupported_level=ErrorLevel.IGNORE) == before:
            break
    if values is not None:
        tree = tree.transform(lambda node: _literal_for(node, values))
    try:
        return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as exc:
        raise TranslationError(str(exc)) from exc


def _expand_macros(tree: exp.Expression) -> exp.Expression:
    known = macros()
    for _ in range(10):  # macros call macros (pick_first → order_moment): expand until none is left
        changed = False

        def expand(node: exp.Expression) -> exp.Expression:
            nonlocal changed
            if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
                macro = known.get(node.this.name.lower())
                if macro and macro.table:
                    changed = True
                    body = _substitute(macro, node.this.expressions)
                    alias = node.args.get("alias") or exp.TableAlias(this=exp.to_identifier(macro.name))
                    return exp.Subquery(this=body, alias=alias)
            if isinstance(node, exp.Anonymous):
                macro = known.get(node.name.lower())
                if macro and not macro.table:
                    changed = True
                    return exp.Paren(this=_substitute(macro, node.expressions))
            return node

        tree = tree.transform(expand)
        if not changed:
            return tree
    raise TranslationError("macros nest deeper than 10 levels")


def _inline_named_windows(tree: exp.Expression) -> exp.Expression:
    """`over (w rows between …)` with `window w as (…)` → the named window's partition and order written into
    each `over` (Spark takes a named window alone, `over w`, but not one extended by a frame)."""
    for select in list(tree.find_all(exp.Select)):
        named = {w.this.name: w for w in select.args.get("windows") or []}
        if not named:
            continue
        for window in select.find_all(exp.Window):
            ref = window.args.get("alias")
            if window.parent is select and window.arg_key == "windows" or ref is None or ref.name not in named:
                continue
            base = named[ref.name]
            window.set("alias", None)
            for key in ("partition_by", "order"):
                if base.args.get(key) and not window.args.get(key):
                    value = base.args[key]
                    window.set(key, [v.copy() for v in value] if isinstance(value, list) else value.copy())
            if base.args.get("spec") and not window.args.get("spec"):
                window.set("spec", base.args["spec"].copy())
        select.set("windows", None)
    return tree


def _unfold_qualify(tree: exp.Expression) -> exp.Expression:
    """`select … qualify <cond on windows>` → `select * except (_q0, …) from (select …, <window> as _q0 …) where
    <cond on _q0 …>`: Spark has no QUALIFY, and sqlglot's own rewrite leaves its window column in a `*`."""
    for select in list(tree.find_all(exp.Select)):
        condition = select.args.get("qualify")
        if condition is None:
            continue
        condition = condition.this.copy()
        inner = select.copy()
        inner.set("qualify", None)
        names = []
        for n, window in enumerate(list(condition.find_all(exp.Window))):
            name = f"_q{n}"
            names.append(name)
            inner.append("expressions", exp.alias_(window.copy(), name))
            window.replace(exp.column(name))
        outer = exp.Select(expressions=[exp.Star(**{"except_": [exp.column(n) for n in names]})])
        outer = outer.from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("_qualified"))))
        outer = outer.where(condition)
        if select is tree:
            tree = outer
        else:
            select.replace(outer)
    return tree


def _unfold_computed_limit(tree: exp.Expression) -> exp.Expression:
    """`select … order by k limit (<subquery>)` → the rows numbered in that order and kept up to the subquery's
    value: Spark's LIMIT takes a constant only."""
    for select in list(tree.find_all(exp.Select)):
        limit = select.args.get("limit")
        if limit is None or isinstance(limit.expression, exp.Literal):
            continue
        count = limit.expression.copy()
        inner = select.copy()
        inner.set("limit", None)
        order = inner.args.get("order")
        inner.set("order", None)
        number = exp.Window(this=exp.RowNumber(), order=order.copy() if order else None)
        inner.append("expressions", exp.alias_(number, "_row"))
        outer = exp.Select(expressions=[exp.Star(**{"except_": [exp.column("_row")]})])
        outer = outer.from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("_limited"))))
        outer = outer.where(exp.LTE(this=exp.column("_row"), expression=count))
        if select is tree:
            tree = outer
        else:
            select.replace(outer)
    return tree


def _substitute(macro: Macro, args: list[exp.Expression]) -> exp.Expression:
    if len(args) != len(macro.params):
        raise TranslationError(f"{macro.name} takes {len(macro.params)} arguments, not {len(args)}")
    by_name = {p.lower(): a for p, a in zip(macro.params, args, strict=True)}

    def put(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name.lower() in by_name:
            return exp.Paren(this=by_name[node.name.lower()].copy())
        return node

    return macro.body.copy().transform(put)


# DuckDB functions sqlglot passes through unchanged, as Spark expressions of their arguments a, b, ...
_FUNCTIONS: dict[str, tuple[int, str]] = {
    # microseconds since 1970-01-01 00:00 (the session runs in UTC, so a date is its midnight)
    "epoch_us": (1, "unix_micros(cast(a as timestamp))"),
    # an interval of a whole number of years (date + it: the same day, Feb 29 → Feb 28, as in DuckDB)
    "to_years": (1, "make_ym_interval(cast(a as int), 0)"),
    # the parts of a between matches of the regular expression b, empty ones kept (Spark's split with no limit)
    "regexp_split_to_array": (2, "split(a, b, -1)"),
    # the 1-based position of b in the list a, null when absent (Spark's array_position gives 0)
    "list_position": (2, "nullif(array_position(a, b), 0)"),
    # datesub('year', a, b): whole years from a to b (b after a), counted as DuckDB does: whole months, a month
    # complete on the same day of the month or on the month's last day, then whole years of them
    "datesub": (3, "((year(c) - year(b)) * 12 + month(c) - month(b) "
                   "- case when day(c) < day(b) and c <> last_day(c) then 1 else 0 end) div 12"),
}


@functools.cache
def _function_template(name: str) -> exp.Expression:
    return sqlglot.parse_one(f"select {_FUNCTIONS[name][1]}", read="spark").expressions[0]


def _rewrite_function(node: exp.Anonymous) -> exp.Expression:
    name = node.name.lower()
    arity, _ = _FUNCTIONS[name]
    args = node.expressions
    if len(args) != arity:
        raise TranslationError(f"{name} takes {arity} arguments here, not {len(args)}")
    if name == "datesub":
        unit = args[0]
        if not (isinstance(unit, exp.Literal) and unit.is_string and unit.this.lower() == "year"):
            raise TranslationError(f"datesub({unit.sql()}, ...) has no Spark form here")
    by_name = {letter: arg for letter, arg in zip("abc", args, strict=False)}

    def put(part: exp.Expression) -> exp.Expression:
        if isinstance(part, exp.Column) and not part.table and part.name in by_name:
            return exp.Paren(this=by_name[part.name].copy())
        return part

    return exp.Paren(this=_function_template(name).copy().transform(put))


def _ordered_first(node: exp.First, where: exp.Where | None) -> exp.Expression:
    """first(x order by k1 [desc], ... ) [filter (where c)] as Spark SQL.

    All keys descending with nulls last: max_by(x, struct(k1, ...)) (in Spark's ordering of structs a null
    field is the smallest, so the greatest is DuckDB's `desc nulls last`). Otherwise the group's rows as
    structs, sorted by a comparator spelling out each key's direction and null placement, and the first's x.
    """
    order = node.this
    keys = order.expressions
    value = order.this.copy()
    if all(k.args.get("desc") and not k.args.get("nulls_first") for k in keys):
        struct = exp.Anonymous(this="struct", expressions=[k.this.copy() for k in keys])
        picked: exp.Expression = exp.Anonymous(this="max_by", expressions=[value, struct])
        return exp.Filter(this=picked, expression=where.copy()) if where is not None else picked
    fields = [exp.alias_(k.this.copy(), f"k{i}") for i, k in enumerate(keys)] + [exp.alias_(value, "v")]
    rows: exp.Expression = exp.Anonymous(this="collect_list", expressions=[exp.Anonymous(
        this="named_struct", expressions=[p for f in fields for p in (exp.Literal.string(f.alias), f.this)])])
    if where is not None:
        rows = exp.Filter(this=rows, expression=where.copy())
    compare = "0"
    for i, key in reversed(list(enumerate(keys))):
        desc = bool(key.args.get("desc"))
        # DuckDB's default: nulls last, whatever the direction
        nulls_first = bool(key.args.get("nulls_first"))
        before, after = ("1", "-1") if desc else ("-1", "1")
        null_l, null_r = ("-1", "1") if nulls_first else ("1", "-1")
        a, b = f"_left.k{i}", f"_right.k{i}"
        compare = (f"case when {a} is null and {b} is null then {compare} when {a} is null then {null_l} "
                   f"when {b} is null then {null_r} when {a} < {b} then {before} "
                   f"when {a} > {b} then {after} else {compare} end")
    comparator = sqlglot.parse_one(f"select array_sort(x, (_left, _right) -> {compare})",
                                   read="spark").expressions[0]
    comparator.set("this", rows)
    first = exp.Anonymous(this="element_at", expressions=[comparator, exp.Literal.number(1)])
    return exp.Dot(this=exp.Paren(this=first), expression=exp.to_identifier("v"))


def _rewrite(node: exp.Expression) -> exp.Expression:
    """DuckDB forms with no Spark form in sqlglot, as equivalent Spark expressions."""
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.First) and isinstance(node.this.this, exp.Order):
        return _ordered_first(node.this, node.expression)
    if isinstance(node, exp.First) and isinstance(node.this, exp.Order):
        return _ordered_first(node, None)
    if isinstance(node, exp.Anonymous) and node.name.lower() in _FUNCTIONS:
        return _rewrite_function(node)
    if isinstance(node, exp.Min) and node.args.get("count") is not None:
        # min(x, n): the n smallest non-null values of x in ascending order (a list)
        values = exp.Anonymous(this="collect_list", expressions=[node.this.copy()])
        return exp.Anonymous(this="slice", expressions=[
            exp.Anonymous(this="array_sort", expressions=[values]), exp.Literal.number(1), node.args["count"].copy()])
    if isinstance(node, exp.Max) and node.args.get("count") is not None:
        values = exp.Anonymous(this="collect_list", expressions=[node.this.copy()])
        return exp.Anonymous(this="slice", expressions=[
            exp.Anonymous(this="reverse", expressions=[exp.Anonymous(this="array_sort", expressions=[values])]),
            exp.Literal.number(1), node.args["count"].copy()])
    return node


def _literal_for(node: exp.Expression, values: Mapping[str, Any]) -> exp.Expression:
    if isinstance(node, (exp.Placeholder, exp.Parameter)) and node.name in values:
        return literal(values[node.name])
    if isinstance(node, (exp.Placeholder, exp.Parameter)):
        raise TranslationError(f"no value for ${node.name}")
    return node


def literal(value: Any) -> exp.Expression:
    """A typed Spark literal of a bound value (the generator quotes and escapes it)."""
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        # a plain number: Spark types it int (bigint when larger), so `date - $days` stays a date
        return exp.Literal.number(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TranslationError(f"{value!r} cannot be a literal")
        return exp.cast(exp.Literal.string(repr(value)), exp.DataType.build("double"))
    if isinstance(value, dt.datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), exp.DataType.build("timestamp"))
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("date"))
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, (list, tuple)):
        return exp.Array(expressions=[literal(v) for v in value])
    raise TranslationError(f"{type(value).__name__} values cannot be literals")


def merged_dataset(kind: str, source_view: str, columns: Mapping[str, str]) -> str:
    """Spark SQL reading dataset `kind` (temporary view `source_view`, with these columns and DuckDB types)
    through the merges (view `merges`): the DuckDB select of `core.workspace` with its stars spelled out."""
    from sqlglot.optimizer.qualify import qualify

    from core.workspace import MERGES_TABLE, _merged_view

    tree = sqlglot.parse_one(_merged_view("g", kind, f"select * from {source_view}"), read="duckdb")
    for table in tree.find_all(exp.Table):
        if table.name == MERGES_TABLE:
            table.set("db", None)
    schema = {source_view: dict(columns), MERGES_TABLE: {"from_id": "varchar", "to_id": "varchar"}}
    tree = qualify(tree, schema=schema, dialect="duckdb", quote_identifiers=False)
    return to_spark(tree.sql("duckdb"), {})
