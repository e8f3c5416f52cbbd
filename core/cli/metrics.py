"""`metrics`: the period metrics of issue 5 (retention, average check, repeat rate, CAC, LTV) for [start, end]."""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys

from core import fmt, metrics
from core.context import QueryContext, Thresholds
from core.i18n import t
from core.workspace import Workspace


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from exc


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _share(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text!r}")
    return value


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `metrics` command."""
    parser = commands.add_parser("metrics", help="period metrics: retention, average check, repeat rate, CAC, LTV")
    parser.add_argument("--start", type=_date, required=True, help="first day of the period, YYYY-MM-DD")
    parser.add_argument("--end", type=_date, required=True, help="last day of the period, YYYY-MM-DD (included)")
    parser.add_argument("--window-days", type=_days, default=Thresholds().activity_window_days,
                        help="activity window W in days (default 90)")
    parser.add_argument("--gross-margin", type=_share, default=Thresholds().gross_margin_share,
                        help="gross margin share of revenue, 0..1, for LTV as gross profit (default 0.3)")
    parser.add_argument("--json", action="store_true", help="print a JSON object (percentages 0-100, null if undefined)")
    parser.set_defaults(handler=run)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    """Compute and print the metrics of [start, end]."""
    if args.start > args.end:
        print(t("cli.metrics.error.dates", args.lang, start=args.start, end=args.end), file=sys.stderr)
        return 2
    thresholds = dataclasses.replace(Thresholds(), activity_window_days=args.window_days,
                                     gross_margin_share=args.gross_margin)
    ctx = QueryContext(as_of=args.end, start=args.start, end=args.end, thresholds=thresholds,
                       generation=ws.generation())
    values = metrics.period_metrics(ws, ctx)
    if args.json:
        print(json.dumps(values, ensure_ascii=False, indent=2))
        return 0
    for key in metrics.KEYS:
        print(f"{t(f'metrics.kpi.{key}', args.lang)}: {format_value(key, values[key])}")
    return 0


def format_value(key: str, value: float | int | None) -> str:
    """A metric's value the Russian way: money with the currency, percentages with %, counts whole."""
    if key in metrics.MONEY_KEYS:
        return fmt.money(value)
    if key in metrics.PERCENT_KEYS:
        return fmt.percent(value)
    if key in ("ltv_frequency", "ltv_lifespan_years"):
        return fmt.number(value, 2)
    return fmt.number(value)
