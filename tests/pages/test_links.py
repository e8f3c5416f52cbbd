"""Malformed links: odd URL parameters get a clear message and the default view, never a traceback."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import publish_frames
from tests.pages.apptest import run_app

BAD_LINKS = [
    {"as_of": "2026-02-31"},
    {"as_of": "../../etc/passwd"},
    {"as_of": "'; drop table orders; --"},
    {"as_of": "9999999-01-01"},
    {"period": "abc"},
    {"period": "-5"},
    {"lang": "de"},
    {"lang": "<script>alert(1)</script>"},
    {"start": "2026-05-01", "end": "2026-01-01"},
    {"start": "2026-01-01"},
    {"start": "x", "end": "y"},
    {"as_of": "\u0000\uffff"},
    {"as_of": "2026-05-31" * 500},
]


@pytest.fixture
def small_ws(workspace):
    day = dt.date(2026, 5, 31)
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": day, "amount": 10.0}]})
    return workspace


@pytest.mark.parametrize("query", BAD_LINKS, ids=lambda q: ",".join(f"{k}={v[:20]!r}" for k, v in q.items()))
def test_bad_link_shows_defaults_without_an_exception(small_ws, monkeypatch, query):
    app = run_app(small_ws.path, monkeypatch, query=query)
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Выручка за период"] == "10\u00a0₽"


@pytest.mark.parametrize(
    ("query", "name"),
    [({"as_of": "garbage"}, "as_of"), ({"period": "garbage"}, "period"), ({"lang": "garbage"}, "lang"),
     ({"start": "2026-05-01", "end": "2026-01-01"}, "start"), ({"end": "2026-01-01"}, "end")],
)
def test_the_message_names_the_bad_parameter(small_ws, monkeypatch, query, name):
    app = run_app(small_ws.path, monkeypatch, query=query)
    assert any(f"«{name}»" in w.value for w in app.warning)
