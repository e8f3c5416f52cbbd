"""The overview page through AppTest: KPI cards computed by hand, language switch, bad links, demo banner."""
from __future__ import annotations

import base64
import datetime as dt

import pytest

from tests.conftest import publish_frames
from tests.pages.apptest import run_app

NBSP = "\u00a0"


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
    cards = {m.label: (m.value, m.delta) for m in app.metric}
    # 90 days ending 31.05.2026 = [03.03, 31.05]: a's two orders; b's (20.02) is before; d's is cancelled.
    # Previous period [03.12.2025, 02.03.2026]: b's 70 ₽; contacts then: a, b, c (no registration date) = 3.
    assert cards["Клиентов в базе"] == ("3", "+0,0\u00a0%")
    assert cards["Покупали за 90 дн."][0] == "1"  # a bought within the 90-day activity window
    assert cards["Новые клиенты"][0] == "1"  # a's first order 21.05 is in the period, b's is not
    assert cards["Выручка за период"] == (f"1{NBSP}501{NBSP}₽", f"+2{NBSP}043,6{NBSP}%")  # (1500.5 − 70) / 70
    assert cards["Средний чек"][0] == f"750{NBSP}₽"
    assert cards["Повторные покупки за период"][0] == f"100,0{NBSP}%"  # a, the period's one buyer, bought twice
    # S = {b} (20.02 in [02.12.2025, 02.03.2026]), E = {a}, N = {a}: (1 − 1) / 1.
    assert cards["Удержание (CRR)"][0] == f"0,0{NBSP}%"
    # 365 days: 3 orders, 1570.5 ₽, 2 customers; nobody bought a year before: lifespan 10 years.
    # 523.5 × 1.5 × 10 = 7852.5 ₽ of revenue; the card is gross profit at the default 30 %: 2355.75.
    assert cards["LTV по валовой прибыли"][0] == f"2{NBSP}356{NBSP}₽"
    assert "CAC" not in cards  # no spend data
    # Each card draws its sparkline (an SVG line of the KPI over the last periods, as an image: the page's HTML
    # keeps no inline SVG), none without a card.
    prefix = '<img src="data:image/svg+xml;base64,'
    sparks = [base64.b64decode(h.proto.body[len(prefix):].split('"')[0]).decode()
              for h in app.get("html") if h.proto.body.startswith(prefix)]
    assert len(sparks) == len(cards) == 8 and all(s.startswith("<svg") and "<circle" in s for s in sparks)
    # The composition's «Активная» (two orders or more, not VIP) is named apart from the card: a is VIP (the top
    # ceil(5 % of 2) = 1 buyer by revenue), b bought once: none is of the base type, one bought in 90 days.
    note = next(c.value for c in app.caption if c.value.startswith("«Активная» здесь"))
    assert "кроме VIP (0)" in note and "«Покупали за 90 дн.» считает всех с заказом за 90 дней (1)" in note


@pytest.mark.parametrize("label", ["Клиентов в базе", "Выручка за период", "Удержание (CRR)"])
def test_every_card_has_its_definition(workspace, monkeypatch, label):
    _hand_made(workspace)
    app = run_app(workspace.path, monkeypatch)
    card = next(m for m in app.metric if m.label == label)
    assert card.help and len(card.help) > 20


def test_english_link_and_malformed_date(workspace, monkeypatch):
    _hand_made(workspace)
    app = run_app(workspace.path, monkeypatch, query={"lang": "en", "as_of": "31.02.2026", "period": "365"})
    assert not app.exception
    assert any("invalid «as_of»" in w.value for w in app.warning)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["New customers"] == "2"  # a (21.05.2026) and b (20.02.2026) first bought in the year


def test_an_empty_workspace_gets_the_demo_data_and_says_so(tmp_path, monkeypatch):
    app = run_app(tmp_path / "fresh", monkeypatch)
    assert not app.exception
    assert any("демонстрационные данные" in i.value for i in app.info)
    assert {m.label: m.value for m in app.metric}["Клиентов в базе"] == "20\u00a0000"
    assert "CAC" in {m.label for m in app.metric}  # the demo has marketing spend
    observations = [m.value for m in app.markdown if m.value.startswith("- ")]
    assert observations, "the overview says in words what moved"
