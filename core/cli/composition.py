"""`composition`: how many contacts of each base type as of a date, with chosen thresholds."""
from __future__ import annotations

import argparse
import datetime as dt
import json

from core import composition, sql
from core.cli import EXIT_USAGE, CommandError
from core.context import Thresholds
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `composition` command."""
    parser = commands.add_parser("composition", help="contacts per base type as of a date")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="analysis date (default: the latest order date)")
    parser.add_argument("--inactive-days", type=int, default=Thresholds.inactive_days,
                        help=f"inactivity threshold in days (default {Thresholds.inactive_days})")
    parser.add_argument("--vip-share", type=float, default=Thresholds.vip_share,
                        help=f"VIP share of last-year buyers, 0..1 (default {Thresholds.vip_share})")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the count of contacts per base type."""
    import sys

    if not 0 <= args.vip_share <= 1:
        print(t("cli.composition.bad_share", args.lang), file=sys.stderr)
        return EXIT_USAGE
    if args.inactive_days <= 0:
        print(t("cli.composition.bad_days", args.lang), file=sys.stderr)
        return EXIT_USAGE
    if ws.is_empty():
        raise CommandError(t("cli.composition.empty", args.lang))
    ctx = sql.default_context(ws)
    if args.as_of is not None:
        ctx = ctx.replace(as_of=args.as_of, start=min(ctx.start, args.as_of), end=max(ctx.end, args.as_of))
    ctx = ctx.replace(thresholds=Thresholds(inactive_days=args.inactive_days, vip_share=args.vip_share))
    types = composition.counts(ws, ctx)
    if args.json:
        print(json.dumps({"as_of": ctx.as_of.isoformat(), "types": types}))
        return 0
    from core import definitions, fmt

    print(f"{t('composition.caption', args.lang, as_of=fmt.date(ctx.as_of))}")
    for code, count in types.items():
        print(f"{definitions.label('base_type', code, args.lang):<20} {fmt.number(count):>12}")
    return 0
