"""`clv fit`: fit BG/NBD and Gamma-Gamma on completed orders and print the parameters."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from core import sql
from core.cli import CommandError
from core.clv.clv import CLVSettings
from core.clv.service import fit
from core.i18n import t
from core.workspace import Workspace


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `clv` command with its `fit` subcommand."""
    parser = commands.add_parser("clv", help="predictive customer lifetime value (BG/NBD, Gamma-Gamma)")
    actions = parser.add_subparsers(dest="clv_action", required=True, metavar="ACTION")
    fit_parser = actions.add_parser(
        "fit", help="fit the models on completed orders up to the calibration end"
    )
    fit_parser.add_argument(
        "--calibration-end",
        type=_date,
        help="last day of the calibration period (YYYY-MM-DD; default: the latest completed order)",
    )
    fit_parser.add_argument(
        "--time-unit", choices=("day", "week"), default="week", help="time unit (default week)"
    )
    fit_parser.add_argument("--json", action="store_true", help="print JSON")
    fit_parser.set_defaults(handler=run_fit)


def run_fit(ws: Workspace, args: argparse.Namespace) -> int:
    """Fit and print; exit 1 with the reason when the model cannot be fitted."""
    ctx = sql.default_context(ws)
    result = fit(ws, ctx, args.calibration_end or ctx.as_of, CLVSettings(time_unit=args.time_unit))
    if not result.ok or result.bgnbd is None:
        raise CommandError("\n".join(p.message(args.lang) for p in result.problems))
    bg = result.bgnbd
    gg = result.gamma_gamma
    payload = {
        "customers": result.customers,
        "bgnbd": {
            "r": bg.params.r,
            "alpha": bg.params.alpha,
            "a": bg.params.a,
            "b": bg.params.b,
            "log_likelihood": bg.log_likelihood,
        },
        "gamma_gamma": (
            {"p": gg.params.p, "q": gg.params.q, "v": gg.params.v, "customers": gg.customers} if gg else None
        ),
    }
    if args.json:
        print(json.dumps(payload))
    else:
        print(t("clv.cli.customers", args.lang, n=result.customers, repeat=result.repeat_customers))
        print(t("clv.cli.bgnbd", args.lang, unit=args.time_unit, **payload["bgnbd"]))
        if gg:
            print(t("clv.cli.gamma_gamma", args.lang, **payload["gamma_gamma"]))
    for problem in result.problems:
        print(problem.message(args.lang))
    return 0
