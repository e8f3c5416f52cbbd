"""The browser being served: its address (for the audit log) and whether it reached us over HTTPS.

Both come from the request that opened the session (`st.context`): the connection's address and, from
a trusted reverse proxy, its `X-Forwarded-For` / `X-Forwarded-Proto` headers (core/network.py).
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core import network


def _peer() -> str:
    # Streamlit names no address for a connection from the loopback interface.
    return st.context.ip_address or "127.0.0.1"


def address() -> str | None:
    """The client's address of the session being served, or None outside a session (a background thread)."""
    if get_script_run_ctx() is None:
        return None
    return network.client_address(_peer(), st.context.headers.get_all("X-Forwarded-For"))


def https() -> bool:
    """True when this session's browser reached the dashboard over HTTPS."""
    if get_script_run_ctx() is None:
        return False
    return network.is_https(st.context.url, st.context.headers.get_all("X-Forwarded-Proto"))
