"""The overview page through AppTest: KPI cards computed on the data, language switch, bad links."""
from __future__ import annotations

import datetime as dt

from tests.conftest import publish_frames
from tests.pages.apptest import run_app


def _hand_made(workspace):
    day = dt.date(2026, 5, 31)
    publish_frames(workspace, {
        "customers": [{"customer_id": c} for c in ("a", "b", "c")],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": day, "amount": 1000.0},
            {"order_id": "2", "customer_id": "a", "order_date": day - dt.timedelta(days=10), "amount": 500.5},
            {"order_id": "3", "customer_id": "b", "order_date": day - dt.timedelta(days=100), "amount": 70.0},
            {"order_id": "4", "customer_id": "d", "order_date": day, "amount": 300.0, "status": "отменён"},
        ],
    })


def test_overview_shows_hand_computed_kpis(workspace, monkeypatch):
    _hand_made(workspace)
    app = run_app(workspace.path, monkeypatch)
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    # 90 days ending 31.05.2026: orders 1 and 2 (a); b's order is 100 days back; d's is cancelled.
    assert metrics["Клиентов в базе"] == "3"
    assert metrics["Покупателей за период"] == "1"
    assert metrics["Выручка за период"] == "1\u00a0501\u00a0₽"
    assert metrics["Средний чек"] == "750,25\u00a0₽"


def test_english_link_and_malformed_date(workspace, monkeypatch):
    _hand_made(workspace)
    app = run_app(workspace.path, monkeypatch, query={"lang": "en", "as_of": "31.02.2026", "period": "365"})
    assert not app.exception
    assert any("invalid «as_of»" in w.value for w in app.warning)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Buyers in the period"] == "2"


def test_an_empty_workspace_gets_the_demo_data_and_says_so(tmp_path, monkeypatch):
    app = run_app(tmp_path / "fresh", monkeypatch)
    assert not app.exception
    assert any("демонстрационные данные" in i.value for i in app.info)
    assert {m.label: m.value for m in app.metric}["Клиентов в базе"] == "20\u00a0000"
