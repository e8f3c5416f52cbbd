"""`build`: build the data in force again as a new generation, on DuckDB or on Spark."""
from __future__ import annotations

import argparse
import time

from core import engines
from core.engines import spark
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `build` command."""
    parser = commands.add_parser("build", help="build the data in force again as a new generation")
    parser.add_argument("--engine", choices=engines.ENGINES, default=None,
                        help=f"duckdb (embedded) or spark (Spark Connect); default ${engines.ENV_ENGINE}, else "
                             f"spark when ${spark.ENV_REMOTE} is set, else duckdb")
    parser.add_argument("--spark-remote", default=None, metavar="sc://HOST:PORT",
                        help=f"the Spark Connect server (default ${spark.ENV_REMOTE})")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Publish the datasets in force unchanged, so the build runs on the chosen engine; print what it did."""
    with engines.chosen(args.engine, args.spark_remote):
        engine = engines.selected()
        started = time.perf_counter()
        generation = ws.publish({})
    print(t("engine.cli.built", args.lang, generation=generation, engine=engine,
            seconds=f"{time.perf_counter() - started:.1f}"))
    return 0
