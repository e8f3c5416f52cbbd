"""Every page, as each role, in both languages, on the demo data and after a small upload, reads as its
reader expects: no ISO dates or «00:00:00», thousands grouped, no decimal point in Russian, none of
Streamlit's English defaults in Russian (screen-reader labels included), no raw field names, round chart
ticks with only the decimals their step needs (`tests/browser/readable.py` has the rules).

Screenshots of every page land in `$KB_SCREENSHOTS` when it is set (else in the test's temporary folder).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.access import Viewer
from tests.browser import harness, readable
from tests.browser.conftest import ACCOUNTS, demo_workspace_with_accounts, login
from ui import nav

UPLOAD = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "bitrix24_deals_cp1251.csv"
ROOT = Path(__file__).resolve().parents[2]

COLLECT = r"""() => {
  // Tables draw on a canvas; their cells are in the grid's accessible table (what a screen reader reads).
  const cells = [...document.querySelectorAll('[data-testid="stDataFrame"] table td, [data-testid="stDataFrame"] table th')]
    .map(e => e.textContent);
  const text = document.body.innerText + "\n" + cells.join("\n");
  const labels = [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'));
  const axes = [];
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const groups = {};
    for (const tick of chart.querySelectorAll('g.xtick, g.ytick, g.x2tick, g.y2tick, g.y3tick')) {
      const name = tick.getAttribute('class');
      (groups[name] = groups[name] || []).push(tick.textContent);
    }
    axes.push(...Object.values(groups));
  }
  return {text, labels, axes, cells: cells.length};
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A small demo workspace with one account per role, served; yields (url, workspace path)."""
    path = demo_workspace_with_accounts(tmp_path_factory.mktemp("readable_ws"), 800)
    with harness.streamlit_server(path) as url:
        yield url, path


def _shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KB_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _visit_every_page(browser, url: str, username: str, lang: str, shots: Path, data: str) -> dict[str, dict]:
    role, manager_id = ACCOUNTS[username]
    # A tall window: the screenshot shows the page down to its charts (Streamlit scrolls inside the page).
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 2600})
    tab = context.new_page()
    found: dict[str, dict] = {}
    try:
        login(tab, url, username)
        for spec in nav.pages_for(Viewer(username, role, manager_id)):
            path = "" if spec.default else nav.url_path(spec)
            tab.goto(f"{url}/{path}?lang={lang}", timeout=60_000)
            harness.wait_for_app(tab, timeout=90_000)
            tab.wait_for_timeout(400)  # charts draw after the run ends
            page = tab.evaluate(COLLECT)
            tab.screenshot(path=str(shots / f"{data}-{username}-{lang}-{nav.url_path(spec)}.png"), full_page=True)
            problems = readable.page_problems(page["text"], lang, page["labels"])
            print(f"{data}/{username}/{lang}/{nav.url_path(spec)}: {page['cells']} table cells read")
            ticks = [p for axis in page["axes"] for p in readable.tick_problems(axis)]
            if ticks:
                problems["chart ticks"] = ticks
            errors = harness.exceptions(tab)
            if errors:
                problems["exception"] = errors
            if problems:
                found[nav.url_path(spec)] = problems
                print(f"{data}/{username}/{lang}/{nav.url_path(spec)}: {problems}")  # the whole list with -s
    finally:
        context.close()
    return found


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_every_page_on_the_demo_data(browser, served, username, lang, tmp_path_factory):
    url, _ = served
    assert _visit_every_page(browser, url, username, lang, _shots(tmp_path_factory), "demo") == {}


@pytest.fixture(scope="module")
def uploaded(served):
    """The same app after a small upload replacing the demo (a Bitrix24 export of a few orders)."""
    url, path = served
    subprocess.run([sys.executable, "-m", "core", "--workspace", str(path), "ingest", str(UPLOAD), "--kind",
                    "orders", "--mode", "replace"], cwd=ROOT, check=True, capture_output=True)
    return url


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_every_page_after_an_upload(browser, uploaded, username, lang, tmp_path_factory):
    assert _visit_every_page(browser, uploaded, username, lang, _shots(tmp_path_factory), "upload") == {}
