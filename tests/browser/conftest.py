"""Fixtures of the real-browser tests: a served app on a small demo workspace and a Chromium page."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core import demo
from core.workspace import Workspace
from tests.browser import harness

pytestmark = pytest.mark.browser

_MISSING = harness.chromium_missing()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test, skipped with the reason where Chromium is missing."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if _MISSING:
                item.add_marker(pytest.mark.skip(reason=_MISSING))


@pytest.fixture(scope="session")
def browser_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo workspace (2,000 contacts) the served app reads."""
    path = tmp_path_factory.mktemp("browser_ws")
    ws = Workspace(path)
    demo.load_into(ws, customers=2_000)
    ws.close()
    return path


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
