"""The figures every page shows in the default context, computed by the build into the stored results.

`CALLS` declares them: for each page, the core functions it calls in its default state (no widget
moved) with the arguments it passes then. `warm` computes them for a generation's default context
(latest order date, default thresholds) and each period of the sidebar, and stores them
(`core/results.py`, kind `default`), so a page opened in the default context reads only stored results.
`tests/core/test_warm.py` runs every page in its default state after `warm` and fails when a page asks
for anything not stored: a page whose defaults change must change this list with it.

An argument may depend on the context or on another call's result: such arguments are given as a
function of (workspace, context, results so far by call name).
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from core import (campaign_results, campaigns, categories, communications, composition, overview, quality, results,
                  sql)
from core.access import Viewer
from core.clv import service, tables
from core.clv.clv import DAYS_PER_UNIT, CLVSettings
from core.context import PRESETS, QueryContext, Thresholds, default_period, preset_period
from core.metrics import check, comparison, nps, program, retention, value
from core.segments import results as segment_results
from core.segments import rules as R
from core.workspace import Workspace

log = logging.getLogger(__name__)

# The sidebar's periods (ui/state.py PERIODS without «custom»): rolling days, then calendar presets.
ROLLING: tuple[str, ...] = ("30", "90", "365")
DEFAULT_PERIOD = "90"
PERIODS: tuple[str, ...] = (DEFAULT_PERIOD, *(p for p in ROLLING if p != DEFAULT_PERIOD), *PRESETS)
# The languages of the interface, the default one first.
LANGUAGES: tuple[str, ...] = ("ru", "en")
INTERRUPTED = "interrupted"  # a call's outcome when its queries were interrupted (`Workspace.interrupt_reads`)

Args = Callable[[Workspace, QueryContext, dict[str, Any]], tuple[tuple, dict[str, Any]]]


@dataclass(frozen=True)
class Call:
    """One core function a page calls in its default state, with its arguments."""

    name: str
    fn: Callable[..., Any]
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    make: Args | None = None  # arguments computed from the context or earlier results
    languages: bool = False  # the result holds text in the viewer's language: stored for each language
    # An earlier call (by name) whose result this one is by definition (the same function, arguments that mean
    # the same): its stored bytes are stored under this call's key too, not computed again.
    same: str | None = None
    # Calls of one lane run one after another, in their order; in `warm(..., side_by_side=True)` the other
    # lanes run beside the first one, each in a thread of its own. A call reads earlier results (`make`,
    # `same`) of its own lane only.
    lane: str = ""

    def arguments(self, ws: Workspace, ctx: QueryContext, got: dict[str, Any], lang: str) -> tuple[tuple, dict]:
        if self.make is not None:
            args, kwargs = self.make(ws, ctx, got)
        else:
            args, kwargs = self.args, dict(self.kwargs)
        return tuple(lang if a is LANG else a for a in args), kwargs


LANG = object()  # stands for the viewer's language among a call's arguments
# The second lane, run beside the first in the build (`warm(..., side_by_side=True)`): the CLV fits, Python
# that leaves a core free for the first lane's queries, and the migration, which builds the tables of another
# analysis date (the busiest call, beside the many shorter ones).
BESIDE = "beside"


def _window(ctx: QueryContext) -> int:
    return ctx.thresholds.activity_window_days


def _clv_list(got: dict[str, Any], kind: str) -> Any:
    figures = got["clv_figures"]
    if not figures.ok:
        return figures.historical
    return figures.top if kind == "top" else figures.at_risk


def _validation(ws: Workspace, ctx: QueryContext, got: dict[str, Any]) -> tuple[tuple, dict[str, Any]]:
    # pages/clv.py: the calibration split's default, from the fitted customers' longest history.
    settings = CLVSettings()
    longest = got["clv_figures"].longest_history
    first_day = ctx.as_of - dt.timedelta(days=int(longest * DAYS_PER_UNIT[settings.time_unit]))
    return (service.default_calibration_end(first_day, ctx.as_of), ctx.as_of, settings), {}


CALLS: tuple[Call, ...] = (
    # Overview
    Call("kpi_series", overview.kpi_series),
    Call("classes", overview.classes),
    Call("base_types", composition.by_dimension, ("base_type",)),  # the composition page's first tab
    Call("observations", overview.observations,
         make=lambda ws, ctx, got: ((LANG, got["kpi_series"], got["classes"]), {}), languages=True),
    Call("revenue_by_month", overview.revenue_by_month),
    # Composition (its first tab: base types, the RFM grid, the Pareto curve, the first class's members)
    Call("rfm_grid", composition.rfm_grid),
    Call("pareto", composition.pareto),
    Call("members", composition.members, ("base_type", next(iter(composition.DIMENSIONS["base_type"])))),
    Call("over_time", composition.over_time, (24,)),
    Call("migration", composition.migration_flows,
         make=lambda ws, ctx, got: ((ctx.start - dt.timedelta(days=1), ctx.as_of), {}), lane=BESIDE),
    Call("has_communications", communications.has_communications),
    Call("base_frequency", communications.base_frequency),
    # Retention
    Call("retention_kpis", comparison, make=lambda ws, ctx, got: ((), {"window_days": _window(ctx)})),
    Call("cohorts", retention.cohorts),
    Call("retention_monthly", retention.monthly, make=lambda ws, ctx, got: ((), {"window_days": _window(ctx)})),
    Call("days_to_second", retention.days_to_second),
    # Average check
    Call("check_kpis", comparison, same="retention_kpis"),  # window_days=None: the thresholds' window
    Call("check_series", check.series, (check.SERIES_GRAINS[0],)),
    Call("check_by_dimension", check.by_dimension, (check.DIMENSIONS[0], LANG), languages=True),
    Call("order_values", check.order_values),
    Call("orders_per_customer", check.orders_per_customer),
    # LTV and CAC
    Call("value_kpis", comparison, kwargs={"lifespan": None}, same="retention_kpis"),  # lifespan=None: the default
    Call("ltv_by_channel", value.ltv_by_channel, kwargs={"lifespan": None}),
    Call("cohort_value", value.cohort_value),
    Call("cac_by_month", value.cac_by_month),
    Call("payback", value.payback),
    Call("nps_by_month", nps.by_month),
    Call("nps_by_segment", nps.by_segment, (nps.SEGMENTS[0],)),
    # Predicted LTV
    # (numerical fits in Python: beside the others' queries when run side by side)
    Call("clv_figures", service.figures, (None, CLVSettings()), lane=BESIDE),
    # pages/clv.py: the lists beside a usable fit (top by predicted value, at risk), else the historical one.
    Call("clv_top", tables.named, make=lambda ws, ctx, got: ((_clv_list(got, "top"),), {}), lane=BESIDE),
    Call("clv_at_risk", tables.named, make=lambda ws, ctx, got: ((_clv_list(got, "at_risk"),), {}), lane=BESIDE),
    Call("clv_validation", service.validate, make=_validation, lane=BESIDE),
    # Programme evaluation
    Call("program_evaluation", program.evaluate,
         make=lambda ws, ctx, got: ((ctx.as_of - dt.timedelta(days=89), 90), {"window_days": _window(ctx)})),
    Call("program_report", program.report,
         make=lambda ws, ctx, got: ((program.REPORT_GRAINS[0],), {"window_days": _window(ctx)})),
    # Data quality
    Call("quality_report", quality.report,
         make=lambda ws, ctx, got: ((quality.DEFAULT_STALE_DAYS,), {"today": dt.date.today()})),
    # ... its lists' first rows, which the page shows (the whole report stored above is its downloads')
    Call("quality_shown", quality.shown,
         make=lambda ws, ctx, got: ((quality.DEFAULT_STALE_DAYS,), {"today": dt.date.today()})),
    Call("quality_recorded", quality.recorded),
    # What they buy
    Call("line_check", categories.line_check),
    Call("by_category", categories.by_category),
    Call("cross_sell", categories.cross_sell, (categories.MIN_PAIR_CUSTOMERS,)),
    # Campaigns
    Call("campaigns", campaign_results.results_page,
         make=lambda ws, ctx, got: ((campaign_results.DEFAULT_WINDOW_DAYS, campaigns.version(ws)), {})),
    # Segments (the builder without conditions)
    Call("segment_base", segment_results.base),
    Call("segment_figures", segment_results.figures,
         make=lambda ws, ctx, got: ((R.Rules(), got["segment_base"]), {})),
    Call("segment_cities", segment_results.top_cities, (R.Rules(),)),
    Call("segment_rf_grid", segment_results.rf_grid, (R.Rules(),)),
    Call("segment_frequency", communications.segment_frequency, (R.Rules(),)),
    Call("segment_sample", segment_results.sample, (R.Rules(),)),
)


# The calls whose results later calls of the period read (their `make` or `same`): only these stay in memory
# through a period's warming. Every other result is stored and let go (the whole quality report, every list of
# it, was held through the calls after it: gigabytes at 10M customers). A `make` reading another call's result
# must name it here, or that call fails (and `tests/core/test_warm.py` with it).
READ_LATER: frozenset[str] = frozenset({"kpi_series", "classes", "clv_figures", "segment_base"}
                                       | {c.same for c in CALLS if c.same})


def default_context(ws: Workspace, generation: int, period: str = DEFAULT_PERIOD,
                    viewer: Viewer | None = None) -> QueryContext:
    """The context a page opens in on `generation`: the latest order date, `period`, default thresholds."""
    from core import sql

    with ws.reading(generation) as cur:
        as_of = sql.default_as_of(cur)
    if period in PRESETS:
        start, end = preset_period(period, as_of)
    else:
        start, end = default_period(as_of, int(period))
    return QueryContext(as_of=as_of, start=start, end=end, thresholds=Thresholds(),
                        viewer=viewer or Viewer.system(), generation=generation)


def _missing(ws: Workspace, call: Call, ctx: QueryContext, got: dict[str, Any]) -> bool:
    """True when a result of `call` is not stored yet (or its arguments cannot be made: it will fail)."""
    try:
        return not all(results.stored(ws, call.fn, ctx, *call.arguments(ws, ctx, got, lang), lang=lang)
                       for lang in (LANGUAGES if call.languages else LANGUAGES[:1]))
    except Exception:  # noqa: BLE001 - an earlier call failed: this one is tried (and fails) as before
        return True


def lanes(calls: tuple[Call, ...]) -> list[tuple[Call, ...]]:
    """The calls by lane, each in its order, the first lane («») first."""
    names = sorted({c.lane for c in calls})
    return [tuple(c for c in calls if c.lane == name) for name in names]


def warm(ws: Workspace, generation: int, periods: tuple[str, ...] = PERIODS,
         progress: Callable[[int, int, str], None] | None = None,
         should_stop: Callable[[], bool] = lambda: False,
         pause: Callable[[], None] | None = None, side_by_side: bool = False) -> list[dict[str, Any]]:
    """Compute and store every call of `CALLS` for each period's default context; returns one record per
    call (name, period, seconds, stored, interrupted or failed), in the order of `CALLS`. A failing call is
    logged and skipped (its page computes it on demand and shows the problem there); a generation dropped
    meanwhile stops the work. `pause` is called before each call that is not stored yet (the dashboard's
    background warming waits there while people are using the pages, so it does not take the cores from
    them). `side_by_side`: the lanes of `CALLS` run at once, each in a thread (the build's, which nothing
    interrupts: a caller interrupting its own thread's reads runs them one after another)."""
    records: list[dict[str, Any]] = []
    state = _Progress(len(periods) * len(CALLS), progress)
    try:
        for period in periods:
            ctx = default_context(ws, generation, period)
            got: dict[str, Any] = {}
            done: list[dict[str, Any]] = []
            shared = sql.Shared()  # the period's calls run a query (or a period's row of one) once between them
            groups = lanes(CALLS) if side_by_side else [CALLS]
            helpers = [_Lane(target=_run, args=(ws, generation, period, ctx, group, got, done, state, should_stop,
                                                pause, shared)) for group in groups[1:]]
            for helper in helpers:
                helper.start()
            try:
                stopped = not _run(ws, generation, period, ctx, groups[0], got, done, state, should_stop, pause,
                                   shared)
            finally:
                for helper in helpers:
                    helper.join()  # the lanes end together (a lane's own error is raised below)
            for helper in helpers:
                stopped |= not helper.outcome()
            if not stopped:
                stopped = not _again_alone(ws, generation, period, ctx, got, done, should_stop, pause, shared)
            order = {call.name: i for i, call in enumerate(CALLS)}
            records += sorted(done, key=lambda r: order[r["call"]])
            if stopped:
                return records
    finally:
        service.forget_build_fit()  # the build's CLV fit, if no call took it
    return records


def _again_alone(ws: Workspace, generation: int, period: str, ctx: QueryContext, got: dict[str, Any],
                 done: list[dict[str, Any]], should_stop: Callable[[], bool], pause: Callable[[], None] | None,
                 shared: sql.Shared) -> bool:
    """Run once more, one at a time, after the period's other calls, those that ran out of DuckDB's memory: beside
    the other lane the two share one memory limit, and a query near the limit can fail once and complete on a
    second try (at 10M customers with an 8GB budget the average check by channel failed in 4 runs of 8).
    Their records give the second outcome and the first (`again_alone`). False when told to stop."""
    for i, record in enumerate(done):
        if not record["outcome"].startswith(f"failed: {duckdb.OutOfMemoryException.__name__}"):
            continue
        call = next(c for c in CALLS if c.name == record["call"])
        again: list[dict[str, Any]] = []
        if not _run(ws, generation, period, ctx, (call,), got, again, _Progress(1, None), should_stop, pause, shared):
            return False
        done[i] = {**again[0], "seconds": round(record["seconds"] + again[0]["seconds"], 3),
                   "again_alone": record["outcome"]}
    return True


class _Progress:
    """Counts the calls begun (in every lane) and reports each to `progress(i, n, name)`, one at a time."""

    def __init__(self, total: int, progress: Callable[[int, int, str], None] | None) -> None:
        self.total, self.progress, self.done, self.lock = total, progress, 0, threading.Lock()

    def begin(self, name: str) -> None:
        with self.lock:
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total, name)


class _Lane(threading.Thread):
    """A lane run in a thread of its own; `outcome()` waits for it and raises what it raised."""

    def __init__(self, target: Callable[..., bool], args: tuple) -> None:
        super().__init__(name="warm-lane", daemon=True)
        self._work, self._args = target, args
        self._result: bool = False
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._result = self._work(*self._args)
        except BaseException as exc:  # noqa: BLE001 - raised again in the thread that waits for the lane
            self._error = exc

    def outcome(self) -> bool:
        self.join()
        if self._error is not None:
            raise self._error
        return self._result


def _stored_same(ws: Workspace, call: Call, ctx: QueryContext, got: dict[str, Any]) -> bool:
    """Store the result of `call.same` as `call`'s in every language it is stored in (`results.store_same`);
    False when the call has no `same`, the earlier call gave nothing or its result is not stored."""
    if call.same is None or call.same not in got:
        return False
    same = next(c for c in CALLS if c.name == call.same)
    try:
        for lang in (LANGUAGES if call.languages else LANGUAGES[:1]):
            args, kwargs = call.arguments(ws, ctx, got, lang)
            if results.stored(ws, call.fn, ctx, args, kwargs, lang):
                continue
            if not results.store_same(ws, call.fn, ctx, args, kwargs, lang,
                                      (same.fn, *same.arguments(ws, ctx, got, lang))):
                return False
    except Exception:  # noqa: BLE001 - computed as any other call, which says what is wrong
        return False
    got[call.name] = got[call.same]
    return True


def _run(ws: Workspace, generation: int, period: str, ctx: QueryContext, calls: tuple[Call, ...],
         got: dict[str, Any], records: list[dict[str, Any]], state: _Progress, should_stop: Callable[[], bool],
         pause: Callable[[], None] | None, shared: sql.Shared | None = None) -> bool:
    """Compute and store `calls` in their order for `ctx`, sharing their queries' results through `shared`;
    False when told to stop (or the generation went)."""
    with sql.sharing(shared):
        return _run_calls(ws, generation, period, ctx, calls, got, records, state, should_stop, pause)


def _run_calls(ws: Workspace, generation: int, period: str, ctx: QueryContext, calls: tuple[Call, ...],
               got: dict[str, Any], records: list[dict[str, Any]], state: _Progress,
               should_stop: Callable[[], bool], pause: Callable[[], None] | None) -> bool:
    for call in calls:
        if should_stop() or not ws.has_generation(generation):
            return False
        state.begin(f"{call.name} ({period})")
        started = time.perf_counter()
        if _stored_same(ws, call, ctx, got):  # a copy of bytes: nothing to wait for
            records.append({"call": call.name, "period": period, "seconds": round(time.perf_counter() - started, 3),
                            "outcome": "stored"})
            continue
        if pause is not None and _missing(ws, call, ctx, got):
            pause()
            if should_stop() or not ws.has_generation(generation):
                return False
            started = time.perf_counter()
        outcome = "stored"
        try:
            for lang in (LANGUAGES if call.languages else LANGUAGES[:1]):
                args, kwargs = call.arguments(ws, ctx, got, lang)
                result = results.get(ws, call.fn, ctx, args, kwargs, lang=lang, kind=results.DEFAULT)
                if call.name in READ_LATER:
                    got[call.name] = result
                del result
        except duckdb.InterruptException:
            outcome = INTERRUPTED  # stopped for someone using the pages: not stored, tried again later
        except Exception as exc:  # noqa: BLE001 - one figure failing does not stop the others
            outcome = f"failed: {type(exc).__name__}: {exc}"[:300]
            log.warning("warming %s (%s) failed: %s", call.name, period, exc)
        records.append({"call": call.name, "period": period, "seconds": round(time.perf_counter() - started, 3),
                        "outcome": outcome})
    return True
