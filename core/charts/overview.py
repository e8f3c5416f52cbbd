"""Figures of the overview page."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from core.charts import PALETTE, style


def revenue_by_month(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Bars of monthly revenue with a line of monthly buyers on a second axis.

    `frame` has columns month, revenue, buyers; `labels` names the series (revenue, buyers).
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=frame["month"].to_list(), y=frame["revenue"].to_list(), name=labels["revenue"],
                         marker_color=PALETTE[0]), secondary_y=False)
    fig.add_trace(go.Scatter(x=frame["month"].to_list(), y=frame["buyers"].to_list(), name=labels["buyers"],
                             mode="lines+markers", line={"color": PALETTE[2]}), secondary_y=True)
    fig.update_yaxes(rangemode="tozero")
    return style(fig)
