"""The Campaigns page in a real browser: the demo's campaigns with their intervals, a campaign made from a
segment and its recipients' list downloaded; the periodic report's HTML opens offline with its charts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core import settings
from tests.browser import harness

SHOTS = Path(os.environ.get("KB_SHOTS", "/tmp/kb-shots"))


def test_campaigns_page_shows_results_and_makes_a_campaign(logged_in_page, tmp_path):
    page = logged_in_page
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Кампании").click()
    page.get_by_role("heading", name="Кампании").first.wait_for()
    harness.wait_for_app(page)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=60_000)
    body = page.locator('[data-testid="stMain"]')
    for name in ("Реактивация: скидка 15%", "Новинки осени", "День рождения: подарок"):
        assert body.get_by_text(name).count() >= 1 or name in page.content()
    page.get_by_text("Кампании без контрольной группы — слабое свидетельство").wait_for()
    assert harness.exceptions(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "campaigns_results.png"), full_page=True)

    page.get_by_role("tab", name="Новая кампания").click()
    page.get_by_label("Название кампании").fill("Проверка в браузере")
    page.get_by_role("button", name="Создать кампанию").click()
    page.get_by_text("Кампания «Проверка в браузере» создана").wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "campaigns_new.png"), full_page=True)
    page.get_by_role("tab", name="Созданные кампании").click()
    harness.wait_for_app(page, after_action=True)
    with page.expect_download() as info:
        page.get_by_text("Скачать: получатели").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "ID клиента;Имя;E-mail" and len(lines) > 1
    assert harness.exceptions(page) == []

    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Campaigns").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Results").click()
    page.get_by_text("Uplift in revenue per customer with its 95% confidence interval").wait_for(timeout=60_000)
    harness.wait_for_app(page, after_action=True)
    assert harness.exceptions(page) == []
    page.screenshot(path=str(SHOTS / "campaigns_en.png"), full_page=True)


def test_the_periodic_report_opens_offline_with_its_charts(page, browser_workspace, tmp_path):
    out = tmp_path / "report"
    subprocess.run([sys.executable, "-m", "core", "--workspace", str(browser_workspace), "report", "--period",
                    "quarter", "--out", str(out)], check=True, cwd=settings.PROJECT_ROOT, capture_output=True)
    (html_file,) = out.glob("*.html")
    page.context.set_offline(True)
    page.goto(html_file.as_uri())
    page.locator(".plot-container").nth(1).wait_for(timeout=30_000)
    assert page.locator(".plot-container").count() >= 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
    page.context.set_offline(False)
