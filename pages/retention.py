"""Retention: cohort heatmap and curves, CRR and strict retention by month, repeat rate, time to a second purchase."""
import streamlit as st

from core import fmt
from core.charts import metrics as charts
from core.metrics import comparison, retention
from ui import charts as ui_charts
from ui import db, state, widgets
from ui import metrics as mw
from ui.i18n import tr

TAB_KEY = "retention_tab"
TABS = ("cohorts", "curves", "monthly", "second")
KEYS = ("crr", "retention_strict", "repeat_rate", "repeat_rate_cumulative", "new_customers", "crr_s", "crr_e", "crr_n",
        "crr_retained")

ctx = state.context()
window = mw.header("metrics.retention.title", ctx)
against = mw.compare_choice()
compared = db.cached(comparison, ctx, window_days=window)
mw.kpi_cards(compared, KEYS, against)
mw.long_period_note(ctx, window, compared)
labels = {"partial": tr("metrics.partial.short"), "k": tr("metrics.cohorts.k"), "cohort": tr("metrics.cohorts.cohort"),
          "share": tr("metrics.share"), "crr": tr("metrics.kpi.crr"), "retention_strict": tr("metrics.kpi.retention_strict"),
          "repeat_rate": tr("metrics.kpi.repeat_rate"), "repeat_rate.axis": "%",
          "repeat_rate_cumulative": tr("metrics.kpi.repeat_rate_cumulative")}


def _cohorts(title: str):
    """The section's heading and the cohorts' figures (None, with the empty state, when there are none)."""
    st.subheader(tr(title), help=tr(f"{title}.help"))
    cohorts = db.cached(retention.cohorts, ctx)
    if cohorts.is_empty():
        widgets.empty_state()
        return None
    return cohorts


def cohort_table() -> None:
    cohorts = _cohorts("metrics.cohorts")
    if cohorts is None:
        return
    shown = st.radio(tr("metrics.cohorts.show"), ("share", "customers"), horizontal=True, key="cohort_value",
                     format_func=lambda v: tr("metrics.cohorts.share" if v == "share" else "metrics.cohorts.count"))
    value_label = tr("metrics.share") if shown == "share" else tr("metrics.customers")
    ui_charts.show(st, charts.cohort_heatmap(cohorts, shown, {**labels, "value": value_label}), width="stretch")


def cohort_curves() -> None:
    cohorts = _cohorts("metrics.curves")
    if cohorts is not None:
        ui_charts.show(st, charts.retention_curves(cohorts, labels), width="stretch")


def by_month() -> None:
    monthly = db.cached(retention.monthly, ctx, window_days=window)
    st.subheader(tr("metrics.crr_monthly"), help=tr("metrics.crr_monthly.help"))
    ui_charts.show(st, charts.retention_by_month(monthly, labels), width="stretch")
    st.subheader(tr("metrics.repeat_monthly"), help=tr("metrics.repeat_monthly.help"))
    ui_charts.show(st, charts.monthly_line(monthly, ("repeat_rate", "repeat_rate_cumulative"), labels),
                   width="stretch")


def second_purchase() -> None:
    st.subheader(tr("metrics.second"), help=tr("metrics.second.help", cap=retention.DAYS_CAP))
    days = db.cached(retention.days_to_second, ctx)
    if days.is_empty():
        widgets.empty_state()
        return
    st.caption(tr("metrics.second.median", median=fmt.number(retention.median_days(days)),
                  customers=fmt.number(days["customers"].sum())))
    histogram = retention.days_histogram(days)
    ui_charts.show(st, charts.bars(histogram["label"], histogram["customers"], labels, tr("metrics.days"),
                                   tr("metrics.customers")), width="stretch")


# Only the open tab runs and is drawn: the five charts one under another took most of a visit's time in the
# browser, and the page scrolled past three screens.
tabs = st.tabs([tr(f"metrics.tab.{name}") for name in TABS], key=TAB_KEY, on_change="rerun")
for tab, show in zip(tabs, (cohort_table, cohort_curves, by_month, second_purchase)):
    if tab.open:
        with tab:
            show()

mw.definitions(KEYS, ("metrics.cohorts", "metrics.crr_monthly", "metrics.repeat_monthly"))
