"""A real browser sets the engine and a dataset's lake source on «Источники данных», checks them and builds on a
real local Spark Connect server; bad settings (a malformed path, a missing one, a missing mapped column, a
dead address) each give their message and leave the generation in force."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polars as pl
import pytest

from core import demo, users
from core.access import Viewer
from core.workspace import MANIFEST_FILE, Workspace
from tests.browser import harness
from tests.browser.conftest import PASSWORD, login

pytestmark = [pytest.mark.spark, pytest.mark.slow]

CUSTOMERS = 300
CUTOFF = "2026-04-01"  # the lake holds the orders before it: fewer than the workspace's files
SHOTS = Path(os.environ.get("KB_SHOTS", "/tmp/kb-shots")) / "sources"


@pytest.fixture(scope="module")
def lake_app(tmp_path_factory):
    """An app on its own demo workspace (this test publishes), and a lake beside it: the orders before `CUTOFF`
    in a folder of Parquet files, and the same rows without `order_date`."""
    path = tmp_path_factory.mktemp("sources_ws")
    lake = tmp_path_factory.mktemp("lake")
    ws = Workspace(path)
    demo.load_into(ws, customers=CUSTOMERS)
    users.add(ws, Viewer.system(), "root", "admin", password=PASSWORD)
    with ws.reading() as cur:
        orders = cur.sql(f"select * from orders where order_date < date '{CUTOFF}'").pl()
        everything = cur.execute("select count(*) from orders").fetchall()[0][0]
    ws.close()
    assert 0 < orders.height < everything
    (lake / "orders").mkdir()
    orders.write_parquet(lake / "orders" / "part-0.parquet")
    (lake / "lacking").mkdir()
    orders.drop("order_date").write_parquet(lake / "lacking" / "part-0.parquet")
    # the operator sets nothing: the engine and address come from the page
    with harness.streamlit_server(path, env={"KB_SPARK_REMOTE": "", "KB_BUILD_ENGINE": ""}) as url:
        yield url, path, lake, orders.height


def _generation(path: Path) -> int:
    return json.loads((path / MANIFEST_FILE).read_text())["generation"]


def _screen(page) -> str:
    """The page's text as read (Markdown's joiner that keeps `://` from a link left out)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def _form(page, title: str):
    return page.get_by_test_id("stForm").filter(has=page.get_by_text(title, exact=True))


def _set_engine(page, engine: str, remote: str) -> None:
    form = page.get_by_test_id("stForm").first
    form.get_by_text(engine, exact=True).click()
    form.get_by_role("textbox", name="Адрес Spark Connect").fill(remote)
    form.get_by_role("button", name="Сохранить движок").click()
    harness.wait_for_app(page, after_action=True)


def _set_orders(page, how: str, value: str) -> None:
    form = _form(page, "Заказы")
    form.get_by_text(how, exact=True).click()
    form.get_by_role("textbox", name="Путь или таблица").fill(value)
    form.get_by_role("button", name="Сохранить источник").click()
    harness.wait_for_app(page, after_action=True)


def _click(page, name: str, timeout: float = 60_000) -> None:
    page.get_by_role("button", name=name).click()
    harness.wait_for_app(page, timeout=timeout, after_action=True)


def _alerts(page) -> str:
    return "\n".join(page.get_by_test_id("stAlert").all_inner_texts()).replace("\u2060", "")


def test_an_admin_sets_checks_and_builds_from_a_lake_folder_on_spark_and_bad_settings_are_told(
        page, lake_app, spark_remote: str) -> None:
    url, path, lake, lake_orders = lake_app
    SHOTS.mkdir(parents=True, exist_ok=True)
    received: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(
        frame if isinstance(frame, bytes) else frame.encode())))
    login(page, url, "root")
    page.get_by_role("link", name="Источники данных").click()
    harness.wait_for_app(page)
    assert "Сейчас сборка идёт на DuckDB" in _screen(page)
    start = _generation(path)

    # a dead address: saved (the engine is a setting), but the check and the build say it does not answer
    _set_engine(page, "Apache Spark (Spark Connect)", "sc://127.0.0.1:9")
    assert "Движок сборки: Apache Spark" in _alerts(page)
    _click(page, "Проверить настройки")
    assert "sc://127.0.0.1:9 не отвечает" in _alerts(page)
    page.screenshot(path=str(SHOTS / "check_unreachable_ru.png"), full_page=True)
    _click(page, "Собрать заново из источников")
    assert "не отвечает" in _alerts(page) and "Данные в работе не изменились" in _alerts(page)
    assert _generation(path) == start

    _set_engine(page, "Apache Spark (Spark Connect)", spark_remote)
    assert f"Адрес Spark Connect: {spark_remote}" in _screen(page)
    # a malformed path: refused as it is typed, nothing stored
    _set_orders(page, "путь", "/data/orders")
    assert "«Заказы» не принят" in _alerts(page) and "не путь вида схема://" in _alerts(page)
    assert not (path / "meta" / "engine_sources.json").exists()
    # a path that is not there, then a folder without a mapped column: the check names each
    _set_orders(page, "путь", (lake / "none").as_uri())
    _click(page, "Проверить настройки")
    assert "Найдено проблем: 1" in _alerts(page) and "ничего нет" in _alerts(page)
    _set_orders(page, "путь", (lake / "lacking").as_uri())
    _click(page, "Проверить настройки")
    assert "нет столбцов: order_date" in _alerts(page)
    page.screenshot(path=str(SHOTS / "check_missing_column_ru.png"), full_page=True)
    _click(page, "Собрать заново из источников", timeout=240_000)
    assert "нет столбцов: order_date" in _alerts(page)
    assert _generation(path) == start

    # the good folder: the check passes and the build reads it on Spark, step by step
    _set_orders(page, "путь", (lake / "orders").as_uri())
    page.screenshot(path=str(SHOTS / "form_ru.png"), full_page=True)
    _click(page, "Проверить настройки")
    assert "Всё готово к сборке на Spark" in _alerts(page)
    received.clear()
    _click(page, "Собрать заново из источников", timeout=300_000)
    alerts = _alerts(page)
    assert f"Версия данных {start + 1} собрана на Apache Spark (Spark Connect)" in alerts, alerts
    assert _generation(path) == start + 1
    screen = _screen(page)
    assert f"Версия данных {start + 1} собрана на Apache Spark" in screen
    assert f"Заказы ← {(lake / 'orders').as_uri()}" in screen
    sent = b"".join(received).decode("utf-8", "replace")
    assert re.search(r"Spark: шаг 1 из \d+", sent), "Spark's steps were shown as they ran"
    page.screenshot(path=str(SHOTS / "built_ru.png"), full_page=True)
    # the generation's orders are the lake's rows (read here after the server let go of nothing: its manifest)
    manifest = json.loads((path / MANIFEST_FILE).read_text())
    files = [path / f for f in manifest["datasets"]["orders"]]
    assert pl.read_parquet(files).height == lake_orders

    # in English: the same form, the same facts
    page.goto(f"{url}/sources?lang=en")
    harness.wait_for_app(page)
    screen = _screen(page)
    assert "Data sources and the build engine" in screen
    assert "Builds now run on Apache Spark" in screen
    assert f"Orders ← {(lake / 'orders').as_uri()}" in screen
    page.screenshot(path=str(SHOTS / "form_en.png"), full_page=True)
    assert harness.exceptions(page) == []
