"""The common chart style reaches the browser: Russian separators, thousands grouped on every y axis, palette, height."""
from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from core.charts import PALETTE, style


def _sent(fig: go.Figure) -> dict:
    """The figure as Streamlit sends it to the browser."""
    return json.loads(fig.to_json())


@pytest.mark.parametrize("default", ["kb", "plotly_dark", "plotly"])
def test_the_common_layout_holds_whatever_default_template_was_in_force(default, monkeypatch):
    monkeypatch.setattr(pio.templates, "default", default)
    fig = make_subplots(rows=1, cols=2)
    fig.add_trace(go.Bar(x=["a", "b"], y=[1500, 2500]), row=1, col=1)
    fig.add_trace(go.Bar(x=["a", "b"], y=[3, 4]), row=1, col=2)
    layout = _sent(style(fig, height=300))["layout"]
    template = layout["template"]["layout"]
    assert template["separators"] == ", "  # decimal comma, space between thousands: 1 234,5
    assert template["yaxis"]["separatethousands"] is True  # a template's yaxis covers yaxis2 too
    assert template["colorway"] == list(PALETTE)
    assert layout["height"] == 300


def test_date_axes_read_months_the_russian_way():
    fig = style(go.Figure(go.Scatter(x=[dt.date(2026, 1, 31), dt.date(2026, 2, 28)], y=[1, 2])))
    assert _sent(fig)["layout"]["xaxis"]["tickformat"] == "%m.%Y"
    plain = style(go.Figure(go.Bar(x=["a"], y=[1])))
    assert "tickformat" not in _sent(plain)["layout"].get("xaxis", {})
