"""The build of a generation: its derived tables, a declared list of steps run in the order of their inputs.

Each `Step` is one query file of queries/ (or, for the CLV scores, one Python builder "module:function"),
with the relations it reads (`inputs`) and the tables it writes (`outputs`) named. The run order is
computed from them (`order`): a cycle, an input nothing provides or two steps writing one table is an
error when this module is imported. A step needs nothing but its SQL text and the values it binds
(`step_sql`), so another engine can run the same steps.

Steps run in the new generation's schema, inside the workspace's build transaction (core/workspace.py):
a failure at any step rolls the whole generation back and the previous one stays in force. Each step is
timed and logged (`BUILD_LOG` in the workspace's meta folder, one JSON line per step), and a
`progress(i, n, step)` callback is called before each step and once at the end (the upload page shows
«Шаг 3 из 7: …»).

A step that `varies` depends on the analysis date or the thresholds: the generation holds it for its
own values (latest order date, default thresholds); another date or threshold gets a variant, built on
first use from the variants of its inputs and kept in the generation (`DuckDBEngine.source`). A step
that does not vary is built once per generation, from the generation's own tables.

After the steps come the `PHASES` (declared like the steps, "module:function" called with the workspace,
the build cursor and the generation; logged, timed and counted in the progress like a step): the place
for work that reads the finished derived tables, such as storing results for the default context.

This module sits above the query loader (core/sql.py) and the workspace: it installs its engine into
the workspace when imported (`workspace.install_engine`); the entry points import it.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import importlib
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from core import scoped, sql, workspace
from core.context import QueryContext
from core.store import append_jsonl, read_jsonl
from core.workspace import BASE_RELATIONS, BuildProgress, Manifest, Workspace, schema_name, variant_key

# JSON lines in the workspace's meta folder: generation, step, seconds, rows written, engine, status.
BUILD_LOG = "build_log.jsonl"


class BuildError(Exception):
    """The declared steps cannot be run: a cycle, a missing input, two steps writing one table."""


@dataclass(frozen=True)
class Step:
    """One step of the build: `create table <output> as <queries/<query>.sql>`, or a Python `builder`.

    `inputs`: the relations the step reads (base relations of the generation or outputs of other steps);
    `outputs`: the table it writes (one). `varies`: its result depends on the analysis date or the
    thresholds (it binds them, or reads a step that varies), so it has a variant per other value; a step
    that does not vary is built once per generation from the generation's own tables. `customer_level`
    tables carry customer_id and are narrowed to a scoped viewer's customers. A builder ("module:function")
    is called with the build cursor (search_path = the new generation) and the output table's name.
    """

    name: str
    query: str | None = None
    builder: str | None = None
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    varies: bool = False
    customer_level: bool = True
    # A builder's work that reads base relations only, begun before the first step so it runs beside the
    # steps before its own (the CLV fit, in Python, beside their queries): "module:function" called with the
    # build cursor; what it returns is given to the builder as a third argument, `builder(cur, table, begun)`.
    start: str | None = None

    @property
    def output(self) -> str:
        """The table the step writes."""
        return self.outputs[0]


@dataclass(frozen=True)
class Phase:
    """Work after the steps, in the same transaction: `function` ("module:function") is called with the
    workspace, the build cursor (search_path = the new generation) and the generation number.

    The new generation is not committed yet: a phase reads and writes through that cursor only (another
    cursor, `ws.reading` or `sql.run`, does not see it yet), with query texts from `sql.prepare`. Its
    derived tables hold the generation's own values (`default_values`); no variant can be made before the
    commit. What a phase writes in the schema commits with the generation or not at all.
    """

    name: str
    function: str


STEPS: list[Step] = [
    # Every message sent (communications) matched to a customer: by id, else by e-mail, else by phone (their
    # unsubscribes are negative reactions in customer_activity).
    Step("contact_events", query="derived__contact_events",
         inputs=("communications", "customers", "orders", "interactions"), outputs=("contact_events",)),
    # Aggregates over the whole history, not per customer (a scoped viewer's are their queries over their own
    # customers, core/sql.py): the lines' margin by day and category (LTV's margin at any date) and completed
    # orders by month (the overview's revenue by month up to any date).
    Step("daily_margin", query="derived__daily_margin", inputs=("completed_orders", "order_lines"),
         outputs=("daily_margin",), customer_level=False),
    Step("monthly_sales", query="derived__monthly_sales", inputs=("completed_orders",),
         outputs=("monthly_sales",), customer_level=False),
    # Completed orders per customer and day, keyed by an integer per customer: what the overview's KPIs and
    # composition at another date read instead of the orders (fewer, narrower rows; integer grouping).
    Step("customer_days", query="derived__customer_days", inputs=("completed_orders",), outputs=("customer_days",)),
    # What each customer bought by top-level category up to the analysis date (revenue, latest date, days ago,
    # share of their spend): the segment conditions on a chosen category read it, customer_activity's
    # category facts are made from it.
    Step("customer_categories", query="derived__customer_categories",
         inputs=("completed_orders", "order_lines"), outputs=("customer_categories",), varies=True),
    # What each customer did up to the analysis date (order facts, RFM ranks, interactions): the part
    # of the customer model that depends on the date only, so a threshold change reuses it.
    Step("customer_activity", query="derived__customer_activity",
         inputs=("completed_orders", "customer_categories", "interactions", "contact_events"),
         outputs=("customer_activity",), varies=True),
    # First orders and the acquisition channel over the whole history, from the generation's customer_activity
    # (built for the latest order date, so over every order).
    Step("customer_acquisition", query="derived__customer_acquisition",
         inputs=("customer_activity", "customers"), outputs=("customer_acquisition",)),
    Step("customer_model", query="derived__customer_model",
         inputs=("customers", "customer_activity", "contact_events"), outputs=("customer_model",), varies=True),
    # Predictive CLV per customer (BG/NBD + Gamma-Gamma fitted at publish): p_alive, expected_purchases,
    # expected_avg_spend, predicted_clv, at_risk. Segments join it on customer_id.
    Step("clv_scores", builder="core.clv.service:build_scores_table", inputs=("completed_orders",),
         outputs=("clv_scores",), start="core.clv.service:start_scores"),
    # The segment builder's table: the model with the CLV scores and each customer's figure cell.
    Step("segment_model", query="derived__segment_model", inputs=("customer_model", "clv_scores"),
         outputs=("segment_model",), varies=True),
]

# Macros every generation defines before its steps (queries/<name>.sql): rules that several queries
# apply, written once.
MACROS: tuple[str, ...] = ("macros__base_type", "macros__order_sequence", "macros__date_segments",
                          "macros__known_customers", "macros__profiles", "macros__monthly_sales")

# Phases after the steps (see `Phase`), in this order.
PHASES: tuple[Phase, ...] = ()


def order(steps: Sequence[Step], base: Sequence[str] = BASE_RELATIONS) -> list[Step]:
    """The steps in an order where each comes after the steps writing its inputs (among steps free to run,
    the one declared first). Raises BuildError on a malformed step, an input nothing provides, two steps
    writing one table, or a cycle."""
    writer: dict[str, Step] = {}
    for step in steps:
        if (step.query is None) == (step.builder is None):
            raise BuildError(f"step {step.name!r}: give either a query or a builder")
        if step.start is not None and (step.builder is None or any(name not in base for name in step.inputs)):
            raise BuildError(f"step {step.name!r}: only a builder reading relations of the workspace starts early")
        if len(step.outputs) != 1:
            raise BuildError(f"step {step.name!r}: writes {len(step.outputs)} tables, a step writes one")
        for table in step.outputs:
            if table in base:
                raise BuildError(f"step {step.name!r} writes {table!r}, a relation of the workspace itself")
            if table in writer:
                raise BuildError(f"steps {writer[table].name!r} and {step.name!r} both write {table!r}")
            writer[table] = step
    for step in steps:
        missing = [name for name in step.inputs if name not in writer and name not in base]
        if missing:
            raise BuildError(f"step {step.name!r} reads {missing}, which no step writes and the workspace lacks")
    done: set[str] = set(base)
    ordered: list[Step] = []
    waiting = list(steps)
    while waiting:
        ready = next((s for s in waiting if all(name in done for name in s.inputs)), None)
        if ready is None:
            raise BuildError("the steps' inputs form a cycle: " + ", ".join(
                f"{s.name} <- {[n for n in s.inputs if n not in done]}" for s in waiting))
        waiting.remove(ready)
        ordered.append(ready)
        done.update(ready.outputs)
    return ordered


ORDER: list[Step] = order(STEPS)


def step_named(name: str) -> Step:
    """The declared step `name`."""
    for step in STEPS:
        if step.name == name:
            return step
    raise BuildError(f"no step {name!r}")


def step_sql(step: Step, values: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The select of a query step (its output's rows) with the values it binds, out of `values` (see
    `default_values` for the generation's own; a variant takes other dates and thresholds)."""
    if step.query is None:
        raise BuildError(f"step {step.name!r} is built in Python ({step.builder}), it has no SQL")
    return sql.prepare(step.query, values)


def default_values(as_of: dt.date) -> dict[str, Any]:
    """The values a generation's own tables are built with: analysis date `as_of` (the latest completed
    order date), default thresholds."""
    return QueryContext(as_of=as_of, start=as_of, end=as_of).params()


def callable_of(target: str) -> Callable[..., Any]:
    """The function named "module:function"."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@functools.cache
def upstream(step: Step) -> tuple[Step, ...]:
    """The steps writing inputs of `step` that vary (a variant of `step` is built from theirs)."""
    if not step.varies:
        return ()
    return tuple(s for s in ORDER if s.varies and set(s.outputs) & set(step.inputs))


def customer_level_tables() -> tuple[str, ...]:
    """The derived tables that carry customer_id (narrowed to a scoped viewer's customers)."""
    return tuple(table for step in ORDER if step.customer_level for table in step.outputs)


def build_log(ws: Workspace) -> list[dict[str, Any]]:
    """Every record of the workspace's build log, oldest first."""
    return read_jsonl(ws.meta_dir / BUILD_LOG)


def shadow_inputs(cur: duckdb.DuckDBPyConnection, inputs: Mapping[str, str]) -> None:
    """Temporary views that make a step's query read these tables (name -> table) for its inputs."""
    for name, src in inputs.items():
        cur.execute(f"create temp view {name} as select * from {src}")


# Where a variant's steps report their progress (i, n, step), when an engine runs them in steps (Spark): set by
# whoever waits for the variant (`reporting_variants`); nothing is reported otherwise.
_variant_progress: contextvars.ContextVar[BuildProgress | None] = contextvars.ContextVar("variant_progress",
                                                                                        default=None)


@contextlib.contextmanager
def reporting_variants(progress: BuildProgress | None) -> Iterator[None]:
    """Variants made in the block (another analysis date or threshold) report their steps to `progress`."""
    with scoped.setting(_variant_progress, progress):
        yield


def variant_progress() -> BuildProgress | None:
    """The progress callback of the variants being made here, if any (see `reporting_variants`)."""
    return _variant_progress.get()


class DuckDBEngine:
    """Runs the steps with DuckDB in the workspace's own file (the engine the workspace uses)."""

    name = "duckdb"
    _begun = threading.local()  # the work of `Step.start` begun by the build running in this thread, by step

    def layout(self) -> str:
        """A hash of every step's text (or builder), the macros and the phases."""
        parts = [f"{s.name}:{sql.text(s.query) if s.query else s.builder}" for s in ORDER]
        parts += [sql.text(name) for name in MACROS]
        parts += [f"{p.name}:{p.function}" for p in PHASES]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]

    def build(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, manifest: Manifest,
              progress: BuildProgress | None) -> None:
        """Define the macros, run every step then every phase, each timed, logged and reported to `progress`."""
        generation = manifest.generation
        for name in MACROS:
            cur.execute(sql.text(name))
        values = default_values(sql.default_as_of(cur))
        plan: list[Step | Phase] = [*ORDER, *PHASES]
        self._begun.steps = {step.name: callable_of(step.start)(cur) for step in ORDER if step.start is not None}
        try:
            for i, item in enumerate(plan):
                if progress is not None:
                    progress(i, len(plan), item.name)
                started = time.perf_counter()
                try:
                    rows = self._run(ws, cur, generation, item, values)
                except BaseException as exc:
                    self._log(ws, generation, item.name, started, None,
                              f"failed: {type(exc).__name__}: {exc}"[:500])
                    raise
                self._log(ws, generation, item.name, started, rows, "ok")
        finally:
            self._begun.steps = {}
        if progress is not None:
            progress(len(plan), len(plan), "")

    def _run(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, generation: int, item: Step | Phase,
             values: Mapping[str, Any]) -> int | None:
        """Run one step (or phase); the rows the step wrote."""
        if isinstance(item, Phase):
            callable_of(item.function)(ws, cur, generation)
            return None
        schema = schema_name(generation)
        if item.builder is not None:
            begun = getattr(self._begun, "steps", {}).pop(item.name, None)
            builder = callable_of(item.builder)
            builder(cur, item.output) if begun is None else builder(cur, item.output, begun)
        else:
            text, params = step_sql(item, values)
            cur.execute(f"create table {schema}.{item.output} as {text}", params)
            ws.note_variant(cur, generation, item.output, variant_key(params), item.output)
        return cur.execute(f"select count(*) from {schema}.{item.output}").fetchall()[0][0]

    def _log(self, ws: Workspace, generation: int, step: str, started: float, rows: int | None,
             status: str) -> None:
        append_jsonl(ws.meta_dir / BUILD_LOG, {
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "generation": generation, "step": step, "seconds": round(time.perf_counter() - started, 3),
            "rows": rows, "engine": self.step_engine(step), "status": status,
        })

    def step_engine(self, step: str) -> str:
        """The engine that ran `step` of the build running in this thread (for the build log)."""
        return self.name

    def sources(self, ws: Workspace, generation: int, sql_text: str, values: Mapping[str, Any]) -> dict[str, str]:
        """Each customer-level derived table -> the table holding it for `values`: the variant, for a table
        `sql_text` reads that varies, else the generation's own."""
        schema = schema_name(generation)
        found = {}
        for step in ORDER:
            if not step.customer_level:
                continue
            if step.varies and sql.mentions(sql_text, step.output):
                found[step.output] = self.source(ws, generation, step, values)
            else:
                found[step.output] = f"{schema}.{step.output}"
        return found

    def aggregates(self, sql_text: str) -> dict[str, str]:
        """Each aggregate (not customer-level) derived table `sql_text` reads -> its step's select: a scoped
        viewer reads that select over their own customers' rows instead of the table of the whole base."""
        return {step.output: step_sql(step, {})[0] for step in ORDER
                if not step.customer_level and step.query is not None and not step.varies
                and sql.mentions(sql_text, step.output)}

    def source(self, ws: Workspace, generation: int, step: Step, values: Mapping[str, Any]) -> str:
        """The table holding `step`'s output for these values (a variant made and kept on first use)."""
        text, params = step_sql(step, values)
        schema = schema_name(generation)
        # Inputs of this step that are variants: the variant is built from those.
        inputs = {up.output: self.source(ws, generation, up, values) for up in upstream(step)}
        inputs = {name: src for name, src in inputs.items() if src != f"{schema}.{name}"}
        key = variant_key({**params, **{f"{name}:source": src for name, src in inputs.items()}})
        return ws.variant(generation, step.output, key, self.variant_maker(ws, generation, step, values, inputs))

    def variant_maker(self, ws: Workspace, generation: int, step: Step, values: Mapping[str, Any],
                      inputs: Mapping[str, str]) -> Callable[[duckdb.DuckDBPyConnection, str], None]:
        """What creates `step`'s variant for `values` as a table of the generation (`Workspace.variant`'s
        `create`), reading `inputs`' variants (name -> table) in place of the generation's own: here its query,
        run in DuckDB. Another engine gives its own."""
        text, params = step_sql(step, values)
        schema = schema_name(generation)

        def create(cur: duckdb.DuckDBPyConnection, table: str) -> None:
            shadow_inputs(cur, inputs)
            cur.execute(f"create table {schema}.{table} as {text}", params)

        return create


    def ready(self, ws: Workspace, generation: int, progress: BuildProgress | None) -> None:
        """Store what every page shows in the default context of the committed `generation` (core/warm.py),
        for the default period, before the generation is served; the other periods follow in the
        background (ui/db.py). Reported as the build step «results» (call i of n)."""
        from core import settings, warm

        if not settings.warm_results():
            return

        def report(i: int, n: int, _name: str) -> None:
            if progress is not None:
                progress(i - 1, n, "results")

        started = time.perf_counter()
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,), progress=report, side_by_side=True)
        failed = [r["call"] for r in records if r["outcome"] != "stored"]
        self._log(ws, generation, "results", started, len(records) - len(failed),
                  "ok" if not failed else f"not stored: {', '.join(failed)}"[:500])
        if progress is not None:
            progress(1, 1, "")


ENGINE = DuckDBEngine()
workspace.install_engine(ENGINE)
