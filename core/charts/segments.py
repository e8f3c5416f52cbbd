"""Figures of the segment builder: composition, distributions, the R × F grid, top cities, comparison."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from core.charts import PALETTE, style


def bars(frame: pl.DataFrame, x: str, y: str, labels: dict[str, str], axis_title: str = "",
         horizontal: bool = False, height: int = 300) -> go.Figure:
    """Bars of `y` by `x`; `labels` maps x values to display names (values missing from it stay as they are)."""
    names = [labels.get(str(v), str(v)) for v in frame[x].to_list()]
    values = frame[y].to_list()
    trace = (go.Bar(y=names, x=values, orientation="h", marker_color=PALETTE[0]) if horizontal
             else go.Bar(x=names, y=values, marker_color=PALETTE[0]))
    fig = go.Figure(trace)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(title=axis_title, separatethousands=True)
    else:
        fig.update_yaxes(title=axis_title)
        fig.update_xaxes(type="category")
    return style(fig, height=height)


def rf_grid(frame: pl.DataFrame, r_title: str, f_title: str, value_title: str) -> go.Figure:
    """A 5 × 5 heat map of customers by recency score (rows, 5 on top) and frequency score (columns)."""
    cells = {(r, f): n for r, f, n in frame.select("r_score", "f_score", "customers").iter_rows()}
    z = [[cells.get((r, f), 0) for f in range(1, 6)] for r in range(5, 0, -1)]
    fig = go.Figure(go.Heatmap(z=z, x=[str(f) for f in range(1, 6)], y=[str(r) for r in range(5, 0, -1)],
                               colorscale=[[0, "#F4F7FB"], [1, PALETTE[0]]], text=z, texttemplate="%{text}",
                               hovertemplate=f"R %{{y}} · F %{{x}}<br>{value_title}: %{{z}}<extra></extra>",
                               colorbar={"title": value_title}))
    fig.update_xaxes(title=f_title, type="category")
    fig.update_yaxes(title=r_title, type="category")
    return style(fig, height=320)


def compare(frame: pl.DataFrame, metrics: dict[str, str], segment_names: list[str]) -> go.Figure:
    """Grouped bars: each metric (a share in percent) for each segment side by side."""
    fig = go.Figure()
    for i, name in enumerate(segment_names):
        row = frame.row(i, named=True)
        fig.add_trace(go.Bar(name=name, x=list(metrics.values()),
                             y=[100 * (row[m] or 0) for m in metrics], marker_color=PALETTE[i % len(PALETTE)]))
    fig.update_layout(barmode="group")
    fig.update_yaxes(ticksuffix=" %")
    return style(fig, height=300)
