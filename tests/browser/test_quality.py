"""The data-quality page in a real browser: renders on the demo in both languages, and a merge works end to end."""
from __future__ import annotations

import datetime as dt

import pytest

from core import users
from core.access import Viewer
from core.workspace import Workspace
from tests.browser import harness
from tests.browser.conftest import PASSWORD, login
from tests.conftest import publish_frames

DAY = dt.date(2026, 5, 31)


def test_quality_page_renders_on_the_demo(logged_in_page, app_url, tmp_path):
    page = logged_in_page
    page.goto(f"{app_url}/quality")
    harness.wait_for_app(page)
    page.get_by_role("heading", name="Качество данных").first.wait_for()
    page.get_by_text("Общая", exact=True).first.wait_for()
    page.get_by_text("Дубликаты: одинаковый e-mail или телефон: 20").wait_for()   # 2,000 // 200 copied contacts
    page.get_by_text("Объединить дубликаты").first.wait_for()
    harness.wait_for_app(page)
    page.screenshot(path=str(tmp_path / "quality.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_quality_page_in_english(logged_in_page, app_url):
    page = logged_in_page
    page.goto(f"{app_url}/quality?lang=en")
    harness.wait_for_app(page)
    page.get_by_role("heading", name="Data quality").first.wait_for()
    page.get_by_text("Consent coverage").first.wait_for()
    assert harness.exceptions(page) == []


def test_merge_in_the_browser(page, tmp_path):
    ws = Workspace(tmp_path / "ws")
    publish_frames(ws, {
        "customers": [{"customer_id": "a", "name": "Иванов Иван", "email": "ivan@mail.ru"},
                      {"customer_id": "b", "name": "Иван Иванов", "phone": "8 912 345-67-89", "email": "Ivan@mail.ru"}],
        "orders": [{"order_id": "1", "customer_id": "a", "order_date": DAY, "amount": 10.0},
                   {"order_id": "2", "customer_id": "a", "order_date": DAY, "amount": 10.0}],
    })
    users.add(ws, Viewer.system(), "admin", "admin", password=PASSWORD)
    ws.close()
    with harness.streamlit_server(tmp_path / "ws") as url:
        login(page, url)
        page.goto(f"{url}/quality")
        harness.wait_for_app(page)
        page.get_by_text("Дубликаты: одинаковый e-mail или телефон: 2").wait_for()
        page.get_by_role("button", name="Объединить").click()
        page.get_by_text("Объединено: b → a").wait_for(timeout=60_000)
        harness.wait_for_app(page)
        page.get_by_text("Дубликаты: одинаковый e-mail или телефон: 0").wait_for()
        assert harness.exceptions(page) == []
    reopened = Workspace(tmp_path / "ws")
    try:
        assert reopened.manifest().merges == {"b": "a"}
    finally:
        reopened.close()
