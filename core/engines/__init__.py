"""Which engine runs a generation's build: DuckDB in the process (the default) or Spark through Spark Connect.

The workspace's build asks `prebuilt` for the tables another engine made; with DuckDB there are none and
every step runs as before. With Spark (`KB_BUILD_ENGINE=spark`, or `KB_SPARK_REMOTE` set) the steps that read
the orders run on the cluster first, before the generation's DuckDB transaction opens, and `load` makes each
of their outputs a table of the generation. A failure there raises before anything of the new generation is
written, so the generation in force stays.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import staging

if TYPE_CHECKING:
    from core.engines.spark import Output
    from core.workspace import Manifest, Workspace

ENV_ENGINE = "KB_BUILD_ENGINE"
ENGINES: tuple[str, ...] = ("duckdb", "spark")


def selected() -> str:
    """The build engine of this process: $KB_BUILD_ENGINE, else spark when $KB_SPARK_REMOTE is set, else duckdb."""
    from core.engines import spark

    engine = (os.environ.get(ENV_ENGINE) or ("spark" if spark.remote() else "duckdb")).strip().lower()
    if engine not in ENGINES:
        raise spark.SparkEngineError("engine.unknown", engine=engine, engines=", ".join(ENGINES))
    return engine


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
    if selected() == "duckdb":
        yield {}
        return
    from core.engines import spark

    address = spark.remote()
    if not address:
        raise spark.SparkEngineError("engine.spark.no_remote", variable=spark.ENV_REMOTE)
    with staging.Area(staging_root) as area:
        yield spark.build(root, manifest.datasets, manifest.merges, area.path, address)


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
