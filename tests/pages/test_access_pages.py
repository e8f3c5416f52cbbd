"""Pages per role (a page not registered for a role cannot be opened), login with lockout, logout, admin pages."""
from __future__ import annotations

import datetime as dt

import pytest

from core import audit, users
from core.access import ROLES, Viewer
from tests.conftest import publish_frames
from tests.pages.apptest import ensure_account, run_app
from ui.nav import PAGES

VIEWERS = {role: Viewer(f"u_{role}", role, "Иванова Анна" if role == "manager" else None) for role in ROLES}
TITLES = {"pages/overview.py": "Обзор клиентской базы", "pages/admin_users.py": "Пользователи и доступ",
          "pages/audit.py": "Журнал аудита"}


@pytest.fixture
def small(workspace):
    day = dt.date(2026, 5, 31)
    publish_frames(workspace, {
        "customers": [{"customer_id": "a", "manager": "Иванова Анна"}, {"customer_id": "b", "manager": "Петров"}],
        "orders": [{"order_id": "1", "customer_id": "a", "order_date": day, "amount": 100.0},
                   {"order_id": "2", "customer_id": "b", "order_date": day, "amount": 900.0}],
    })
    return workspace


def test_the_matrix_covers_the_access_pages():
    assert set(TITLES) <= {spec.path for spec in PAGES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.path)
def test_role_page_matrix(small, monkeypatch, role, spec):
    viewer = VIEWERS[role]
    allowed = spec.permission is None or viewer.can(spec.permission)
    app = run_app(small.path, monkeypatch, viewer=viewer)
    assert not app.exception
    if allowed:
        app.switch_page(spec.path)
        app.run()
        assert not app.exception
        assert app.title, "the page shows its title"
        if spec.path in TITLES:
            assert TITLES[spec.path] in [t.value for t in app.title]
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(spec.path)
    assert (spec.permission == "admin") == (not VIEWERS["analyst"].can(spec.permission or "customer_level"))


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.path)
def test_before_login_only_the_login_page_exists(small, monkeypatch, spec):
    app = run_app(small.path, monkeypatch, signed_in=False)
    assert [t.label for t in app.text_input] == ["Имя пользователя", "Пароль"]
    assert not app.metric
    with pytest.raises(ValueError):
        app.switch_page(spec.path)


def test_the_login_page_loads_the_charts_code_in_a_hidden_chart(small, monkeypatch):
    from ui import charts

    app = run_app(small.path, monkeypatch, signed_in=False)
    assert len(app.get("plotly_chart")) == 1  # the browser loads Plotly's code with it
    styles = [h.proto.body for h in app.get("html")]
    assert any(f".st-key-{charts.PREFETCH_KEY} {{display: none}}" in body for body in styles)


def _submit(app, username, password):
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    app.button[0].click()
    app.run()


def test_login_lockout_then_login_and_logout(small, monkeypatch):
    meta = small
    password = users.add(meta, Viewer.system(), "anna", "manager", manager_id="Иванова Анна")
    app = run_app(small.path, monkeypatch, signed_in=False)
    for _ in range(4):
        _submit(app, "anna", "wrong-password")
        assert [e.value for e in app.error] == ["Неверное имя пользователя или пароль."]
    _submit(app, "anna", "wrong-password")
    assert "заблокирована на 15 мин" in app.error[0].value
    _submit(app, "anna", password)  # locked: the right password does not help
    assert "заблокирована" in app.error[0].value and "viewer" not in app.session_state
    users.reset_password(small, Viewer.system(), "anna", password="a-fresh-password")
    _submit(app, "anna", "a-fresh-password")
    assert not app.exception
    assert app.session_state["viewer"] == Viewer("anna", "manager", "Иванова Анна")
    # The manager's overview counts only their customer a.
    assert {m.label: m.value for m in app.metric}["Клиентов в базе"] == "1"
    # AppTest reruns the page it finished on; land on the overview so the sidebar keeps its widget ids.
    app.switch_page("pages/overview.py")
    app.run()
    app.sidebar.button(key="kb_logout_button").click()
    app.run()
    assert "viewer" not in app.session_state
    app.run()
    assert [t.label for t in app.text_input] == ["Имя пользователя", "Пароль"] and not app.metric


def test_a_removed_account_is_signed_out_on_its_next_run(small, monkeypatch):
    viewer = Viewer("gone", "analyst")
    app = run_app(small.path, monkeypatch, viewer=viewer)
    assert app.metric
    users.remove(small, Viewer.system(), "gone")
    app.run()
    assert not app.metric and [t.label for t in app.text_input] == ["Имя пользователя", "Пароль"]


def test_admin_adds_a_user_and_sees_the_password_once_and_the_audit_entry(small, monkeypatch):
    # Generated passwords hold «-» and «_» (Markdown's emphasis marks): the notice shows them as typed.
    monkeypatch.setattr(users, "generate_password", lambda: "a_b-c_d*e-F_g-H1")
    app = run_app(small.path, monkeypatch, page="pages/admin_users.py")
    assert not app.exception
    form_inputs = [t for t in app.text_input if t.label in ("Имя пользователя", "Имя (как показывать)")]
    form_inputs[0].input("olga")
    form_inputs[1].input("Ольга")
    app.selectbox(key="add_role").select("marketer")
    app.button[0].click()
    app.run()
    assert not app.exception
    notice = app.success[0].value
    assert notice.startswith("Пароль пользователя «olga»")
    password = notice.split("`")[1]
    assert password == "a_b-c_d*e-F_g-H1"
    assert users.check_login(small, "olga", password).user.role == "marketer"
    app.run()
    assert not any("olga" in s.value for s in app.success)  # shown once
    app.switch_page("pages/audit.py")
    app.run()
    assert not app.exception
    added = audit.read(small).filter(audit.read(small)["action"] == "user_add")
    assert added["what"][0] == "olga (marketer)" and added["username"][0] == "admin"
    assert any(d.label == "Скачать CSV" for d in app.get("download_button"))


def test_run_app_accounts_follow_the_viewer(small):
    ensure_account(small.path, Viewer("x", "analyst"))
    ensure_account(small.path, Viewer("x", "manager", "Петров"))
    assert users.get(small, "x").viewer() == Viewer("x", "manager", "Петров")


def test_a_malformed_memory_budget_is_said_in_the_page_not_as_a_traceback(tmp_path, monkeypatch):
    # the server started with KB_MEMORY_LIMIT it cannot read: the page says which setting and what it takes
    monkeypatch.setenv("KB_MEMORY_LIMIT", "восемь")
    workspace = tmp_path / "ws"
    app = run_app(workspace, monkeypatch, signed_in=False)
    assert not app.exception
    assert [e.value for e in app.error] == [
        "KB_MEMORY_LIMIT=восемь не распознано: укажите размер памяти процесса, например 8GB, 6GiB или 1500MB "
        "(KB, MB, GB, TB — степени 1000; KiB, MiB, GiB, TiB — степени 1024)."]
    assert not app.text_input  # no login form under it
    assert not workspace.exists()  # refused before anything is made
