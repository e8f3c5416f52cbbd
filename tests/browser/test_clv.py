"""The predicted-LTV page in a real browser: charts render, no exception, the at-risk CSV downloads for Excel."""

from tests.browser import harness


def test_clv_page_renders_and_downloads_the_at_risk_list(logged_in_page, app_url, tmp_path):
    page = logged_in_page
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Прогноз LTV").click()
    page.get_by_role("heading", name="Прогноз LTV").wait_for()
    # The forecast tab first (its two charts); each other tab draws its own when opened.
    page.get_by_text("Распределение прогнозного LTV").first.wait_for(timeout=60_000)
    harness.wait_for_app(page)
    page.locator('[data-testid="stPlotlyChart"]').nth(1).wait_for()  # charts arrive after the text
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
    page.get_by_role("tab", name="Модель и её проверка").click()
    page.get_by_text("Проверка на отложенном периоде").first.wait_for(timeout=60_000)
    harness.wait_for_app(page, after_action=True)
    page.locator('[data-testid="stPlotlyChart"]').nth(1).wait_for()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 2
    page.get_by_role("tab", name="Списки клиентов").click()
    page.get_by_text("Клиенты в зоне риска").first.wait_for(timeout=60_000)
    harness.wait_for_app(page, after_action=True)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    assert harness.exceptions(page) == []
    with page.expect_download() as info:
        page.get_by_text("Скачать список (CSV)").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert download.suggested_filename == "клиенты_в_зоне_риска.csv"
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").split("\n")[0].startswith(
        "ID клиента;"
    )
    page.screenshot(path=str(tmp_path / "clv.png"), full_page=True)
