"""Login in a real browser: a page URL opened without login shows only the login form (and that page once
signed in), a page the role may not open says so; login, logout; never Streamlit's "page not found"."""
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.browser import harness, segments_ui
from tests.browser.conftest import PASSWORD, login


@pytest.mark.parametrize("path", ["", "/audit", "/admin_users", "/overview"])
def test_a_url_opened_without_login_shows_only_the_login_form(page, app_url, path):
    page.goto(f"{app_url}{path}")
    harness.wait_for_app(page)
    page.get_by_test_id("stForm").wait_for()
    assert page.get_by_role("button", name="Войти").count() == 1
    assert page.get_by_test_id("stSidebarNav").count() == 0
    for hidden in ("Журнал аудита", "Пользователи и доступ", "Обзор клиентской базы", "Клиентов в базе"):
        assert page.get_by_text(hidden).count() == 0, hidden
    assert page.get_by_role("dialog").count() == 0  # Streamlit's English "Page not found"
    assert harness.exceptions(page) == []


def test_a_shared_link_opened_signed_out_opens_its_page_after_login(page, app_url):
    login(page, f"{app_url}/composition?period=365")
    page.get_by_role("heading", name="Состав базы").first.wait_for()
    assert page.url.startswith(f"{app_url}/composition")
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_role("combobox", name="Период").input_value() == "Последние 365 дней"
    # The period is the link's on the server and in the browser: the next click keeps it.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Обзор").click()
    harness.wait_for_app(page, after_action=True)
    page.get_by_role("heading", name="Обзор клиентской базы").wait_for()
    assert "period=365" in page.url
    assert sidebar.get_by_role("combobox", name="Период").input_value() == "Последние 365 дней"
    assert page.get_by_role("dialog").count() == 0
    assert harness.exceptions(page) == []


def test_a_segment_link_opened_signed_out_shows_its_bounds_after_login(page, app_url):
    # The typed bounds once showed 0 for «До» (the run that set them from the link was cut short by the
    # login cookie's rerun), and the next click would have sent that 0 back.
    login(page, app_url + segments_ui.link(200))
    page.get_by_text("Клиентов в сегменте").first.wait_for()
    harness.wait_for_app(page)
    bounds = page.get_by_test_id("stNumberInput").locator("input")
    assert [bounds.nth(i).input_value() for i in range(bounds.count())] == ["0", "200"]
    page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    page.keyboard.press("ArrowRight")
    harness.wait_for_app(page, after_action=True)
    assert [bounds.nth(i).input_value() for i in range(bounds.count())] == ["1", "200"]
    assert harness.exceptions(page) == []


def test_signing_in_asks_for_no_rerun_of_its_own(page, app_url):
    # The cookie component reported back once it had run in the browser, a rerun of the page it was drawn
    # on: arriving late under load, after a click on another page, it took the session back.
    reruns = []

    def count(payload) -> None:
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            reruns.append(message.rerun_script.page_script_hash)

    page.on("websocket", lambda socket: socket.on("framesent", count))
    page.goto(app_url + segments_ui.link(200))
    harness.wait_for_app(page)
    form = page.get_by_test_id("stForm")
    form.get_by_label("Имя пользователя").fill("admin")
    form.get_by_label("Пароль", exact=True).fill(PASSWORD)
    before = len(reruns)
    form.get_by_role("button", name="Войти").click()
    page.get_by_text("Клиентов в сегменте").first.wait_for()
    harness.wait_for_app(page)
    page.wait_for_timeout(3_000)
    assert len(reruns) - before == 1  # the form's submit, nothing after it
    assert any(c["name"] == "kb_login" for c in page.context.cookies())


def test_login_survives_a_reload_and_logout_ends_it(page, app_url, tmp_path):
    login(page, app_url)
    page.get_by_text("Обзор клиентской базы").first.wait_for()
    page.goto(f"{app_url}/audit")  # a new session: the login cookie signs it in
    harness.wait_for_app(page)
    page.get_by_text("Кто и когда загружал").first.wait_for()
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_text("Журнал аудита").count() == 1
    page.get_by_role("button", name="Выйти", exact=True).click()
    page.get_by_role("button", name="Войти").wait_for()
    assert page.get_by_text("Обзор клиентской базы").count() == 0
    page.goto(f"{app_url}/audit")
    harness.wait_for_app(page)
    page.get_by_role("button", name="Войти").wait_for()
    assert page.get_by_test_id("stSidebarNav").count() == 0
    page.screenshot(path=str(tmp_path / "after_logout.png"), full_page=True)
    assert harness.exceptions(page) == []


def test_a_wrong_password_is_refused(page, app_url):
    page.goto(app_url)
    harness.wait_for_app(page)
    form = page.get_by_test_id("stForm")
    form.get_by_label("Имя пользователя").fill("analyst")
    form.get_by_label("Пароль", exact=True).fill("not-the-password")
    form.get_by_role("button", name="Войти").click()
    page.get_by_text("Неверное имя пользователя или пароль.").wait_for()
    assert page.get_by_role("button", name="Выйти", exact=True).count() == 0
    assert harness.exceptions(page) == []


def test_an_executive_sees_no_admin_pages(page, app_url):
    login(page, app_url, "executive")
    page.get_by_text("Обзор клиентской базы").first.wait_for()
    assert page.get_by_text("Журнал аудита").count() == 0
    page.goto(f"{app_url}/audit")
    harness.wait_for_app(page)
    page.get_by_text("У вашей роли нет доступа к этой странице").wait_for()
    assert page.get_by_text("Кто и когда загружал").count() == 0
    assert page.get_by_role("dialog").count() == 0
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_text("Журнал аудита").count() == 0  # the address answers; the menu does not offer it
    assert harness.exceptions(page) == []
