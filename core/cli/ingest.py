"""`ingest`: upload an export (CSV, Excel, Parquet) into the workspace and print the report."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import audit, categories, sql
from core.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from core.i18n import t
from core.ingest import mapping as mp
from core.ingest import pipeline, publish
from core.ingest.errors import IngestError, message
from core.ingest.validate import REASONS, Report
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `ingest` command."""
    parser = commands.add_parser("ingest", help="upload a CSV / Excel / Parquet export")
    parser.add_argument("path", type=Path, metavar="PATH", help="the file to upload")
    parser.add_argument("--kind", required=True, choices=mp.KINDS, help="which dataset the file holds")
    parser.add_argument("--mode", choices=publish.MODES, default="append",
                        help="append (idempotent, default) or replace the dataset")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="map a canonical field to a column (repeatable); the rest is suggested")
    parser.add_argument("--sheet", metavar="NAME", help="Excel sheet (default: the first)")
    parser.add_argument("--date-order", choices=("dmy", "mdy"),
                        help="how to read dates that fit both day/month and month/day")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def _overrides(items: list[str], lang: str) -> dict[str, str]:
    """Parse FIELD=COLUMN pairs."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, column = item.partition("=")
        if not sep or not name.strip():
            raise IngestError("map_syntax", item=item)
        out[name.strip()] = column.strip()
    return out


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Upload the file; exit 0 when rows were loaded, 1 when nothing was."""
    lang = args.lang
    if not args.path.is_file():
        print(t("upload.error.unreadable", lang, detail=str(args.path)), file=sys.stderr)
        publish.record_failure(ws, audit.cli_actor(), args.kind, args.mode, args.path.name,
                               FileNotFoundError(args.path))
        return EXIT_FAILED
    try:
        overrides = _overrides(args.map, lang)
    except IngestError as exc:
        print(message(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        report = publish.upload(
            ws, args.path, args.kind, args.mode, mapping_overrides=overrides, sheet=args.sheet,
            date_order=args.date_order, user=audit.cli_actor().username,
        )
    except IngestError as exc:
        print(message(exc, lang), file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        out = report.to_dict()
        if report.published and args.kind == "order_lines":
            out["line_check"] = categories.line_check(ws, sql.default_context(ws))
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        _print(report, lang)
    if report.error:
        print(t(f"upload.error.{report.error}", lang), file=sys.stderr)
    if report.loaded and args.kind in ("orders", "order_lines") and not args.json:
        _print_line_check(ws, lang)
    return EXIT_OK if report.loaded else EXIT_FAILED


def _print_line_check(ws: Workspace, lang: str) -> None:
    """After orders or order lines: lines of unknown orders and orders whose lines disagree (when lines exist)."""
    check = categories.line_check(ws, sql.default_context(ws))
    if check["lines"]:
        print(t("cli.ingest.lines", lang, unknown_lines=check["unknown_lines"], unknown_orders=check["unknown_orders"],
                mismatched=check["mismatched_orders"], orders_with_lines=check["orders_with_lines"]))


def _print(report: Report, lang: str) -> None:
    """The report as a few lines of text in `lang`."""
    print(t("cli.ingest.summary", lang, file=report.file_name, rows_read=report.rows_read, loaded=report.loaded,
            rejected=report.rejected, duplicates=report.duplicates))
    print(t("cli.ingest.mapping", lang, mapping=", ".join(f"{k}={v}" for k, v in report.mapping.items())))
    for code in (*REASONS, "duplicate"):
        count = report.rejected_by_reason.get(code) if code != "duplicate" else report.duplicates
        if not count:
            continue
        examples = ", ".join(publish.example_text(e, lang) for e in report.examples.get(code, []))
        print(t("cli.ingest.reason", lang, reason=t(f"upload.reason.{code}", lang), count=count, examples=examples))
    if report.erased:
        print(t("upload.report.erased", lang, count=report.erased))
    if report.demo_removed:
        print(t("upload.report.demo_removed", lang))
    if report.unchanged:
        print(t("upload.report.unchanged", lang))
    elif report.published:
        print(t("upload.report.published", lang, generation=report.generation, added=report.added,
                replaced=report.replaced))
