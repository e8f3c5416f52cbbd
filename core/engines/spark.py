"""The build's steps that read the orders, run on Apache Spark through Spark Connect.

Spark reads the generation's Parquet files (the manifest names them per dataset), runs each SQL step of
the build translated from its DuckDB file (core/engines/spark_sql.py) with the build's values as literals,
and writes each output as Parquet into a folder the caller gives. The generation's DuckDB schema then
loads those outputs as its tables (`load_output`), cast to the types DuckDB's own query would give, so the
pages read the same tables whichever engine built them. Steps computed in Python (the CLV fit) and those
after them run in DuckDB on the Spark outputs.

Spark is reached at `KB_SPARK_REMOTE` (`sc://host:15002`) or, in tests, a local server (`local[2]`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import socket
import time
import urllib.parse
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import datasets
from core.context import QueryContext
from core.build import ORDER, Step
import core.engines.spark_sql as spark_sql  # the module alone: the package imports this one
import core.engines.sources as sources  # the module alone, as spark_sql
import core.engines.choice as choice  # the module alone, as spark_sql
from core.workspace import LocalizedError, Workspace

if TYPE_CHECKING:
    import duckdb
    from pyspark.sql.connect.session import SparkSession

log = logging.getLogger(__name__)

ENV_REMOTE = choice.ENV_REMOTE
DEFAULT_PORT = 15002
CONNECT_TIMEOUT_SECONDS = 10.0
# The first call's retries (Spark Connect's DefaultPolicy, in ms): about 5 s in all before the address is refused.
HANDSHAKE_RETRIES: dict[str, Any] = {"max_retries": 4, "initial_backoff": 250, "backoff_multiplier": 2.0,
                                     "max_backoff": 2000, "jitter": 0}
# The tag of the Spark jobs of one build step: STEP_TAG + the step's name.
STEP_TAG = "kb-step-"
# The comment on each table of a generation that Spark built (read by `core.engines.built_by`).
ENGINE_COMMENT = "engine:spark"

_SPARK_TYPES: dict[str, str] = {"varchar": "string", "date": "date", "timestamp": "timestamp",
                                "double": "double", "boolean": "boolean", "integer": "int", "bigint": "bigint"}


class SparkEngineError(LocalizedError):
    """The Spark build cannot run (remote unreachable, data missing); `message(lang)` is for the user.

    Raised before the generation's DuckDB transaction commits, so the generation in force stays."""


@dataclass(frozen=True)
class Output:
    """One step's result written by Spark: the table name and its Parquet folder."""

    name: str
    path: Path
    seconds: float = 0.0


def remote(ws: Workspace | Path | None = None) -> str | None:
    """The Spark Connect address in force: $KB_SPARK_REMOTE, else the workspace setting of `ws` (a workspace
    or its folder; core/engines/choice.py), when set."""
    return choice.current(ws).remote


def spark_steps() -> list[Step]:
    """The SQL steps that run on Spark: every step of the build's order up to the first computed in Python
    (the CLV fit)."""
    steps = []
    for step in ORDER:
        if step.builder or step.query is None:
            break
        steps.append(step)
    return steps


def check_reachable(address: str) -> None:
    """Refuse at once (SparkEngineError) when a `sc://host:port` address does not answer.

    The Spark Connect client retries a dead address for minutes; a TCP connect tells in seconds.
    """
    if not address.startswith("sc://"):
        if address.startswith("local"):
            return
        raise SparkEngineError("engine.spark.bad_remote", remote=address)
    parsed = urllib.parse.urlsplit(address.split(";", 1)[0])
    host, port = parsed.hostname, parsed.port or DEFAULT_PORT
    if not host:
        raise SparkEngineError("engine.spark.bad_remote", remote=address)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_SECONDS):
            pass
    except OSError as exc:
        raise SparkEngineError("engine.spark.unreachable", remote=address, reason=str(exc)) from exc


def session(address: str) -> SparkSession:
    """A new Spark Connect session at `address` (checked to answer first), in UTC; `close` it when done."""
    check_reachable(address)

    with warnings.catch_warnings():
        # the client warns about pandas 3 on import; the engine converts nothing through pandas
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        from pyspark.sql.connect.session import SparkSession

    from pyspark.sql.connect.client.retries import DefaultPolicy

    # create(), not getOrCreate(): the latter hands back any session of the process, whatever its address
    spark = SparkSession.builder.remote(address).create()
    # The first call answers whether Spark Connect listens there at all. The client's own retries last ten
    # minutes (for a server restarting under a running build); something else at that port (the dashboard,
    # Spark's web UI, a master's 7077) is told in seconds with a few short ones, then the usual ones resume.
    usual = spark.client.get_retry_policies()
    spark.client.set_retry_policies([DefaultPolicy(**HANDSHAKE_RETRIES)])
    with warnings.catch_warnings():
        # the client warns as it gives up; the refusal below says it in the user's language
        warnings.filterwarnings("ignore", r"\[RETRIES_EXCEEDED\]", UserWarning)
        try:
            spark.conf.set("spark.sql.session.timeZone", "UTC")
        except Exception as exc:  # noqa: BLE001 - whatever the client raises, no Spark Connect answers there
            close(spark)
            raise SparkEngineError("engine.spark.not_spark_connect", remote=address, reason=_reason(exc)) from exc
        finally:
            spark.client.set_retry_policies(usual)
    # DuckDB's arithmetic: a division by zero or a list index past the end is null, not an error
    spark.conf.set("spark.sql.ansi.enabled", "false")
    return spark


def _reason(exc: BaseException) -> str:
    """A client error in one short line: gRPC's details where the message has them (`details = "…"`)."""
    text = str(exc)
    found = re.search(r'details = "([^"]*)"', text)
    line = found.group(1) if found else (text.strip().splitlines() or [type(exc).__name__])[0]
    return line[:300]


def close(spark: SparkSession) -> None:
    """End the session on the server and close the connection, never more.

    Not `spark.stop()`: in a process that started a local server (`remote("local[...]")`) that stops the
    server itself, under every other session of the process.
    """
    with contextlib.suppress(Exception):
        spark.client.release_session()
    with contextlib.suppress(Exception):
        spark.client.close()


def _dataset_select(kind: str, view: str) -> str:
    casts = ", ".join(
        f"cast(`{name}` as {_SPARK_TYPES[datasets.duckdb_type(kind, name)]}) as `{name}`"
        for name in datasets.SCHEMAS[kind]
    )
    return f"select {casts} from {view}"


def _columns(frame: Any) -> list[str]:
    """The columns of a dataset read by Spark, which resolves its paths here: a path the cluster does not find
    is refused by name (SparkEngineError), whether this machine has it or not."""
    from pyspark.errors import AnalysisException

    try:
        return frame.columns
    except AnalysisException as exc:
        if exc.getCondition() != "PATH_NOT_FOUND":
            raise
        path = (exc.getMessageParameters() or {}).get("path") or _reason(exc)
        raise SparkEngineError("engine.spark.missing_path", path=path) from exc


def _read_source(spark: SparkSession, source: sources.Source) -> Any:
    """A dataset's lake source as Spark reads it: the Parquet files at its path, or its catalog table by name
    (the name matched against the allow-pattern again: the settings file may have been edited by hand)."""
    from pyspark.errors import AnalysisException

    if source.path is not None:
        # files of one dataset may differ in columns (appends of other exports): read by name, as DuckDB does
        frame = spark.read.option("mergeSchema", "true").parquet(sources.check_path(source.kind, source.path))
        try:
            _columns(frame)
        except SparkEngineError as exc:
            raise SparkEngineError("engine.spark.missing_source", dataset=source.kind, path=source.path) from exc
        return frame
    table = sources.check_table(source.kind, source.table or "")
    try:
        frame = spark.read.table(table)
        frame.columns  # noqa: B018 - resolves the name on the server
    except AnalysisException as exc:
        if exc.getCondition() not in ("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", "REQUIRES_SINGLE_PART_NAMESPACE"):
            raise
        raise SparkEngineError("engine.spark.missing_table", dataset=source.kind, table=table,
                               reason=_reason(exc)) from exc
    return frame


def _without_zone(frame: Any) -> Any:
    """Times as written (the session is in UTC), without a time zone, so DuckDB reads them as they were made."""
    zoned = [f.name for f in frame.schema.fields if f.dataType.typeName() == "timestamp"]
    return frame.withColumns({name: frame[name].cast("timestamp_ntz") for name in zoned}) if zoned else frame


def register_datasets(spark: SparkSession, root: Path, files: Mapping[str, Sequence[str]],
                      merges: Mapping[str, str], lake: Mapping[str, sources.Source] | None = None,
                      snapshot_dir: Path | None = None) -> dict[str, list[Path]]:
    """Each dataset as a temporary view of its canonical columns (empty when it has no files), customer ids
    read through the merges as the DuckDB build reads them.

    A dataset with a `lake` source is read from it instead of its files, its mapped columns written as Parquet
    under `snapshot_dir/<dataset>` and read back from there, so the build and the snapshot hold the same rows
    even when the source changes meanwhile. Returns the snapshot's files by dataset."""
    from core.workspace import MERGED_KINDS, MERGES_TABLE, resolve_merges

    lake = lake or {}
    if lake and snapshot_dir is None:
        raise ValueError("a dataset read from a lake source needs a snapshot folder")
    resolved = resolve_merges(merges)
    spark.createDataFrame(list(resolved.items()) or [], "from_id string, to_id string") \
        .createOrReplaceTempView(MERGES_TABLE)
    snapshots: dict[str, list[Path]] = {}
    for kind in datasets.DATASETS:
        rels = list(files.get(kind, ()))
        view = f"_{kind}_files"
        if kind in lake or rels:
            if kind in lake:
                frame = _read_source(spark, lake[kind])
            else:
                paths = [(root / rel).resolve() for rel in rels]
                frame = spark.read.option("mergeSchema", "true").parquet(*[p.as_uri() for p in paths])
            present = _columns(frame)
            absent = [c for c in datasets.SCHEMAS[kind] if c not in present]
            if absent:
                raise SparkEngineError("engine.spark.missing_columns", dataset=kind, columns=", ".join(absent))
            frame.createOrReplaceTempView(view)
        else:
            columns = ", ".join(f"`{n}` {_SPARK_TYPES[datasets.duckdb_type(kind, n)]}"
                                for n in datasets.SCHEMAS[kind])
            spark.createDataFrame([], columns).createOrReplaceTempView(view)
        typed = spark.sql(_dataset_select(kind, view))
        if kind in lake and snapshot_dir is not None:
            folder = (snapshot_dir / kind).resolve()
            _without_zone(typed).write.mode("overwrite").parquet(folder.as_uri())
            snapshots[kind] = sorted(folder.glob("*.parquet"))
            if snapshots[kind]:
                spark.read.parquet(folder.as_uri()).createOrReplaceTempView(f"_{kind}_snapshot")
                typed = spark.sql(_dataset_select(kind, f"_{kind}_snapshot"))
            else:
                typed = typed.limit(0)
        typed.createOrReplaceTempView(f"_{kind}_typed")
        if resolved and kind in MERGED_KINDS:
            types = {name: datasets.duckdb_type(kind, name) for name in datasets.SCHEMAS[kind]}
            spark.sql(spark_sql.merged_dataset(kind, f"_{kind}_typed", types)).createOrReplaceTempView(kind)
        else:
            spark.table(f"_{kind}_typed").createOrReplaceTempView(kind)
    spark.sql("select * from orders where completed").createOrReplaceTempView("completed_orders")
    return snapshots


def build_params(spark: SparkSession) -> dict[str, Any]:
    """The build's values, as `core.sql.build_params` gives them: latest completed order date, default thresholds."""
    as_of = spark.sql("select max(order_date) as d from completed_orders").collect()[0]["d"]
    as_of = as_of or dt.date.today()
    return QueryContext(as_of=as_of, start=as_of, end=as_of).params()


def run_steps(spark: SparkSession, params: Mapping[str, Any], out_dir: Path,
              steps: Sequence[Step] | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> list[Output]:
    """Run the steps in order, each written as Parquet under `out_dir/<output>` and read back for the next;
    `progress(i, n, step)` is told before each step and (n, n, "") at the end."""
    outputs = []
    steps = list(steps if steps is not None else spark_steps())
    for i, step in enumerate(steps):
        if progress is not None:
            progress(i, len(steps), step.name)
        started = time.perf_counter()
        text = spark_sql.translate(step.query or "", params)
        path = out_dir / step.output
        frame = _without_zone(spark.sql(text))
        # the step's jobs carry its name, for the cluster's UI and event log (tests/bench/bench_spark_build.py)
        spark.addTag(STEP_TAG + step.name)
        try:
            frame.write.mode("overwrite").parquet(path.resolve().as_uri())
        finally:
            spark.removeTag(STEP_TAG + step.name)
        spark.read.parquet(path.resolve().as_uri()).createOrReplaceTempView(step.output)
        seconds = time.perf_counter() - started
        log.info("spark step %s: %.1f s", step.name, seconds)
        outputs.append(Output(step.output, path, seconds))
    if progress is not None:
        progress(len(steps), len(steps), "")
    return outputs


def needed_steps(targets: Sequence[Step]) -> list[Step]:
    """The Spark steps `targets` (steps of the build, on Spark or not) need, those among them included: the
    steps writing their inputs, theirs, and so on, in the build's order."""
    wanted = {t.output for t in targets}
    for step in reversed(ORDER):
        if step.output in wanted:
            wanted |= set(step.inputs)
    return [s for s in spark_steps() if s.output in wanted]


def variant(root: Path, files: Mapping[str, Sequence[str]], merges: Mapping[str, str], out_dir: Path,
            address: str, targets: Sequence[Step], values: Mapping[str, Any],
            progress: Callable[[int, int, str], None] | None = None) -> dict[str, Output]:
    """Another analysis date's or threshold's `targets` on Spark: they and the steps they need run for `values`
    over the generation's files (`files`, `merges`), as the build runs them for its own values. Their outputs
    by table name (raises SparkEngineError)."""
    spark = session(address)
    try:
        register_datasets(spark, root, files, merges)
        return {o.name: o for o in run_steps(spark, values, out_dir, needed_steps(targets), progress)}
    finally:
        close(spark)


def build(root: Path, files: Mapping[str, Sequence[str]], merges: Mapping[str, str], out_dir: Path,
          address: str, lake: Mapping[str, sources.Source] | None = None,
          snapshots: dict[str, list[Path]] | None = None,
          check: Callable[[Mapping[str, list[Path]]], None] | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> dict[str, Output]:
    """The Spark part of one generation's build: its outputs by table name (raises SparkEngineError).

    Datasets with a `lake` source are read from it; their snapshots (see `register_datasets`, written under
    `out_dir/snapshot`) are put in `snapshots` by dataset, and given to `check` (which may refuse them)
    before any step runs. Each step is told to `progress` (i, n, step) as it starts."""
    spark = session(address)
    try:
        taken = register_datasets(spark, root, files, merges, lake, out_dir / "snapshot")
        if snapshots is not None:
            snapshots.update(taken)
        if check is not None:
            check(taken)
        params = build_params(spark)
        return {o.name: o for o in run_steps(spark, params, out_dir, progress=progress)}
    finally:
        close(spark)


def check_sources(address: str, lake: Mapping[str, sources.Source]) -> list[SparkEngineError]:
    """What a build at `address` reading `lake` would be refused for, one refusal per problem (none: ready): the
    server not answering (then nothing else is asked), a source Spark cannot find or read, a source lacking
    mapped columns of its dataset. Reads each source's schema only, writes nothing."""
    try:
        spark = session(address)
    except SparkEngineError as exc:
        return [exc]
    problems: list[SparkEngineError] = []
    try:
        for kind, source in lake.items():
            try:
                present = _columns(_read_source(spark, source))
            except SparkEngineError as exc:
                problems.append(exc)
                continue
            except Exception as exc:  # noqa: BLE001 - not Parquet, no access: whatever Spark says, in one line
                problems.append(SparkEngineError("engine.spark.unreadable_source", dataset=kind,
                                                 source=source.describe(), reason=_reason(exc)))
                continue
            absent = [c for c in datasets.SCHEMAS[kind] if c not in present]
            if absent:
                problems.append(SparkEngineError("engine.spark.missing_columns", dataset=kind,
                                                 columns=", ".join(absent)))
    finally:
        close(spark)
    return problems


def load_output(cur: duckdb.DuckDBPyConnection, schema: str, output: Output, query_text: str,
                params: Mapping[str, Any]) -> None:
    """Create `schema.<name>` from a Spark output, each column cast to the type DuckDB's query gives it."""
    described = cur.execute(f"describe {query_text}", dict(params)).fetchall()
    files = sorted(str(p) for p in output.path.glob("*.parquet"))
    if not files:
        # an empty result: Spark wrote no file, so the table is made from the query's columns alone
        columns = ", ".join(f'"{name}" {dtype}' for name, dtype, *_ in described)
        cur.execute(f"create table {schema}.{output.name} ({columns})")
    else:
        listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        casts = ", ".join(f'cast("{name}" as {dtype}) as "{name}"' for name, dtype, *_ in described)
        cur.execute(f"create table {schema}.{output.name} as select {casts} from read_parquet([{listing}])")
    cur.execute(f"comment on table {schema}.{output.name} is '{ENGINE_COMMENT}'")
