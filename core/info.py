"""A description of the workspace: datasets, row counts, date ranges."""
from __future__ import annotations

from typing import Any

from core import engines, settings, sql
from core.engines import choice, sources
from core.workspace import Workspace


def describe(ws: Workspace) -> dict[str, Any]:
    """Datasets with their row counts, date ranges and files, plus the generation, the engine that built it,
    the default analysis date and the lake sources of a build on Spark."""
    ctx = sql.default_context(ws)
    stats = sql.run(ws, "info__dataset_stats", ctx)
    manifest = ws.manifest()
    datasets = {
        row["dataset"]: {
            "rows": row["rows"],
            "min_date": row["min_date"].isoformat() if row["min_date"] else None,
            "max_date": row["max_date"].isoformat() if row["max_date"] else None,
            "files": len(manifest.files(row["dataset"])),
        }
        for row in stats.iter_rows(named=True)
    }
    _, engine = engines.generation_engine(ws, ctx.generation)
    with ws.reading() as cur:  # what DuckDB was given, read back from the connection
        duckdb_limit = cur.execute("select current_setting('memory_limit')").fetchall()[0][0]
    setting = choice.current(ws)
    return {
        "workspace": str(ws.path),
        "generation": ctx.generation,
        "engine": engine,
        "updated_at": manifest.created_at or None,
        "as_of": ctx.as_of.isoformat(),
        "datasets": datasets,
        # datasets a build on Spark reads from a lake path or catalog table (their files are its snapshot)
        "sources": {kind: source.describe() for kind, source in sources.sources(ws).items()},
        # the lake sources the build of this generation read (none: the workspace's files)
        "read_sources": engines.lake_sources_of(ws, ctx.generation),
        # the engine the next build runs on, and whether the environment fixes it
        "next_engine": {"engine": setting.engine, "remote": choice.masked(setting.remote) if setting.remote else None,
                        "fixed": setting.engine_fixed},
        # $KB_MEMORY_LIMIT, the process's budget, and its split (bytes; None when unset), and DuckDB's own setting
        "memory": {"budget": ws.budget and {"total": ws.budget.total, "duckdb": ws.budget.duckdb,
                                            "python": ws.budget.python},
                   "variable": settings.ENV_MEMORY_LIMIT, "duckdb_setting": duckdb_limit},
    }
