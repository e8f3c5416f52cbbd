"""The «Источники данных» page through AppTest: the engine form, a dataset's lake source set, refused and
cleared, a change made after another admin's refused, the check's messages, the build from the sources."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import audit
from core.access import Viewer
from core.engines import choice, sources
from tests.conftest import publish_frames
from tests.pages.apptest import run_app, texts
from ui import nav

PAGE = "pages/sources.py"
ROOT = Viewer(username="root", role="admin")


@pytest.fixture(autouse=True)
def no_engine_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(choice.ENV_REMOTE, raising=False)
    monkeypatch.delenv(choice.ENV_ENGINE, raising=False)


@pytest.fixture
def small(workspace):
    day = dt.date(2026, 5, 31)
    publish_frames(workspace, {
        "customers": [{"customer_id": "a"}, {"customer_id": "b"}],
        "orders": [{"order_id": "1", "customer_id": "a", "order_date": day, "amount": 100.0},
                   {"order_id": "2", "customer_id": "b", "order_date": day, "amount": 900.0}],
    })
    return workspace


def _keyed(app, widgets, prefix: str):
    return next(w for w in widgets if w.key and w.key.startswith(prefix))


def _plain(shown: str) -> str:
    """Text as read on the screen: without Markdown's escapes and the joiner that keeps `://` from a link."""
    return shown.replace("\\", "").replace("\u2060", "")


def _said(elements) -> list[str]:
    return [_plain(e.value) for e in elements]


def _button(app, label: str):
    return next(b for b in app.button if b.label == label)


def _save_source(app, kind: str, how: str, value: str):
    _keyed(app, app.radio, f"source_{kind}_").set_value(how)
    _keyed(app, app.text_input, f"source_{kind}_").set_value(value)
    return app.button(key=f"source_save_{kind}").click().run()


def test_only_admins_have_the_page_in_the_data_section():
    spec = next(s for s in nav.PAGES if s.path == PAGE)
    assert spec.permission == "admin" and spec.section == "nav.section.data"


def test_an_admin_sets_a_source_a_malformed_one_is_refused_in_russian_and_the_source_is_cleared(small, monkeypatch):
    app = run_app(small.path, monkeypatch, page=PAGE)
    assert not app.exception
    assert "Источники данных и движок сборки" in [t.value for t in app.title]
    assert "Сейчас сборка идёт на DuckDB" in texts(app)
    app = _save_source(app, "orders", "path", "/data/orders")
    assert not app.exception
    # named as the upload page names the dataset
    assert any("«Заказы» не принят" in e and "не путь вида схема://" in e for e in _said(app.error))
    assert sources.sources(small) == {}
    app = _save_source(app, "orders", "table", "orders; drop table x")
    assert any("не имя таблицы каталога" in e for e in _said(app.error))
    app = _save_source(app, "orders", "path", "")
    assert any("укажите путь или имя таблицы" in e for e in _said(app.error))
    assert sources.sources(small) == {}
    app = _save_source(app, "orders", "path", "s3a://lake/orders/")
    assert not app.exception and app.success
    assert sources.sources(small) == {"orders": sources.Source("orders", path="s3a://lake/orders/")}
    assert "Сейчас: s3a://lake/orders/" in _plain(texts(app))
    app = _save_source(app, "orders", "files", "")
    assert sources.sources(small) == {}
    log = audit.read(small).filter(pl.col("action") == "engine_source")["what"].to_list()
    assert log == ["orders: workspace files", "orders: s3a://lake/orders/"]


def test_a_source_changed_by_another_admin_meanwhile_is_not_overwritten(small, monkeypatch):
    app = run_app(small.path, monkeypatch, page=PAGE)
    sources.set_source(small, ROOT, "orders", table="crm.orders")  # another admin, after the page was drawn
    app = _save_source(app, "orders", "path", "s3a://lake/orders/")
    assert any("изменил другой администратор" in e and "crm.orders" in e for e in _said(app.error))
    assert sources.sources(small) == {"orders": sources.Source("orders", table="crm.orders")}
    # the page now shows it, and a change made from it goes through
    assert "table crm.orders" in _plain(texts(app))
    app = _save_source(app, "orders", "path", "s3a://lake/orders/")
    assert sources.sources(small)["orders"].path == "s3a://lake/orders/"


def test_the_engine_form_in_english_refuses_a_bad_address_and_saves_a_good_one(small, monkeypatch):
    app = run_app(small.path, monkeypatch)
    app.session_state["lang"] = "en"
    app.switch_page(PAGE)
    app.run()
    assert "Data sources and the build engine" in [t.value for t in app.title]
    _keyed(app, app.radio, "engine_").set_value("spark")
    _keyed(app, app.text_input, "engine_").set_value("spark-master:15002")
    app = _button(app, "Save the engine").click().run()
    assert any("sc://host:port is expected" in e for e in _said(app.error))
    assert choice.current(small).stored == (None, None)
    _keyed(app, app.radio, "engine_").set_value("spark")
    _keyed(app, app.text_input, "engine_").set_value("sc://spark-master:15002")
    app = _button(app, "Save the engine").click().run()
    assert not app.error and app.success
    assert choice.current(small).stored == ("spark", "sc://spark-master:15002")
    assert "Builds now run on Apache Spark" in texts(app)


def test_an_address_the_operator_set_is_shown_as_fixed(small, monkeypatch):
    monkeypatch.setenv(choice.ENV_REMOTE, "sc://operator:15002")
    app = run_app(small.path, monkeypatch, page=PAGE)
    assert any("KB_SPARK_REMOTE" in i for i in _said(app.info))
    assert _keyed(app, app.text_input, "engine_").disabled
    assert _keyed(app, app.text_input, "engine_").value == "sc://operator:15002"


def test_the_check_says_each_problem_and_the_build_on_duckdb_says_what_it_built(small, monkeypatch):
    app = run_app(small.path, monkeypatch, page=PAGE)
    app = _button(app, "Проверить настройки").click().run()
    assert any("проверять нечего" in i for i in _said(app.info))
    generation = small.generation()
    app = _button(app, "Собрать заново из источников").click().run()
    assert not app.exception
    assert any(f"Версия данных {generation + 1} собрана на DuckDB" in s for s in _said(app.success))
    assert "Прочитаны файлы рабочей области" in texts(app)
    # Spark at an address nothing answers: the check and the build say so, the generation stays
    choice.set_engine(small, ROOT, "spark", "sc://127.0.0.1:9", expected=(None, None))
    app.run()
    app = _button(app, "Проверить настройки").click().run()
    assert any("Найдено проблем: 1" in e for e in _said(app.error))
    assert any("не отвечает" in e for e in _said(app.error))
    app = _button(app, "Собрать заново из источников").click().run()
    assert any("не отвечает" in e for e in _said(app.error))
    assert small.generation() == generation + 1


def test_the_upload_page_leads_an_admin_to_the_settings_and_not_an_analyst(small, monkeypatch):
    app = run_app(small.path, monkeypatch, page="pages/upload.py")
    assert not app.exception
    assert [link.label for link in app.get("page_link")] == ["Движок сборки и источники наборов"]
    app = run_app(small.path, monkeypatch, page="pages/upload.py", viewer=Viewer(username="an", role="analyst"))
    assert not app.exception and not app.get("page_link")
