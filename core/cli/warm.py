"""`warm`: store what the pages show in the default context of the current generation (core/warm.py), as
the dashboard does after each new generation, e.g. after an upload from the command line with no dashboard
running, or before timing the pages."""
from __future__ import annotations

import argparse
import json
import time

from core import results, warm
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `warm` command."""
    parser = commands.add_parser("warm", help="store the pages' results for the default context (every period)")
    parser.add_argument("--periods", choices=("default", "all"), default="all",
                        help="the default period (90 days) only, or every period of the sidebar (default)")
    parser.add_argument("--json", action="store_true", help="print one JSON record per call")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Store the results; print each call's time and outcome; 1 when any call could not be stored."""
    generation = ws.generation()
    periods = (warm.DEFAULT_PERIOD,) if args.periods == "default" else warm.PERIODS
    started = time.perf_counter()
    records = warm.warm(ws, generation, periods)
    results.prune(ws, results.kept_generations(ws))
    for record in records:
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{record['period']:>13} {record['call']:<22} {record['seconds']:>8.2f} s  {record['outcome']}")
    failed = [r for r in records if r["outcome"] != "stored"]
    print(t("cli.warm.done", args.lang, generation=generation, calls=len(records) - len(failed), failed=len(failed),
            seconds=f"{time.perf_counter() - started:.1f}"))
    return 1 if failed else 0
