"""Shared widgets of the metrics pages: activity window, comparison choice, KPI cards with deltas, definitions."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import polars as pl
import streamlit as st

from core import fmt, metrics
from core.context import QueryContext, Thresholds
from ui import state
from ui.i18n import tr

WINDOW_KEY = "metrics_window"
COMPARE_KEY = "metrics_compare"
MARGIN_KEY = "metrics_margin"
# Figures for which a rise is bad news (the delta is coloured the other way).
INVERSE = frozenset({"cac", "marketing_spend"})


def header(title_key: str, ctx: QueryContext, with_window: bool = True) -> int | None:
    """Title, period caption, the partial-period note and (optionally) the activity window input; returns W."""
    st.title(tr(title_key))
    window = None
    if with_window:
        default = st.session_state.get(WINDOW_KEY, ctx.thresholds.activity_window_days)
        window = int(st.number_input(tr("metrics.window"), min_value=1, max_value=3650, value=default, step=1,
                                     key=WINDOW_KEY, help=tr("metrics.window.help")))
    st.caption(tr("metrics.period", start=fmt.date(ctx.start), end=fmt.date(ctx.end),
                  window=window or ctx.thresholds.activity_window_days))
    if ctx.end > ctx.as_of:
        st.warning(tr("metrics.partial", end=fmt.date(ctx.end), as_of=fmt.date(ctx.as_of)))
    return window


def long_period_note(ctx: QueryContext, window: int | None, comparison: pl.DataFrame) -> None:
    """What CRR means when the period is longer than the activity window (its E ∖ N is not |E| − |N|)."""
    note = metrics.long_period_note(ctx, window, comparison.filter(pl.col("which") == "current").row(0, named=True))
    if note is not None:
        st.info(tr("metrics.crr_long_period", **note), icon=":material/info:")


def compare_choice() -> str:
    """'previous' or 'year_ago', chosen by the user."""
    return st.radio(tr("metrics.compare"), ("previous", "year_ago"), key=COMPARE_KEY, horizontal=True,
                    format_func=lambda w: tr(f"metrics.compare.{w}"), help=tr("metrics.compare.help"))


def value_text(key: str, value: float | int | None) -> str:
    """A metric's value formatted in the session's language."""
    if key in metrics.MONEY_KEYS:
        return fmt.money(value, decimals=0 if key in ("revenue", "marketing_spend") else 2)
    if key in metrics.PERCENT_KEYS:
        return fmt.percent(value)
    if key in ("ltv_frequency", "ltv_lifespan_years"):
        return fmt.number(value, 2)
    return fmt.number(value)


def margin_text(ctx: QueryContext) -> str:
    """The gross margin share in force, as the help texts quote it («30 %»)."""
    return fmt.percent(100 * ctx.thresholds.gross_margin_share, 0)


def margin_input(ctx: QueryContext) -> QueryContext:
    """The gross margin share (a setting of the session, kept with the other thresholds); the context with it."""
    default = Thresholds().gross_margin_share
    percent = st.number_input(tr("metrics.margin"), min_value=0.0, max_value=100.0, step=1.0,
                              value=round(100 * ctx.thresholds.gross_margin_share, 2), key=MARGIN_KEY,
                              help=tr("metrics.margin.help", margin=fmt.percent(100 * default, 0)))
    share = round(percent / 100, 4)
    if share != ctx.thresholds.gross_margin_share:
        thresholds = dataclasses.replace(ctx.thresholds, gross_margin_share=share)
        st.session_state[state.THRESHOLDS_KEY] = thresholds
        ctx = ctx.replace(thresholds=thresholds)
    return ctx


def change_text(key: str, change: float | None) -> str:
    """An absolute change of a metric: percentage points for percentages, the metric's unit otherwise."""
    if change is None:
        return "—"
    if key in metrics.PERCENT_KEYS:
        return fmt.points(change)
    return value_text(key, change)


def delta_text(key: str, current: float | None, before: float | None) -> str | None:
    """The change shown under a card: points for percentages, percent otherwise (ASCII sign for Streamlit)."""
    if current is None or before is None:
        return None
    if key in metrics.PERCENT_KEYS:
        return fmt.points(current - before, ascii_sign=True)
    change = metrics.change(current, before)
    return None if change is None else ("+" if change >= 0 else "-") + fmt.percent(abs(change))


def kpi_cards(comparison: pl.DataFrame, keys: Sequence[str], against: str, per_row: int = 4,
              margin: str | None = None) -> None:
    """Cards of `keys` for the current period with the change against the `against` row, definitions as help."""
    rows = {r["which"]: r for r in comparison.iter_rows(named=True)}
    current, before = rows["current"], rows[against]
    for offset in range(0, len(keys), per_row):
        columns = st.columns(per_row)
        for column, key in zip(columns, keys[offset:offset + per_row], strict=False):
            column.metric(tr(f"metrics.kpi.{key}"), value_text(key, current[key]),
                          delta=delta_text(key, current[key], before[key]),
                          delta_color="inverse" if key in INVERSE else "normal",
                          help=tr(f"metrics.kpi.{key}.help", margin=margin or ""))


def definitions(keys: Sequence[str], extra: Sequence[str] = (), margin: str = "") -> None:
    """The definitions section: every figure of the page with its exact definition."""
    with st.expander(tr("metrics.definitions"), icon=":material/menu_book:"):
        st.markdown(tr("metrics.definitions.intro"))
        lines = [f"- **{tr(f'metrics.kpi.{k}')}** — {tr(f'metrics.kpi.{k}.help', margin=margin)}" for k in keys]
        lines += [f"- **{tr(k)}** — {tr(f'{k}.help', margin=margin)}" for k in extra]
        st.markdown("\n".join(lines))
