"""The data-quality page through AppTest: scores and lists on hand-made data, merge and unmerge, roles."""
from __future__ import annotations

import datetime as dt

from core import merges, quality
from core.access import Viewer
from tests.conftest import publish_frames
from tests.pages.apptest import run_app

DAY = dt.date(2026, 5, 31)


def _data(ws) -> None:
    publish_frames(ws, {
        "customers": [
            {"customer_id": "a", "name": "Иванов Иван", "email": "ivan@mail.ru", "registered_at": DAY},
            {"customer_id": "b", "name": "Иванов И.", "email": "IVAN@mail.ru ", "registered_at": DAY},
            {"customer_id": "c", "name": "Петров Пётр", "email": "petr at mail.ru", "phone": "8 912 345-67-89",
             "registered_at": DAY},
        ],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": DAY, "amount": 100.0},
            {"order_id": "2", "customer_id": "a", "order_date": DAY, "amount": 100.0},
            {"order_id": "3", "customer_id": "b", "order_date": DAY, "amount": 100.0},
            {"order_id": "4", "customer_id": "c", "order_date": DAY, "amount": 100.0},
        ],
    })


def _expanders(app) -> dict[str, str]:
    return {e.label.split(":")[0]: e.label.split(": ")[-1] for e in app.expander}


def _open_lists(app):
    """Open every problem list's section (as a click on each would) and run the page again."""
    for name in quality.LISTS:
        app.session_state[f"quality_list_{name}"] = True
    return app.run()


def test_analyst_sees_scores_and_lists_and_merges_then_unmerges(workspace, monkeypatch):
    _data(workspace)
    app = run_app(workspace.path, monkeypatch, page="pages/quality.py", viewer=Viewer("anna", "analyst"))
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    # customers: b duplicates a (same e-mail after trim and lower-case), c's e-mail is invalid: 2 of 3 rows
    assert metrics["Клиенты"] == "33,3"
    assert metrics["Заказы"] == "100,0"
    counts = _expanders(app)
    assert counts["Дубликаты"] == "2" and counts["Неверные e-mail"] == "1"
    # Closed, the lists draw no table: only the two summaries (missing fields, consent) are on the page.
    assert len(app.dataframe) == 2 and not any("ID клиента" in df.value.columns for df in app.dataframe)
    _open_lists(app)
    assert any(df.value.shape[0] == 2 and "E-mail" in df.value.columns for df in app.dataframe)
    assert any(df.value.shape[0] == 1 and list(df.value["E-mail"]) == ["petr at mail.ru"] for df in app.dataframe)

    assert app.selectbox[0].value == 1 and app.selectbox[1].value == "a"   # group 1, a has more orders
    assert app.selectbox[0].options == ["Группа 1: a, b"] and app.selectbox[1].options == ["a", "b"]
    [b for b in app.button if b.label == "Объединить"][0].click().run()
    assert not app.exception
    assert any("Объединено: b → a" in s.value for s in app.success)
    assert workspace.manifest().merges == {"b": "a"}
    assert merges.history(workspace)[-1]["username"] == "anna"

    # A new page load reads the new generation (AppTest re-runs only the page file after switch_page,
    # so the router's context is rebuilt by starting a fresh session).
    app = run_app(workspace.path, monkeypatch, page="pages/quality.py", viewer=Viewer("anna", "analyst"))
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Клиенты"] == "50,0"              # a and c; c's e-mail is still invalid
    assert _expanders(app)["Дубликаты"] == "0"
    assert metrics["Общая"].startswith("75") and "к версии данных № 1" in str(app.metric[2].delta)

    [b for b in app.button if b.label == "Отменить объединение"][0].click().run()
    assert not app.exception
    assert workspace.manifest().merges == {}
    app = run_app(workspace.path, monkeypatch, page="pages/quality.py", viewer=Viewer("anna", "analyst"))
    assert _expanders(app)["Дубликаты"] == "2"


def test_marketer_sees_lists_without_personal_data_and_cannot_merge(workspace, monkeypatch):
    _data(workspace)
    app = _open_lists(run_app(workspace.path, monkeypatch, page="pages/quality.py", viewer=Viewer("m", "marketer")))
    assert not app.exception
    assert any("ID клиента" in df.value.columns for df in app.dataframe)  # the lists are drawn, without personal data
    assert not [b for b in app.button if b.label == "Объединить"]
    assert any("аналитик и администратор" in c.value for c in app.caption)
    assert app.dataframe and all("E-mail" not in df.value.columns and "Имя" not in df.value.columns
                                 for df in app.dataframe)


def test_executive_sees_counts_only(workspace, monkeypatch):
    _data(workspace)
    app = _open_lists(run_app(workspace.path, monkeypatch, page="pages/quality.py", viewer=Viewer("e", "executive")))
    assert not app.exception
    assert _expanders(app)["Дубликаты"] == "2"
    assert all("ID клиента" not in df.value.columns for df in app.dataframe)   # only the summary tables
    assert any("только количество" in c.value for c in app.caption)
