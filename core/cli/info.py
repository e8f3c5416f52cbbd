"""`info`: what the workspace holds."""
from __future__ import annotations

import argparse
import json

from core import fmt, info
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `info` command."""
    parser = commands.add_parser("info", help="datasets, row counts and date ranges")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the workspace description."""
    description = info.describe(ws)
    if args.json:
        print(json.dumps(description, ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"workspace: {description['workspace']} (generation {description['generation']}, "
          f"built on {description['engine']})")
    for kind, stats in description["datasets"].items():
        span = f"{stats['min_date']} .. {stats['max_date']}" if stats["rows"] else "-"
        print(f"{kind:<13} {stats['rows']:>12,} rows  {span}")
    for kind, source in description["sources"].items():
        print(t("engine.cli.source_line", args.lang, dataset=kind, source=source))
    for kind, source in description["read_sources"].items():
        print(t("engine.cli.read_line", args.lang, generation=description["generation"], dataset=kind, source=source))
    following = description["next_engine"]
    print(t("engine.cli.next_engine", args.lang, engine=following["engine"], remote=following["remote"] or "-")
          + (t("engine.cli.fixed", args.lang) if following["fixed"] else ""))
    memory = description["memory"]
    if memory["budget"]:
        print(t("engine.cli.memory", args.lang, variable=memory["variable"],
                **{part: _gib(memory["budget"][part], args.lang) for part in ("total", "duckdb", "python")}))
    else:
        print(t("engine.cli.memory_unset", args.lang, variable=memory["variable"], duckdb=memory["duckdb_setting"]))
    return 0


def _gib(size: int, lang: str) -> str:
    """Bytes in GiB, two decimals, in the language's number format (`1,86 ГиБ` / `1.86 GiB`)."""
    return t("engine.cli.gib", lang, value=fmt.number(size / 1024 ** 3, 2, lang))
