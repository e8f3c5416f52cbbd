"""Plotly figures built from query results; one module per area. Pages only display them."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from core import text

# A calm palette shared by every chart.
PALETTE: tuple[str, ...] = ("#2E5E8C", "#6A9FCB", "#E39B4B", "#8DB580", "#C8675B", "#9C7CB8", "#B8A27C", "#7F8C8D")
TEMPLATE = "kb"
SEPARATORS = ", "


def _template() -> go.layout.Template:
    """The product's common layout (plotly_white, font, margins, legend below, Russian number separators)."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        separators=SEPARATORS,
        colorway=list(PALETTE),
        font={"family": "Inter, Arial, sans-serif", "size": 13},
    )
    template.layout.yaxis.separatethousands = True  # a template's yaxis applies to every y axis
    return template


# The default template is applied when a figure is made, by reference; assigning a template to a
# finished figure validates and copies all of it (~40 ms a figure, a dozen figures a page).
pio.templates[TEMPLATE] = _template()
pio.templates.default = TEMPLATE


def style(fig: go.Figure, height: int = 360) -> go.Figure:
    """Apply the product's common layout (the `kb` template) and the chart's height; months read 11.2026;
    data values shown as text (`as_text`)."""
    as_text(fig)
    if fig.layout.template.layout.separators != SEPARATORS:
        # Made while another default was in force (Streamlit sets its own when first imported).
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(height=height)
    if _x_is_dates(fig):
        fig.update_xaxes(tickformat="%m.%Y")
    return fig


def as_text(fig: go.Figure) -> go.Figure:
    """Every trace's categories, labels, legend name and hover data as literal text (`core.text.plotly`).

    They hold data values (channels, cities, segment and customer names), and Plotly renders `<a href>`,
    `<b>`, `<span style>` and entities in them; a chart's own markup lives in `hovertemplate`, `text`
    and titles, which are left alone.
    """
    for trace in fig.data:
        for attribute in ("x", "y", "labels", "customdata"):
            values = getattr(trace, attribute, None)
            if values is not None and len(values) and any(isinstance(v, str) or _is_row(v) for v in values):
                trace[attribute] = [[text.plotly(c) if isinstance(c, str) else c for c in v] if _is_row(v)
                                    else text.plotly(v) if isinstance(v, str) else v for v in values]
        if isinstance(getattr(trace, "name", None), str):
            trace.name = text.plotly(trace.name)
    return fig


def _is_row(value: object) -> bool:
    return isinstance(value, (list, tuple))


def _x_is_dates(fig: go.Figure) -> bool:
    """True when a trace's x values are dates, so the axis reads months the Russian way (11.2026)."""
    import datetime as dt

    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is not None and len(xs) and isinstance(xs[0], dt.date):
            return True
    return False
