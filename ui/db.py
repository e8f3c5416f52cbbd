"""The process-wide workspace and cached calls into core."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from core import audit, demo, fmt, sql, users
from core.access import Viewer
from core.context import QueryContext
from core.workspace import StaleGeneration, Workspace


@st.cache_resource(show_spinner=False)
def workspace() -> Workspace:
    """The workspace of this server process; a fresh, empty one gets the demo data.

    New data published by another process (the command line, a second server) is built in the
    background while the pages go on reading the previous generation.
    """
    ws = Workspace.open_default(background=True)
    password = users.ensure_admin(ws, actor=Viewer(username=f"dashboard:{audit.os_user()}", role="admin"))
    if password is not None:
        # Printed once to the terminal that started the dashboard (`make run`); never stored in clear.
        print(users.first_admin_message(password), flush=True)
    if ws.is_empty():
        demo.load_as_default(ws)
    return ws


@st.cache_data(show_spinner=False, max_entries=4000)
def _call(module: str, name: str, ctx: QueryContext, args: tuple, kwargs: tuple, lang: str) -> Any:
    """`lang` keys the cache: a result with formatted text is the session language's."""
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target(workspace(), ctx, *args, **dict(kwargs))


def cached(fn: Callable[..., Any], ctx: QueryContext, *args: Any, **kwargs: Any) -> Any:
    """`fn(workspace, ctx, *args, **kwargs)` for a core function, cached by its arguments.

    The context carries the generation, so new data means new cache entries. A generation dropped
    under a running page restarts the run on the current data.
    """
    try:
        return _call(fn.__module__, fn.__qualname__, ctx, args, tuple(sorted(kwargs.items())), fmt.language())
    except StaleGeneration:
        st.session_state["stale_generation"] = True
        st.rerun()


def query(name: str, ctx: QueryContext, **params: Any) -> Any:
    """A single query of queries/, cached."""
    return cached(sql.run, ctx, name, **params)
