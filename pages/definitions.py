"""Definitions: every classification of the customer model, rendered from core.definitions."""
import streamlit as st

from core import definitions
from ui import state
from ui.i18n import lang, tr

ctx = state.context()
st.title(tr("definitions.title"))
st.caption(tr("definitions.caption"))
st.info(tr("definitions.completed"), icon=":material/info:")
st.caption(tr("definitions.order_sequence"))
for section in definitions.SECTIONS:
    st.subheader(definitions.title(section.key, lang()), anchor=section.key)
    st.markdown(definitions.help_text(section.key, lang(), ctx.thresholds))

st.subheader(tr("def.categories"), anchor="categories")
st.markdown(tr("def.categories.intro"))
st.markdown(definitions.category_help(lang()))
st.subheader(tr("metrics.definitions"), anchor="metrics")
st.markdown(tr("metrics.definitions.intro"))
st.markdown("\n".join(f"- **{name}** — {text}" for name, text in definitions.metric_definitions(lang(), ctx.thresholds)))
st.subheader(tr("definitions.campaigns"), anchor="campaigns")
st.markdown(definitions.campaign_help(lang()))
