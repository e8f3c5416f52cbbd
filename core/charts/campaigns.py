"""Campaign charts: the uplift in revenue per customer of each campaign with its 95% interval."""
from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go

from core import fmt
from core.charts import PALETTE, style


def uplift(records: list[dict[str, Any]], axis_title: str) -> go.Figure:
    """A dot per campaign with a control group at its uplift, the bar its 95% interval; zero marked."""
    shown = [r for r in records if r.get("uplift_revenue_per_customer") is not None]
    names = [f"{r['name']} ({fmt.date(dt.date.fromisoformat(r['sent_date']))})" for r in shown]
    estimate = [r["uplift_revenue_per_customer"] for r in shown]
    colors = [PALETTE[3] if r["ci_low"] > 0 else PALETTE[4] if r["ci_high"] < 0 else PALETTE[7] for r in shown]
    fig = go.Figure(go.Scatter(
        x=estimate, y=names, mode="markers", marker={"color": colors, "size": 11},
        error_x={"type": "data", "symmetric": False, "array": [r["ci_high"] - r["uplift_revenue_per_customer"]
                                                               for r in shown],
                 "arrayminus": [r["uplift_revenue_per_customer"] - r["ci_low"] for r in shown], "thickness": 2},
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
    fig.add_vline(x=0, line_dash="dash", line_color=PALETTE[7])
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=axis_title, separatethousands=True)
    return style(fig, height=max(220, 60 * len(shown) + 80))
