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


def _spark_variant_script() -> None:
    """A page asking for another date on Spark: Spark's steps reported (case «progress»: stopped at step 2 of 4,
    so the bar stays to be read), or the server refusing (case «refused»)."""
    import datetime as dt

    import streamlit as st

    from core import engines
    from core.context import QueryContext
    from core.engines.spark import SparkEngineError
    from ui import db

    st.session_state["lang"] = st.query_params.get("lang", "ru")
    case = st.query_params.get("case")

    def fake(ws, ctx, progress) -> None:
        if case == "refused":
            raise SparkEngineError("engine.spark.unreachable", remote="sc://spark:15002", reason="timed out")
        progress(0, 4, "contact_events")
        progress(1, 4, "customer_categories")
        if case == "progress":
            st.stop()
        progress(4, 4, "")

    saved = engines.prepare_variants, db.workspace
    engines.prepare_variants, db.workspace = fake, lambda: None
    try:
        db._variants_on_spark(QueryContext(as_of=dt.date(2026, 5, 1), start=dt.date(2026, 4, 1),
                                           end=dt.date(2026, 5, 1)))
        st.write("computed")
    finally:
        engines.prepare_variants, db.workspace = saved


def test_another_date_on_spark_shows_sparks_steps_and_a_refusal_in_the_users_language():
    from streamlit.testing.v1 import AppTest

    def run(case: str, lang: str = "ru") -> AppTest:
        app = AppTest.from_function(_spark_variant_script)
        app.query_params["case"], app.query_params["lang"] = case, lang
        return app.run(timeout=30)

    expected = {"ru": "Spark считает данные для выбранных даты и настроек: шаг 2 из 4 — "
                      "Покупки каждого клиента по категориям",
                "en": "Spark is computing the data for the chosen date and settings: step 2 of 4: "
                      "Each customer's purchases by category"}
    for lang, text in expected.items():
        app = run("progress", lang)
        assert not app.exception
        assert [(b.proto.text, b.proto.value) for b in app.get("progress")] == [(text, 25)]
    app = run("done")
    assert not app.exception and not app.get("progress") and [m.value for m in app.markdown] == ["computed"]
    app = run("refused")
    assert [e.value for e in app.error] == [
        "Spark Connect по адресу sc://spark:15002 не отвечает (timed out). Проверьте, что сервер запущен и доступен "
        "с этой машины. Данные в работе не изменились."]
    assert not app.markdown  # the page stopped there


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
