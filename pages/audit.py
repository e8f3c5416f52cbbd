"""Audit log (administrators only): who uploaded, downloaded, erased or changed accounts, and when."""
import streamlit as st

from core import audit
from ui import db, privacy, state, widgets
from ui.i18n import lang, tr

state.viewer()
st.title(tr("audit.title"))
st.caption(tr("audit.caption"))

log = audit.read(db.workspace())
filters = st.columns(2)
actions = widgets.multiselect(filters[0], tr("audit.filter.action"), list(audit.ACTIONS),
                                 format_func=lambda a: tr(f"audit.action.{a}"), placeholder=tr("audit.filter.all"))
people = widgets.multiselect(filters[1], tr("audit.filter.user"), sorted(set(log["username"].to_list())),
                                placeholder=tr("audit.filter.all"))
shown = audit.select(log, actions=actions, usernames=people)

if shown.is_empty():
    st.info(tr("audit.empty"))
else:
    st.caption(tr("audit.count", count=shown.height))
    labels = {column: st.column_config.Column(tr(f"audit.col.{column}")) for column in shown.columns}
    widgets.table(audit.readable(shown, lang()), column_config=labels)
    privacy.download_button(shown, "audit.csv", tr("audit.download.what"))
