"""The login gate: streamlit-authenticator draws the form and keeps the login cookie; the accounts,
the password check with its lockout, and the validity of sessions and cookies come from core.users.

A session is signed in when `st.session_state["viewer"]` holds a Viewer whose account still exists
(only server code can put an object there; its role is re-read from the accounts on every run, so
a role change applies at once and a removed account is signed out). Tests sign a viewer in the same
way (see tests/pages/apptest.py); there is no switch that turns the login off.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import time
from collections.abc import Callable
from types import SimpleNamespace

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.models import cookie_model
from streamlit.runtime.scriptrunner import RerunException, StopException
from streamlit_authenticator.utilities import LoginError

from core import users
from core.access import Viewer
from core.workspace import Workspace
from ui.i18n import tr
from ui.state import VIEWER_KEY


EPOCH_KEY = "viewer_epoch"
AUTHENTICATOR_KEY = "_authenticator"
_COOKIE_SENT = "_login_cookie_sent"
_COOKIE_EXPIRY = "_login_cookie_expiry"
COOKIE_NAME = "kb_login"
COOKIE_DAYS = 1.0
# Session keys the package keeps about the signed-in person.
_PACKAGE_KEYS = ("name", "username", "authentication_status", "email", "roles")


class _CookieWriter:
    """Writes and deletes the login cookie with a script in the page, in the run that signs in or out.

    The package's cookie component reported back to the server once it had run in the browser: a
    rerun of the page it was drawn on. Under load that report came seconds later, after the user had
    clicked another page, and took the session back to the page where they signed in (the load run's
    sessions that signed in through a segment link). A script reports nothing. The package and the
    gate read the login cookie from the request.
    """

    def set(self, cookie: str, val: str, expires_at: dt.datetime | None = None, **_: object) -> None:
        expires = expires_at or dt.datetime.now() + dt.timedelta(days=COOKIE_DAYS)
        self._write(f"{cookie}={val}; expires={email.utils.format_datetime(expires.astimezone(dt.UTC), usegmt=True)}")

    def delete(self, cookie: str, **_: object) -> None:
        self._write(f"{cookie}=; expires=Thu, 01 Jan 1970 00:00:00 GMT")

    @staticmethod
    def _write(cookie: str) -> None:
        st.html(f"<script>document.cookie = {json.dumps(cookie + '; path=/; SameSite=Strict')};</script>",
                unsafe_allow_javascript=True)


cookie_model.stx = SimpleNamespace(CookieManager=_CookieWriter)


def _authenticator(ws: Workspace) -> stauth.Authenticate:
    """The package's authenticator over our accounts, with our password check and cookie validation."""
    accounts = {u.username: {"name": u.name, "roles": [u.role]} for u in users.load(ws).values()}
    authenticator = stauth.Authenticate(
        {"usernames": accounts}, cookie_name=COOKIE_NAME, cookie_key=users.cookie_key(ws),
        cookie_expiry_days=COOKIE_DAYS, auto_hash=False, login_sleep_time=0,
    )
    model = authenticator.authentication_controller.authentication_model
    # The package counts failures in a dictionary rebuilt on every run and never unlocks: use ours.
    model.check_credentials = lambda username, password: _check(ws, username, password)
    cookies = authenticator.cookie_controller
    package_get_cookie = cookies.get_cookie
    cookies.get_cookie = lambda: _valid_token(ws, package_get_cookie())
    return authenticator


def _check(ws: Workspace, username: str, password: str) -> bool:
    result = users.check_login(ws, username, password)
    if result.locked_until is not None:
        minutes = max(1, math.ceil((result.locked_until - time.time()) / 60))
        raise LoginError(tr("access.login.locked", minutes=minutes))
    if result.user is not None:
        # Signed in here, at once: a rerun the browser requests meanwhile (the cookie component reports
        # its value) may stop this run before the package returns, and must not lose the login.
        sign_in(result.user)
    return result.ok


def _valid_token(ws: Workspace, token: dict | None) -> dict | None:
    """The package's decoded cookie when its account exists and it was issued after the last logout."""
    if not token or "username" not in token or "exp_date" not in token:
        return None
    issued_at = float(token["exp_date"]) - COOKIE_DAYS * 86400
    return token if users.cookie_user(ws, token["username"], issued_at) else None


def _through_interrupts(change: Callable[[], None]) -> None:
    """Apply an idempotent session-state change even when a rerun the browser asked for meanwhile
    interrupts this run: Streamlit raises that at a session-state access, before the write; the
    request is then consumed, so the change is applied again and the interrupt raised afterwards."""
    interrupt: BaseException | None = None
    for _ in range(5):
        try:
            change()
            break
        except (RerunException, StopException) as exc:
            interrupt = exc
    if interrupt is not None:
        raise interrupt


def sign_in(user: users.User) -> Viewer:
    """Make `user` the viewer of this session."""
    viewer = user.viewer()

    def change() -> None:
        st.session_state[VIEWER_KEY] = viewer
        st.session_state[EPOCH_KEY] = user.epoch

    _through_interrupts(change)
    return viewer


def _forget() -> None:
    def change() -> None:
        for key in (VIEWER_KEY, EPOCH_KEY, _COOKIE_SENT, _COOKIE_EXPIRY, "ctx", *_PACKAGE_KEYS):
            st.session_state.pop(key, None)

    _through_interrupts(change)


def _authenticator_for_run(ws: Workspace) -> stauth.Authenticate:
    """The package's authenticator of this run, made on first use (it draws the cookie component, which
    may appear once per run); `gate` forgets the previous run's."""
    authenticator = st.session_state.get(AUTHENTICATOR_KEY)
    if authenticator is None:
        authenticator = _authenticator(ws)
        st.session_state[AUTHENTICATOR_KEY] = authenticator
    return authenticator


def _request_token(ws: Workspace) -> dict | None:
    """The login cookie the browser sent with this session's request, decoded and still valid, or None."""
    raw = st.context.cookies.get(COOKIE_NAME) if st.context.cookies else None
    if not raw or st.session_state.get("logout"):
        return None
    try:
        token = jwt.decode(raw, users.cookie_key(ws), algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    if float(token.get("exp_date", 0)) <= time.time():
        return None
    return _valid_token(ws, token)


def gate(ws: Workspace) -> Viewer | None:
    """The signed-in viewer of this session (from the session or a valid login cookie), or None."""
    st.session_state.pop(AUTHENTICATOR_KEY, None)
    current = st.session_state.get(VIEWER_KEY)
    if isinstance(current, Viewer):
        user = users.get(ws, current.username)
        epoch = st.session_state.get(EPOCH_KEY)
        if user is None or (epoch is not None and epoch != user.epoch):
            _forget()
            return None
        fresh = user.viewer()
        if fresh != current:
            st.session_state[VIEWER_KEY] = fresh
        _remember(ws, fresh)
        return fresh
    if current is not None:
        _forget()
    token = _request_token(ws)
    user = users.get(ws, token["username"]) if token else None
    if user is not None:
        viewer = sign_in(user)
        st.session_state[_COOKIE_SENT] = True
        return viewer
    _authenticator_for_run(ws)
    return None


def _remember(ws: Workspace, viewer: Viewer) -> None:
    """After a login through the form, put the login cookie in the browser (a reload or a new tab then
    stays signed in). The same token is drawn on every run of the session, so the cookie component
    stays mounted until the browser has stored it, however soon the next run comes."""
    if st.session_state.get(_COOKIE_SENT):
        return
    stamp = st.session_state.get(_COOKIE_EXPIRY)
    if stamp is None:
        stamp = time.time() + COOKIE_DAYS * 86400
        st.session_state[_COOKIE_EXPIRY] = stamp
    token = jwt.encode({"username": viewer.username, "exp_date": stamp}, users.cookie_key(ws), algorithm="HS256")
    manager = _authenticator_for_run(ws).cookie_controller.cookie_model.cookie_manager
    manager.set(COOKIE_NAME, token, expires_at=dt.datetime.fromtimestamp(stamp))


def login_form(ws: Workspace) -> None:
    """The login form; on success the session is signed in and the app reruns with the viewer's pages."""
    authenticator = _authenticator_for_run(ws)
    fields = {"Form name": tr("access.login.form"), "Username": tr("access.login.username"),
              "Password": tr("access.login.password"), "Login": tr("access.login.submit")}
    try:
        authenticator.login(location="main", fields=fields, key="login")
    except LoginError as exc:
        st.error(str(exc), icon=":material/lock_clock:")
        st.session_state["authentication_status"] = None
    if isinstance(st.session_state.get(VIEWER_KEY), Viewer):
        st.rerun()
    if st.session_state.get("authentication_status") is False:
        st.error(tr("access.login.invalid"), icon=":material/error:")
        st.session_state["authentication_status"] = None
    st.caption(tr("access.login.help"))


def logout(ws: Workspace) -> None:
    """End this session: forget the viewer, refuse the account's login cookies issued so far, drop the cookie."""
    current = st.session_state.get(VIEWER_KEY)
    authenticator = _authenticator_for_run(ws)
    # Session state first: a rerun requested meanwhile may stop this run at the next Streamlit call.
    _forget()
    authenticator.authentication_controller.logout()
    if isinstance(current, Viewer):
        users.record_logout(ws, current.username)
    authenticator.cookie_controller.delete_cookie()


def account_box(ws: Workspace, viewer: Viewer) -> None:
    """Who is signed in, and the logout button (sidebar)."""
    user = users.get(ws, viewer.username)
    with st.sidebar:
        st.caption(tr("access.signed_in", name=user.name if user else viewer.username,
                      role=tr(f"access.role.{viewer.role}")))
        if st.button(tr("access.logout"), key="kb_logout_button", icon=":material/logout:"):
            logout(ws)
            st.rerun()
