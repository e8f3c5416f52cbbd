"""The composition, customer card and definitions pages through AppTest, per viewer rights."""
from __future__ import annotations

import datetime as dt

import pytest

import polars as pl

from core import composition
from core.access import Viewer
from core.i18n import t
from tests.conftest import publish_frames
from tests.pages.apptest import run_app, texts

D = dt.date(2026, 3, 31)


@pytest.fixture
def page_ws(workspace):
    d = dt.date
    publish_frames(workspace, {
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": d(2026, 1, 10), "amount": 1000.0},
            {"order_id": "2", "customer_id": "b", "order_date": d(2026, 3, 20), "amount": 50.0},
            {"order_id": "3", "customer_id": "b", "order_date": d(2026, 3, 31), "amount": 50.0},
        ],
        "customers": [
            {"customer_id": "a", "name": "Анна Петрова", "email": "anna@mail.ru", "consent_email": True},
            {"customer_id": "m", "email": "m@mail.ru", "consent_email": True},
        ],
    })
    return workspace


def open_page(ws, monkeypatch, page, viewer=None, query=None):
    app = run_app(ws.path, monkeypatch, page=page, viewer=viewer, query=query)
    assert not app.exception, [e.value for e in app.exception]
    return app


def table_text(app) -> str:
    return "\n".join(df.value.to_string() for df in app.dataframe)


def test_composition_counts_and_members(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/composition.py")
    # D = 31.03.2026: buyers of the year a (1000), b (100): ceil(5 % × 2) = 1 -> a VIP (80 days, not inactive);
    # b two orders: active; m: mailing.
    counts = app.dataframe[0].value
    row = {c: counts.iloc[i] for i, c in enumerate(counts.columns)}
    assert list(counts.iloc[:, 0]) == ["VIP", "Активная", "Рабочая", "Неактивная", "Потенциальная", "База для рассылки"]
    assert list(counts.iloc[:, 1]) == [1, 1, 0, 0, 0, 1]
    assert row  # the table has its columns
    members = app.selectbox(key="members_base_type")
    members.set_value("active").run()
    assert "b" in table_text(app)
    assert app.get("download_button")


def test_executive_sees_aggregates_but_no_customer_list(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/composition.py", viewer=Viewer("boss", "executive"))
    assert any("отдельных клиентов" in i.value for i in app.info)
    assert "anna@mail.ru" not in table_text(app)


def test_marketer_sees_masked_members(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/composition.py", viewer=Viewer("mk", "marketer"))
    app.selectbox(key="members_base_type").set_value("vip").run()
    assert "a***@mail.ru" in table_text(app) and "anna@mail.ru" not in table_text(app)


def open_tab(app, tab: str):
    """Open a tab of the page (only the open one runs) and rerun."""
    app.session_state["composition_tab"] = t(f"composition.tab.{tab}", "ru")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


HEAVY_CALLS: list[str] = []
real_over_time = composition.over_time


def counted_over_time(ws, ctx, months=24):
    """The month-end history, counted (called through the page's cache, so defined at module level)."""
    HEAVY_CALLS.append("over_time")
    return real_over_time(ws, ctx, months)


def counted_migration(ws, ctx, first, second):
    HEAVY_CALLS.append("migration")
    return pl.DataFrame()


def test_only_the_open_tab_runs(page_ws, monkeypatch):
    HEAVY_CALLS.clear()
    monkeypatch.setattr(composition, "over_time", counted_over_time)
    monkeypatch.setattr(composition, "migration", counted_migration)
    app = open_page(page_ws, monkeypatch, "pages/composition.py")
    assert app.dataframe and HEAVY_CALLS == []  # the structure tab is open: no history, no migration
    open_tab(app, "time")
    assert HEAVY_CALLS == ["over_time"]


def test_threshold_preview_is_live(page_ws, monkeypatch):
    app = open_tab(open_page(page_ws, monkeypatch, "pages/composition.py"), "thresholds")
    app.slider(key="thr_inactive_days").set_value(70).run()
    # a's last order was 80 days before D: inactive at 70 days; nobody else changes.
    assert any("Сменят тип: 1 из 3" in m.value for m in app.markdown)
    app.button[0].click().run()  # apply
    assert not app.exception
    assert app.session_state["thresholds"].inactive_days == 70


def test_temperature_with_its_rules_beside_the_chart(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/composition.py")
    app.segmented_control(key="composition_dimension").set_value("temperature").run()
    assert not app.exception
    # D = 31.03: b bought twice, the last today: hot; a bought once, 80 days ago: warm (one order is never hot);
    # m never bought and has no contact: cold.
    counts = app.dataframe[0].value
    assert list(counts.iloc[:, 0]) == ["Горячий", "Тёплый", "Холодный"]
    assert list(counts.iloc[:, 1]) == [1, 1, 1]
    rules = "\n".join(m.value for e in app.expander for m in e.markdown)
    assert "не меньше 3 выполненных заказов" in rules and "отписка не более 90 дней назад" in rules


def test_temperature_thresholds_apply_and_keep_the_other_settings(page_ws, monkeypatch):
    import dataclasses

    from core.context import Thresholds

    app = open_page(page_ws, monkeypatch, "pages/composition.py")
    app.session_state["thresholds"] = dataclasses.replace(Thresholds(), gross_margin_share=0.45)
    app = open_tab(app.run(), "thresholds")
    app.number_input(key="thr_negative").set_value(30).run()
    app.number_input(key="thr_hot_orders").set_value(2).run()
    app.button[0].click().run()  # apply
    assert not app.exception
    applied = app.session_state["thresholds"]
    assert (applied.negative_days, applied.hot_min_orders, applied.gross_margin_share) == (30, 2, 0.45)


def test_behaviour_types_with_the_untyped_counted(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/composition.py")
    app.segmented_control(key="composition_dimension").set_value("behaviour_type").run()
    assert not app.exception
    # D = 31.03: a (one order) and m (no order, no contact) have no type; b: two orders 11 days apart (fewer than
    # three a year: no rhythm), R and F among 2 buyers: b is the latest and the most frequent (5, 5): loyal.
    counts = app.dataframe[0].value
    assert list(counts.iloc[:, 0]) == ["Лояльный", "Покупает по скидкам", "Импульсивный", "Целенаправленный",
                                       "Любопытный"]
    assert list(counts.iloc[:, 1]) == [1, 0, 0, 0, 0]
    assert any("Без типа поведения (данные не показывают ни одного): 2 из 3" in c.value for c in app.caption)
    rules = "\n".join(m.value for e in app.expander for m in e.markdown)
    assert "коэффициент вариации интервалов не больше 0,50" in rules


def test_migration_tab_lists_moves(page_ws, monkeypatch):
    app = open_tab(open_page(page_ws, monkeypatch, "pages/composition.py", query={"period": "30"}), "migration")
    # from 01.03 (the day before the 30-day period) to 31.03: b arrives (working on 31.03? two orders: active).
    assert "Перешли: 1" in texts(app)


def test_customer_card_search_and_profile(page_ws, monkeypatch):
    app = open_page(page_ws, monkeypatch, "pages/customer_card.py")
    app.text_input(key="card_query").input("анна").run()
    assert not app.exception
    assert "Анна Петрова" in texts(app) + "\n".join(h.value for h in app.header)
    assert "VIP" in "\n".join(m.value for m in app.markdown)


def test_customer_card_is_not_in_the_executive_menu(page_ws, monkeypatch):
    from ui import nav

    assert "pages/customer_card.py" not in [p.path for p in nav.pages_for(Viewer("boss", "executive"))]


def test_definitions_page_renders_every_section(page_ws, monkeypatch):
    # (English is covered by tests/core/test_definitions.py and the browser test: AppTest cannot switch pages
    # after a language change, because the sidebar's period options are translated.)
    app = open_page(page_ws, monkeypatch, "pages/definitions.py")
    assert "более 180 дней" in "\n".join(m.value for m in app.markdown)
    assert "заказы без времени идут после заказов со временем того же дня" in "\n".join(c.value for c in app.caption)
    assert len(app.subheader) == 10  # seven classifications, categories, the period metrics and the campaign figures
    assert "Категории в сегментах" in [h.value for h in app.subheader]
    text = "\n".join(m.value for m in app.markdown)
    assert "покупка ровно N дней назад уже не считается" in text
    assert "100 × |E ∖ N| / S" in text and "LTV по валовой прибыли" in text and "Повторные покупатели за всё время" in text
