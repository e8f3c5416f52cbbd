"""Клиентская база — the router: page config, the login gate, the shared sidebar, then only the pages this viewer may use."""
import streamlit as st

from core import build, demo, engines, fmt  # noqa: F401 - build, engines: install the engine building the generations
from core.workspace import LocalizedError
from ui import auth, db, nav, rerun_guard, routing, state, streamlit_ru
from ui.i18n import tr

rerun_guard.install()
routing.leave_page_folder_mode()
st.set_page_config(page_title="Клиентская база", page_icon=":material/groups:", layout="wide")

streamlit_ru.install()
try:
    ws = db.workspace()
except LocalizedError as exc:
    # a setting the server was started with is malformed (KB_MEMORY_LIMIT=…): say which, not a traceback
    st.error(exc.message(fmt.language()))
    st.stop()
db.page_running()
viewer = auth.gate(ws)
if viewer is None:
    # Before login the login page is the only page there is: no other URL leads anywhere.
    state.language_picker()
    # Every page's address shows the login form (and, once signed in, that page): a shared link opened
    # signed out asks to sign in instead of showing Streamlit's own "page not found" dialog.
    title = tr("access.login.title")
    login = st.navigation([st.Page("pages/login.py", title=title, icon=":material/login:", default=True)]
                         + [st.Page("pages/login.py", title=title, url_path=nav.url_path(spec), visibility="hidden")
                            for spec in nav.PAGES], position="hidden")
    with routing.routed():
        login.run()
    st.stop()

generation = ws.generation()
ctx = state.sidebar(ws, generation)
st.session_state["ctx"] = ctx
auth.account_box(ws, viewer)

if st.session_state.pop("stale_generation", False):
    st.info(tr("common.stale"))

sections: dict[str, list] = {}
allowed = nav.pages_for(viewer)
for spec in allowed:
    page = st.Page(spec.path, title=tr(spec.title), icon=spec.icon, default=spec.default)
    sections.setdefault(tr(spec.section), []).append(page)
# The address of a page this role may not open says so (the page itself is not registered).
sections[tr(nav.PAGES[0].section)] += [
    st.Page(nav.denied(spec), title=tr(spec.title), url_path=nav.url_path(spec), visibility="hidden")
    for spec in nav.PAGES if spec not in allowed]
page = st.navigation(sections, expanded=True)
demo_customers = demo.default_in_force(ws)
if demo_customers and page.url_path != "upload":  # the upload page says what an upload does to it
    st.info(tr("banner.demo", customers=fmt.number(demo_customers)), icon=":material/info:")
with routing.routed():
    page.run()
