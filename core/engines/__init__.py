"""Which engine runs a generation's build: DuckDB in the process (the default) or Spark through Spark Connect.

Importing this module installs `EngineChoice` as the workspace's build engine (core/build.py's
`DuckDBEngine`, which it extends): each build asks `prebuilt` for the tables another engine made; with DuckDB
there are none and every step runs as before. With Spark (`KB_BUILD_ENGINE=spark`, or `KB_SPARK_REMOTE` set) the steps that read
the orders run on the cluster first, before the generation's DuckDB transaction opens, and `load` makes each
of their outputs a table of the generation. A failure there raises before anything of the new generation is
written, so the generation in force stays.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl

from core import datasets, scoped, sql, staging, workspace
from core.engines import choice
from core.build import ORDER, DuckDBEngine, Phase, Step, reporting_variants, shadow_inputs, step_sql
from core.context import QueryContext
from core.store import JsonStore
from core.workspace import BuildProgress, LocalizedError, Manifest, StaleGeneration, Workspace, schema_name, variant_key

if TYPE_CHECKING:
    from core.engines.spark import Output

ENV_ENGINE = choice.ENV_ENGINE
ENGINES: tuple[str, ...] = choice.ENGINES
# The lake sources each generation built from them read, by generation (the last KEEP_RECORDS).
BUILDS_FILE = "engine_builds.json"
KEEP_RECORDS = 50

_spark_progress: contextvars.ContextVar[BuildProgress | None] = contextvars.ContextVar("kb_spark_progress",
                                                                                      default=None)


def selected(ws: Workspace | Path | None = None) -> str:
    """The build engine: $KB_BUILD_ENGINE, else spark when $KB_SPARK_REMOTE is set, else the workspace setting
    of `ws` (core/engines/choice.py), else duckdb."""
    from core.engines import spark

    engine = choice.current(ws).engine
    if engine not in ENGINES:
        raise spark.SparkEngineError("engine.unknown", engine=engine, engines=", ".join(ENGINES))
    return engine


@contextlib.contextmanager
def reporting_spark(progress: BuildProgress | None) -> Iterator[None]:
    """A build on Spark run in the block tells its Spark steps to `progress` (i, n, step) as they start."""
    with scoped.setting(_spark_progress, progress):
        yield


@contextlib.contextmanager
def chosen(engine: str | None, remote: str | None = None) -> Iterator[None]:
    """Builds in the block use `engine` and the Spark Connect `remote` (where given), as the settings would."""
    from core.engines import spark

    saved = {name: os.environ.get(name) for name in (ENV_ENGINE, spark.ENV_REMOTE)}
    try:
        if engine:
            os.environ[ENV_ENGINE] = engine
        if remote:
            os.environ[spark.ENV_REMOTE] = remote
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def prebuilt(root: Path, manifest: Manifest, staging_root: Path) -> Iterator[dict[str, Output]]:
    """The derived tables another engine built for `manifest`, by name, valid inside the block (none for DuckDB)."""
    if selected(root) == "duckdb":
        yield {}
        return
    from core.engines import spark

    address = spark.remote(root)
    if not address:
        raise spark.SparkEngineError("engine.spark.no_remote", variable=spark.ENV_REMOTE)
    with staging.Area(staging_root) as area:
        yield spark.build(root, manifest.datasets, manifest.merges, area.path, address,
                          progress=_spark_progress.get())


def load(cur: Any, schema: str, output: Output, query_text: str, params: dict[str, Any]) -> None:
    """Make an output of another engine the table `schema.<name>` (see `core.engines.spark.load_output`)."""
    from core.engines import spark

    spark.load_output(cur, schema, output, query_text, params)


def built_by(cur: Any, schema: str) -> str:
    """The engine that built the generation `schema`: spark when Spark's outputs are among its tables."""
    from core.engines import spark

    rows = cur.execute("select count(*) from duckdb_tables() where schema_name = $s and comment = $c",
                       {"s": schema, "c": spark.ENGINE_COMMENT}).fetchall()
    return "spark" if rows[0][0] else "duckdb"


def generation_engine(ws: Workspace, generation: int | None = None) -> tuple[int, str]:
    """The generation read now (or `generation`) and the engine that built it."""
    from core.workspace import schema_name

    generation = ws.generation() if generation is None else generation
    with ws.reading(generation) as cur:
        return generation, built_by(cur, schema_name(generation))


def _note_lake_build(ws: Workspace, generation: int, lake: Mapping[str, Any]) -> None:
    """Remember which lake sources the build of `generation` read (for the page and `lake_sources_of`)."""

    def change(document: object) -> dict:
        document = document if isinstance(document, dict) else {}
        document[str(generation)] = {kind: source.describe() for kind, source in lake.items()}
        kept = sorted(document, key=lambda g: int(g) if g.isdigit() else -1)[-KEEP_RECORDS:]
        return {g: document[g] for g in kept}

    JsonStore(ws.meta_dir / BUILDS_FILE).update(change)


def lake_sources_of(ws: Workspace, generation: int) -> dict[str, str]:
    """The lake sources the build of `generation` read, by dataset, as `Source.describe` gives them (empty for a
    generation built from the workspace's files alone)."""
    document = JsonStore(ws.meta_dir / BUILDS_FILE).read()
    found = document.get(str(generation)) if isinstance(document, dict) else None
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def check(ws: Workspace) -> list[LocalizedError]:
    """What stands in the way of a build on Spark with the workspace's settings, one refusal per problem (none:
    ready): the engine setting, the Spark Connect server answering, and each lake source readable with its
    dataset's mapped columns. Changes nothing. With DuckDB and no address set there is nothing to reach:
    no problem (the lake sources are not read by a DuckDB build)."""
    from core.engines import sources, spark

    problems: list[LocalizedError] = []
    try:
        engine = selected(ws)
    except LocalizedError as exc:
        return [exc]
    address = spark.remote(ws)
    lake: dict[str, sources.Source] = {}
    for kind in datasets.DATASETS:
        try:
            found = sources.source(ws, kind)
        except sources.SourceError as exc:
            problems.append(exc)
            continue
        if found is not None:
            lake[kind] = found
    if not address:
        if engine == "spark" or lake:
            problems.append(spark.SparkEngineError("engine.spark.no_remote", variable=spark.ENV_REMOTE))
        return problems
    return problems + spark.check_sources(address, lake)


def build_from_sources(ws: Workspace, viewer: Any, progress: BuildProgress | None = None,
                       spark_progress: BuildProgress | None = None) -> int:
    """Build the data in force again as a new generation on the engine set, reading the lake sources when on
    Spark (an admin's «publish from sources»); audited. Spark's steps are told to `spark_progress`, the
    generation's to `progress`. A refusal (LocalizedError) leaves the generation in force. Returns the new
    generation."""
    from core import audit

    if not viewer.can("admin"):
        raise PermissionError("only an admin rebuilds the data from the sources")
    engine = selected(ws)
    with reporting_spark(spark_progress):
        generation = ws.publish({}, progress=progress)
    read = lake_sources_of(ws, generation)
    audit.record(ws, viewer, "engine_build", f"generation {generation} on {engine}"
                 + "".join(f"; {kind}: {source}" for kind, source in read.items()))
    return generation


def refuse_erased(ws: Workspace, snapshots: Mapping[str, Sequence[Path]]) -> None:
    """Refuse (SparkEngineError) a lake snapshot that holds a customer erased in this workspace: the
    dashboard cannot erase rows at the source, and must not bring the person back (core/erasure.py)."""
    from core.engines import spark
    from core.erasure import erased_among

    for kind, files in snapshots.items():
        if files and "customer_id" in datasets.SCHEMAS[kind]:
            ids = pl.scan_parquet([str(f) for f in files]).select("customer_id")
            erased = erased_among(ws, ids)
            if erased:
                raise spark.SparkEngineError("engine.source.erased", dataset=kind, count=len(erased))


class EngineChoice(DuckDBEngine):
    """The build of `core.build`, whose steps that read the orders run on Spark when the process's engine
    setting (`selected`, read at each build) says spark; the rest, and every variant, run in DuckDB."""

    def __init__(self) -> None:
        self._local = threading.local()  # the Spark outputs of the build running in this thread

    @property
    def _outputs(self) -> dict[str, Output] | None:
        return getattr(self._local, "outputs", None)

    @contextlib.contextmanager
    def prepare(self, ws: Workspace, files: Mapping[str, Sequence[str]], merges: Mapping[str, str],
                changed: set[str]) -> Iterator[dict[str, list[Path]]]:
        """Before a publish builds its generation: with Spark and datasets read from lake sources (the workspace
        settings, core/engines/sources.py), run the Spark part of the build reading them, and yield their
        snapshots (Parquet files in a staging area) for the new generation to name. A dataset the publish itself
        changes (an upload, an erasure) keeps the files it was given. The outputs are kept for `build`, called
        in the block; nothing is yielded (and `build` reads the files as before) otherwise."""
        from core.engines import sources

        # on DuckDB the settings are not even read: a damaged entry never stands in a DuckDB publish's way
        lake = {} if selected(ws) == "duckdb" else \
            {kind: s for kind, s in sources.sources(ws).items() if kind not in changed}
        if not lake:
            yield {}
            return
        from core.engines import spark

        address = spark.remote(ws)
        if not address:
            raise spark.SparkEngineError("engine.spark.no_remote", variable=spark.ENV_REMOTE)
        with staging.Area(ws.path / workspace.STAGING_DIR) as area:
            snapshots: dict[str, list[Path]] = {}
            outputs = spark.build(ws.path, files, merges, area.path, address, lake, snapshots,
                                  check=lambda taken: refuse_erased(ws, taken), progress=_spark_progress.get())
            self._local.prepared = outputs
            try:
                yield snapshots
            finally:
                self._local.prepared = None
            # the publish went through (a failure raised at the yield): its generation is the one in force now
            _note_lake_build(ws, ws.manifest().generation, lake)

    def build(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, manifest: Manifest,
              progress: BuildProgress | None) -> None:
        """Run the Spark steps first (before the DuckDB transaction writes anything that matters: a failure
        rolls it back), then every step as `DuckDBEngine.build` does, loading those Spark wrote. When `prepare`
        ran them already (reading lake sources), their outputs are used."""
        prepared = getattr(self._local, "prepared", None)
        found = contextlib.nullcontext(prepared) if prepared is not None else \
            prebuilt(ws.path, manifest, ws.path / workspace.STAGING_DIR)
        with found as outputs:
            self._local.outputs = outputs
            try:
                super().build(ws, cur, manifest, progress)
            finally:
                self._local.outputs = None

    def _run(self, ws: Workspace, cur: duckdb.DuckDBPyConnection, generation: int, item: Step | Phase,
             values: Mapping[str, Any]) -> int | None:
        output = None if isinstance(item, Phase) or not self._outputs else self._outputs.get(item.output)
        if output is None:
            return super()._run(ws, cur, generation, item, values)
        schema = schema_name(generation)
        text, params = step_sql(item, values)
        load(cur, schema, output, text, params)
        ws.note_variant(cur, generation, item.output, variant_key(params), item.output)
        return cur.execute(f"select count(*) from {schema}.{item.output}").fetchall()[0][0]

    def source(self, ws: Workspace, generation: int, step: Step, values: Mapping[str, Any]) -> str:
        """As `DuckDBEngine.source`; with Spark set, the variants of the steps Spark builds are made on Spark
        (`variant_maker`): the first one missing runs, in one Spark session, every Spark step the variant asked
        for needs, and each variant of them that is missing too is loaded from that run."""
        with self._variant_run(ws, generation, [step], values):
            return super().source(ws, generation, step, values)

    def sources(self, ws: Workspace, generation: int, sql_text: str, values: Mapping[str, Any]) -> dict[str, str]:
        """As `DuckDBEngine.sources`; with Spark set, one Spark run (when any is missing) makes the variants of
        every Spark step the query reads."""
        read = [s for s in ORDER if s.varies and sql.mentions(sql_text, s.output)]
        with self._variant_run(ws, generation, read, values):
            return super().sources(ws, generation, sql_text, values)

    @contextlib.contextmanager
    def _variant_run(self, ws: Workspace, generation: int, targets: Sequence[Step],
                     values: Mapping[str, Any]) -> Iterator[None]:
        """Variants of Spark steps made in the block come from one Spark run for `targets` (started when the
        first is missing); none when a run is open already, when no target needs a Spark step, or on DuckDB."""
        from core.engines import spark

        if getattr(self._local, "variant_run", None) is not None or not spark.needed_steps(targets) \
                or selected(ws) == "duckdb":
            yield
            return
        with staging.Area(ws.path / workspace.STAGING_DIR) as area:
            self._local.variant_run = _VariantRun(ws, generation, targets, values, area.path)
            try:
                yield
            finally:
                self._local.variant_run = None

    def variant_maker(self, ws: Workspace, generation: int, step: Step, values: Mapping[str, Any],
                      inputs: Mapping[str, str]) -> Callable[[duckdb.DuckDBPyConnection, str], None]:
        run: _VariantRun | None = getattr(self._local, "variant_run", None)
        if run is None or step.name not in _spark_step_names():
            return super().variant_maker(ws, generation, step, values, inputs)
        from core.engines import spark

        text, params = step_sql(step, values)

        def create(cur: duckdb.DuckDBPyConnection, table: str) -> None:
            output = run.outputs()[step.output]
            shadow_inputs(cur, inputs)  # the query's inputs as the variant reads them, for the types it gives
            load(cur, schema_name(generation), spark.Output(table, output.path), text, params)

        return create

    def step_engine(self, step: str) -> str:
        """spark for the steps Spark ran in the build of this thread."""
        outputs = self._outputs
        if outputs and any(s.name == step and s.output in outputs for s in ORDER):
            return "spark"
        return self.name


def prepare_variants(ws: Workspace, ctx: QueryContext, progress: BuildProgress | None) -> None:
    """With Spark set, make every derived table that varies for `ctx`'s analysis date and thresholds (those the
    generation does not hold yet), Spark's steps told to `progress` as they run: what a page does before its
    queries, which then read the variants made. Nothing on DuckDB, whose variants are made as queries ask."""
    if selected(ws) == "duckdb":
        return
    generation = ws.generation() if ctx.generation is None else ctx.generation
    with reporting_variants(progress):
        ENGINE.sources(ws, generation, " ".join(s.output for s in ORDER if s.varies), ctx.params())


def _spark_step_names() -> set[str]:
    from core.engines import spark

    return {s.name for s in spark.spark_steps()}


class _VariantRun:
    """The Spark run behind the variants one request makes (another date or threshold for `targets`), started
    when the first of them is missing: every Spark step the targets need, for `values`, over the generation's
    files, its outputs written under `out_dir`. Only the generation in force can be read this way (its files
    are the manifest's); a request for an older one still being served is refused as stale."""

    def __init__(self, ws: Workspace, generation: int, targets: Sequence[Step], values: Mapping[str, Any],
                 out_dir: Path):
        self.ws, self.generation, self.targets, self.values, self.out_dir = ws, generation, targets, values, out_dir
        self._outputs: dict[str, Output] | None = None

    def outputs(self) -> dict[str, Output]:
        if self._outputs is None:
            from core.build import variant_progress
            from core.engines import spark

            address = spark.remote(self.ws)
            if not address:
                raise spark.SparkEngineError("engine.spark.no_remote", variable=spark.ENV_REMOTE)
            manifest = self.ws.manifest()
            if manifest.generation != self.generation:
                raise StaleGeneration(f"generation {self.generation} is no longer in force")
            self._outputs = spark.variant(self.ws.path, manifest.datasets, manifest.merges, self.out_dir, address,
                                          self.targets, self.values, variant_progress())
        return self._outputs


ENGINE = EngineChoice()
workspace.install_engine(ENGINE)
