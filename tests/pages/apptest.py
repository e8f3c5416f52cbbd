"""Running the app through AppTest: the router (Home.py) with a workspace, a signed-in viewer and a chosen page.

`run_app(path, monkeypatch)` signs in the administrator `admin` (also with `viewer=None`); pass
`viewer=Viewer(...)` for another role (the account is created in the workspace when missing, as the
login gate requires an existing account), or `signed_in=False` for a visitor who has not signed in
(only the login page exists then).
"""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from core import users
from core.access import Viewer

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Viewer(username="admin", role="admin")


def ensure_account(workspace: Path, viewer: Viewer) -> None:
    """Create (or align) the account of `viewer` in the workspace's accounts, so the login gate accepts it."""
    meta = SimpleNamespace(meta_dir=Path(workspace) / "meta")
    existing = users.get(meta, viewer.username)
    if existing is None:
        users.add(meta, Viewer.system(), viewer.username, viewer.role, manager_id=viewer.manager_id)
    elif existing.viewer() != viewer:
        users.set_role(meta, Viewer.system(), viewer.username, viewer.role, manager_id=viewer.manager_id)


def run_app(workspace: Path, monkeypatch, page: str | None = None, viewer: Viewer | None = None,
            query: dict[str, str] | None = None, timeout: float = 60, signed_in: bool = True) -> AppTest:
    """Run Home.py on `workspace` signed in as `viewer` (default: admin; `signed_in=False`: nobody), switch to `page`."""
    monkeypatch.setenv("KB_WORKSPACE", str(workspace))
    from ui import db, state

    db.workspace.clear()
    db._call.clear()
    state._default_as_of.clear()  # keyed by generation only: another test's workspace may share the number
    app = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=timeout)
    viewer = (viewer or ADMIN) if signed_in else None
    if viewer is not None:
        ensure_account(workspace, viewer)
        app.session_state["viewer"] = viewer
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    return app


def texts(app: AppTest) -> str:
    """All markdown, titles, captions and metric labels of the current run, joined."""
    parts = [e.value for e in app.title] + [e.value for e in app.markdown] + [e.value for e in app.caption]
    parts += [e.value for e in app.subheader] + [m.label for m in app.metric]
    return "\n".join(str(p) for p in parts)


def downloads(app: AppTest) -> list:
    """The page's download buttons other than the charts' data downloads (`ui/charts.py`)."""
    return [d for d in app.get("download_button") if not (d.key or "").startswith("chart_")]


def chart_downloads(app: AppTest) -> list:
    """The charts' data downloads (CSV and XLSX beside each chart)."""
    return [d for d in app.get("download_button") if (d.key or "").startswith("chart_")]


def shown(markdown: str) -> str:
    """The text a Markdown body shows when it holds escaped data values (`core.text.md`): escapes and the
    invisible word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def column_formats(table) -> dict[str, tuple[str, str | None]]:
    """A table's columns as the grid shows them: heading and format (`ui.widgets.table` keeps the values)."""
    import json

    columns = json.loads(table.proto.columns or "{}")
    return {name: (c.get("label", name), c.get("type_config", {}).get("format"))
            for name, c in columns.items() if not name.startswith("_")}
