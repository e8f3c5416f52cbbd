"""Every page runs inside the router (Home.py), even when Streamlit runs a page file directly.

Because the project has a `pages/` folder, Streamlit treats it as a v1 page folder until some run
calls `st.navigation`: in the first script run of a server process and in every AppTest run it runs
Home.py as a v1 page, or a requested page file directly, without Home.py. A page run that way would
skip the login gate and the role's page list. So:

- Home.py calls `leave_page_folder_mode()` first: it switches that mode off for the process and lets
  Home's own widgets take the ids of a normal router run (they include the running script's hash);
- pages start with `state.context()` or `state.viewer()`, which call `ensure_routed()`: outside the
  router it runs Home.py in place (login gate, sidebar, `st.navigation` of the viewer's pages, which
  runs the requested page if this viewer may open it) and stops the direct run, so nothing of it is shown.
"""
from __future__ import annotations

import contextlib
import contextvars
import runpy
from collections.abc import Iterator

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

from core.settings import PROJECT_ROOT

HOME = PROJECT_ROOT / "Home.py"
_ROUTED: contextvars.ContextVar[bool] = contextvars.ContextVar("kb_routed", default=False)


@contextlib.contextmanager
def routed() -> Iterator[None]:
    """Mark the pages run inside this block as run by the router (Home.py wraps `st.navigation().run()`)."""
    token = _ROUTED.set(True)
    try:
        yield
    finally:
        _ROUTED.reset(token)


def leave_page_folder_mode() -> None:
    """Home.py's first call: no more v1 page-folder runs in this process; Home's widgets get the main script's ids."""
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is not None:
        ThreadState.update(active_script_hash=ctx.pages_manager.main_script_hash)


def ensure_routed() -> None:
    """Outside the router, run the router (Home.py) in place of this page run and stop the direct run."""
    if _ROUTED.get():
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None:
        runpy.run_path(str(HOME), run_name="__main__")
    else:
        with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
            runpy.run_path(str(HOME), run_name="__main__")
    st.stop()
