"""Figures of the predicted-LTV page: holdout validation, CLV distribution, P(alive) heatmap."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from core.charts import PALETTE, axes, style


def cumulative_by_week(weekly: pl.DataFrame, calibration_end: dt.date, labels: dict[str, str]) -> go.Figure:
    """Cumulative repeat transactions by week, actual (solid) and predicted (dashed), split line at calibration end.

    `labels`: actual, predicted, split, x, y.
    """
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=weekly["week_end"].to_list(),
            y=weekly["actual"].to_list(),
            name=labels["actual"],
            mode="lines",
            line={"color": PALETTE[0], "width": 2},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=weekly["week_end"].to_list(),
            y=weekly["predicted"].to_list(),
            name=labels["predicted"],
            mode="lines",
            line={"color": PALETTE[2], "dash": "dash"},
        )
    )
    fig.add_vline(
        x=dt.datetime.combine(calibration_end, dt.time()).timestamp() * 1000,
        line_dash="dot",
        line_color="#7F8C8D",
        annotation_text=labels["split"],
        annotation_position="top left",
    )
    fig.update_layout(xaxis_title=labels["x"], yaxis_title=labels["y"])
    return style(fig)


def by_calibration_count(by_count: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Mean holdout transactions per customer by calibration-period repeat transactions, actual vs predicted.

    `labels`: actual, predicted, x, y.
    """
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=by_count["label"].to_list(),
            y=by_count["actual"].to_list(),
            name=labels["actual"],
            marker_color=PALETTE[0],
        )
    )
    fig.add_trace(
        go.Bar(
            x=by_count["label"].to_list(),
            y=by_count["predicted"].to_list(),
            name=labels["predicted"],
            marker_color=PALETTE[2],
        )
    )
    fig.update_layout(
        barmode="group", xaxis_title=labels["x"], yaxis_title=labels["y"], xaxis_type="category"
    )
    return style(fig)


def clv_distribution(binned: axes.Bins, labels: dict[str, str]) -> go.Figure:
    """Histogram of predicted CLV from its bins (`core.clv.service.Figures.distribution`: values above the
    99th percentile gathered in the last bar).

    `labels`: x, y.
    """
    fig = go.Figure(go.Bar(x=axes.bin_names(binned), y=list(binned.counts), marker_color=PALETTE[1]))
    fig.update_layout(xaxis_title=labels["x"], yaxis_title=labels["y"], bargap=0.05, showlegend=False)
    fig.update_xaxes(type="category")
    return style(fig)


def p_alive_heatmap(grid: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """P(alive) over frequency (rows) and recency (columns) from a long grid (frequency, recency, p_alive).

    `labels`: x, y, colour.
    """
    freqs = sorted(set(grid["frequency"].to_list()))
    recs = sorted(set(grid["recency"].to_list()))
    z = grid.sort(["frequency", "recency"])["p_alive"].to_numpy().reshape(len(freqs), len(recs))
    fig = go.Figure(
        go.Heatmap(
            x=recs,
            y=freqs,
            z=z,
            zmin=0,
            zmax=1,
            colorscale="RdYlGn",
            colorbar={"title": labels["colour"], "tickformat": ".0%"},
            hovertemplate="%{y:.0f} / %{x:.1f}: %{z:.0%}<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title=labels["x"], yaxis_title=labels["y"])
    return style(fig, height=420)
