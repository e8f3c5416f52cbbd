"""A real browser uploads the Bitrix24 export on the «Загрузка данных» page and sees the report."""
from __future__ import annotations

from pathlib import Path

import pytest

from core import demo, users
from core.access import Viewer
from core.workspace import Workspace
from tests.browser import harness
from tests.browser.conftest import PASSWORD, login

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "bitrix24_deals_cp1251.csv"


@pytest.fixture(scope="module")
def upload_url(tmp_path_factory):
    """An app on its own small workspace, so this upload does not change the shared browser workspace."""
    path = tmp_path_factory.mktemp("upload_ws")
    ws = Workspace(path)
    demo.load_into(ws, customers=300)
    users.add(ws, Viewer.system(), "analyst", "analyst", password=PASSWORD)
    ws.close()
    with harness.streamlit_server(path) as url:
        yield url


def test_upload_a_file_and_see_the_report(page, upload_url, tmp_path):
    login(page, upload_url, "analyst")
    page.get_by_role("link", name="Загрузка данных").click()
    harness.wait_for_app(page)
    page.get_by_text("Файл выгрузки").first.wait_for()
    page.locator('input[type="file"]').set_input_files(str(FIXTURE))
    page.get_by_text("Сопоставление столбцов").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    page.get_by_role("button", name="Загрузить").click()
    page.get_by_text("Отчёт о загрузке").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    metrics = page.locator('[data-testid="stMetric"]')
    texts = [metrics.nth(i).inner_text() for i in range(metrics.count())]
    assert any("Прочитано строк" in t and "14" in t for t in texts), texts
    assert any("Загружено" in t and "6" in t for t in texts), texts
    assert page.get_by_text("Данные обновлены").count() >= 1
    assert page.get_by_role("button", name="Скачать отклонённые строки (CSV)").count() == 1
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    assert harness.exceptions(page) == []
