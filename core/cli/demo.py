"""`demo`: write the deterministic demo dataset into the workspace."""
from __future__ import annotations

import argparse
import sys

from core import demo, fmt
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `demo` command."""
    parser = commands.add_parser("demo", help="write the demo dataset into the workspace")
    parser.add_argument("--customers", type=int, default=20_000, help="number of contacts (default 20000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Generate and publish the demo data; print the row counts."""
    if args.customers < 10:
        raise SystemExit(2)

    def progress(done: int, total: int) -> None:
        if total > demo.CHUNK:  # a base written in chunks takes minutes: say how far it is
            print(t("cli.demo.chunk", args.lang, done=fmt.number(done, lang=args.lang),
                    total=fmt.number(total, lang=args.lang)), file=sys.stderr, flush=True)

    counts = demo.load_into(ws, customers=args.customers, seed=args.seed, progress=progress)
    for kind, rows in counts.items():
        print(f"{kind}: {rows}")
    return 0
