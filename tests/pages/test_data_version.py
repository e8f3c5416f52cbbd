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

    def broken_build(self, cur, manifest):
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
