"""`erase`: anonymise one customer's personal data in every dataset (a new generation, audited)."""
from __future__ import annotations

import argparse
import sys

from core import erasure
from core.cli import EXIT_FAILED, EXIT_OK
from core.cli.users import actor
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `erase` command."""
    parser = commands.add_parser("erase", help="erase one customer's personal data across all datasets")
    parser.add_argument("customer_id")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Erase the customer and print how many rows of each dataset were anonymised."""
    try:
        done = erasure.erase(ws, actor(), args.customer_id)
    except erasure.ErasureError as exc:
        print(exc.text(args.lang), file=sys.stderr)
        return EXIT_FAILED
    print(t("erase.done", args.lang, customer_id=done.customer_id, generation=done.generation,
            rejected=done.rejected_rows))
    for kind, rows in done.rows.items():
        print(f"{kind}: {rows}")
    return EXIT_OK
