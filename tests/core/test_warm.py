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
        # data) or paused, then computed and stored (once per language for text).
        assert all(c.rstrip("|") in ("", "pause|store", "pause|store|store") for c in calls), calls
        assert len(calls) == len(warm.CALLS) and sum(c.startswith("pause") for c in calls) >= len(warm.CALLS) - 1
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
