"""The metrics pages through AppTest on hand-made data: hand-computed cards, definitions, base type notice, downloads."""
from __future__ import annotations

import datetime as dt

import pytest

from core.access import Viewer
from tests.conftest import publish_frames
from tests.core.metrics.data import period_frames
from tests.pages.apptest import downloads, run_app

MARCH = {"as_of": "2026-03-31", "start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def period_path(workspace):
    publish_frames(workspace, period_frames())
    return workspace.path


def _cards(app):
    return {m.label: m.value for m in app.metric}


def test_retention_page_with_a_ten_day_window(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/retention.py", query=MARCH)
    app.number_input(key="metrics_window").set_value(10).run()
    assert not app.exception
    cards = _cards(app)
    assert cards["Удержание (CRR)"] == "100,0\u00a0%"
    assert cards["Строгое удержание"] == "50,0\u00a0%"
    assert cards["S — активные на начало"] == "2" and cards["E — активные на конец"] == "3"
    assert cards["Новые клиенты (N)"] == "2"
    # Buyers a b c e f; only c bought twice in March. Cumulative: a b c f of the six who ever bought.
    assert cards["Повторные покупки за период"] == "20,0\u00a0%"
    assert cards["Повторные покупатели за всё время"] == "66,7\u00a0%"
    assert all(m.help for m in app.metric)
    # Only the open tab is drawn: the cohort heatmap first; each other tab draws its own charts when opened.
    assert [c.label for c in app.tabs] == ["Когорты", "Кривые удержания", "По месяцам", "Вторая покупка"]
    assert len(app.get("plotly_chart")) == 1 and app.subheader[-1].value == "Когортное удержание"
    for label, charts, heading in (("Кривые удержания", 1, "Кривые удержания по когортам"),
                                   ("По месяцам", 2, "Повторные покупки по месяцам"),
                                   ("Вторая покупка", 1, "Дней от первой до второй покупки")):
        app.session_state["retention_tab"] = label
        app.run()
        assert not app.exception
        assert len(app.get("plotly_chart")) == charts and app.subheader[-1].value == heading
    app.session_state["retention_tab"] = "Когорты"
    app.run()
    # March (31 days) is longer than the 10-day window: the page says what CRR then compares;
    # (|E| − |N|) / S = (3 − 2) / 2.
    notes = [i.value for i in app.info if "длиннее окна активности" in i.value]
    assert len(notes) == 1 and "Период (31 дн.)" in notes[0] and "= 50,0\u00a0%" in notes[0]


def test_retention_page_says_nothing_of_the_window_when_the_period_fits(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/retention.py", query=MARCH)
    app.number_input(key="metrics_window").set_value(31).run()
    assert not app.exception
    assert not [i.value for i in app.info if "длиннее окна активности" in i.value]


def test_average_check_page_and_the_base_type_breakdown(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/average_check.py", query=MARCH)
    assert not app.exception
    assert _cards(app)["Средний чек"] == "216,67\u00a0₽"
    app.selectbox(key="aov_dimension").set_value("base_type").run()
    assert not app.exception
    assert len(app.dataframe) == 1 and not app.info


def test_ltv_cac_page_with_a_lifespan_override(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/ltv_cac.py", query=MARCH)
    assert _cards(app)["CAC"] == "500,00\u00a0₽" and _cards(app)["Срок жизни, лет"] == "10,00"
    app.number_input(key="lifespan_override").set_value(2.0).run()
    assert not app.exception
    # 143 ₽ × 10/6 purchases a year × 2 years; as gross profit at the default 30 %: 143 ₽.
    assert _cards(app)["LTV по выручке"] == "476,67\u00a0₽"
    assert _cards(app)["LTV по валовой прибыли"] == "143,00\u00a0₽"
    app.number_input(key="metrics_margin").set_value(50.0).run()
    assert not app.exception
    assert _cards(app)["LTV по валовой прибыли"] == "238,33\u00a0₽"
    # Payback on profit. CAC: ads 600 ₽ (c new in March), social 400 ₽ (e). Channel curves (months over by
    # 31.03): ads k0 (a's February 10 ₽ + c's March 800 ₽) / 2 = 405 ₽, k1 a's 110 ₽; social k0 e's 50 ₽.
    # At 50 % none reaches its CAC, and the table says so in words.
    table = app.dataframe[-1].value
    assert dict(zip(table["Канал"], table["Окупаемость, мес."])) == {"ads": "не окупился", "social": "не окупился"}
    # Only the open tab is drawn: by channel (its table, the LTV/CAC bars, payback); the others when opened.
    assert [c.label for c in app.tabs] == ["По каналам", "По когортам", "CAC по месяцам", "NPS"]
    assert len(app.get("plotly_chart")) == 1 and len(app.dataframe) == 2
    for label, heading in (("По когортам", "Накопленная выручка на клиента по когортам"),
                           ("CAC по месяцам", "CAC по месяцам и каналам"),
                           ("NPS", "NPS")):
        app.session_state["ltv_cac_tab"] = label
        app.run()
        assert not app.exception and app.subheader[-1].value == heading
        assert not app.dataframe


def test_program_page_warns_and_offers_downloads(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/program.py", query=MARCH)
    app.date_input(key="program_event").set_value(dt.date(2026, 3, 1)).run()
    app.number_input(key="program_days").set_value(31).run()
    assert not app.exception
    assert any("CAC вырос" in w.value for w in app.warning)
    assert len(downloads(app)) == 2
    # Percentages change by percentage points, not by percent.
    from core.i18n import t

    table = app.dataframe[0].value
    changes = [str(c) for c in table[t("metrics.change")]]
    # repeat_rate, repeat_rate_cumulative, crr, retention_strict and ltv_margin are percentages.
    assert sum(c.endswith("п. п.") for c in changes) == 5, changes


def test_program_page_has_no_downloads_for_an_executive(period_path, monkeypatch):
    app = run_app(period_path, monkeypatch, page="pages/program.py", query=MARCH,
                  viewer=Viewer(username="boss", role="executive"))
    assert not app.exception
    assert len(app.get("download_button")) == 0


def test_a_computation_out_of_the_databases_memory_is_said_on_the_page_not_as_a_traceback(period_path, monkeypatch):
    import duckdb

    from core import results
    from core.metrics import check

    original = results.get

    def short_of_memory(ws, fn, *args, **kwargs):
        if fn is check.by_dimension:
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to pin block of size 256.0 KiB")
        return original(ws, fn, *args, **kwargs)

    monkeypatch.setattr(results, "get", short_of_memory)
    app = run_app(period_path, monkeypatch, page="pages/average_check.py", query=MARCH)
    assert not app.exception
    assert [e.value for e in app.error] == [
        "Этот расчёт не уместился в память, отведённую базе данных (часть KB_MEMORY_LIMIT), и остановлен; "
        "данные не изменились. Повторите позже, когда сервер менее занят, или увеличьте KB_MEMORY_LIMIT."]
