"""The base composition page in a real browser: structure, RFM grid, over time, migration, thresholds."""
from tests.browser import harness


def test_composition_page_in_chromium(logged_in_page, app_url, tmp_path):
    page = logged_in_page
    page.goto(f"{app_url}/composition")
    harness.wait_for_app(page)
    page.get_by_text("Клиенты и выручка по классам").first.wait_for()
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
    assert page.get_by_text("База для рассылки").count() >= 1
    page.locator('[data-testid="stButtonGroup"]').get_by_text("RFM-сегмент", exact=True).first.click()
    harness.wait_for_app(page, after_action=True)
    page.screenshot(path=str(tmp_path / "rfm.png"), full_page=True)
    page.get_by_role("heading", name="Сетка R × F").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Динамика").click()
    page.get_by_text("Состав базы по месяцам").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Переходы").click()
    page.get_by_text("Перешли:").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Пороги").click()
    page.get_by_text("Сменят тип:").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    page.screenshot(path=str(tmp_path / "composition.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_definitions_page_in_english(logged_in_page, app_url):
    page = logged_in_page
    page.goto(f"{app_url}/definitions?lang=en")
    harness.wait_for_app(page)
    page.get_by_text("more than 180 days").first.wait_for(timeout=60_000)
    assert page.get_by_text("Mailing list").count() >= 1
    assert harness.exceptions(page) == []
