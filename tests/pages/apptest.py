"""Running the app through AppTest: the router (Home.py) with a workspace and a chosen page."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.access import Viewer

ROOT = Path(__file__).resolve().parents[2]


def run_app(workspace: Path, monkeypatch, page: str | None = None, viewer: Viewer | None = None,
            query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run Home.py on `workspace`, switch to `page` (a path like 'pages/overview.py') and return the AppTest."""
    monkeypatch.setenv("KB_WORKSPACE", str(workspace))
    from ui import db, state

    db.workspace.clear()
    db._call.clear()
    state._default_as_of.clear()  # keyed by generation only: another test's workspace may share the number
    app = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=timeout)
    if viewer is not None:
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
