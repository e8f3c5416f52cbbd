"""`campaign results` and `campaign list`: what each campaign earned against its control group."""
from __future__ import annotations

import argparse
import json

from core import campaign_results, campaigns, fmt, sql
from core.access import Viewer
from core.cli import CommandError
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `campaign` command with its `results` and `list` actions."""
    parser = commands.add_parser("campaign", help="campaign results against control groups")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    results = actions.add_parser("results", help="conversion, revenue per customer and uplift with its 95% CI")
    results.add_argument("--name", help="one campaign (default: every campaign)")
    results.add_argument("--window-days", type=int, default=campaign_results.DEFAULT_WINDOW_DAYS,
                         help=f"days after the campaign's date (default {campaign_results.DEFAULT_WINDOW_DAYS})")
    results.add_argument("--json", action="store_true", help="print JSON")
    results.set_defaults(handler=run_results)
    listing = actions.add_parser("list", help="campaigns made in the product")
    listing.set_defaults(handler=run_list)


def run_results(ws: Workspace, args: argparse.Namespace) -> int:
    """Print each campaign's results (JSON: a list of objects with `campaign_results.KEYS` first)."""
    ctx = sql.default_context(ws, viewer=Viewer.system())
    try:
        records = campaign_results.results(ws, ctx, args.name, args.window_days)
    except campaigns.CampaignError as exc:
        raise CommandError(exc.message(args.lang)) from exc
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return 0
    for r in records:
        uplift = ("—" if r["uplift_revenue_per_customer"] is None else
                  f"{fmt.money(r['uplift_revenue_per_customer'])} [{fmt.money(r['ci_low'])}; {fmt.money(r['ci_high'])}]")
        print(f"{r['sent_date']}  {r['name']}: {t('campaigns.col.recipients', args.lang)} {r['recipients']}, "
              f"{t('campaigns.col.control', args.lang)} {r['control']}, "
              f"{t('campaigns.col.uplift', args.lang)} {uplift}")
    return 0


def run_list(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the campaigns made in the product."""
    for c in campaigns.all_campaigns(ws):
        print(f"{c.id}  {c.created_at}  {c.name}  {c.channel or '-'}  {c.recipients}/{c.control}  {c.author}")
    return 0
