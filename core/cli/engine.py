"""`engine source`: where a build on Spark reads each dataset (the workspace's files, a lake path, a catalog table)."""
from __future__ import annotations

import argparse

from core import audit, datasets
from core.cli import CommandError
from core.engines import sources
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `engine` command and its `source` subcommand."""
    parser = commands.add_parser("engine", help="settings of the build engine")
    actions = parser.add_subparsers(dest="engine_action", required=True, metavar="ACTION")
    source = actions.add_parser(
        "source", help="where a build on Spark reads a dataset; without arguments, list the sources",
        description="Point a dataset at a path or catalog table the Spark cluster reads. The next build on Spark "
                    "reads it and keeps a Parquet snapshot of its mapped columns in the workspace.")
    source.add_argument("dataset", nargs="?", choices=datasets.DATASETS, help="the dataset")
    source.add_argument("path", nargs="?", metavar="PATH",
                        help=f"a folder or file of Parquet files ({', '.join(s + '://' for s in sources.SCHEMES)})")
    source.add_argument("--table", metavar="[CATALOG.]DB.TABLE", help="a catalog table instead of a path")
    source.add_argument("--clear", action="store_true", help="read the dataset from the workspace's files again")
    source.set_defaults(handler=run_source)


def run_source(ws: Workspace, args: argparse.Namespace) -> int:
    """Set, clear or list the lake sources."""
    lang = args.lang
    given = [x for x in (args.path, args.table, args.clear or None) if x is not None]
    if args.dataset is None:
        if given:
            raise CommandError(t("engine.cli.source_usage", lang))
        found = sources.sources(ws)
        for kind, source in found.items():
            print(t("engine.cli.source_line", lang, dataset=kind, source=source.describe()))
        if not found:
            print(t("engine.cli.source_none", lang))
        return 0
    if len(given) != 1:
        raise CommandError(t("engine.cli.source_usage", lang))
    source = sources.set_source(ws, audit.cli_actor(), args.dataset, path=args.path, table=args.table)
    if source is None:
        print(t("engine.cli.source_cleared", lang, dataset=args.dataset))
    else:
        print(t("engine.cli.source_set", lang, dataset=args.dataset, source=source.describe()))
    return 0
