"""The metrics pages open in a real browser on the demo, show their heading and a chart, and raise nothing."""
import pytest

from tests.browser import harness


@pytest.mark.parametrize(("path", "heading", "figure"), [
    ("retention", "Удержание", "Когортное удержание"),
    ("average_check", "Средний чек", "Распределение сумм заказов"),
    ("ltv_cac", "LTV и CAC", "LTV по каналам привлечения"),
    ("program?lang=en", "Program evaluation", "Periodic report"),
])
def test_metrics_page_renders(logged_in_page, app_url, tmp_path, path, heading, figure):
    page = logged_in_page
    page.goto(f"{app_url}/{path}")
    harness.wait_for_app(page)
    page.get_by_role("heading", name=heading).first.wait_for()
    page.get_by_text(figure).first.wait_for()
    page.screenshot(path=str(tmp_path / f"{path.split('?')[0]}.png"), full_page=True)
    assert harness.exceptions(page) == []
