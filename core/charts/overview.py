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


def sparkline(values: list[float | None]) -> go.Figure:
    """A tiny line of a KPI over the last periods (oldest first), without axes."""
    fig = go.Figure(go.Scatter(y=[v if v is not None else None for v in values], mode="lines+markers",
                               line={"color": PALETTE[0], "width": 2}, marker={"size": 4},
                               hoverinfo="skip"))
    fig = style(fig, height=60)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def composition(frame: pl.DataFrame, names: dict[str, str], colours: dict[str, str], label: str) -> go.Figure:
    """One horizontal stacked bar of the base by type (customers), each type's count and share on it."""
    total = max(int(frame["customers"].sum()), 1)
    fig = go.Figure()
    for row in frame.iter_rows(named=True):
        share = 100 * row["customers"] / total
        fig.add_trace(go.Bar(y=[label], x=[row["customers"]], orientation="h", name=names[row["value"]],
                             marker_color=colours[row["value"]],
                             text=[f"{share:.0f} %" if share >= 4 else ""], textposition="inside",
                             hovertemplate=f"{names[row['value']]}: %{{x:,}} ({share:.1f} %)<extra></extra>"))
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(visible=False)
    fig.update_xaxes(visible=False)
    return style(fig, height=150)
