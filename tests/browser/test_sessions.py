"""Sessions in a real browser: a login cookie belongs to one account's lifetime; «Выйти на всех устройствах»,
a change from the command line end every open session on its next action; the cookie is Secure over
HTTPS (as a reverse proxy reports it); the audit log names the client's address."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from core import audit, users
from core.access import Viewer
from tests.browser import harness, segments_ui
from tests.browser.conftest import PASSWORD, login

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Viewer("admin", "admin")


def _meta(workspace: Path) -> SimpleNamespace:
    # The served app holds the workspace's DuckDB file; accounts and the audit log need only meta/.
    return SimpleNamespace(meta_dir=workspace / "meta")


def _fresh_account(workspace: Path, username: str, role: str = "analyst") -> None:
    meta = _meta(workspace)
    if users.get(meta, username) is not None:
        users.remove(meta, ADMIN, username)
    users.add(meta, ADMIN, username, role, password=PASSWORD)


def _context(browser, **options):
    return browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1000}, **options)


def _shows_login(tab) -> bool:
    harness.wait_for_app(tab)
    tab.get_by_role("button", name="Войти").wait_for(timeout=60_000)  # 30 s was short for a reload under load
    return (tab.get_by_role("button", name="Выйти", exact=True).count() == 0
            and tab.get_by_test_id("stSidebarNav").count() == 0)


def _click_page(tab, name: str) -> None:
    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    harness.wait_for_app(tab, after_action=True)


def test_a_cookie_of_a_removed_account_does_not_sign_in_a_new_account_of_that_name(browser, app_url,
                                                                                 browser_workspace):
    _fresh_account(browser_workspace, "olga")
    context = _context(browser)
    tab = context.new_page()
    try:
        login(tab, app_url, "olga")
        assert any(c["name"] == "kb_login" for c in context.cookies())
        users.remove(_meta(browser_workspace), ADMIN, "olga")
        users.add(_meta(browser_workspace), ADMIN, "olga", "admin", password="another-persons-password")
        tab.goto(f"{app_url}/audit")  # a new session: only the cookie could sign it in
        assert _shows_login(tab)
        assert tab.get_by_text("Журнал аудита").count() == 0
        log = audit.read(_meta(browser_workspace)).filter(username="olga")
        assert log["action"].to_list()[0] == "login_failed" and log["what"].to_list()[0] == "cookie no longer valid"
        assert harness.exceptions(tab) == []
    finally:
        context.close()


def test_signing_out_on_all_devices_ends_the_other_browsers_session_on_its_next_action(browser, app_url,
                                                                                      browser_workspace, tmp_path):
    _fresh_account(browser_workspace, "pavel")
    first, second = _context(browser), _context(browser)
    here, there = first.new_page(), second.new_page()
    try:
        login(here, app_url, "pavel")
        login(there, app_url, "pavel")
        here.get_by_role("button", name="Выйти", exact=True).wait_for()
        # Signing out in one browser ends that browser's session only.
        third = _context(browser)
        elsewhere = third.new_page()
        login(elsewhere, app_url, "pavel")
        elsewhere.get_by_role("button", name="Выйти", exact=True).click()
        assert _shows_login(elsewhere)
        third.close()
        there.goto(app_url + segments_ui.link(200))  # a new session, signed in by the cookie
        harness.wait_for_app(there)
        there.get_by_text("Клиентов в сегменте").first.wait_for()

        here.get_by_role("button", name="Выйти на всех устройствах").click()
        assert _shows_login(here)
        # The other browser's next action: a slider of the segment builder, whose rerun is the fragment's.
        there.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
        there.keyboard.press("ArrowRight")
        assert _shows_login(there)
        there.get_by_text("Сеанс завершён").wait_for()
        there.screenshot(path=str(tmp_path / "ended_elsewhere.png"), full_page=True)
        there.goto(app_url)  # and its cookie no longer signs it in
        assert _shows_login(there)
        login(there, app_url, "pavel")  # a new sign-in works; the page's links end it the same way
        here_again = first.new_page()
        login(here_again, app_url, "pavel")
        here_again.get_by_role("button", name="Выйти на всех устройствах").click()
        assert _shows_login(here_again)  # the accounts' sessions are ended before the other browser acts (under load
        # its click could run first, on a session still valid, and nothing after it would send it to the login)
        _click_page(there, "Обзор")
        assert _shows_login(there)
        ended = audit.read(_meta(browser_workspace)).filter(username="pavel", action="sessions_ended")
        assert ended["what"].to_list() == ["pavel", "pavel"]
        assert harness.exceptions(here) == [] and harness.exceptions(there) == []
    finally:
        first.close()
        second.close()


def test_a_role_change_from_the_command_line_ends_an_open_session(browser, app_url, browser_workspace):
    _fresh_account(browser_workspace, "rita")
    context = _context(browser)
    tab = context.new_page()
    try:
        login(tab, app_url, "rita")
        done = subprocess.run([sys.executable, "-m", "core", "--workspace", str(browser_workspace), "users",
                               "set-role", "rita", "marketer"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        _click_page(tab, "Сегменты")
        assert _shows_login(tab)
        tab.get_by_text("Сеанс завершён").wait_for()
        login(tab, app_url, "rita")  # signing in again gives the new role
        assert "маркетолог" in tab.get_by_test_id("stSidebar").inner_text().lower()
    finally:
        context.close()


def test_the_cookie_is_secure_over_https_and_the_audit_names_the_forwarded_address(browser, app_url,
                                                                                  browser_workspace):
    # A reverse proxy on this machine (a trusted address) says the browser came over HTTPS from 203.0.113.9.
    _fresh_account(browser_workspace, "sergey")
    proxied = _context(browser, extra_http_headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    direct = _context(browser)
    try:
        login(proxied.new_page(), app_url, "sergey")
        login(direct.new_page(), app_url, "sergey")
        cookie = {c["name"]: c for c in proxied.cookies()}["kb_login"]
        assert cookie["secure"] is True and cookie["sameSite"] == "Strict" and cookie["httpOnly"] is False
        assert {c["name"]: c for c in direct.cookies()}["kb_login"]["secure"] is False
        logins = audit.read(_meta(browser_workspace)).filter(username="sergey", action="login")
        assert sorted(logins["address"].to_list()) == ["127.0.0.1", "203.0.113.9"]
    finally:
        proxied.close()
        direct.close()
