"""Plotly figures built from query results; one module per area. Pages only display them."""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from core import fmt
from core.charts import axes

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


def separators(lang: str | None = None) -> str:
    """Plotly's decimal and thousands separators for the language (hover texts, any label Plotly writes)."""
    return SEPARATORS if fmt.language(lang) == "ru" else ".,"


def style(fig: go.Figure, height: int = 360) -> go.Figure:
    """Apply the product's common layout (the `kb` template), the chart's height, the language's separators,
    and round, formatted ticks on every numeric and date axis (`core.charts.axes`); data values shown as text
    (`as_text`)."""
    as_text(fig)
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



def _title(axis: object, fallback: str) -> str:
    text = getattr(getattr(axis, "title", None), "text", None)
    return text or fallback


def data(fig: go.Figure, labels: dict[str, str] | None = None) -> pl.DataFrame:
    """The numbers a figure draws, as a table to download beside it (one row per point).

    Columns: the series, the x axis's title, the y axis's title (heat maps: rows, columns, value; Sankey:
    from, to, value). `labels` names the columns where an axis has no title (`series`, `x`, `y`, `value`).
    """
    names = {"series": "series", "x": "x", "y": "y", "value": "value", "from": "from", "to": "to"} | (labels or {})
    rows: list[dict[str, object]] = []
    x_title, y_title = _title(fig.layout.xaxis, names["x"]), _title(fig.layout.yaxis, names["y"])
    for trace in fig.data:
        if trace.type == "heatmap":
            xs = list(trace.x) if trace.x is not None else list(range(len(trace.z[0])))
            ys = list(trace.y) if trace.y is not None else list(range(len(trace.z)))
            for y, row in zip(ys, trace.z, strict=False):
                for x, z in zip(xs, row, strict=False):
                    if z is not None:
                        rows.append({y_title: str(y), x_title: str(x), names["value"]: z})
        elif trace.type == "sankey":
            labels_ = list(trace.node.label)
            for s, t, v in zip(trace.link.source, trace.link.target, trace.link.value, strict=False):
                rows.append({names["from"]: labels_[s], names["to"]: labels_[t], names["value"]: v})
        elif trace.type in ("bar", "scatter", "scattergl"):
            # The dashed tail of a line («Name (partial)») is the same series.
            series = next((t.name for t in fig.data if t is not trace and t.name and trace.name
                           and trace.name.startswith(t.name + " (")), trace.name or "")
            xs = list(trace.x) if trace.x is not None else list(range(len(trace.y)))
            ys = list(trace.y) if trace.y is not None else []
            for x, y in zip(xs, ys, strict=False):
                rows.append({names["series"]: series, x_title: x, y_title: y})
    if not rows:
        return pl.DataFrame()
    frame = pl.DataFrame(rows, strict=False, infer_schema_length=None)
    if names["series"] in frame.columns:
        frame = frame.unique(subset=[names["series"], x_title], keep="first", maintain_order=True)
    if names["series"] in frame.columns and frame[names["series"]].n_unique() == 1:
        frame = frame.drop(names["series"])
    return frame
