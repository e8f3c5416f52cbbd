"""The sidebar names the data version shown, and says when a newer one is being prepared or failed to build."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from core.workspace import Workspace
from tests.conftest import publish_elsewhere, publish_frames
from tests.pages.apptest import run_app


def _captions(app) -> str:
    return "\n".join(c.value for c in app.sidebar.caption)


def _wait_for_builder() -> None:
    for thread in threading.enumerate():
        if thread.name == "workspace-build":
            thread.join(timeout=60)


@pytest.fixture
def one_generation(workspace):
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": dt.date(2026, 3, 1),
                                           "amount": 100.0}]})
    return workspace


def test_a_newer_version_is_announced_while_it_builds_and_shown_afterwards(one_generation, monkeypatch, held_builds):
    app = run_app(one_generation.path, monkeypatch)
    assert "Версия данных № 1 от " in _captions(app)
    publish_elsewhere(one_generation.path, 7)  # the command line publishes while the dashboard runs
    app.run()
    assert not app.exception
    assert "Версия данных № 1" in _captions(app)
    assert [i.value for i in app.sidebar.info][0].startswith("Готовится версия № 2 с новыми данными")
    held_builds.set()
    _wait_for_builder()
    app.run()
    assert "Версия данных № 2 от " in _captions(app)
    assert not app.sidebar.info


def test_a_version_that_failed_to_build_is_reported_and_the_previous_one_stays(one_generation, monkeypatch):
    app = run_app(one_generation.path, monkeypatch)

    def broken_build(self, cur, manifest, *args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workspace, "_build", broken_build)
    publish_elsewhere(one_generation.path, 7)
    app.run()
    _wait_for_builder()
    app.run()
    assert not app.exception
    assert "Версия данных № 1" in _captions(app)
    warning = [w.value for w in app.sidebar.warning]
    assert warning and warning[0].startswith("Новые данные (версия № 2) не удалось подготовить")


def _as_of(app) -> dt.date:
    return app.sidebar.date_input(key="as_of").value


def _with_newer_data(app, path) -> None:
    """Publish an upload whose latest order is 10.04.2026 and run the app until it shows it."""
    publish_elsewhere(path, 7, order_date=dt.date(2026, 4, 10))
    app.run()
    _wait_for_builder()
    app.run()
    assert not app.exception
    assert "Версия данных № 2" in _captions(app)


def test_an_analysis_date_nobody_chose_follows_new_data(one_generation, monkeypatch):
    app = run_app(one_generation.path, monkeypatch)
    assert _as_of(app) == dt.date(2026, 3, 1)  # the latest order date
    _with_newer_data(app, one_generation.path)
    assert _as_of(app) == dt.date(2026, 4, 10)
    assert app.query_params["as_of"] == "2026-04-10"  # the link follows too


def test_an_analysis_date_chosen_in_the_sidebar_stays_with_new_data(one_generation, monkeypatch):
    app = run_app(one_generation.path, monkeypatch)
    app = app.sidebar.date_input(key="as_of").set_value(dt.date(2026, 2, 1)).run()
    _with_newer_data(app, one_generation.path)
    assert _as_of(app) == dt.date(2026, 2, 1)


def test_an_analysis_date_from_a_link_stays_with_new_data(one_generation, monkeypatch):
    app = run_app(one_generation.path, monkeypatch, query={"as_of": "2026-03-01"})
    _with_newer_data(app, one_generation.path)
    assert _as_of(app) == dt.date(2026, 3, 1)
