"""Plotly figures built from query results; one module per area. Pages only display them."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from core import fmt
from core.charts import axes

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


def separators(lang: str | None = None) -> str:
    """Plotly's decimal and thousands separators for the language (hover texts, any label Plotly writes)."""
    return SEPARATORS if fmt.language(lang) == "ru" else ".,"


def style(fig: go.Figure, height: int = 360) -> go.Figure:
    """Apply the product's common layout (the `kb` template), the chart's height, the language's separators,
    and round, formatted ticks on every numeric and date axis (`core.charts.axes`)."""
    if fig.layout.template.layout.separators != SEPARATORS:
        # Made while another default was in force (Streamlit sets its own when first imported).
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(height=height, separators=separators())
    axes.apply(fig)
    for name in ("yaxis2", "yaxis3"):
        axis = getattr(fig.layout, name, None) if name in fig.layout else None
        if axis is not None and axis.overlaying:
            axis.showgrid = False  # one grid: the left axis's
    return fig
