"""Tables keep numbers as numbers: a click on a figure column's heading sorts by value (9 before 10, 98 765
before 1 234 567), and the grid's accessible copy reads as the page does (`1 234 567`), in the session's
language; the grids format numbers in that language whatever the browser's own.
"""
from __future__ import annotations

import re

from tests.browser import harness

CELLS = r"""(heading) => {
  // The categories table: the grid's accessible copy (what a screen reader reads), by column heading.
  const table = [...document.querySelectorAll('[data-testid="stDataFrame"] table')]
    .find(t => [...t.querySelectorAll('th')].some(th => th.textContent.trim() === heading));
  if (!table) return null;
  const headings = [...table.querySelectorAll('th')].map(th => th.textContent.trim());
  const index = headings.indexOf(heading) + 1;
  return [...table.querySelectorAll(`td[aria-colindex="${index}"]`)].map(td => td.textContent);
}"""


def _number(text: str) -> float:
    """«1 234 567» (no-break spaces), «−12» -> the number."""
    return float(re.sub(r"[\s\u00a0\u202f]", "", text).replace("\u2212", "-").replace(",", "."))


def _grid(page, heading: str):
    """The canvas of the table whose column `heading` is, and that column's cells as read."""
    holder = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("th", has_text=heading)).first
    holder.scroll_into_view_if_needed()
    return holder, page.evaluate(CELLS, heading)


def test_a_click_on_a_figure_heading_sorts_by_value_and_cells_read_in_russian(logged_in_page, app_url, tmp_path):
    page = logged_in_page
    page.goto(f"{app_url}/composition")
    harness.wait_for_app(page)
    heading = "Клиентов"  # customers per class of the base: tens to thousands
    page.locator('[data-testid="stDataFrame"] th', has_text="Класс").first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(500)
    holder, before = _grid(page, heading)
    assert before and all(re.fullmatch(r"\d{1,3}(\u00a0\d{3})*", cell) for cell in before), before
    values = [_number(cell) for cell in before]
    # The column is worth the test: its text order is not its number order (a text sort would show).
    assert sorted(before) != [c for _, c in sorted(zip(values, before))], before
    # The heading is drawn on the canvas: click along the heading row until this column sorts ascending.
    box = holder.bounding_box()
    after = before
    for x in range(int(box["x"]) + 30, int(box["x"] + box["width"]) - 10, 40):
        page.mouse.click(x, box["y"] + 17)
        page.wait_for_timeout(400)
        after = page.evaluate(CELLS, heading)
        numbers = [_number(cell) for cell in after]
        if after != before and numbers == sorted(numbers):
            break
    page.screenshot(path=str(tmp_path / "sorted.png"), full_page=True)
    numbers = [_number(cell) for cell in after]
    assert after != before and numbers == sorted(numbers) == sorted(values), after
    assert harness.exceptions(page) == []


def test_grids_format_in_the_session_language_whatever_the_browser_speaks(logged_in_page, app_url, tmp_path):
    page = logged_in_page  # a Russian browser
    page.goto(f"{app_url}/categories?lang=en")
    harness.wait_for_app(page)
    heading = "Buyers"
    page.locator('[data-testid="stDataFrame"] th', has_text=heading).first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(500)
    assert page.evaluate("() => [navigator.language, ...navigator.languages]") == ["en-US", "en-US"]
    _, cells = _grid(page, heading)
    assert cells and all(re.fullmatch(r"\d{1,3}(,\d{3})*", cell) for cell in cells), cells
    share = page.evaluate(CELLS, "Revenue share")
    assert share and all(re.fullmatch(r"\d+\.\d%", cell) for cell in share), share
    page.screenshot(path=str(tmp_path / "english.png"), full_page=True)
