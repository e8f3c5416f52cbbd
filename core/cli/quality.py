"""`quality`: the data-quality report of the workspace (scores, problem counts, one list as CSV)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from core import quality, sql
from core.cli import CommandError
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `quality` command."""
    parser = commands.add_parser("quality", help="data quality: scores per dataset and problem lists")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="analysis date (default: latest order)")
    parser.add_argument("--stale-days", type=int, default=quality.DEFAULT_STALE_DAYS,
                        help="a contact is stale after this many days without activity")
    parser.add_argument("--list", choices=quality.LISTS, help="print this problem list as CSV (UTF-8 BOM, ';')")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the report; record the scores of the current generation in the history."""
    if args.stale_days < 1:
        raise CommandError(t("quality.cli.bad_days", args.lang))
    ctx = sql.default_context(ws)
    if args.as_of:
        ctx = ctx.replace(as_of=args.as_of, start=min(ctx.start, args.as_of), end=args.as_of)
    report = quality.report(ws, ctx, stale_days=args.stale_days)
    quality.snapshot(ws)
    if args.list:
        sys.stdout.buffer.write(quality.csv_bytes(report.lists[args.list]))
        return 0
    summary = {
        "generation": ctx.generation,
        "as_of": ctx.as_of.isoformat(),
        "stale_days": args.stale_days,
        "overall": report.overall(),
        "scores": report.scores.to_dicts(),
        "problems": report.counts(),
        "consent": report.consent.to_dicts(),
        "missing": report.missing.to_dicts(),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return 0
    lang = args.lang
    print(t("quality.cli.header", lang, generation=ctx.generation, as_of=ctx.as_of.isoformat(),
            overall="-" if summary["overall"] is None else summary["overall"]))
    for row in report.scores.iter_rows(named=True):
        score = "-" if row["score"] is None else f"{row['score']:.1f}"
        print(f"  {row['dataset']:<13} {score:>6}  {row['problem_rows']:>9,} / {row['rows']:,}")
    for name, count in report.counts().items():
        print(f"  {t(f'quality.list.{name}', lang):<48} {count:>9,}")
    return 0
