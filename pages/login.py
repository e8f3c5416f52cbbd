"""Login: the only page a visitor who has not signed in can reach."""
import streamlit as st

from ui import auth, charts, db, routing
from ui.i18n import tr

routing.ensure_routed()
st.title(tr("app.title"))
st.caption(tr("app.tagline"))
auth.login_form(db.workspace())
charts.prefetch()  # the overview's charts draw at once after the sign-in
