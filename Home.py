"""Клиентская база — the router: page config, the login gate, the shared sidebar, then only the pages this viewer may use."""
import streamlit as st

from ui import auth, db, nav, routing, state
from ui.i18n import tr

routing.leave_page_folder_mode()
st.set_page_config(page_title="Клиентская база", page_icon=":material/groups:", layout="wide")

ws = db.workspace()
viewer = auth.gate(ws)
if viewer is None:
    # Before login the login page is the only page there is: no other URL leads anywhere.
    state.language_picker()
    login = st.navigation([st.Page("pages/login.py", title=tr("access.login.title"), icon=":material/login:")],
                          position="hidden")
    with routing.routed():
        login.run()
    st.stop()

generation = ws.generation()
ctx = state.sidebar(ws, generation)
st.session_state["ctx"] = ctx
auth.account_box(ws, viewer)

if st.session_state.pop("stale_generation", False):
    st.info(tr("common.stale"))
demo_customers = db.demo_banner_count(ws)
if demo_customers:
    st.info(tr("banner.demo", customers=f"{demo_customers:,}".replace(",", "\u00a0")), icon=":material/info:")

sections: dict[str, list] = {}
for spec in nav.pages_for(viewer):
    page = st.Page(spec.path, title=tr(spec.title), icon=spec.icon, default=spec.default)
    sections.setdefault(tr(spec.section), []).append(page)
page = st.navigation(sections, expanded=True)
with routing.routed():
    page.run()
