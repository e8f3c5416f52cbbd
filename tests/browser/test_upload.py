"""A real browser uploads the Bitrix24 export on the «Загрузка данных» page and sees the report."""
from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core import build, demo, users
from core import i18n
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
    received: list[bytes] = []  # what the server sends the browser (the socket opens with the first page)
    page.on("websocket", lambda ws: ws.on("framereceived",
                                          lambda frame: received.append(frame if isinstance(frame, bytes) else
                                                                        frame.encode())))
    login(page, upload_url, "analyst")
    page.get_by_role("link", name="Загрузка данных").click()
    harness.wait_for_app(page)
    page.get_by_text("Файл выгрузки").first.wait_for()
    page.locator('input[type="file"]').set_input_files(str(FIXTURE))
    page.get_by_text("Сопоставление столбцов").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    received.clear()
    page.get_by_role("button", name="Загрузить").click()
    with contextlib.suppress(PlaywrightTimeout):  # a small build may pass between two frames of the browser
        page.get_by_text(re.compile(r"Новая версия данных, шаг \d из \d")).first.wait_for(timeout=20_000)
        page.screenshot(path=str(tmp_path / "upload_build_step.png"), full_page=True)
    page.get_by_text("Отчёт о загрузке").first.wait_for(timeout=60_000)
    # The progress bar named every step of the build, in order, in the user's language.
    sent = b"".join(received).decode("utf-8", "replace")
    # (the stored results that follow count their own steps out of another total: 47 calls, not the build's 10)
    shown = [found for found in re.findall(r"Новая версия данных, шаг (\d+) из (\d+): ([^…]+)…", sent)
             if int(found[1]) == len(build.ORDER)]
    # Streamlit sends an element's latest state once per flush: a step ending within one flush (a small fixture
    # on a quiet machine) may never reach the browser. Those sent are in order, each with its own step's name.
    steps = [int(i) for i, _, _ in shown]
    assert steps == sorted(set(steps)) and len(steps) >= len(build.ORDER) // 2, shown
    assert [name for _, _, name in shown] == [i18n.t(f"build.step.{build.ORDER[i - 1].name}", "ru") for i in steps]
    harness.wait_for_app(page)
    metrics = page.locator('[data-testid="stMetric"]')
    texts = [metrics.nth(i).inner_text() for i in range(metrics.count())]
    assert any("Прочитано строк" in t and "14" in t for t in texts), texts
    assert any("Загружено" in t and "6" in t for t in texts), texts
    assert page.get_by_text("Данные обновлены").count() >= 1
    assert page.get_by_role("button", name="Скачать отклонённые строки (CSV)").count() == 1
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_a_file_with_a_huge_cell_is_previewed_cut_and_an_excel_bomb_refused(page, upload_url, tmp_path):
    from core.ingest import pipeline, read
    from tests.core.ingest.test_limits import _bomb

    wide = tmp_path / "wide.csv"
    header = ["Номер", "Клиент", "Дата", "Сумма", *(f"Доп {i}" for i in range(100))]
    rows = [[str(i), ("Ж" * 2_000_000) if i == 1 else f"c{i}", "01.03.2024", "100", *("x" * 50 for _ in range(100))]
            for i in range(1, 40)]
    wide.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    received: list[int] = []  # sizes of the messages the server sends the browser
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.append(len(frame))))
    login(page, upload_url, "analyst")
    page.get_by_role("link", name="Загрузка данных").click()
    harness.wait_for_app(page)
    page.get_by_text("Файл выгрузки").first.wait_for()
    received.clear()
    page.locator('input[type="file"]').set_input_files(str(wide))
    page.get_by_text("Сопоставление столбцов").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    page.screenshot(path=str(tmp_path / "wide.png"), full_page=True)
    assert harness.exceptions(page) == []
    # The 4 MB cell reached the browser cut: the whole page (two previews, the mapping, the history) came in
    # far less than the cell alone. Bounded: 20 rows x 60 columns x 200 characters (2 bytes each) per preview.
    bound = pipeline.PREVIEW_ROWS * pipeline.PREVIEW_COLUMNS * pipeline.PREVIEW_CELL_CHARS * 2
    assert 0 < sum(received) < 2 * bound + 500_000
    bomb = _bomb(tmp_path / "bomb.xlsx", 2 * read.XLSX_MAX_UNPACKED)
    page.locator('input[type="file"]').set_input_files(str(bomb))
    page.get_by_text("в распакованном виде занимает").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    page.screenshot(path=str(tmp_path / "bomb.png"), full_page=True)
    assert page.get_by_text("Сохраните лист как CSV").count() == 1
    assert harness.exceptions(page) == []
