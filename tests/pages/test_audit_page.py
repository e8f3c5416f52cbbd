"""The audit log page filters by person, action and dates and offers the shown entries as CSV and XLSX;
an administrator resetting their own password stays signed in to see it, other sessions end."""
from __future__ import annotations

import datetime as dt

from core import audit, users
from core.access import Viewer
from tests.pages.apptest import run_app

UTC = dt.timezone.utc


def test_the_audit_page_filters_by_person_action_and_dates(workspace, monkeypatch):
    at = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    audit.record(workspace, Viewer("anna", "analyst"), "login", "password", now=at(2026, 3, 1, 9), address="203.0.113.9")
    audit.record(workspace, Viewer("anna", "analyst"), "download", "segment 'VIP'", 40, now=at(2026, 3, 2, 10))
    audit.record(workspace, "ghost", "login_failed", "no such account", now=at(2026, 3, 3, 8))
    app = run_app(workspace.path, monkeypatch, page="pages/audit.py")
    assert not app.exception
    shown = lambda: app.dataframe[0].value  # noqa: E731
    assert shown()["address"].tolist()[-1] == "203.0.113.9"
    assert [b.label for b in app.get("download_button")] == ["Скачать CSV", "Скачать XLSX"]
    app.multiselect[1].select("anna").run()
    assert sorted(shown()["action"].tolist()) == ["вход", "выгрузка"]
    app.multiselect[1].unselect("anna").run()
    app.multiselect[0].select("login_failed").run()
    assert shown()["username"].tolist() == ["ghost"]
    app.multiselect[0].unselect("login_failed").run()
    app.date_input[0].set_value((dt.date(2026, 3, 2), dt.date(2026, 3, 3))).run()
    assert shown()["what"].tolist() == ["нет такой учётной записи", "сегмент «VIP»"]
    assert app.caption[1].value == "Записей: 2"


def test_resetting_ones_own_password_keeps_this_session_and_ends_the_others(workspace, monkeypatch):
    app = run_app(workspace.path, monkeypatch, page="pages/admin_users.py")
    other = users.open_session(users.get(workspace, "admin"))
    app.selectbox(key="password_user").select("admin")
    [b for b in app.button if b.label == "Сбросить пароль"][0].click()
    app.run()
    assert not app.exception
    assert app.success[0].value.startswith("Пароль пользователя «admin»")
    assert users.session_user(workspace, app.session_state["_kb_session"]) is not None
    assert users.session_user(workspace, other) is None
