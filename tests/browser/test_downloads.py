"""Downloads in Chromium: no file is reachable by URL before its click, without the session, twice or after
sign-out; the click that downloads writes the audit entry.

For every page with a download, the test watches everything the server sends the tab (websocket
frames) and every request it makes for a `/media/...` URL, then fetches each such URL without cookies.
Then it clicks a download and checks the file arrived, the audit log got one entry (who, at the
click) and the file's URL no longer answers, with or without the tab's cookies.
"""
from __future__ import annotations

import datetime as dt
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from core import audit, demo, users
from core.access import Viewer
from core.i18n import t
from core.workspace import Workspace
from tests.browser import harness
from tests.browser.conftest import PASSWORD, login

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "bitrix24_deals_cp1251.csv"
MEDIA = re.compile(r"/media/[0-9a-f]{16,}\.[a-z0-9]+")  # Streamlit's media files (not /static/media)

# page, what to do before the download button shows (open a section, a tab by its name, prepare the file),
# the button's label, the file name's start
DOWNLOADS = [
    ("audit", None, t("audit.download.csv", "ru"), "audit"),
    ("composition", None, t("composition.download", "ru"), "base_type_"),
    ("program", None, t("metrics.download_xlsx", "ru"), "metrics_"),
    ("quality", "expand", t("quality.download", "ru"), "quality_"),
    ("clv", t("clv.tab.lists", "ru"), t("clv.at_risk.download", "ru"), "клиенты"),
    ("segments", "prepare", re.compile("^Скачать "), ""),
]


def watch_media(tab) -> set[str]:
    """Every /media path the server names to `tab` (in any websocket frame) or `tab` asks for, from now on."""
    seen: set[str] = set()

    def frames(socket) -> None:
        def found(payload) -> None:
            text = payload.decode("latin-1") if isinstance(payload, bytes) else payload
            seen.update(MEDIA.findall(text))
        socket.on("framereceived", found)

    tab.on("websocket", frames)
    tab.on("request", lambda request: MEDIA.fullmatch(urlparse(request.url).path) and seen.add(urlparse(request.url).path))
    return seen


def status_without_cookies(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def downloads_in_log(path: Path) -> list[dict]:
    ws = Workspace(path)
    try:
        return audit.read(ws).filter(action="download").to_dicts()
    finally:
        ws.close()


def open_page(tab, app_url: str, name: str) -> None:
    tab.goto(f"{app_url}/{name}")
    harness.wait_for_app(tab)
    tab.wait_for_timeout(1_000)  # a late rerun (the login cookie) may draw the buttons once more
    harness.wait_for_app(tab)


@pytest.mark.parametrize(("name", "before", "label", "file_start"), DOWNLOADS, ids=[d[0] for d in DOWNLOADS])
def test_a_download_is_made_on_the_click_audited_then_and_served_once(logged_in_page, app_url, browser_workspace,
                                                                      tmp_path, name, before, label, file_start):
    tab = logged_in_page
    seen = watch_media(tab)
    logged = len(downloads_in_log(browser_workspace))
    open_page(tab, app_url, name)
    if before == "prepare":
        tab.get_by_role("tab", name="Выгрузка").click()
        tab.get_by_role("button", name=t("segments.export.prepare", "ru")).click()
        harness.wait_for_app(tab, after_action=True)
    elif before not in (None, "expand"):  # the page's tab that holds the download
        tab.get_by_role("tab", name=before).click()
        harness.wait_for_app(tab, after_action=True)
    button = tab.locator("[data-testid=stDownloadButton]").get_by_role("button", name=label).first
    if before == "expand":
        tab.locator('[data-testid="stExpander"] summary').first.click()
    button.wait_for(timeout=60_000)
    assert harness.exceptions(tab) == []
    assert len(downloads_in_log(browser_workspace)) == logged

    click_and_check(tab, app_url, browser_workspace, button, seen, "admin", file_start, tmp_path)
    tab.screenshot(path=str(tmp_path / f"download_{name}.png"), full_page=True)


def test_the_rejected_rows_of_an_upload_are_made_on_the_click_and_served_once(page, tmp_path_factory, tmp_path):
    path = tmp_path_factory.mktemp("download_upload_ws")
    ws = Workspace(path)
    demo.load_into(ws, customers=300)
    users.add(ws, Viewer.system(), "analyst", "analyst", password=PASSWORD)
    ws.close()
    with harness.streamlit_server(path) as url:
        seen = watch_media(page)
        login(page, url, "analyst")
        page.get_by_role("link", name="Загрузка данных").click()
        harness.wait_for_app(page)
        page.locator('input[type="file"]').set_input_files(str(FIXTURE))
        page.get_by_text("Сопоставление столбцов").first.wait_for(timeout=60_000)
        harness.wait_for_app(page)
        page.get_by_role("button", name="Загрузить").click()
        button = page.locator("[data-testid=stDownloadButton]").get_by_role("button", name=t("upload.download_rejected", "ru"))
        button.wait_for(timeout=60_000)
        harness.wait_for_app(page)
        click_and_check(page, url, path, button, seen, "analyst", "rejected-", tmp_path)
        page.screenshot(path=str(tmp_path / "download_upload.png"), full_page=True)


def click_and_check(tab, app_url: str, workspace: Path, button, seen: set[str], username: str, file_start: str,
                    tmp_path: Path) -> None:
    """No /media URL seen so far answers; a click downloads, logs one entry and leaves no URL answering."""
    logged = len(downloads_in_log(workspace))
    # Drawing the page neither publishes a file nor logs a download.
    answering = {path for path in seen if status_without_cookies(app_url + path) == 200}
    assert answering == set()

    clicked_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with tab.expect_download() as caught:
        button.click()
    download = caught.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename.startswith(file_start)
    assert target.stat().st_size > 0
    entries = downloads_in_log(workspace)
    assert len(entries) == logged + 1
    newest = entries[0]
    assert newest["username"] == username
    assert newest["address"] == "127.0.0.1"  # the browser's address, though the file is made outside the session
    assert clicked_at <= newest["at"] <= dt.datetime.now(dt.timezone.utc)

    # The file's URL answered the click's requests: not again, with or without the tab's cookies.
    url = download.url
    assert "/media/" in url
    assert status_without_cookies(url) == 404
    assert tab.context.request.get(url).status == 404

    # After sign-out nothing the page named answers.
    tab.get_by_role("button", name=t("access.logout", "ru"), exact=True).click()
    tab.get_by_label("Пароль", exact=True).wait_for()
    seen.add(urlparse(url).path)
    assert {path for path in seen if status_without_cookies(app_url + path) == 200} == set()
