"""The app opens in a real browser after login, Home renders its overview, and no exception element appears."""
from tests.browser import harness


def test_home_renders_overview_without_exceptions(logged_in_page, tmp_path):
    page = logged_in_page
    page.get_by_text("Обзор клиентской базы").first.wait_for()
    page.get_by_text("Клиентов в базе").first.wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)  # charts may arrive after the status widget goes
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_home_cards_show_their_values_and_labels_whole(logged_in_page):
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_text("Клиентов в базе").first.wait_for()
    harness.wait_for_app(page)
    # An element cut short with an ellipsis is wider inside than it shows.
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *')]
        .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth)
        .map(e => e.innerText)""")
    assert page.locator('[data-testid="stMetricValue"]').count() >= 8
    assert cut == []


def test_link_with_english_and_a_bad_date_shows_a_message(logged_in_page, app_url):
    page = logged_in_page
    page.goto(f"{app_url}/?lang=en&as_of=2026-13-45")
    harness.wait_for_app(page)
    page.get_by_text("Customer base overview").first.wait_for()
    assert page.get_by_text("The link has an invalid «as_of»").count() >= 1
    assert harness.exceptions(page) == []
