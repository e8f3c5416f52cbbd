"""Shared widgets: KPI cards with their definitions, tables, and the empty state."""
from __future__ import annotations

import streamlit as st

from ui.i18n import tr


def kpi(column, label_key: str, value: str, delta: str | None = None, **options) -> None:
    """A metric card whose help text is the figure's definition (`<label_key>.help`); `options` go to st.metric."""
    column.metric(tr(label_key), value, delta=delta, help=tr(f"{label_key}.help"), **options)


def empty_state(key: str = "common.empty") -> None:
    """The message shown where there is nothing to show (by default: the chosen period has no data)."""
    st.info(tr(key), icon=":material/hourglass_empty:")


def table(data, **options):
    """A table (st.dataframe) across the page, without the index, showing a missing value as «—» (not «None»)."""
    return st.dataframe(data, **({"hide_index": True, "width": "stretch", "placeholder": "—"} | options))
