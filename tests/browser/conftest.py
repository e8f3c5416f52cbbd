"""Fixtures of the real-browser tests: a served app on a small demo workspace, a Chromium page, and a
page already signed in.

`app_url` serves a workspace with one known account per role (`ACCOUNTS`: username -> (role,
manager id); every password is `PASSWORD`); `page` is a fresh tab that has not signed in (for login
checks); `logged_in_page` is a fresh tab signed in as `admin` on `app_url`; `login(page, url, user)`
signs any tab in as another account.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core import demo, users
from core.access import Viewer
from core.workspace import Workspace
from tests.browser import harness

pytestmark = pytest.mark.browser

_MISSING = harness.chromium_missing()

PASSWORD = "browser-test-password"
ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", None),
    "analyst": ("analyst", None),
    "marketer": ("marketer", None),
    "executive": ("executive", None),
    "manager": ("manager", "Иванова Анна"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, skipped with the reason where Chromium is missing."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if _MISSING:
                item.add_marker(pytest.mark.skip(reason=_MISSING))


def demo_workspace_with_accounts(path: Path, customers: int) -> Path:
    """A demo workspace of `customers` contacts at `path` with one account per role (`ACCOUNTS`)."""
    ws = Workspace(path)
    demo.load_into(ws, customers=customers)
    for username, (role, manager_id) in ACCOUNTS.items():
        users.add(ws, Viewer.system(), username, role, manager_id=manager_id, password=PASSWORD)
    ws.close()
    return path


@pytest.fixture(scope="session")
def browser_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workspace (2,000 contacts) the served app reads."""
    return demo_workspace_with_accounts(tmp_path_factory.mktemp("browser_ws"), 2_000)


@pytest.fixture(scope="session")
def app_url(browser_workspace: Path) -> Iterator[str]:
    """URL of `streamlit run Home.py` serving the browser workspace on a free loopback port."""
    with harness.streamlit_server(browser_workspace) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser page (own context, Russian locale) closed after the test."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def login(tab, url: str, username: str = "admin", password: str = PASSWORD, timeout: float = 60_000) -> None:
    """Open `url` in `tab` and sign in through the login form; returns once the app has rerun signed in."""
    tab.goto(url, timeout=timeout)
    harness.wait_for_app(tab, timeout=timeout)
    form = tab.get_by_test_id("stForm")
    form.get_by_label("Имя пользователя").fill(username)
    form.get_by_label("Пароль", exact=True).fill(password)
    form.get_by_role("button", name="Войти").click()
    tab.get_by_role("button", name="Выйти", exact=True).wait_for(timeout=timeout)
    harness.wait_for_app(tab, timeout=timeout)
    # The login cookie lets later `tab.goto(...)` calls (new sessions) stay signed in.
    for _ in range(100):
        if any(c["name"] == "kb_login" for c in tab.context.cookies()):
            break
        tab.wait_for_timeout(100)


@pytest.fixture
def logged_in_page(page, app_url: str):
    """A fresh browser page signed in as `admin` on `app_url` (the overview is open)."""
    login(page, app_url)
    return page
