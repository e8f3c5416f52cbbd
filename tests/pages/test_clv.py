"""The predicted-LTV page through AppTest: figures from the fit, validation, lists, download, bad data, roles."""

from __future__ import annotations

import datetime as dt

from core import sql
from core.access import Viewer
from core.clv.service import fit
from tests.conftest import publish_frames
from tests.pages.apptest import chart_downloads, downloads, run_app, texts

PAGE = "pages/clv.py"


def _open(app, tab: str):
    """Open a tab of the page (as a click on it would) and run the page again."""
    app.session_state["clv_tab"] = tab
    return app.run()


def test_page_shows_the_fit_validation_and_lists(demo_workspace, monkeypatch):
    app = run_app(demo_workspace.path, monkeypatch, page=PAGE)
    assert not app.exception
    expected = fit(demo_workspace, sql.default_context(demo_workspace))
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Клиентов в модели"] == f"{expected.customers:,}".replace(",", "\u00a0")
    assert metrics["В зоне риска"] == f"{int(expected.scores['at_risk'].sum()):,}".replace(",", "\u00a0")
    assert "Прогноз LTV" in texts(app)
    # Only the open tab is drawn: the forecast (distribution, P(alive)) first, no table.
    assert [t.label for t in app.tabs] == ["Прогноз", "Модель и её проверка", "Списки клиентов"]
    assert len(app.get("plotly_chart")) == 2 and not app.dataframe
    assert len(chart_downloads(app)) == 2 * 2  # CSV and XLSX beside every chart
    _open(app, "Модель и её проверка")
    assert not app.exception
    assert {"Ошибка суммы покупок", "Средняя абсолютная ошибка по группам"} <= {m.label for m in app.metric}
    params = app.dataframe[0].value
    assert params["Параметр"].tolist()[:4] == ["r", "alpha", "a", "b"]
    assert len(app.get("plotly_chart")) == 2 and len(chart_downloads(app)) == 2 * 2
    _open(app, "Списки клиентов")
    assert not app.exception
    assert len(app.get("plotly_chart")) == 0 and len(app.dataframe) == 2
    assert len(downloads(app)) == 1


def test_page_in_english(demo_workspace, monkeypatch):
    # Pages always run through the router (login gate, sidebar): the language comes from the link.
    app = run_app(demo_workspace.path, monkeypatch, page=PAGE, query={"lang": "en"})
    assert not app.exception
    assert "Customers in the model" in {m.label for m in app.metric}
    assert [t.label for t in app.tabs] == ["Forecast", "The model and its validation", "Customer lists"]
    assert "Distribution of predicted LTV" in texts(app)


def test_executive_sees_figures_but_no_customer_lists(demo_workspace, monkeypatch):
    app = run_app(demo_workspace.path, monkeypatch, page=PAGE, viewer=Viewer("boss", "executive"))
    assert not app.exception
    _open(app, "Списки клиентов")
    assert len(app.get("download_button")) == 0  # executives download nothing, chart data included
    assert any("Списки клиентов доступны" in i.value for i in app.info)


def test_one_time_buyers_get_the_reason_and_historical_figures(workspace, monkeypatch):
    day = dt.date(2026, 3, 1)
    publish_frames(
        workspace,
        {
            "orders": [
                {
                    "order_id": str(i),
                    "customer_id": f"c{i}",
                    "order_date": day - dt.timedelta(days=i),
                    "amount": 100.0 + i,
                }
                for i in range(120)
            ]
        },
    )
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    assert not app.exception
    assert any("купили только один раз" in w.value for w in app.warning)
    assert "Исторические показатели" in texts(app)
    table = app.dataframe[0].value
    assert table["ID клиента"].tolist()[:2] == ["c119", "c118"]  # by purchases total, highest first
    assert len(app.get("plotly_chart")) == 0


def test_a_long_at_risk_list_shows_its_first_rows_and_downloads_them_all(demo_workspace, monkeypatch):
    # The browser gets the first rows of the at-risk list (at 1M customers it has tens of thousands) and a
    # caption saying so; the top list is short and shown whole; the download keeps every row.
    from core import display

    monkeypatch.setattr(display, "SHOWN_ROWS", 3)
    app = _open(run_app(demo_workspace.path, monkeypatch, page=PAGE), "Списки клиентов")
    assert not app.exception
    expected = fit(demo_workspace, sql.default_context(demo_workspace))
    at_risk = int(expected.scores["at_risk"].sum())
    assert at_risk > 3
    heights = [len(d.value) for d in app.dataframe]
    assert 3 in heights and 20 in heights  # the at-risk list cut, the top 20 whole
    caption = f"Показаны первые 3 из {at_risk:,} (по выручке); в файл попадают все.".replace(",", "\u00a0")
    assert caption in [c.value for c in app.caption]
    assert len(downloads(app)) == 1
