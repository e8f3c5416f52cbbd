"""Клиентская база — the router: page config, the shared sidebar, then only the pages this viewer may use."""
import streamlit as st

from ui import db, nav, state
from ui.i18n import tr

st.set_page_config(page_title="Клиентская база", page_icon=":material/groups:", layout="wide")

ws = db.workspace()
generation = ws.generation()
ctx = state.sidebar(ws, generation)
st.session_state["ctx"] = ctx

if st.session_state.pop("stale_generation", False):
    st.info(tr("common.stale"))
demo_customers = db.demo_banner_count(ws)
if demo_customers:
    st.info(tr("banner.demo", customers=f"{demo_customers:,}".replace(",", "\u00a0")), icon=":material/info:")

sections: dict[str, list] = {}
for spec in nav.pages_for(ctx.viewer):
    page = st.Page(spec.path, title=tr(spec.title), icon=spec.icon, default=spec.default)
    sections.setdefault(tr(spec.section), []).append(page)
st.navigation(sections).run()
