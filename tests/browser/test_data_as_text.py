"""Uploaded values are shown as text on every page: Markdown and HTML in names, cities, regions, channels,
managers, statuses, comments... make no image, link or element, and no request leaves for their host.

The workspace (tests/browser/payloads.py) is a small demo plus rows uploaded through core ingest whose
every text field holds one of the payloads. An admin opens every page of the menu, the customer card
of each payload customer and a segment of them, and the page is searched for what a payload would make.
"""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from core.segments.rules import Condition, Rules, encode_link
from tests.browser import harness, payloads
from tests.browser.conftest import PASSWORD, login
from ui import nav

# Elements or attributes a rendered payload makes (its text, shown as text, is no element of its own).
FIND_INJECTED = """([host, marker]) => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name === 'data-unformatted' || name === 'value' || name === 'title' || name.startsWith('aria-')) continue;
      if (attribute.value.includes(host)) found.push(`<${element.tagName} ${name}="${attribute.value}">`);
    }
    if (element.classList.contains(marker)) found.push(`<${element.tagName} class="${marker}">`);
    if (element.children.length === 0 && element.textContent.trim() === marker) {
      found.push(`<${element.tagName}>${marker}</${element.tagName}> (Markdown or HTML formatting)`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def payload_url(tmp_path_factory):
    path = payloads.build(tmp_path_factory.mktemp("payload_ws"), PASSWORD)
    with harness.streamlit_server(path) as url:
        yield url


def addresses() -> list[str]:
    pages = [nav.url_path(spec) for spec in nav.PAGES]
    cards = [f"customer_card?customer={cid}" for cid in payloads.CUSTOMER_IDS]
    segment = encode_link(Rules((Condition("city", "in", payloads.PAYLOADS),)))
    return pages + cards + [f"segments?segment={quote(segment)}", "average_check?lang=en"]


def test_no_page_renders_an_uploaded_value_as_markdown_or_html(page, payload_url, tmp_path):
    requests: list[str] = []
    page.on("request", lambda request: payloads.HOST in request.url and requests.append(request.url))
    login(page, payload_url, "admin")
    problems: dict[str, list[str]] = {}
    for address in addresses():
        page.goto(f"{payload_url}/{address}")
        harness.wait_for_app(page, timeout=90_000)
        page.wait_for_timeout(500)
        harness.wait_for_app(page, timeout=90_000)
        for expander in page.locator('[data-testid="stExpander"] summary').all():
            expander.click()
        found = page.evaluate(FIND_INJECTED, [payloads.HOST, payloads.MARKER]) + harness.exceptions(page)
        if found:
            problems[address] = found
            page.screenshot(path=str(tmp_path / f"{address.split('?')[0]}.png"), full_page=True)
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
    assert requests == []
    # The payloads were on the pages, as text: the card shows the name literally.
    page.goto(f"{payload_url}/customer_card?customer=p5")
    harness.wait_for_app(page)
    page.get_by_role("heading", name=payloads.PAYLOADS[5]).wait_for()
    page.screenshot(path=str(tmp_path / "card_p5.png"), full_page=True)
