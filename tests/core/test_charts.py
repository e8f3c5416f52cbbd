"""The common chart style reaches the browser: separators per language, palette, height, and the axes every
chart shares (round steps, whole steps for counts, labels as the step needs, «15 млн», one label a month)."""
from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from core import fmt
from core.charts import PALETTE, axes, style

S = "\u00a0"


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
    assert layout["separators"] == ", "  # decimal comma, space between thousands: 1 234,5
    assert template["colorway"] == list(PALETTE)
    assert layout["height"] == 300
    # Both subplots' value axes get their own round ticks: 0–2 500 by 500 and 0–4 by 1.
    assert layout["yaxis"]["ticktext"] == ["0", "500", f"1{S}000", f"1{S}500", f"2{S}000", f"2{S}500"]
    assert layout["yaxis2"]["tickvals"] == [0, 1, 2, 3, 4]


def test_english_charts_use_english_separators_and_units():
    with fmt.using("en"):
        fig = style(go.Figure(go.Bar(x=["a", "b"], y=[4_000_000, 15_300_000])))
    layout = _sent(fig)["layout"]
    assert layout["separators"] == ".,"
    assert layout["yaxis"]["ticktext"] == ["0", "5M", "10M", "15M", "20M"]


def test_counts_never_tick_in_fractions_and_large_numbers_read_in_millions():
    # One and two orders a month: whole steps (0, 1, 2), never 0,428 / 0,855.
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    months = [dt.date(2024, 4, 1), dt.date(2024, 5, 1), dt.date(2024, 6, 1)]
    fig.add_trace(go.Bar(x=months, y=[4_000_000, 15_300_000, 9_000_000]), secondary_y=False)
    fig.add_trace(go.Scatter(x=months, y=[1, 2, 1]), secondary_y=True)
    layout = _sent(style(fig))["layout"]
    assert layout["yaxis2"]["tickvals"] == [0, 1, 2] or layout["yaxis2"]["tickvals"] == [1, 2]
    assert layout["yaxis"]["ticktext"] == ["0", f"5{S}млн", f"10{S}млн", f"15{S}млн", f"20{S}млн"]
    # Three monthly bars: exactly their three months, each once.
    assert layout["xaxis"]["ticktext"] == ["04.2024", "05.2024", "06.2024"]
    assert layout["yaxis2"]["showgrid"] is False


def test_a_fixed_percent_range_keeps_its_range_and_writes_percent_labels():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[30, 70]))
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    layout = _sent(style(fig))["layout"]
    assert layout["yaxis"]["range"] == [0, 100]
    assert layout["yaxis"]["ticktext"] == [f"{v}{S}%" for v in (0, 20, 40, 60, 80, 100)]


@pytest.mark.parametrize(("lo", "hi", "integer", "expected"), [
    (0, 807, False, [0, 200, 400, 600, 800, 1000]),  # not 202 / 404 / 606 / 807
    (0, 1.283, False, [0, 0.5, 1, 1.5]),
    (0, 2, True, [0, 1, 2]),
    (0, 9.01, False, [0, 2, 4, 6, 8, 10]),
    (12, 47, True, [10, 20, 30, 40, 50]),
])
def test_ticks_are_round(lo, hi, integer, expected):
    assert axes.ticks(lo, hi, integer) == expected


def test_tick_labels_have_the_decimals_their_step_needs():
    assert axes.labels([0, 0.5, 1, 1.5]) == ["0", "0,5", "1", "1,5"]
    assert axes.labels([0, 0.25, 0.5], "en") == ["0", "0.25", "0.5"]
    assert axes.labels([0, 250_000, 500_000, 1_250_000]) == ["0", f"0,25{S}млн", f"0,5{S}млн", f"1,25{S}млн"]
    assert axes.labels([0, 5000, 10000, 15000]) == ["0", f"5{S}тыс.", f"10{S}тыс.", f"15{S}тыс."]
    assert axes.labels([0, 2500, 5000, 7500]) == ["0", f"2{S}500", f"5{S}000", f"7{S}500"]


def test_date_axes_label_each_month_once():
    # Month-end snapshots: ticks at the data's own dates, in the language's month form.
    ends = [dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
    fig = style(go.Figure(go.Scatter(x=ends, y=[1, 2])))
    assert _sent(fig)["layout"]["xaxis"]["ticktext"] == ["01.2026", "02.2026"]
    with fmt.using("en"):
        fig = style(go.Figure(go.Scatter(x=ends, y=[1, 2])))
    assert _sent(fig)["layout"]["xaxis"]["ticktext"] == ["Jan 2026", "Feb 2026"]
    # Weekly points over a year: month starts, each month once.
    weeks = [dt.date(2025, 1, 5) + dt.timedelta(weeks=i) for i in range(52)]
    values, texts = axes.date_ticks(weeks)
    assert len(texts) == len(set(texts)) and all(v.day == 1 for v in values)
    # 36 monthly points: every third month, the latest one labelled.
    months = [dt.date(2023 + i // 12, i % 12 + 1, 1) for i in range(36)]
    values, texts = axes.date_ticks(months)
    assert values[-1] == dt.date(2025, 12, 1) and len(values) == 12
    plain = style(go.Figure(go.Bar(x=["a"], y=[1])))
    assert "tickvals" not in _sent(plain)["layout"].get("xaxis", {})


def test_histogram_bins_are_round_with_an_overflow_bin():
    # 100 values 0..99 and one far outlier: bins of 5 up to the 99th percentile (≈ 99), then «X+».
    values = [*range(100), 720]
    names, counts, edges = axes.histogram(values, bins=20, clip_quantile=0.99)
    assert edges[:3] == [0, 5, 10]
    assert names[0] == "0–5"
    assert names[-1] == "100+" and counts[-1] == 1
    assert sum(counts) == 101


def test_a_sparkline_is_an_svg_line_with_markers_and_a_gap_where_a_value_is_missing():
    import xml.etree.ElementTree as ET

    from core.charts import overview

    svg = ET.fromstring(overview.sparkline([1.0, None, 3.0, 2.0]))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("height") == "60" and svg.get("width") == "100%"
    # Four periods evenly spread between 2 % and 98 % of the width: 2, 34, 66, 98; the values between 54 px
    # (the lowest, 1) and 6 px (the highest, 3) from the top: 2 → 30.
    markers = [(c.get("cx"), c.get("cy")) for c in svg.iter(f"{ns}circle")]
    assert markers == [("2.00%", "54.00"), ("66.00%", "6.00"), ("98.00%", "30.00")]
    # Joined only where both ends have a value: not across the missing second period.
    lines = [(ln.get("x1"), ln.get("y1"), ln.get("x2"), ln.get("y2")) for ln in svg.iter(f"{ns}line")]
    assert lines == [("66.00%", "6.00", "98.00%", "30.00")]
    assert {g.get("stroke") or g.get("fill") for g in svg.iter(f"{ns}g")} == {PALETTE[0]}


def test_a_flat_or_single_value_sparkline_sits_in_the_middle():
    import xml.etree.ElementTree as ET

    from core.charts import overview

    ns = "{http://www.w3.org/2000/svg}"
    flat = ET.fromstring(overview.sparkline([5, 5]))
    assert [(c.get("cx"), c.get("cy")) for c in flat.iter(f"{ns}circle")] == [("2.00%", "30.00"), ("98.00%", "30.00")]
    single = ET.fromstring(overview.sparkline([7]))
    assert [(c.get("cx"), c.get("cy")) for c in single.iter(f"{ns}circle")] == [("50.00%", "30.00")]
    assert list(single.iter(f"{ns}line")) == []
    assert list(ET.fromstring(overview.sparkline([None, None])).iter(f"{ns}circle")) == []
