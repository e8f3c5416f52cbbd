"""The segments page in Chromium: build «bought shoes in the last 30 days» and see the count of the definition."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from core.workspace import Workspace
from tests.browser import harness, segments_ui


def bought_in_the_last(workspace: Path, category: str, days: int) -> int:
    """Customers with a completed order holding `category` (a line's top level, or the category of an order without
    lines) at most `days` − 1 days before the analysis date (the latest completed order), from the files."""
    ws = Workspace(workspace)
    try:
        read = {kind: pl.concat([pl.read_parquet(ws.path / rel) for rel in ws.manifest().files(kind)])
                for kind in ("orders", "order_lines")}
    finally:
        ws.close()
    orders = read["orders"].filter(pl.col("completed"))
    as_of: dt.date = orders["order_date"].max()
    lines = read["order_lines"].join(orders.select("order_id", "customer_id", "order_date"), on="order_id")
    by_lines = lines.filter(pl.col("category_top") == category).select("customer_id", "order_date")
    without = orders.filter(~pl.col("order_id").is_in(read["order_lines"]["order_id"].implode()))
    by_orders = without.filter(pl.col("category").str.split("/").list.first().str.strip_chars() == category)
    both = pl.concat([by_lines, by_orders.select("customer_id", "order_date")])
    recent = both.filter((pl.lit(as_of) - pl.col("order_date")).dt.total_days() < days)
    return recent["customer_id"].n_unique()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the select box or multiselect labelled `label` by typing it, as a user does."""
    box = page.get_by_label(label, exact=True).last
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    harness.wait_for_app(page, after_action=True)


def test_building_bought_a_category_in_the_last_30_days_shows_its_count(logged_in_page, app_url, browser_workspace,
                                                                        tmp_path):
    page = logged_in_page
    page.goto(app_url + "/segments")
    harness.wait_for_app(page)
    whole = segments_ui.count(page)
    choose(page, "Добавить условие", "Покупки · Покупал категорию (за N дней)")
    choose(page, "Значения", "Обувь")
    ever = segments_ui.count(page)
    # The box itself (its help button carries the same label).
    days = page.locator('input[data-testid="stNumberInputField"][aria-label="За последние, дней"]')
    days.fill("30")
    days.press("Enter")
    harness.wait_for_app(page, after_action=True)
    page.wait_for_function("([sel, old]) => document.querySelector(sel).innerText !== old",
                           arg=[segments_ui.COUNT, ever], timeout=60_000)
    shown = int(segments_ui.count(page).replace("\u00a0", ""))
    assert shown == bought_in_the_last(browser_workspace, "Обувь", 30)
    assert 0 < shown < int(ever.replace("\u00a0", "")) < int(whole.replace("\u00a0", ""))
    page.get_by_text("Покупал категорию «Обувь» за последние 30 дней").first.wait_for()
    page.screenshot(path=str(tmp_path / "segment_categories.png"), full_page=True)
    page.screenshot(path="/tmp/segment_categories.png", full_page=True)
    assert harness.exceptions(page) == []
