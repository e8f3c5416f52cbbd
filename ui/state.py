"""This session's query context: language, analysis date and period from the sidebar and the URL.

The analysis date and the period live in the URL (`?as_of=2026-10-31&period=90` or
`?as_of=...&start=...&end=...`), so a shared link opens the same view. A malformed value in a link
is reported and replaced by the default, never a stack trace.
"""
from __future__ import annotations

import datetime as dt
import zoneinfo

import streamlit as st

from core import fmt, sql, text
from core.access import Viewer
from core.context import PRESETS, QueryContext, Thresholds, preset_period
from core.i18n import LANGUAGES
from core.workspace import Workspace
from ui import routing
from ui.i18n import LANG_KEY, tr

PERIODS = {"30": "sidebar.period.month", "90": "sidebar.period.quarter", "365": "sidebar.period.year",
           **{name: f"sidebar.period.{name}" for name in PRESETS}, "custom": "sidebar.period.custom"}
VIEWER_KEY = "viewer"
THRESHOLDS_KEY = "thresholds"
FOLLOWED_KEY = "_as_of_default"  # the default date the analysis date still follows, else None


class NotSignedIn(RuntimeError):
    """A page ran without a signed-in viewer (the router registers pages only after login)."""


def viewer() -> Viewer:
    """Who is signed in (set by the login gate in ui/auth.py); call it first thing in a page."""
    routing.ensure_routed()
    return _signed_in()


def _signed_in() -> Viewer:
    current = st.session_state.get(VIEWER_KEY)
    if not isinstance(current, Viewer):
        raise NotSignedIn("no one is signed in")
    return current


def browser_timezone() -> str:
    """The time zone of the viewer's browser (an IANA name), or UTC when it sent none or an unknown one."""
    name = st.context.timezone
    try:
        zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        name = None
    return name or "UTC"


def language_picker() -> None:
    """The language switch (sidebar); before the first run of a session it follows the link's `?lang=`."""
    if LANG_KEY not in st.session_state and st.query_params.get("lang") in LANGUAGES:
        st.session_state[LANG_KEY] = st.query_params.get("lang")
    resend(LANG_KEY)
    st.sidebar.radio(tr("sidebar.language"), LANGUAGES, key=LANG_KEY, horizontal=True,
                     format_func=lambda code: {"ru": "Русский", "en": "English"}[code])


@st.cache_data(show_spinner=False, max_entries=64)
def _default_as_of(_ws: Workspace, path: str, generation: int) -> dt.date:
    with _ws.reading(generation) as cur:
        return sql.default_as_of(cur)


def resend(*keys: str) -> None:
    """Set these widgets' values again in this run (call before drawing them), so the browser is told them too.

    A value put in the session state in one run (from a link) reaches the widget the server
    creates in a later run (when the first was stopped early, e.g. by the login cookie's rerun), but
    the browser is sent it only in the run that set it: it would show the widget's default, and send
    that back with the next click.
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _parse_date(name: str, problems: list[tuple[str, str]]) -> dt.date | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append((name, raw))
        return None


def _read_link(default_as_of: dt.date) -> None:
    """Copy the URL's parameters into the widgets' state, once per session."""
    if st.session_state.get("_link_read"):
        return
    st.session_state["_link_read"] = True
    problems: list[tuple[str, str]] = []
    lang = st.query_params.get("lang")
    if lang in LANGUAGES:
        st.session_state[LANG_KEY] = lang
    elif lang is not None:
        problems.append(("lang", lang))
    as_of = _parse_date("as_of", problems)
    st.session_state["as_of"] = as_of or default_as_of
    # A date from the link stays; the default follows the data (see `_follow_the_data`).
    st.session_state[FOLLOWED_KEY] = None if as_of else default_as_of
    start, end = _parse_date("start", problems), _parse_date("end", problems)
    period = st.query_params.get("period")
    custom = start is not None and end is not None and start <= end
    if custom:
        st.session_state["period"] = "custom"
        st.session_state["period_range"] = (start, end)
    elif start or end:
        problems.append(("start" if start else "end", f"{start or ''} — {end or ''}"))
    if not custom and period in PERIODS:
        st.session_state["period"] = period
    elif not custom and period is not None:
        problems.append(("period", period))
    st.session_state["_link_problems"] = problems


def _follow_the_data(default_as_of: dt.date) -> None:
    """Move an analysis date nobody chose to the new data's default (its latest order date after an upload).

    Stops following once the date differs from the default it was set to: chosen in the sidebar.
    """
    followed = st.session_state.get(FOLLOWED_KEY)
    if followed is None:
        return
    if st.session_state.get("as_of") != followed:
        st.session_state[FOLLOWED_KEY] = None
    elif default_as_of != followed:
        st.session_state["as_of"] = st.session_state[FOLLOWED_KEY] = default_as_of


def sidebar(ws: Workspace, generation: int) -> QueryContext:
    """Draw the shared sidebar and return the context of this run."""
    default_as_of = _default_as_of(ws, str(ws.path), generation)
    _read_link(default_as_of)
    _follow_the_data(default_as_of)
    resend("as_of", "period", "period_range")
    language_picker()
    with st.sidebar:
        as_of = st.date_input(tr("sidebar.as_of"), key="as_of", help=tr("sidebar.as_of.help"), format="DD.MM.YYYY")
        st.session_state.setdefault("period", "90")
        # Labels fixed at render time (not looked up later in whatever language is current then).
        labels = {p: tr(key) for p, key in PERIODS.items()}
        period = st.selectbox(tr("sidebar.period"), list(PERIODS), key="period", help=tr("sidebar.period.help"),
                              format_func=labels.__getitem__)
        if period == "custom":
            st.session_state.setdefault("period_range", (as_of - dt.timedelta(days=89), as_of))
            chosen = st.date_input(tr("sidebar.period.range"), key="period_range", format="DD.MM.YYYY")
            start, end = (chosen if isinstance(chosen, tuple) and len(chosen) == 2 else (as_of, as_of))
        elif period in PRESETS:
            start, end = preset_period(period, as_of)
        else:
            end = as_of
            start = end - dt.timedelta(days=int(period) - 1)
        data_status(ws, generation)
    for name, value in st.session_state.pop("_link_problems", []):
        st.warning(tr("sidebar.bad_link", name=name, value=text.md(value)))
    link = {"lang": st.session_state[LANG_KEY] if LANG_KEY in st.session_state else "ru", "as_of": as_of.isoformat()}
    if period == "custom":
        link.update(start=start.isoformat(), end=end.isoformat())
    else:
        link["period"] = period
    for key, value in link.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    for key in ("start", "end", "period"):
        if key in st.query_params and key not in link:
            del st.query_params[key]
    thresholds = st.session_state.get(THRESHOLDS_KEY) or Thresholds()
    return QueryContext(as_of=as_of, start=start, end=end, thresholds=thresholds, viewer=_signed_in(),
                        generation=generation)


def data_status(ws: Workspace, generation: int) -> None:
    """Which version of the data this run shows, and whether a newer one is being prepared or failed."""
    manifest = ws.manifest()
    if generation == manifest.generation and manifest.created_at:
        created = dt.datetime.fromisoformat(manifest.created_at).astimezone()
        st.caption(tr("sidebar.data.since", generation=generation,
                      created=f"{fmt.date(created.date())} {created:%H:%M}"))
    else:
        st.caption(tr("sidebar.data", generation=generation))
    pending = ws.pending()
    if pending is not None:
        st.info(tr("sidebar.data.pending", pending=pending), icon=":material/hourglass_top:")
    failure = ws.build_failure()
    if failure is not None:
        st.warning(tr("sidebar.data.failed", generation=failure[0]), icon=":material/warning:")


def context() -> QueryContext:
    """The context the router built for this run (pages call this first thing).

    A page file run on its own (a deep link like `/quality` opened first on a fresh server, while
    Streamlit still treats `pages/` as a v1 page folder; every AppTest run after `switch_page`) is
    sent through the router first: see `ui/routing.py`.
    """
    viewer()
    return st.session_state["ctx"]
