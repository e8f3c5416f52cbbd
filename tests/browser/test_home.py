"""The app opens in a real browser after login, Home renders its overview, and no exception element appears."""
from tests.browser import harness


def test_home_renders_overview_without_exceptions(logged_in_page, tmp_path):
    page = logged_in_page
    page.get_by_text("Обзор клиентской базы").first.wait_for()
    page.get_by_text("Клиентов в базе").first.wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)  # charts may arrive after the status widget goes
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_link_with_english_and_a_bad_date_shows_a_message(logged_in_page, app_url):
    page = logged_in_page
    page.goto(f"{app_url}/?lang=en&as_of=2026-13-45")
    harness.wait_for_app(page)
    page.get_by_text("Customer base overview").first.wait_for()
    assert page.get_by_text("The link has an invalid «as_of»").count() >= 1
    assert harness.exceptions(page) == []
