"""Data sources and the build engine (administrators only): DuckDB or Spark and its address, each dataset's lake
source, a check before a build, and the build from the sources with its progress."""
import streamlit as st

from ui import db, state
from ui import sources as ui
from ui.i18n import tr

viewer = state.viewer()
ws = db.workspace()
st.title(tr("sources.title"))
st.caption(tr("sources.intro"))

setting = ui.engine_form(ws, viewer)
ui.source_forms(ws, viewer, setting.engine)
ui.check_section(ws)
ui.build_section(ws, viewer, setting.engine)
