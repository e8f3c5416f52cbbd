"""A new generation is served only once the pages' default results are stored (core/warm.py through
`DuckDBEngine.ready`): the dashboard's own upload stores them before the manifest names the generation,
and a generation published by another process is built and readied in the background while the previous
one serves. Storing them failing never keeps the data from being served."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from core import build, overview, results, warm
from core.workspace import Workspace
from tests.conftest import publish_elsewhere, publish_frames

D = dt.date


def _orders(*amounts: float) -> list[dict]:
    return [{"order_id": str(i), "customer_id": f"c{i % 3}", "order_date": D(2026, 3, 1) + dt.timedelta(days=i),
             "amount": a} for i, a in enumerate(amounts)]


@pytest.fixture
def dashboard(tmp_path, monkeypatch) -> Workspace:
    monkeypatch.setenv("KB_WARM", "1")
    ws = Workspace(tmp_path / "ws", background=True)
    yield ws
    if ws._builder is not None:
        ws._builder.join(timeout=120)
    ws.close()


def _stored_overview(ws: Workspace, generation: int) -> bool:
    return results.stored(ws, overview.kpi_series, warm.default_context(ws, generation), (), {}, "ru")


def test_the_dashboards_upload_stores_the_default_results_before_naming_the_generation(dashboard, monkeypatch):
    seen: list[tuple[int, int]] = []
    original = warm.warm

    def watching(ws, generation, *args, **kwargs):
        seen.append((generation, ws.manifest().generation))  # the manifest still names the previous one
        return original(ws, generation, *args, **kwargs)

    monkeypatch.setattr(warm, "warm", watching)
    steps: list[tuple[int, int, str]] = []
    generation = publish_frames(dashboard, {"orders": _orders(10, 20, 30)})
    assert seen == [(1, 0)]
    assert _stored_overview(dashboard, generation)
    generation = dashboard.publish({}, progress=lambda i, n, step: steps.append((i, n, step)))
    assert seen[-1] == (2, 1) and _stored_overview(dashboard, generation)
    results_steps = [(i, n) for i, n, step in steps if step == "results"]
    assert results_steps[0] == (0, len(warm.CALLS)) and results_steps[-1] == (len(warm.CALLS) - 1, len(warm.CALLS))
    logged = [r for r in build.build_log(dashboard) if r["step"] == "results"]
    assert logged and logged[-1]["status"] == "ok" and logged[-1]["rows"] == len(warm.CALLS)


def test_another_processs_generation_is_served_once_its_results_are_stored(dashboard, monkeypatch):
    publish_frames(dashboard, {"orders": _orders(10, 20)})
    assert dashboard.generation() == 1
    entered, release = threading.Event(), threading.Event()
    original = warm.warm

    def held(ws, generation, *args, **kwargs):
        entered.set()
        assert release.wait(timeout=60)
        return original(ws, generation, *args, **kwargs)

    monkeypatch.setattr(warm, "warm", held)
    publish_elsewhere(dashboard.path, 1, 2)
    assert dashboard.generation() == 1  # built in the background
    assert entered.wait(timeout=60)
    # The schema of generation 2 is committed, its results are being stored: the pages still read generation 1.
    assert dashboard.has_generation(2)
    assert dashboard.generation() == 1 and dashboard.pending() == 2
    release.set()
    dashboard._builder.join(timeout=120)
    assert dashboard.generation() == 2 and dashboard.pending() is None
    assert _stored_overview(dashboard, 2)


def test_a_failure_to_store_the_results_does_not_keep_the_data_from_being_served(dashboard, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(warm, "warm", broken)
    generation = publish_frames(dashboard, {"orders": _orders(10, 20)})
    assert dashboard.generation() == generation == 1
    publish_elsewhere(dashboard.path, 5)
    dashboard.generation()
    dashboard._builder.join(timeout=120)
    assert dashboard.generation() == 2 and dashboard.build_failure() is None


def test_without_warming_nothing_is_stored_at_publish(dashboard, monkeypatch):
    monkeypatch.setenv("KB_WARM", "0")
    generation = publish_frames(dashboard, {"orders": _orders(10, 20)})
    assert not _stored_overview(dashboard, generation)


def test_the_command_line_stores_every_periods_results(tmp_path, capsys):
    from core.cli import main

    ws = Workspace(tmp_path / "ws")
    publish_frames(ws, {"orders": _orders(10, 20, 30)})
    ws.close()
    assert main(["--workspace", str(tmp_path / "ws"), "warm", "--periods", "all"]) == 0
    out = capsys.readouterr().out
    assert f"сохранено показателей — {len(warm.PERIODS) * len(warm.CALLS)}, не удалось — 0" in out
    ws = Workspace(tmp_path / "ws")
    try:
        for period in warm.PERIODS:
            assert results.stored(ws, overview.kpi_series, warm.default_context(ws, ws.generation(), period), (), {}, "ru")
    finally:
        ws.close()


def test_the_background_warming_pauses_before_each_result_it_computes_only(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "ws")
    events: list[str] = []
    original = results.store

    def storing(*args, **kwargs):
        events.append("store")
        return original(*args, **kwargs)

    monkeypatch.setattr(results, "store", storing)
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30)})
        events.clear()
        records = warm.warm(ws, generation, ("30",), progress=lambda *_: events.append("call"),
                            pause=lambda: events.append("pause"))
        assert [r for r in records if r["outcome"] != "stored"] == []
        calls = "|".join(events).split("call|")[1:]
        # Each call either was stored already (the two CLV lists are the same historical list on so little
        # data) or paused, then computed and stored (once per language for text); a call that is an earlier
        # one's result by definition (`same`) is stored as a copy of its bytes, without waiting.
        same = {i for i, call in enumerate(warm.CALLS) if call.same}
        assert same and all(calls[i].rstrip("|") == "" for i in same), calls
        # (the overview's sentences, in two languages, read the base types at the period's ends from the
        # overview's composition: nothing more of their own to store)
        assert all(c.rstrip("|") in ("", "pause|store", "pause|store|store") for c in calls), calls
        sentences = [i for i, call in enumerate(warm.CALLS) if call.name == "observations"]
        assert [calls[i].rstrip("|") for i in sentences] == ["pause|store|store"], calls
        assert len(calls) == len(warm.CALLS)
        assert sum(c.startswith("pause") for c in calls) >= len(warm.CALLS) - 1 - len(same)
        events.clear()
        warm.warm(ws, generation, ("30",), pause=lambda: events.append("pause"))
        assert events == []  # all stored: nothing to wait for
    finally:
        ws.close()


def _slow_count(ws: Workspace, ctx) -> int:
    """A query that runs for minutes unless interrupted."""
    with ws.reading(ctx.generation) as cur:
        return cur.execute("select count(*) from range(100000000000) t(i) where i % 7 = 3").fetchall()[0][0]


def test_a_page_interrupts_the_warmings_query_which_is_not_stored_and_is_computed_again(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30)})
        monkeypatch.setattr(warm, "CALLS", (warm.Call("slow", _slow_count),))
        got: list = []
        warming = threading.Thread(target=lambda: got.append(warm.warm(ws, generation, ("30",))))
        warming.start()
        deadline = time.monotonic() + 30
        while warming.ident not in ws._reads and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ws.interrupt_reads(threading.get_ident()) == 0  # this thread reads nothing: nothing to stop
        assert ws.interrupt_reads(warming.ident) == 1
        warming.join(timeout=30)
        assert not warming.is_alive()
        assert [r["outcome"] for r in got[0]] == [warm.INTERRUPTED]
        ctx = warm.default_context(ws, generation, "30")
        assert not results.stored(ws, _slow_count, ctx)  # computed again at the next quiet moment
    finally:
        ws.close()


# ------------------------------------------------------------------------- the work the build does once
def _customers_orders(customers: int = 200, days: int = 400) -> list[dict]:
    """Orders of `customers` people over `days` days, bought at their own pace until they leave (enough for
    a CLV fit)."""
    import numpy as np

    rng = np.random.default_rng(3)
    rows = []
    for c in range(customers):
        day, rate, leaves = int(rng.integers(0, days - 60)), rng.gamma(1.5, 0.02), rng.exponential(250)
        first = day
        while day < days and day - first <= leaves:
            rows.append({"order_id": str(len(rows)), "customer_id": f"c{c}", "amount": round(rng.gamma(3, 400), 2),
                         "order_date": D(2025, 1, 1) + dt.timedelta(days=day)})
            day += 1 + int(rng.exponential(1 / rate))
    return rows


def test_the_pages_comparison_of_periods_is_computed_once_and_stored_for_each_page(tmp_path, monkeypatch):
    from core import metrics
    from core.metrics.periods import Period, previous_period, year_earlier

    made: list[dict] = []
    original = metrics.table

    def counting(ws, ctx, periods, window_days=None, lifespan=None):
        made.append({"periods": [(p.start, p.end) for p in periods], "window_days": window_days,
                     "lifespan": lifespan})
        return original(ws, ctx, periods, window_days, lifespan)

    monkeypatch.setattr(metrics, "table", counting)
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30, 40)})
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,))
        assert [r["call"] for r in records if r["outcome"] != "stored"] == []
        # Retention (window = the thresholds'), average check (no arguments) and LTV (lifespan=None) ask the
        # same comparison: made once, stored under each page's key.
        ctx = warm.default_context(ws, generation)
        compared = [(p.start, p.end) for p in (Period(ctx.start, ctx.end), previous_period(ctx.start, ctx.end),
                                                year_earlier(ctx.start, ctx.end))]
        assert [m for m in made if m["periods"] == compared] == [
            {"periods": compared, "window_days": warm._window(ctx), "lifespan": None}]
        monkeypatch.setattr(metrics, "table", original)
        for name in ("retention_kpis", "check_kpis", "value_kpis"):
            call = next(c for c in warm.CALLS if c.name == name)
            args, kwargs = call.arguments(ws, ctx, {}, "ru")
            found, stored = results.lookup(ws, call.fn, ctx, args, kwargs, "ru")
            assert found, name
            assert stored.equals(call.fn(ws, ctx, *args, **kwargs)), name
    finally:
        ws.close()


def test_a_warmings_calls_run_each_period_and_end_of_the_metrics_once_and_store_what_they_compute(tmp_path,
                                                                                                 monkeypatch):
    # The overview's sparklines, the comparison of three pages, the retention months, the programme's evaluation
    # and report, LTV by channel and payback all ask the period metrics and the LTV inputs, mostly of the same
    # periods and ends: each (period, window) and each end is run once in a period's warming.
    from core import sql

    ran: list[dict] = []
    original = sql._relation

    def counting(cur, sql_text, bound):
        ran.append((sql_text, dict(bound)))
        return original(cur, sql_text, bound)

    monkeypatch.setattr(sql, "_relation", counting)
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30, 40)})
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,), side_by_side=True)
        assert [r["call"] for r in records if r["outcome"] != "stored"] == []
        periods = [(start, end, b["activity_window_days"]) for text, b in ran if text == sql.text("metrics__period")
                   for start, end in zip(b["period_starts"], b["period_ends"], strict=True)]
        ends = [end for text, b in ran if text == sql.text("metrics__ltv_inputs") for end in b["period_ends"]]
        ctx = warm.default_context(ws, generation)
        assert (ctx.start, ctx.end, warm._window(ctx)) in periods and ctx.end in ends
        assert len(periods) == len(set(periods)) and len(ends) == len(set(ends))
        monkeypatch.setattr(sql, "_relation", original)
        got = {}
        for call in warm.CALLS:
            args, kwargs = call.arguments(ws, ctx, got, "ru")
            found, stored = results.lookup(ws, call.fn, ctx, args, kwargs, "ru")
            assert found, call.name
            if call.name in warm.READ_LATER:
                got[call.name] = stored
            if call.name in ("kpi_series", "retention_kpis", "retention_monthly", "program_evaluation",
                             "program_report", "ltv_by_channel", "payback", "cohort_value"):
                assert stored.equals(call.fn(ws, ctx, *args, **kwargs)), call.name  # computed alone, not shared
    finally:
        ws.close()


def test_the_quality_history_reads_the_stored_report_instead_of_making_it_again(tmp_path, monkeypatch):
    from core import quality

    made: list[int] = []
    original = quality.contact_batches
    monkeypatch.setattr(quality, "contact_batches", lambda ws, ctx: made.append(1) or original(ws, ctx))
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30)})
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,))
        assert [r["call"] for r in records if r["outcome"] != "stored"] == []
        assert made == [1]  # the report, once: quality_recorded's history record reads it back
        ctx = warm.default_context(ws, generation)
        report = quality.report(ws, ctx, quality.DEFAULT_STALE_DAYS, today=dt.date.today())
        record = quality.recorded(ws, ctx)
        assert record["overall"] == quality.overall_score(report.scores)
        assert {k: v["score"] for k, v in record["datasets"].items()} == dict(
            zip(report.scores["dataset"].to_list(), report.scores["score"].to_list()))
    finally:
        ws.close()


def test_the_predicted_ltv_figures_are_the_builds_fit_not_a_second_one(dashboard, monkeypatch):
    from core.clv import service
    from core.clv.clv import CLVSettings

    fitted: list = []
    original = service.predict_clv
    monkeypatch.setattr(service, "predict_clv", lambda frame, settings=None: fitted.append(frame)
                        or original(frame, settings))
    generation = publish_frames(dashboard, {"orders": _customers_orders()})
    assert dashboard.generation() == generation
    build_summary = fitted[0]
    # The build's fit for the scores table; the page's figures took it; the holdout validation fits its own data.
    assert sum(frame.equals(build_summary) for frame in fitted) == 1
    assert len(fitted) == 2 and fitted[1].height < build_summary.height
    ctx = warm.default_context(dashboard, generation)
    found, stored = results.lookup(dashboard, service.figures, ctx, (None, CLVSettings()), {}, "ru")
    fresh = service.figures(dashboard, ctx, None, CLVSettings())
    assert found and len(fitted) == 3 and fitted[2].equals(build_summary)  # on demand: a fit of its own
    assert stored.ok and stored.scored == fresh.scored > 0 and stored.bgnbd == fresh.bgnbd
    assert stored.total_clv == fresh.total_clv and stored.top.equals(fresh.top)
    assert service._build_fit is None  # handed over once, nothing kept


def test_only_the_results_later_calls_read_stay_in_memory(tmp_path):
    # The whole quality report (and any result no later call reads) is stored and let go; the overview's figures,
    # which the observations read, are kept for them.
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30)})
        ctx = warm.default_context(ws, generation)
        calls = tuple(c for c in warm.CALLS if c.name in {"kpi_series", "classes", "observations", "quality_report"})
        got: dict = {}
        records: list = []
        assert warm._run(ws, generation, "90", ctx, calls, got, records, warm._Progress(4, None), lambda: False, None)
        assert [r["outcome"] for r in records] == ["stored"] * 4
        assert set(got) == {"kpi_series", "classes"}
    finally:
        ws.close()


def test_a_build_no_warming_follows_keeps_no_fit(tmp_path, monkeypatch):
    # The command line's publish (no dashboard: nothing stores the default results after the build) keeps no CLV
    # fit: its summary and scores (gigabytes at 10M customers) would only hold memory until the process ends.
    from core.clv import service

    monkeypatch.setenv("KB_WARM", "1")
    ws = Workspace(tmp_path / "ws")
    try:
        publish_frames(ws, {"orders": _customers_orders()})
        assert ws.generation() and service._build_fit is None
    finally:
        service.forget_build_fit()
        ws.close()


def test_side_by_side_the_second_lane_runs_in_a_thread_of_its_own_and_stores_the_same(tmp_path, monkeypatch):
    threads: dict[str, int] = {}
    original = results.get

    def watching(ws, fn, *args, **kwargs):
        threads[f"{fn.__module__}:{fn.__qualname__}"] = threading.get_ident()
        return original(ws, fn, *args, **kwargs)

    monkeypatch.setattr(results, "get", watching)
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _customers_orders()})
        reported: list[int] = []
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,), side_by_side=True,
                            progress=lambda i, n, name: reported.append(i))
        assert [r["call"] for r in records] == [c.name for c in warm.CALLS]
        assert [r["call"] for r in records if r["outcome"] != "stored"] == []
        assert reported == list(range(1, len(warm.CALLS) + 1))
        beside = {f"{c.fn.__module__}:{c.fn.__qualname__}" for c in warm.CALLS if c.lane == warm.BESIDE}
        assert {"core.clv.service:figures", "core.clv.service:validate", "core.composition:migration_flows"} <= beside
        assert len({threads[name] for name in beside}) == 1 and threads["core.clv.service:figures"] != threading.get_ident()
        assert {i for name, i in threads.items() if name not in beside} == {threading.get_ident()}
        ctx = warm.default_context(ws, generation)
        got: dict = {}
        for call in warm.CALLS:
            args, kwargs = call.arguments(ws, ctx, got, "ru")
            found, got[call.name] = results.lookup(ws, call.fn, ctx, args, kwargs, "ru")
            assert found, call.name
    finally:
        ws.close()


class _Reading(dict):
    """The results so far, noting which a call's arguments read."""

    def __init__(self, values: dict) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def __getitem__(self, name: str):
        self.read.add(name)
        return super().__getitem__(name)


def test_a_call_reads_only_earlier_results_of_its_own_lane(tmp_path):
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _customers_orders()})
        ctx = warm.default_context(ws, generation)
        values: dict = {}
        for c in warm.CALLS:
            args, kwargs = c.arguments(ws, ctx, values, "ru")
            values[c.name] = results.get(ws, c.fn, ctx, args, kwargs, lang="ru")
        for i, call in enumerate(warm.CALLS):
            earlier = {c.name for c in warm.CALLS[:i] if c.lane == call.lane}
            seen = _Reading(values)
            call.arguments(ws, ctx, seen, "ru")
            assert seen.read <= earlier, (call.name, seen.read - earlier)
            assert call.same is None or call.same in earlier, call.name
    finally:
        ws.close()


def test_the_overviews_sentences_in_both_languages_ask_no_composition_of_their_own(tmp_path, monkeypatch):
    asked: list[dt.date] = []
    original = overview.classes

    def counting(ws, ctx):
        asked.append(ctx.as_of)
        return original(ws, ctx)

    counting.__module__, counting.__qualname__ = original.__module__, original.__qualname__  # the same key
    monkeypatch.setattr(overview, "classes", counting)
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _orders(10, 20, 30)})
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,))
        assert [r["call"] for r in records if r["outcome"] != "stored"] == []
        ctx = warm.default_context(ws, generation)
        # The composition the day before the period and at its end (the analysis date), for the «ru» and «en»
        # sentences: both in the overview's own, stored before them and given to them; no query of their own.
        assert asked == []
        call = next(c for c in warm.CALLS if c.name == "observations")
        for lang in warm.LANGUAGES:
            got = {"kpi_series": overview.kpi_series(ws, ctx), "classes": overview.classes(ws, ctx)}
            args, kwargs = call.arguments(ws, ctx, got, lang)
            found, stored = results.lookup(ws, overview.observations, ctx, args, kwargs, lang)
            assert found and stored == overview.observations(ws, ctx, *args, **kwargs)
    finally:
        ws.close()


@pytest.mark.parametrize("side_by_side", [True, False])
def test_a_call_that_ran_out_of_memory_is_run_once_more_after_the_others(tmp_path, monkeypatch, side_by_side):
    # at 10M customers with an 8GB budget the average check by channel ran out of DuckDB's share in 4 runs of
    # 8; beside the other lane the two share the limit. Run again alone after the others, it is stored.
    import duckdb

    from core.metrics import check

    original = results.get
    failed: list[str] = []

    def short_of_memory_once(ws, fn, *args, **kwargs):
        if fn is check.by_dimension and not failed:
            failed.append("once")
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block of size 256.0 KiB")
        return original(ws, fn, *args, **kwargs)

    monkeypatch.setattr(results, "get", short_of_memory_once)
    ws = Workspace(tmp_path / "ws")
    try:
        generation = publish_frames(ws, {"orders": _customers_orders()})
        records = warm.warm(ws, generation, (warm.DEFAULT_PERIOD,), side_by_side=side_by_side)
        assert [r["call"] for r in records] == [c.name for c in warm.CALLS]
        (record,) = [r for r in records if r["call"] == "check_by_dimension"]
        others = [r["outcome"] for r in records if r["call"] != "check_by_dimension"]
        assert set(others) == {"stored"}
        ctx = warm.default_context(ws, generation)
        call = next(c for c in warm.CALLS if c.name == "check_by_dimension")
        args, kwargs = call.arguments(ws, ctx, {}, "ru")
        found, _ = results.lookup(ws, call.fn, ctx, args, kwargs, "ru")
        assert record["outcome"] == "stored" and found
        assert record["again_alone"].startswith("failed: OutOfMemoryException: Out of Memory Error")
        assert failed == ["once"]
    finally:
        ws.close()
