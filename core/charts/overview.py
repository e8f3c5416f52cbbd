"""Figures of the overview page."""
from __future__ import annotations

import base64

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


SPARK_HEIGHT = 60  # px
SPARK_PAD_X = 2.0  # % of the width left free at each end (a marker is not cut in half)
SPARK_PAD_Y = 6.0  # px above the highest point and below the lowest


def sparkline(values: list[float | None], colour: str = PALETTE[0]) -> str:
    """A tiny line of a KPI over the last periods (oldest first), without axes, as an SVG drawing: the periods
    evenly spaced across the full width, the values between the lowest (bottom) and the highest (top), a marker
    on each value, a gap where a value is missing. Drawn by the browser itself: nine of them on the overview
    cost nothing to draw, where nine Plotly charts (no axes, no hover, no toolbar) took most of the page's time
    in the browser."""
    count = len(values)
    shown = [v for v in values if v is not None]
    lo, hi = (min(shown), max(shown)) if shown else (0.0, 0.0)

    def x(i: int) -> str:
        share = 0.5 if count < 2 else i / (count - 1)
        return f"{SPARK_PAD_X + share * (100 - 2 * SPARK_PAD_X):.2f}%"

    def y(v: float) -> str:
        share = 0.5 if hi == lo else (v - lo) / (hi - lo)
        return f"{SPARK_HEIGHT - SPARK_PAD_Y - share * (SPARK_HEIGHT - 2 * SPARK_PAD_Y):.2f}"

    lines = "".join(f'<line x1="{x(i)}" y1="{y(values[i])}" x2="{x(i + 1)}" y2="{y(values[i + 1])}"/>'
                    for i in range(count - 1) if values[i] is not None and values[i + 1] is not None)
    markers = "".join(f'<circle cx="{x(i)}" cy="{y(v)}" r="2"/>' for i, v in enumerate(values) if v is not None)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{SPARK_HEIGHT}" overflow="visible">'
            f'<g stroke="{colour}" stroke-width="2" stroke-linecap="round">{lines}</g>'
            f'<g fill="{colour}">{markers}</g></svg>')


def sparkline_html(values: list[float | None], colour: str = PALETTE[0]) -> str:
    """`sparkline` as an image for a page (`st.html` keeps HTML only: an inline `<svg>` would be removed)."""
    data = base64.b64encode(sparkline(values, colour).encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="" aria-hidden="true" '
            f'style="display:block;width:100%;height:{SPARK_HEIGHT}px">')


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
