"""Plotly figures built from query results; one module per area. Pages only display them."""
from __future__ import annotations

import plotly.graph_objects as go

# A calm palette shared by every chart.
PALETTE: tuple[str, ...] = ("#2E5E8C", "#6A9FCB", "#E39B4B", "#8DB580", "#C8675B", "#9C7CB8", "#B8A27C", "#7F8C8D")
TEMPLATE = "plotly_white"


def style(fig: go.Figure, height: int = 360) -> go.Figure:
    """Apply the product's common layout: font, margins, legend below, Russian number separators."""
    fig.update_layout(
        template=TEMPLATE,
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        separators=", ",
        colorway=list(PALETTE),
        font={"family": "Inter, Arial, sans-serif", "size": 13},
    )
    fig.update_yaxes(separatethousands=True)
    if _x_is_dates(fig):
        fig.update_xaxes(tickformat="%m.%Y")
    return fig


def _x_is_dates(fig: go.Figure) -> bool:
    """True when a trace's x values are dates, so the axis reads months the Russian way (11.2026)."""
    import datetime as dt

    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is not None and len(xs) and isinstance(xs[0], dt.date):
            return True
    return False
