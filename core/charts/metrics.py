"""Figures of the metrics pages: cohorts, retention by month, average check, order values, LTV/CAC, NPS.

Each takes a frame from `core.metrics` and `labels` (translated names of axes and series); a period not
over yet is drawn dashed with an open marker.
"""
from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from core.charts import PALETTE, style
from core.metrics.value import LTV_CAC_GUIDE


def _line(fig: go.Figure, x: Sequence, y: Sequence, partial: Sequence[bool], name: str, color: str,
          partial_name: str, customdata: Sequence | None = None, hover: str | None = None,
          **trace_kw: object) -> None:
    """A line whose partial last point is joined by a dashed segment and drawn as an open marker."""
    x, y, partial = list(x), list(y), list(partial)
    full = [i for i, p in enumerate(partial) if not p]
    extra = {"customdata": [customdata[i] for i in full]} if customdata is not None else {}
    fig.add_trace(go.Scatter(x=[x[i] for i in full], y=[y[i] for i in full], name=name, mode="lines+markers",
                             line={"color": color}, hovertemplate=hover, **extra), **trace_kw)
    if any(partial):
        tail = ([full[-1]] if full else []) + [i for i, p in enumerate(partial) if p]
        extra = {"customdata": [customdata[i] for i in tail]} if customdata is not None else {}
        fig.add_trace(go.Scatter(x=[x[i] for i in tail], y=[y[i] for i in tail], name=f"{name} ({partial_name})",
                                 mode="lines+markers", line={"color": color, "dash": "dash"},
                                 marker={"symbol": "circle-open", "size": 9}, showlegend=False,
                                 hovertemplate=hover, **extra), **trace_kw)


def cohort_heatmap(frame: pl.DataFrame, value: str, labels: dict[str, str]) -> go.Figure:
    """Cohorts (rows, newest at the bottom) by month after the first purchase (columns); `value` is share or customers."""
    cohorts = sorted(frame["cohort_month"].unique().to_list())
    ks = list(range(int(frame["k"].max()) + 1))
    index = {(r["cohort_month"], r["k"]): r for r in frame.iter_rows(named=True)}
    z, text = [], []
    for cohort in cohorts:
        row_z, row_t = [], []
        for k in ks:
            cell = index.get((cohort, k))
            number = None if cell is None else cell[value]
            row_z.append(number)
            if number is None:
                row_t.append("")
            else:
                shown = f"{number:.0f}" if value == "share" else f"{int(number)}"
                row_t.append(shown + ("*" if cell["partial"] else ""))
        z.append(row_z)
        text.append(row_t)
    names = [c.strftime("%m.%Y") for c in cohorts]
    fig = go.Figure(go.Heatmap(z=z, x=ks, y=names, text=text, texttemplate="%{text}", colorscale="Blues",
                               hoverongaps=False, colorbar={"title": labels["value"]},
                               hovertemplate=f"{labels['cohort']}: %{{y}}<br>k = %{{x}}<br>{labels['value']}: "
                                             "%{z:.1f}<extra></extra>"))
    fig.update_xaxes(title=labels["k"], dtick=1)
    fig.update_yaxes(title=labels["cohort"], autorange="reversed", type="category")
    return style(fig, height=max(360, 22 * len(cohorts) + 120))


def retention_curves(frame: pl.DataFrame, labels: dict[str, str], last: int = 12) -> go.Figure:
    """One line of retention share by month after the first purchase for each of the last `last` cohorts."""
    fig = go.Figure()
    cohorts = sorted(frame["cohort_month"].unique().to_list())[-last:]
    for i, cohort in enumerate(cohorts):
        part = frame.filter(pl.col("cohort_month") == cohort).sort("k")
        _line(fig, part["k"], part["share"], part["partial"], cohort.strftime("%m.%Y"),
              PALETTE[i % len(PALETTE)], labels["partial"])
    fig.update_xaxes(title=labels["k"], dtick=1)
    fig.update_yaxes(title=labels["share"], range=[0, 105])
    return style(fig)


def retention_by_month(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """CRR and strict retention by month; S, E and N in the hover; the unfinished month dashed."""
    fig = go.Figure()
    data = frame.select("crr_s", "crr_e", "crr_n").rows()
    hover = (f"%{{x|%m.%Y}}: %{{y:.1f}} %<br>S = %{{customdata[0]}}, E = %{{customdata[1]}}, "
             f"N = %{{customdata[2]}}<extra>%{{fullData.name}}</extra>")
    for i, key in enumerate(("crr", "retention_strict")):
        _line(fig, frame["period_start"], frame[key], frame["partial"], labels[key], PALETTE[i * 2],
              labels["partial"], customdata=data, hover=hover)
    fig.update_yaxes(title="%", rangemode="tozero")
    return style(fig)


def monthly_line(frame: pl.DataFrame, column: str | Sequence[str], labels: dict[str, str],
                 x: str = "period_start") -> go.Figure:
    """One metric (or several, one line each) over time, e.g. repeat rates or average check; the unfinished
    period dashed; the axis is named after the first."""
    columns = [column] if isinstance(column, str) else list(column)
    fig = go.Figure()
    for i, name in enumerate(columns):
        _line(fig, frame[x], frame[name], frame["partial"], labels[name], PALETTE[(2 * i) % len(PALETTE)],
              labels["partial"])
    fig.update_yaxes(title=labels.get(f"{columns[0]}.axis", labels[columns[0]]), rangemode="tozero")
    return style(fig)


def bars(x: Sequence, y: Sequence, labels: dict[str, str], x_title: str, y_title: str) -> go.Figure:
    """A plain bar chart (distributions: days to a second order, order values, orders per buyer)."""
    fig = go.Figure(go.Bar(x=list(x), y=list(y), marker_color=PALETTE[0], name=y_title))
    fig.update_xaxes(title=x_title, type="category")
    fig.update_yaxes(title=y_title)
    return style(fig)


def comparison_bars(frame: pl.DataFrame, column: str, labels: dict[str, str], top: int = 12) -> go.Figure:
    """Grouped bars of `column` for each value in the period, the previous period and a year earlier."""
    frame = frame.head(top)
    names = [labels["none"] if v is None else str(v) for v in frame["value"].to_list()]
    fig = go.Figure()
    for i, which in enumerate(("current", "previous", "year_ago")):
        fig.add_trace(go.Bar(x=names, y=frame[f"{column}_{which}"].to_list(), name=labels[which],
                             marker_color=PALETTE[i]))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=labels[column])
    return style(fig)


def value_curves(frame: pl.DataFrame, labels: dict[str, str], last: int = 12) -> go.Figure:
    """Cumulative revenue per acquired customer by month after the first purchase, one line per group."""
    fig = go.Figure()
    groups = sorted(frame["group"].unique().to_list(), key=lambda g: (g is None, g))[-last:]
    for i, group in enumerate(groups):
        part = frame.filter(pl.col("group").eq_missing(group)).sort("k")
        name = group.strftime("%m.%Y") if hasattr(group, "strftime") else (group or labels["none"])
        fig.add_trace(go.Scatter(x=part["k"].to_list(), y=part["value"].to_list(), name=name, mode="lines",
                                 line={"color": PALETTE[i % len(PALETTE)]}))
    fig.update_xaxes(title=labels["k"])
    fig.update_yaxes(title=labels["value"], rangemode="tozero")
    return style(fig)


def cac_by_month(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """CAC by month, one line per channel with spend (channels without spend are left out)."""
    fig = go.Figure()
    paid = frame.filter(pl.col("cac").is_not_null())
    for i, channel in enumerate(sorted(paid["channel"].unique().to_list(), key=str)):
        part = paid.filter(pl.col("channel") == channel).sort("month")
        _line(fig, part["month"], part["cac"], part["partial"], channel, PALETTE[i % len(PALETTE)],
              labels["partial"])
    fig.update_yaxes(title=labels["cac"], rangemode="tozero")
    return style(fig)


def ltv_cac(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """LTV / CAC by channel with the 3:1 guide line."""
    paid = frame.filter(pl.col("ltv_cac").is_not_null()).sort("ltv_cac", descending=True)
    fig = go.Figure(go.Bar(x=paid["channel"].to_list(), y=paid["ltv_cac"].to_list(), marker_color=PALETTE[0],
                           name=labels["ltv_cac"], hovertemplate="%{x}: %{y:.1f}<extra></extra>"))
    fig.add_hline(y=LTV_CAC_GUIDE, line_dash="dash", line_color=PALETTE[4], annotation_text=labels["guide"],
                  annotation_position="top left")
    fig.update_yaxes(title=labels["ltv_cac"], rangemode="tozero")
    return style(fig)


def nps_by_month(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """NPS by month (line) with the number of answers (bars, second axis)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=frame["month"].to_list(), y=frame["answers"].to_list(), name=labels["answers"],
                         marker_color=PALETTE[1], opacity=0.5), secondary_y=True)
    fig.add_trace(go.Scatter(x=frame["month"].to_list(), y=frame["nps"].to_list(), name=labels["nps"],
                             mode="lines+markers", line={"color": PALETTE[0]}), secondary_y=False)
    fig.update_yaxes(title=labels["nps"], range=[-100, 100], secondary_y=False)
    fig.update_yaxes(title=labels["answers"], rangemode="tozero", secondary_y=True)
    return style(fig)
