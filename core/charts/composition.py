"""Figures of the base composition page and the customer card."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from core.charts import PALETTE, style

# One colour per class, stable across charts (base types, then the others by position).
TYPE_COLOURS: dict[str, str] = {
    "vip": "#9C7CB8", "active": "#2E5E8C", "working": "#6A9FCB", "inactive": "#C8675B",
    "potential": "#B8A27C", "mailing": "#8DB580", "not_in_base": "#BDC3C7",
}


def colour(code: str, position: int) -> str:
    """The colour of a class: the fixed one of a base type, else the palette's by position."""
    return TYPE_COLOURS.get(code, PALETTE[position % len(PALETTE)])


def class_bars(frame: pl.DataFrame, names: dict[str, str], labels: dict[str, str]) -> go.Figure:
    """Horizontal bars of each class's share of customers beside its share of revenue (percent).

    `frame` has value, customers, customer_share, revenue_share; `names` maps codes to display names;
    `labels` names the two series (customer_share, revenue_share).
    """
    y = [names.get(v, v) for v in frame["value"].to_list()]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=y, x=frame["customer_share"].to_list(), orientation="h", name=labels["customer_share"],
                         marker_color=PALETTE[0], customdata=frame["customers"].to_list(),
                         hovertemplate="%{y}: %{x:.1f} % (%{customdata:,})<extra></extra>"))
    fig.add_trace(go.Bar(y=y, x=frame["revenue_share"].to_list(), orientation="h", name=labels["revenue_share"],
                         marker_color=PALETTE[2], hovertemplate="%{y}: %{x:.1f} %<extra></extra>"))
    fig.update_layout(barmode="group", yaxis={"autorange": "reversed"}, xaxis={"ticksuffix": " %"})
    return style(fig, height=max(260, 46 * len(y)))


def rfm_heatmap(grid: pl.DataFrame, names: dict[str, str], labels: dict[str, str]) -> go.Figure:
    """The R × F grid: customers per cell as colour, the cell's segment name and count as text.

    `grid` has r_score, f_score, rfm_segment, customers; `labels` has axis_r, axis_f, customers.
    """
    counts = [[0] * 5 for _ in range(5)]
    texts = [[""] * 5 for _ in range(5)]
    for row in grid.iter_rows(named=True):
        f, r = int(row["f_score"]) - 1, int(row["r_score"]) - 1
        counts[f][r] = int(row["customers"])
        texts[f][r] = f"{names.get(row['rfm_segment'], row['rfm_segment'])}<br>{row['customers']:,}".replace(",", " ")
    fig = go.Figure(go.Heatmap(
        x=[1, 2, 3, 4, 5], y=[1, 2, 3, 4, 5], z=counts, text=texts, texttemplate="%{text}",
        colorscale=[[0, "#F4F7FB"], [1, PALETTE[0]]], colorbar={"title": labels["customers"]},
        hovertemplate="R %{x} · F %{y}<br>%{text}<extra></extra>",
    ))
    fig.update_xaxes(title=labels["axis_r"], dtick=1)
    fig.update_yaxes(title=labels["axis_f"], dtick=1)
    return style(fig, height=460)


def pareto(curve: pl.DataFrame, names: dict[str, str], labels: dict[str, str]) -> go.Figure:
    """Cumulative revenue share against the share of buyers, one coloured segment per ABC class."""
    fig = go.Figure()
    for position, code in enumerate(("A", "B", "C")):
        part = curve.filter(pl.col("abc_class") == code)
        if part.is_empty():
            continue
        fig.add_trace(go.Scatter(x=part["customer_share"].to_list(), y=part["revenue_share"].to_list(),
                                 mode="lines", name=names.get(code, code), fill="tozeroy",
                                 line={"color": PALETTE[position]},
                                 hovertemplate="%{x:.1f} % → %{y:.1f} %<extra></extra>"))
    fig.update_xaxes(title=labels["x"], range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(title=labels["y"], range=[0, 100], ticksuffix=" %")
    return style(fig)


def over_time(frame: pl.DataFrame, names: dict[str, str], share: bool) -> go.Figure:
    """Stacked areas of contacts per base type at each snapshot (or their shares in percent)."""
    totals = frame.group_by("snapshot").agg(pl.col("customers").sum().alias("total"))
    data = frame.join(totals, on="snapshot").sort("snapshot")
    fig = go.Figure()
    for position, code in enumerate(names):
        part = data.filter(pl.col("base_type") == code)
        y = (100 * part["customers"] / part["total"]).to_list() if share else part["customers"].to_list()
        fig.add_trace(go.Scatter(x=part["snapshot"].to_list(), y=y, name=names[code], stackgroup="one",
                                 mode="lines", line={"width": 0.5, "color": colour(code, position)}))
    if share:
        fig.update_yaxes(ticksuffix=" %", range=[0, 100])
    return style(fig, height=400)


def sankey(flows: pl.DataFrame, names: dict[str, str], first: str, second: str) -> go.Figure:
    """Flows of customers from their type on the first date (left) to the second (right)."""
    left = [c for c in names if c in set(flows["from_type"].to_list())]
    right = [c for c in names if c in set(flows["to_type"].to_list())]
    nodes = [f"{names[c]} ({first})" for c in left] + [f"{names[c]} ({second})" for c in right]
    colours = [colour(c, i) for i, c in enumerate(left)] + [colour(c, i) for i, c in enumerate(right)]
    index_left = {c: i for i, c in enumerate(left)}
    index_right = {c: len(left) + i for i, c in enumerate(right)}
    fig = go.Figure(go.Sankey(
        node={"label": nodes, "color": colours, "pad": 14, "thickness": 16},
        link={"source": [index_left[c] for c in flows["from_type"].to_list()],
              "target": [index_right[c] for c in flows["to_type"].to_list()],
              "value": flows["customers"].to_list(), "color": "rgba(46, 94, 140, 0.18)"},
    ))
    return style(fig, height=480)


def customer_orders(monthly: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """A customer's completed orders by month (bars) and their revenue (line, second axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=monthly["month"].to_list(), y=monthly["revenue"].to_list(), name=labels["revenue"],
                         marker_color=PALETTE[0]), secondary_y=False)
    fig.add_trace(go.Scatter(x=monthly["month"].to_list(), y=monthly["orders"].to_list(), name=labels["orders"],
                             mode="markers", marker={"color": PALETTE[2], "size": 9}), secondary_y=True)
    fig.update_yaxes(rangemode="tozero")
    return style(fig, height=300)
