"""The periodic report: the last complete week, month or quarter for an executive — the key metrics against the
previous period, the base composition and its change, and the campaigns of the period — as an XLSX workbook and
a self-contained HTML file (Plotly's JavaScript inlined: it opens without a network, as an e-mail attachment).

`python -m core report --period week --out DIR` run by cron every Monday sends last week's report.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from core import campaign_results, composition, export, fmt, metrics
from core.charts import PALETTE, style
from core.charts import campaigns as campaign_charts
from core.context import QueryContext
from core.customers import BASE_TYPES
from core.i18n import t
from core.metrics.periods import Period, grain_start, next_start
from core.store import write_atomic
from core.workspace import Workspace

PERIODS: tuple[str, ...] = ("week", "month", "quarter")
# The metrics an executive reads, in this order (definitions: core/metrics).
# Metrics where a fall is good news (coloured green when they fall); spend is neither good nor bad.
LOWER_IS_BETTER: frozenset[str] = frozenset({"cac"})
NEUTRAL: frozenset[str] = frozenset({"marketing_spend"})
REPORT_KEYS: tuple[str, ...] = ("revenue", "orders", "buyers", "aov", "new_customers", "repeat_rate", "crr",
                                "marketing_spend", "cac", "ltv")


@dataclass(frozen=True)
class Report:
    """The figures of one report."""

    period: Period
    previous: Period
    grain: str
    metrics: pl.DataFrame      # key, current, previous, change (percent)
    composition: pl.DataFrame  # base_type, previous, current, change (customers)
    campaigns: list[dict[str, Any]]


def last_complete(as_of: dt.date, grain: str) -> tuple[Period, Period]:
    """The last week (Monday–Sunday), month or quarter ending on or before `as_of`, and the one before it."""
    if grain not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    start = grain_start(as_of, grain)
    if next_start(start, grain) - dt.timedelta(days=1) != as_of:
        start = grain_start(start - dt.timedelta(days=1), grain)
    end = next_start(start, grain) - dt.timedelta(days=1)
    before = grain_start(start - dt.timedelta(days=1), grain)
    return Period(start, end), Period(before, start - dt.timedelta(days=1))


def build(ws: Workspace, ctx: QueryContext, grain: str) -> Report:
    """The report of the last complete `grain` up to the context's analysis date."""
    current, previous = last_complete(ctx.as_of, grain)
    table = metrics.table(ws, ctx, [current, previous])
    now, before = table.row(0, named=True), table.row(1, named=True)
    metric_rows = pl.DataFrame({
        "key": list(REPORT_KEYS),
        "current": [_float(now[k]) for k in REPORT_KEYS],
        "previous": [_float(before[k]) for k in REPORT_KEYS],
    }).with_columns(change=pl.struct("current", "previous").map_elements(
        lambda r: metrics.change(r["current"], r["previous"]), return_dtype=pl.Float64))
    snaps = composition.snapshots(ws, ctx, (previous.end, current.end))
    wide = {d: dict(snaps.filter(pl.col("snapshot") == d).select("base_type", "customers").iter_rows())
            for d in (previous.end, current.end)}
    comp = pl.DataFrame({
        "base_type": list(BASE_TYPES),
        "previous": [int(wide[previous.end].get(b, 0)) for b in BASE_TYPES],
        "current": [int(wide[current.end].get(b, 0)) for b in BASE_TYPES],
    }).with_columns(change=pl.col("current") - pl.col("previous"))
    period_campaigns = [r for r in campaign_results.results(ws, ctx.replace(as_of=max(ctx.as_of, current.end)))
                        if current.start <= dt.date.fromisoformat(r["sent_date"]) <= current.end]
    return Report(current, previous, grain, metric_rows, comp, period_campaigns)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _value(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if key in metrics.MONEY_KEYS:
        return fmt.money(value, decimals=0)
    if key in metrics.PERCENT_KEYS:
        return fmt.percent(value)
    return fmt.number(value, 0 if float(value).is_integer() else 2)


def _title(report: Report, lang: str) -> str:
    return t("report.title", lang, period=t(f"report.period.{report.grain}", lang),
             start=fmt.date(report.period.start), end=fmt.date(report.period.end))


# ----------------------------------------------------------------------------------------- charts
def charts(report: Report, lang: str) -> list[tuple[str, go.Figure]]:
    """The report's charts: composition at both ends, the metrics' changes and the campaigns' uplifts."""
    names = {b: t(f"def.base_type.{b}", lang) for b in BASE_TYPES}
    comp = go.Figure([
        go.Bar(name=fmt.date(report.previous.end), x=[names[b] for b in report.composition["base_type"]],
               y=report.composition["previous"].to_list(), marker_color=PALETTE[1]),
        go.Bar(name=fmt.date(report.period.end), x=[names[b] for b in report.composition["base_type"]],
               y=report.composition["current"].to_list(), marker_color=PALETTE[0]),
    ])
    comp.update_layout(barmode="group")
    comp.update_yaxes(title=t("report.customers", lang), separatethousands=True)
    shown = report.metrics.filter(pl.col("change").is_not_null())
    change = go.Figure(go.Bar(
        x=shown["change"].to_list(), y=[t(f"metrics.kpi.{k}", lang) for k in shown["key"]], orientation="h",
        marker_color=[PALETTE[7] if k in NEUTRAL else PALETTE[3] if (v >= 0) != (k in LOWER_IS_BETTER) else PALETTE[4]
                      for k, v in zip(shown["key"], shown["change"])]))
    change.update_yaxes(autorange="reversed")
    change.update_xaxes(title=t("report.change", lang), ticksuffix=" %")
    out = [(t("report.section.composition", lang), style(comp)),
           (t("report.section.metrics", lang), style(change, height=max(260, 32 * shown.height + 80)))]
    controlled = [r for r in report.campaigns if r["uplift_revenue_per_customer"] is not None]
    if controlled:
        out.append((t("report.section.campaigns", lang),
                    campaign_charts.uplift(controlled, t("campaigns.col.uplift", lang))))
    return out


# ------------------------------------------------------------------------------------------ files
def _tables(report: Report, lang: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Each section as (title, headers, rows of display values)."""
    prev, cur = fmt.date(report.previous.end), fmt.date(report.period.end)
    metric_rows = [[t(f"metrics.kpi.{r['key']}", lang), _value(r["key"], r["current"]),
                    _value(r["key"], r["previous"]), fmt.percent(r["change"]) if r["change"] is not None else "—"]
                   for r in report.metrics.iter_rows(named=True)]
    comp_rows = [[t(f"def.base_type.{r['base_type']}", lang), fmt.number(r["previous"]), fmt.number(r["current"]),
                  f"{r['change']:+,}".replace(",", "\u00a0")] for r in report.composition.iter_rows(named=True)]
    camp_rows = [[r["name"], fmt.date(dt.date.fromisoformat(r["sent_date"])), fmt.number(r["recipients"]),
                  fmt.number(r["control"]),
                  "—" if r["uplift_revenue_per_customer"] is None else
                  f"{fmt.money(r['uplift_revenue_per_customer'], decimals=0)} [{fmt.money(r['ci_low'], decimals=0)}; "
                  f"{fmt.money(r['ci_high'], decimals=0)}]",
                  fmt.money(r["incremental_revenue"], decimals=0) if r["incremental_revenue"] is not None else "—",
                  t("campaigns.verdict." + campaign_results.verdict(r), lang)]
                 for r in report.campaigns]
    return [
        (t("report.section.metrics", lang), [t("report.metric", lang), t("report.current", lang),
                                             t("report.previous", lang), t("report.change", lang)], metric_rows),
        (t("report.section.composition", lang), [t("report.base_type", lang), prev, cur, t("report.change", lang)],
         comp_rows),
        (t("report.section.campaigns", lang), [t("campaigns.col.name", lang), t("campaigns.col.sent_date", lang),
                                               t("campaigns.col.recipients", lang), t("campaigns.col.control", lang),
                                               t("campaigns.col.uplift", lang),
                                               t("campaigns.col.incremental_revenue", lang),
                                               t("campaigns.col.verdict", lang)], camp_rows),
    ]


def to_html(report: Report, lang: str) -> str:
    """One self-contained HTML page: title, tables and charts, Plotly's JavaScript inlined once."""
    title = _title(report, lang)
    parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
             "margin:8px 0 24px}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,"
             "th:first-child{text-align:left}th{background:#f3f5f8}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p>{html.escape(t('report.compared', lang, start=fmt.date(report.previous.start), end=fmt.date(report.previous.end)))}</p>"]
    figures = dict(charts(report, lang))
    first = True
    for section, headers, rows in _tables(report, lang):
        parts.append(f"<h2>{html.escape(section)}</h2>")
        if section in figures:
            parts.append(pio.to_html(figures[section], full_html=False, include_plotlyjs=True if first else False,
                                     config={"displaylogo": False}))
            first = False
        if rows:
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows]
            parts.append("</table>")
        else:
            parts.append(f"<p>{html.escape(t('report.no_campaigns', lang))}</p>")
    parts.append(f"<p><small>{html.escape(t('report.definitions', lang))}</small></p></body></html>")
    return "\n".join(parts)


def to_xlsx(report: Report, lang: str) -> bytes:
    """A workbook with a sheet per section (numbers as numbers; changes in percent), written by the product's
    one XLSX writer (`core.export.xlsx_book`: text cells formula-safe)."""
    sheets = {
        "metrics": (report.metrics.select(
            pl.col("key").map_elements(lambda k: t(f"metrics.kpi.{k}", lang), return_dtype=pl.String), "current",
            "previous", "change"), [t("report.metric", lang), t("report.current", lang), t("report.previous", lang),
                                    t("report.change", lang) + ", %"]),
        "composition": (report.composition.select(
            pl.col("base_type").map_elements(lambda b: t(f"def.base_type.{b}", lang), return_dtype=pl.String),
            "previous", "current", "change"), [t("report.base_type", lang), fmt.date(report.previous.end),
                                               fmt.date(report.period.end), t("report.change", lang)]),
        "campaigns": (pl.DataFrame([{k: r.get(k) for k in campaign_results.KEYS} for r in report.campaigns],
                                   schema={k: (pl.String if k == "name" else pl.Float64)
                                           for k in campaign_results.KEYS}), list(campaign_results.KEYS)),
    }
    title = _title(report, lang)
    return export.xlsx_book([
        (t(f"report.sheet.{key}", lang)[:31], title, frame.rename(dict(zip(frame.columns, headers, strict=True))))
        for key, (frame, headers) in sheets.items()
    ])


def write(ws: Workspace, ctx: QueryContext, grain: str, out: Path, lang: str = "ru") -> tuple[Path, Path]:
    """Build the report and write `report_<grain>_<start>_<end>.xlsx` and `.html` into `out` (atomically)."""
    report = build(ws, ctx, grain)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"report_{grain}_{report.period.start.isoformat()}_{report.period.end.isoformat()}"
    xlsx, page = out / f"{stem}.xlsx", out / f"{stem}.html"
    write_atomic(xlsx, to_xlsx(report, lang))
    write_atomic(page, to_html(report, lang).encode("utf-8"))
    return xlsx, page
