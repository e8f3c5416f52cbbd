"""`report`: the periodic report (XLSX and self-contained HTML) of the last complete week, month or quarter."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from core import report, sql
from core.access import Viewer
from core.cli import CommandError
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `report` command."""
    parser = commands.add_parser("report", help="the periodic report as XLSX and self-contained HTML")
    parser.add_argument("--period", choices=report.PERIODS, required=True,
                        help="the last complete week (Monday–Sunday), month or quarter")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="analysis date (default: the latest order date)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write the two files into")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Write the report and print the two files' paths."""
    if ws.is_empty():
        raise CommandError(t("report.empty", args.lang))
    ctx = sql.default_context(ws, viewer=Viewer.system())
    if args.as_of is not None:
        ctx = ctx.replace(as_of=args.as_of)
    try:
        xlsx, page = report.write(ws, ctx, args.period, args.out, args.lang)
    except OSError as exc:
        raise CommandError(t("report.unwritable", args.lang, path=args.out, error=exc)) from exc
    print(xlsx)
    print(page)
    return 0
