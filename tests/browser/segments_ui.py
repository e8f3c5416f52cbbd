"""Driving the segments page in Chromium: drag a slider thumb and time the count's update (tests and benchmark)."""
from __future__ import annotations

from core.segments import rules as R
from core.segments.rules import Condition, Rules

COUNT = '[data-testid="stMetricValue"]'


def link(days: int) -> str:
    """The page's address part for a segment with a recency slider from 0 to `days`."""
    return "/segments?segment=" + R.encode_link(Rules((Condition("recency_days", "between", (0.0, float(days))),)))


def count(page) -> str:
    """The text of the first metric (customers in the segment)."""
    return page.locator(COUNT).first.inner_text()


def drag_upper_thumb(page, pixels: int, timeout: float = 60_000) -> tuple[str, str, float]:
    """Drag the first slider's upper thumb by `pixels`; return the count before, after, and ms from release."""
    before = count(page)
    # A thumb is the element holding the slider's visually hidden range input (React Aria).
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(1).locator("xpath=../..")
    thumb.wait_for(timeout=timeout)
    box = thumb.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + pixels / 2, y, steps=4)
    page.mouse.move(x + pixels, y, steps=4)
    page.evaluate("() => { window.__released = performance.now(); }")
    page.mouse.up()
    page.wait_for_function("([sel, old]) => document.querySelector(sel) && "
                           "document.querySelector(sel).innerText !== old", arg=[COUNT, before], timeout=timeout,
                           polling="raf")
    elapsed = page.evaluate("() => performance.now() - window.__released")
    return before, count(page), float(elapsed)


def drag_times(page, drags: int, pixels: int = -15, back: bool = False,
               timeout: float = 120_000) -> tuple[list[float], str, str]:
    """Drag the first slider's upper thumb `drags` times by `pixels` (with `back`, every other time a little the
    other way): the ms from each release to the updated count, and the count before and after the last drag."""
    from tests.browser import harness

    times, before, after = [], "", ""
    for step in range(drags):
        before, after, elapsed = drag_upper_thumb(page, pixels if step % 2 == 0 or not back else -pixels * 4 // 5, timeout)
        times.append(elapsed)
        harness.wait_for_app(page, timeout=timeout)
    return times, before, after
