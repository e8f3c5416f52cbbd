"""The login gate: streamlit-authenticator draws the form; the accounts, the password check with its
lockout, sessions and the validity of login cookies come from core.users.

A session is signed in when `st.session_state["viewer"]` holds a Viewer and `SESSION_KEY` the
`users.Session` it signed in with (only server code can put objects there), and that session is still
in force: checked on every run, so a sign-out on all devices, a password reset, a role change or a
removal, made here or from the command line, sends every open session of the account to the login on
its next action. The role is re-read from the account on every run. Tests sign a viewer in by putting
it in the session state (see tests/pages/apptest.py): the gate then opens it a session of the account
as it is; there is no switch that turns the login off.

The login cookie holds the signed session (`users.Session.claims`), is written by a script in the page
(so it is not HttpOnly), Secure when the page is served over HTTPS, SameSite=Strict, and expires with
the session (users.SESSION_SECONDS). The README's security section says what this means.
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
from streamlit.runtime.scriptrunner import RerunException, StopException
from streamlit_authenticator.models import cookie_model
from streamlit_authenticator.utilities import LoginError

from core import audit, text, users
from core.access import Viewer
from core.workspace import Workspace
from ui import client
from ui.i18n import tr
from ui.state import VIEWER_KEY

SESSION_KEY = "_kb_session"
ENDED_KEY = "_kb_session_ended"
AUTHENTICATOR_KEY = "_authenticator"
_COOKIE_SENT = "_login_cookie_sent"
_COOKIE_REFUSED = "_login_cookie_refused"
COOKIE_NAME = "kb_login"
COOKIE_DAYS = users.SESSION_SECONDS / 86400
# Session keys the package keeps about the signed-in person.
_PACKAGE_KEYS = ("name", "username", "authentication_status", "email", "roles")

# Every audit entry written while a session is served names that browser's address.
audit.set_origin(client.address)


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
        st.html(cookie_script(cookie, secure=client.https()), unsafe_allow_javascript=True)


def cookie_script(cookie: str, secure: bool) -> str:
    """The script that sets `cookie` (`name=value; expires=...`) for the whole site: SameSite=Strict,
    Secure when the request came over HTTPS (`secure`) or the page's own address is https://."""
    attributes = "; path=/; SameSite=Strict" + ("; Secure" if secure else "")
    return (f"<script>document.cookie = {json.dumps(cookie + attributes)}"
            " + (location.protocol === 'https:' && !" + json.dumps(secure) + " ? '; Secure' : '');</script>")


cookie_model.stx = SimpleNamespace(CookieManager=_CookieWriter)


def _authenticator(ws: Workspace) -> stauth.Authenticate:
    """The package's authenticator over our accounts, with our password check; the gate alone reads and
    writes the login cookie."""
    accounts = {u.username: {"name": u.name, "roles": [u.role]} for u in users.load(ws).values()}
    authenticator = stauth.Authenticate(
        {"usernames": accounts}, cookie_name=COOKIE_NAME, cookie_key=users.cookie_key(ws),
        cookie_expiry_days=COOKIE_DAYS, auto_hash=False, login_sleep_time=0,
    )
    model = authenticator.authentication_controller.authentication_model
    # The package counts failures in a dictionary rebuilt on every run and never unlocks: use ours.
    model.check_credentials = lambda username, password: _check(ws, username, password)
    # Its cookie holds only the username and expiry: the gate writes ours (the session) instead.
    authenticator.cookie_controller.get_cookie = lambda: None
    authenticator.cookie_controller.set_cookie = lambda: None
    return authenticator


def _check(ws: Workspace, username: str, password: str) -> bool:
    result = users.check_login(ws, username, password)
    if result.locked_until is not None:
        minutes = max(1, math.ceil((result.locked_until - time.time()) / 60))
        raise LoginError(tr("access.login.locked", minutes=minutes))
    if result.user is not None:
        # Signed in here, at once: a rerun the browser requests meanwhile may stop this run before the
        # package returns, and must not lose the login.
        sign_in(result.user, users.open_session(result.user))
    return result.ok


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


def sign_in(user: users.User, session: users.Session) -> Viewer:
    """Make `user` the viewer of this session, signed in with `session`."""
    viewer = user.viewer()

    def change() -> None:
        st.session_state[VIEWER_KEY] = viewer
        st.session_state[SESSION_KEY] = session

    _through_interrupts(change)
    return viewer


def _forget() -> None:
    def change() -> None:
        for key in (VIEWER_KEY, SESSION_KEY, _COOKIE_SENT, "ctx", *_PACKAGE_KEYS):
            st.session_state.pop(key, None)

    _through_interrupts(change)


def _authenticator_for_run(ws: Workspace) -> stauth.Authenticate:
    """The package's authenticator of this run, made on first use; `gate` forgets the previous run's."""
    authenticator = st.session_state.get(AUTHENTICATOR_KEY)
    if authenticator is None:
        authenticator = _authenticator(ws)
        st.session_state[AUTHENTICATOR_KEY] = authenticator
    return authenticator


def _request_cookie() -> str | None:
    """The login cookie the browser sent with the request that opened this session."""
    return st.context.cookies.get(COOKIE_NAME) if st.context.cookies else None


def _cookie_sign_in(ws: Workspace) -> Viewer | None:
    """Sign this session in with the browser's login cookie when its session is still in force (the
    sign-in, or the refusal, is audited once per session)."""
    raw = _request_cookie()
    if not raw or st.session_state.get("logout") or raw == st.session_state.get(_COOKIE_REFUSED):
        return None
    try:
        claims = jwt.decode(raw, users.cookie_key(ws), algorithms=["HS256"])
    except jwt.PyJWTError:
        claims = None
    signed = users.cookie_login(ws, claims) if isinstance(claims, dict) else None
    if signed is None:
        st.session_state[_COOKIE_REFUSED] = raw
        return None
    viewer = sign_in(*signed)
    st.session_state[_COOKIE_SENT] = True
    return viewer


def _end_session() -> None:
    """This session is no longer in force (signed out elsewhere, account changed or removed): forget it,
    say so on the login page, and drop the browser's cookie."""
    _forget()
    st.session_state[ENDED_KEY] = True
    st.session_state[_COOKIE_REFUSED] = _request_cookie()
    _CookieWriter().delete(COOKIE_NAME)


def gate(ws: Workspace) -> Viewer | None:
    """The signed-in viewer of this session (from the session or a valid login cookie), or None."""
    st.session_state.pop(AUTHENTICATOR_KEY, None)
    current = st.session_state.get(VIEWER_KEY)
    if isinstance(current, Viewer):
        session = st.session_state.get(SESSION_KEY)
        if not isinstance(session, users.Session):
            # Signed in by server code without a session (tests): the account's session as it is now.
            account = users.get(ws, current.username)
            session = users.open_session(account) if account is not None else None
            st.session_state[SESSION_KEY] = session
        user = users.session_user(ws, session) if session is not None else None
        if user is None:
            _end_session()
            return None
        fresh = user.viewer()
        if fresh != current:
            st.session_state[VIEWER_KEY] = fresh
        _remember(ws, session)
        return fresh
    if current is not None:
        _forget()
    viewer = _cookie_sign_in(ws)
    if viewer is not None:
        return viewer
    _authenticator_for_run(ws)
    return None


def current_viewer(ws: Workspace) -> Viewer | None:
    """The viewer of this session when its session is still in force, else None: for callbacks, which
    Streamlit runs before the gate (a download's click must not serve a session that has ended)."""
    current = st.session_state.get(VIEWER_KEY)
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(current, Viewer) or not isinstance(session, users.Session):
        return None
    user = users.session_user(ws, session)
    return user.viewer() if user is not None else None


def check_fragment(ws: Workspace) -> None:
    """First thing in a fragment: a fragment's rerun (a slider moved) does not pass through the gate, so
    when this session has ended meanwhile the whole app reruns, and the gate sends it to the login."""
    if current_viewer(ws) is None:
        st.rerun(scope="app")


def _remember(ws: Workspace, session: users.Session) -> None:
    """After a login through the form, put the login cookie in the browser (a reload or a new tab then
    stays signed in). The same token is drawn on every run of the session, so the cookie script stays
    in the page until the browser has stored it, however soon the next run comes."""
    if st.session_state.get(_COOKIE_SENT):
        return
    token = jwt.encode(session.claims(), users.cookie_key(ws), algorithm="HS256")
    _CookieWriter().set(COOKIE_NAME, token, expires_at=dt.datetime.fromtimestamp(session.expires))


def renew(ws: Workspace) -> None:
    """After the signed-in person changed something that ends their sessions (their own password), this
    session goes on with a new session and cookie; the others stay ended."""
    current = st.session_state.get(VIEWER_KEY)
    user = users.get(ws, current.username) if isinstance(current, Viewer) else None
    if user is not None:
        sign_in(user, users.open_session(user))
        st.session_state.pop(_COOKIE_SENT, None)


def login_form(ws: Workspace) -> None:
    """The login form; on success the session is signed in and the app reruns with the viewer's pages."""
    if st.session_state.get(ENDED_KEY):
        st.info(tr("access.login.ended"), icon=":material/logout:")
    authenticator = _authenticator_for_run(ws)
    fields = {"Form name": tr("access.login.form"), "Username": tr("access.login.username"),
              "Password": tr("access.login.password"), "Login": tr("access.login.submit")}
    try:
        authenticator.login(location="main", fields=fields, key="login")
    except LoginError as exc:
        st.error(str(exc), icon=":material/lock_clock:")
        st.session_state["authentication_status"] = None
    if isinstance(st.session_state.get(VIEWER_KEY), Viewer):
        st.session_state.pop(ENDED_KEY, None)
        st.rerun()
    if st.session_state.get("authentication_status") is False:
        st.error(tr("access.login.invalid"), icon=":material/error:")
        st.session_state["authentication_status"] = None
    st.caption(tr("access.login.help"))


def logout(ws: Workspace, everywhere: bool = False) -> None:
    """End this session (its cookie is refused from now on, wherever it is kept), or with `everywhere`
    every session of the account on every device; drop the cookie."""
    current = st.session_state.get(VIEWER_KEY)
    session = st.session_state.get(SESSION_KEY)
    authenticator = _authenticator_for_run(ws)
    # Session state first: a rerun requested meanwhile may stop this run at the next Streamlit call.
    _forget()
    authenticator.authentication_controller.logout()
    if everywhere and isinstance(current, Viewer):
        users.sign_out_everywhere(ws, current, current.username)
    elif isinstance(session, users.Session):
        users.sign_out(ws, session)
    _CookieWriter().delete(COOKIE_NAME)


def account_box(ws: Workspace, viewer: Viewer) -> None:
    """Who is signed in, and the sign-out buttons (sidebar)."""
    user = users.get(ws, viewer.username)
    with st.sidebar:
        st.caption(tr("access.signed_in", name=text.md(user.name if user else viewer.username),
                      role=tr(f"access.role.{viewer.role}")))
        if st.button(tr("access.logout"), key="kb_logout_button", icon=":material/logout:"):
            logout(ws)
            st.rerun()
        if st.button(tr("access.logout_all"), key="kb_logout_all_button", icon=":material/devices_off:",
                     help=tr("access.logout_all.help")):
            logout(ws, everywhere=True)
            st.rerun()
