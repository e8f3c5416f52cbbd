"""The process-wide workspace and cached calls into core."""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import streamlit as st

from core import audit, demo, engines, fmt, results, settings, sql, users, warm
from core.access import Viewer
from core.context import QueryContext
from core.workspace import LocalizedError, StaleGeneration, Workspace
from ui.i18n import tr

log = logging.getLogger(__name__)

# The background warming starts a computation only after this long without a page run in this process:
# at a million customers one takes both cores for seconds, which the person clicking should have.
QUIET_SECONDS = 3.0


class _Activity:
    """When a page of this process last ran or asked for a result, and how many results pages are
    computing now."""

    def __init__(self) -> None:
        self.last = 0.0
        self.computing = 0
        self._lock = threading.Lock()
        self.on_touch: list[Callable[[], Any]] = []

    def touch(self) -> None:
        self.last = time.monotonic()
        for call in self.on_touch:
            call()

    @contextlib.contextmanager
    def computation(self) -> Iterator[None]:
        with self._lock:
            self.computing += 1
        try:
            yield
        finally:
            with self._lock:
                self.computing -= 1
            self.touch()  # the quiet counts from its end

    def wait_quiet(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        """Return once no page has run nor computed for `seconds` (or when `should_stop`)."""
        while not should_stop():
            idle = time.monotonic() - self.last
            if idle >= seconds and not self.computing:
                return
            time.sleep(min(max(seconds - idle, 0.2), 1.0))


_activity = _Activity()


def page_running() -> None:
    """Note that a page runs now (the router calls it on every run): the background warming waits."""
    _activity.touch()


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
    if settings.warm_results():
        warmer = _Warmer(ws)
        warmer.start()
        # Someone using a page stops the query the warming is running (it is computed again later).
        _activity.on_touch.append(lambda: ws.interrupt_reads(warmer.ident) if warmer.ident is not None else 0)
    return ws


class _Warmer(threading.Thread):
    """Keeps the default context's results of the generation in force stored (`core/warm.py`): after a
    start (a restart finds them on disk and only fills what is missing) and after every new generation;
    the default period first, for every page, then the sidebar's other periods. Each computation waits
    for a quiet moment (`QUIET_SECONDS` without a page run), and a page run interrupts the one under way
    (computed again at the next quiet moment): people clicking keep the cores, the pages compute what they
    lack on demand meanwhile."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(name="results-warmer", daemon=True)
        self.ws = ws
        self.done: tuple[int, dt.date] | None = None

    def run(self) -> None:
        while True:
            try:
                generation = self.ws.generation()
                # The quality lists count days up to today: a new day asks for them again.
                wanted = (generation, dt.date.today())
                if wanted != self.done and self.ws.pending() is None:
                    interrupted = False
                    for periods in ((warm.DEFAULT_PERIOD,), warm.PERIODS[1:]):
                        stop = lambda g=generation: self.ws.manifest().generation != g  # noqa: E731
                        records = warm.warm(self.ws, generation, periods, should_stop=stop,
                                            pause=lambda stop=stop: _activity.wait_quiet(QUIET_SECONDS, stop))
                        interrupted |= any(r["outcome"] == warm.INTERRUPTED for r in records)
                    results.prune(self.ws, results.kept_generations(self.ws))
                    if not interrupted:
                        self.done = wanted
            except duckdb.InterruptException:
                pass  # interrupted between two results (the context's date): the next round goes on
            except Exception:  # noqa: BLE001 - the pages compute on demand meanwhile
                log.exception("warming the stored results failed")
            time.sleep(2.0)


@st.cache_data(show_spinner=False, max_entries=4000)
def _call(module: str, name: str, ctx: QueryContext, args: tuple, kwargs: tuple, lang: str) -> Any:
    """`lang` keys the cache: a result with formatted text is the session language's."""
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return results.get(workspace(), target, ctx, args, dict(kwargs), lang=lang)


def cached(fn: Callable[..., Any], ctx: QueryContext, *args: Any, **kwargs: Any) -> Any:
    """`fn(workspace, ctx, *args, **kwargs)` for a core function, read from the stored results when they
    hold it (`core/results.py`: the build stores the default context's), else computed with a progress
    note, stored for the next request, and cached in this process by its arguments.

    The context carries the generation, so new data means new entries. A generation dropped under a
    running page restarts the run on the current data.
    """
    lang = fmt.language()
    _activity.touch()
    try:
        if results.stored(workspace(), fn, ctx, args, kwargs, lang):
            return _call(fn.__module__, fn.__qualname__, ctx, args, tuple(sorted(kwargs.items())), lang)
        _variants_on_spark(ctx)
        with st.spinner(tr("common.computing"), show_time=True), _activity.computation():
            return _call(fn.__module__, fn.__qualname__, ctx, args, tuple(sorted(kwargs.items())), lang)
    except StaleGeneration:
        st.session_state["stale_generation"] = True
        st.rerun()
    except duckdb.OutOfMemoryException:
        # DuckDB's share of the budget was not enough for this one (at 10M customers a few queries sit near it):
        # said in the user's language, the rest of the page not drawn on a missing figure
        log.warning("a computation ran out of DuckDB's memory: %s", fn.__qualname__, exc_info=True)
        st.error(tr("common.out_of_memory"))
        st.stop()


def _variants_on_spark(ctx: QueryContext) -> None:
    """With the build on Spark, another date's or threshold's derived tables are made on Spark before the
    computation, its steps shown as they run (outside the cached call: its elements would be replayed). A
    refusal (Spark unreachable) is shown in the user's language and stops the page. The bar's placeholder is
    made by the first step reported: on DuckDB, which reports none, a page's run gets no extra element."""
    bars: list[Any] = []

    def step(i: int, n: int, name: str) -> None:
        if not bars:
            bars.append(st.empty())
        label = tr(f"build.step.{name}") if name else ""
        bars[0].progress(i / n if n else 1.0, text=tr("engine.variant.step", i=min(i + 1, n), n=n, step=label))

    try:
        engines.prepare_variants(workspace(), ctx, step)
    except LocalizedError as exc:
        for bar in bars:
            bar.empty()
        st.error(exc.message(fmt.language()))
        st.stop()
    for bar in bars:
        bar.empty()


def computed(fn: Callable[..., Any], ctx: QueryContext, *args: Any, lang: str, **kwargs: Any) -> Any:
    """`fn(workspace, ctx, *args, **kwargs)` in `lang` from the stored results, or computed and stored: for
    work outside a page's run (a download's click runs in a thread of its own), without a progress note
    or a copy in Streamlit's cache.

    A click is someone using the pages, as a page run is: the background warming stops the query it runs and
    waits until the click's work is done (a result computed here has the cores, not half of them)."""
    _activity.touch()
    with _activity.computation():
        return results.get(workspace(), fn, ctx, args, kwargs, lang=lang)


def query(name: str, ctx: QueryContext, **params: Any) -> Any:
    """A single query of queries/, cached."""
    return cached(sql.run, ctx, name, **params)
