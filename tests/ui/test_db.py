"""The dashboard's background warming waits for a quiet moment: no page run nor computation for a while."""
from __future__ import annotations

import threading
import time

from ui import db


def test_the_warming_waits_until_no_page_has_run_for_the_quiet_time():
    activity = db._Activity()
    activity.touch()
    started = time.monotonic()
    activity.wait_quiet(0.5, should_stop=lambda: False)
    assert time.monotonic() - started >= 0.45
    started = time.monotonic()
    activity.wait_quiet(0.5, should_stop=lambda: False)  # already quiet: at once
    assert time.monotonic() - started < 0.2


def test_the_warming_waits_while_a_page_computes_and_after_it():
    activity = db._Activity()
    done = threading.Event()

    def page() -> None:
        with activity.computation():
            time.sleep(0.6)
        done.set()

    threading.Thread(target=page).start()
    time.sleep(0.1)
    activity.wait_quiet(0.3, should_stop=lambda: False)
    # The computation began long before the quiet time: waited for its end, then the quiet time again.
    assert done.is_set() and time.monotonic() - activity.last >= 0.25


def test_a_stopped_warming_does_not_wait():
    activity = db._Activity()
    activity.touch()
    started = time.monotonic()
    activity.wait_quiet(30, should_stop=lambda: True)
    assert time.monotonic() - started < 0.2


def test_a_page_run_calls_the_listeners_that_stop_the_warming():
    activity = db._Activity()
    heard: list[int] = []
    activity.on_touch.append(lambda: heard.append(1))
    activity.touch()
    with activity.computation():
        pass
    assert heard == [1, 1]  # the run, then the end of its computation


def test_a_downloads_work_stops_the_warming_and_holds_it_until_done(monkeypatch):
    # A click's file (`db.computed`, in a thread of its own) may compute a whole report when it is not stored:
    # the warming's query is stopped at once and the warming waits while the click computes.
    activity = db._Activity()
    heard: list[str] = []
    activity.on_touch.append(lambda: heard.append("stop the warming"))
    monkeypatch.setattr(db, "_activity", activity)
    monkeypatch.setattr(db, "workspace", lambda: "ws")

    def get(ws, fn, ctx, args, kwargs, lang):
        heard.append(f"computing {activity.computing}")
        return "file"

    monkeypatch.setattr(db.results, "get", get)
    assert db.computed(len, None, lang="ru") == "file"
    assert heard == ["stop the warming", "computing 1", "stop the warming"] and activity.computing == 0
