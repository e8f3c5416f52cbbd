"""Every page runs inside the router (Home.py), even when Streamlit runs a page file directly.

Because the project has a `pages/` folder, Streamlit runs a requested page file directly, without
Home.py, in the first script run of a server process (before any `st.navigation` call) and in every
AppTest run after `switch_page`. A page run that way would skip the login gate and the role's page
list. So pages start with `state.context()` or `state.viewer()`, which call `ensure_routed()`: outside
the router it turns Streamlit's page-folder mode off and reruns, so the run goes through Home.py (login
gate, sidebar, `st.navigation` of the viewer's pages, which runs the requested page if this viewer may
open it); nothing of the direct run is shown.
"""
from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_ROUTED: contextvars.ContextVar[bool] = contextvars.ContextVar("kb_routed", default=False)


@contextlib.contextmanager
def routed() -> Iterator[None]:
    """Mark the pages run inside this block as run by the router (Home.py wraps `st.navigation().run()`)."""
    token = _ROUTED.set(True)
    try:
        yield
    finally:
        _ROUTED.reset(token)


def ensure_routed() -> None:
    """Outside the router, switch Streamlit to `st.navigation` mode and start the run again through Home.py
    (on the same page, if this viewer may open it); nothing of the direct run is shown."""
    if _ROUTED.get():
        return
    PagesManager.uses_pages_directory = False
    st.rerun()
