"""`segment list` and `segment export`: saved and ready-made segments from the command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import audit, communications, export, sql
from core.cli import CommandError
from core.i18n import t
from core.segments import rules as segment_rules
from core.segments import saved, wording
from core.store import write_atomic
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `segment` command with its `list` and `export` actions."""
    parser = commands.add_parser("segment", help="list segments, download a segment's customers")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="ready-made and saved segments")
    listing.set_defaults(handler=run_list)
    out = actions.add_parser("export", help="write a segment's customers to a CSV or XLSX file")
    which = out.add_mutually_exclusive_group(required=True)
    which.add_argument("--name", help="a saved or ready-made segment (name or id)")
    which.add_argument("--rules", type=Path, help="a JSON file with rules {\"all\": [...]}")
    out.add_argument("--out", type=Path, required=True, help="the file to write")
    out.add_argument("--format", choices=export.FORMATS, help="file format (default: from --out, else csv)")
    out.add_argument("--channel", choices=export.CHANNELS,
                     help="campaign channel: keep only consented customers with a usable address")
    out.add_argument("--pressure-days", type=int, metavar="N",
                     help="with --channel: leave out customers sent anything on it in the last N days "
                          "(default: the workspace's campaign setting, 7; 0: off)")
    out.add_argument("--separator", choices=export.SEPARATORS, default=";", help="CSV separator (default ;)")
    out.add_argument("--columns", help="comma-separated columns (default: by channel); "
                     f"possible: {', '.join(export.EXPORT_COLUMNS)}")
    out.set_defaults(handler=run_export)


def run_list(ws: Workspace, args: argparse.Namespace) -> int:
    """Print every segment: id, name, owner, last change and its rules (as JSON, then in words)."""
    for segment in saved.all_segments(ws, args.lang):
        changed = segment.changed_at or "-"
        print(f"{segment.id:<24} {segment.name:<40} {segment.owner:<12} {changed:<25} {segment.rules.dumps()}")
        print(f"{'':<24} {wording.describe(segment.rules, args.lang)}")
    return 0


def run_export(ws: Workspace, args: argparse.Namespace) -> int:
    """Write the file and print rows written and left out (by reason)."""
    lang = args.lang
    try:
        if args.name:
            segment = saved.find(ws, args.name, lang)
            name, rules = segment.name, segment.rules
        else:
            try:
                text = args.rules.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise CommandError(t("segments.cli.unreadable", lang, path=args.rules, error=exc)) from exc
            name, rules = args.rules.stem, segment_rules.parse(text)
    except segment_rules.RuleError as exc:
        raise CommandError(exc.message(lang)) from exc
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    columns = tuple(c.strip() for c in args.columns.split(",")) if args.columns else \
        export.DEFAULT_COLUMNS[args.channel]
    viewer = audit.cli_actor()
    ctx = sql.default_context(ws, viewer=viewer)
    pressure = 0
    if args.channel:
        pressure = communications.settings(ws)["pressure_days"] if args.pressure_days is None else args.pressure_days
        if not 0 <= pressure <= communications.MAX_PRESSURE_DAYS:
            raise CommandError(t("segments.cli.bad_pressure", lang, max=communications.MAX_PRESSURE_DAYS))
        if pressure:
            print(t("segments.cli.pressure", lang, days=pressure), file=sys.stderr)
    try:
        download = export.segment_download(ws, ctx, rules, name, columns=columns, channel=args.channel, fmt=fmt,
                                           separator=args.separator, lang=lang, pressure_days=pressure)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    write_atomic(args.out, download.data)
    export.record_download(ws, viewer, f"segment {name!r} -> {args.out.name}", download.rows)
    print(t("segments.cli.written", lang, rows=download.rows, path=args.out))
    print(t("segments.cli.left_out", lang, rows=download.left_out_total))
    for reason, rows in download.left_out.items():
        print(f"  {t(f'segments.reason.{reason}', lang)}: {rows}")
    return 0
