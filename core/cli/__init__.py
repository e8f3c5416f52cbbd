"""The command line `python -m core [--workspace DIR] COMMAND`.

Each module of this package defines `register(subparsers)`, adding its command with a `handler`
default taking (workspace, args) and returning an exit code. Exit codes: 0 done, 1 the work could
not be done (a message says why), 2 a usage error.
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from core import settings
from core.i18n import t

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """The command could not do its work; the message is shown to the user and the exit code is 1."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command of this package."""
    parser = argparse.ArgumentParser(prog="python -m core", description="Клиентская база: command line")
    parser.add_argument("--workspace", type=Path, help=f"workspace folder (default: ${settings.ENV_WORKSPACE} "
                        "or data/workspace)")
    parser.add_argument("--lang", choices=("ru", "en"), default=os.environ.get("KB_LANG", "ru"),
                        help="language of messages")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{module.name}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    if args.workspace is not None:
        os.environ[settings.ENV_WORKSPACE] = str(args.workspace)
    from core import build, engines  # noqa: F401 - install the engine that builds the generations (DuckDB or Spark)
    from core.workspace import Workspace, WorkspaceError

    try:
        ws = Workspace(settings.workspace_path())
    except (OSError, WorkspaceError) as exc:
        localized = getattr(exc, "message", None)
        print(t("cli.error.workspace", args.lang, error=localized(args.lang) if callable(localized) else exc),
              file=sys.stderr)
        return EXIT_FAILED
    try:
        announce_first_admin(ws, args.lang)
        # another date's variants made on Spark tell their steps as they run (to stderr: stdout may be JSON)
        with build.reporting_variants(lambda i, n, step: variant_step(args.lang, i, n, step)):
            return int(args.handler(ws, args) or EXIT_OK)
    except (CommandError, WorkspaceError) as exc:
        localized = getattr(exc, "message", None)  # errors that speak both languages (core.engines)
        print(localized(args.lang) if callable(localized) else str(exc), file=sys.stderr)
        return EXIT_FAILED
    finally:
        ws.close()


def variant_step(lang: str, i: int, n: int, step: str) -> None:
    """Print «step i+1 of n» of another date's variants being made on Spark (nothing at the end, i = n)."""
    if i < n:
        print(t("engine.variant.step", lang, i=i + 1, n=n, step=t(f"build.step.{step}", lang)), file=sys.stderr,
              flush=True)


def announce_first_admin(ws, lang: str) -> None:
    """On a workspace without accounts, create `admin` and print its one-time password (to stderr)."""
    from core import audit, users

    password = users.ensure_admin(ws, actor=audit.cli_actor())
    if password is not None:
        print(users.first_admin_message(password, lang), file=sys.stderr)
