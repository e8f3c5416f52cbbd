"""Shared widgets: KPI cards with their definitions, and the empty state."""
from __future__ import annotations

import streamlit as st

from ui.i18n import tr


def kpi(column, label_key: str, value: str, delta: str | None = None) -> None:
    """A metric card whose help text is the figure's definition (`<label_key>.help`)."""
    column.metric(tr(label_key), value, delta=delta, help=tr(f"{label_key}.help"))


def empty_state() -> None:
    """The message shown where the chosen period has no data."""
    st.info(tr("common.empty"), icon=":material/hourglass_empty:")
