"""Figures of the data-quality page."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from core.charts import style


def trend(frame: pl.DataFrame, names: dict[str, str], axis: dict[str, str]) -> go.Figure:
    """Quality score by generation, one line per dataset (`names`: dataset -> label; `axis`: x/y titles)."""
    fig = go.Figure()
    for dataset in frame["dataset"].unique(maintain_order=True).to_list():
        part = frame.filter(pl.col("dataset") == dataset).drop_nulls("score")
        fig.add_trace(go.Scatter(
            x=part["generation"].to_list(), y=part["score"].to_list(), mode="lines+markers",
            name=names.get(dataset, dataset),
            line={"width": 3 if dataset == "overall" else 1.5},
            customdata=[a.strftime("%d.%m.%Y %H:%M") for a in part["at"].to_list()],
            hovertemplate="%{y:.1f} · %{customdata}<extra>%{fullData.name}</extra>",
        ))
    fig.update_xaxes(title=axis["x"], dtick=1)
    fig.update_yaxes(title=axis["y"], range=[0, 101])
    return style(fig, height=300)
