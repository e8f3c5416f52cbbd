"""`users`: add, list, remove accounts, change a role, reset a password, end an account's sessions."""
from __future__ import annotations

import argparse
import json
import sys

from core import audit, users
from core.access import ROLES
from core.cli import EXIT_FAILED, EXIT_OK
from core.i18n import t
from core.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `users` command and its subcommands."""
    parser = commands.add_parser("users", help="dashboard accounts")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="SUBCOMMAND")

    add = sub.add_parser("add", help="create an account (prints a generated password unless --password-stdin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", help="the person's name as shown in the dashboard")
    add.add_argument("--manager-id", help="for managers: the value of the `manager` field of their customers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    add.set_defaults(handler=_add)

    listing = sub.add_parser("list", help="list accounts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    remove = sub.add_parser("remove", help="delete an account")
    remove.add_argument("username")
    remove.set_defaults(handler=_remove)

    role = sub.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--manager-id", help="required for the manager role")
    role.set_defaults(handler=_set_role)

    sign_out = sub.add_parser("sign-out", help="end every session of an account (open pages ask to sign in again)")
    sign_out.add_argument("username")
    sign_out.set_defaults(handler=_sign_out)

    reset = sub.add_parser("reset-password", help="set a new password (generated unless --password-stdin)")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    reset.set_defaults(handler=_reset)


def actor() -> Viewer:
    """Who the command line acts as in the audit log: `cli:<operating-system user>`."""
    return audit.cli_actor()


def _password(args: argparse.Namespace) -> str | None:
    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else None


def _guard(change):
    def run(ws: Workspace, args: argparse.Namespace) -> int:
        try:
            return change(ws, args)
        except users.UserError as exc:
            print(exc.text(args.lang), file=sys.stderr)
            return EXIT_FAILED
    return run


@_guard
def _add(ws: Workspace, args: argparse.Namespace) -> int:
    password = users.add(ws, actor(), args.username, args.role, name=args.name, manager_id=args.manager_id,
                         password=_password(args))
    print(t("access.cli.added", args.lang, username=users.normalize(args.username), role=args.role))
    if not args.password_stdin:
        print(t("access.cli.password", args.lang, password=password))
    return EXIT_OK


@_guard
def _list(ws: Workspace, args: argparse.Namespace) -> int:
    accounts = users.load(ws)
    rows = [{"username": u.username, "role": u.role, "name": u.name, "manager_id": u.manager_id,
             "created_at": u.created_at, "locked": users.lock_state(ws, u.username) is not None}
            for u in sorted(accounts.values(), key=lambda u: u.username)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        extra = f"  [{row['manager_id']}]" if row["manager_id"] else ""
        lock = "  " + t("access.cli.locked", args.lang) if row["locked"] else ""
        print(f"{row['username']:<24} {row['role']:<10} {row['name']}{extra}{lock}")
    return EXIT_OK


@_guard
def _remove(ws: Workspace, args: argparse.Namespace) -> int:
    users.remove(ws, actor(), args.username)
    print(t("access.cli.removed", args.lang, username=users.normalize(args.username)))
    return EXIT_OK


@_guard
def _sign_out(ws: Workspace, args: argparse.Namespace) -> int:
    users.sign_out_everywhere(ws, actor(), args.username)
    print(t("access.cli.signed_out", args.lang, username=users.normalize(args.username)))
    return EXIT_OK


@_guard
def _set_role(ws: Workspace, args: argparse.Namespace) -> int:
    users.set_role(ws, actor(), args.username, args.role, manager_id=args.manager_id)
    print(t("access.cli.role_set", args.lang, username=users.normalize(args.username), role=args.role))
    return EXIT_OK


@_guard
def _reset(ws: Workspace, args: argparse.Namespace) -> int:
    password = users.reset_password(ws, actor(), args.username, password=_password(args))
    print(t("access.cli.password_reset", args.lang, username=users.normalize(args.username)))
    if not args.password_stdin:
        print(t("access.cli.password", args.lang, password=password))
    return EXIT_OK
