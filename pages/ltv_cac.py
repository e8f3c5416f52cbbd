"""LTV and CAC: LTV with its three parts, by acquisition channel and cohort; CAC by channel and month; LTV/CAC; payback; NPS."""
import polars as pl
import streamlit as st

from core import fmt
from core.charts import metrics as charts
from core.metrics import comparison, nps, value
from ui import charts as ui_charts
from ui import db, state, widgets
from ui import metrics as mw
from ui.i18n import lang, tr

TAB_KEY = "ltv_cac_tab"
TABS = ("channels", "value_cohorts", "cac_months", "nps")
KEYS = ("ltv_gross_profit", "ltv", "ltv_margin", "ltv_aov", "ltv_frequency", "ltv_lifespan_years", "cac", "marketing_spend",
        "new_customers")

ctx = state.context()
mw.header("metrics.value.title", ctx, with_window=False)
override = st.number_input(tr("metrics.lifespan_override"), min_value=0.0, max_value=50.0, value=0.0, step=0.5,
                           format="%g", key="lifespan_override", help=tr("metrics.lifespan_override.help"))
lifespan = override or None
ctx = mw.margin_input(ctx)
margin = mw.margin_text(ctx)
against = mw.compare_choice()
compared = db.cached(comparison, ctx, lifespan=lifespan)
mw.kpi_cards(compared, KEYS, against, margin=margin)
if compared["marketing_spend"][0] is None:
    st.info(tr("metrics.no_spend"))
labels = {"partial": tr("metrics.partial.short"), "k": tr("metrics.cohorts.k"), "none": tr("metrics.none"),
          "value": tr("metrics.kpi.revenue"), "cac": tr("metrics.kpi.cac"), "ltv_cac": tr("metrics.ltv_cac_ratio"),
          "guide": tr("metrics.guide")}


def channels() -> None:
    st.subheader(tr("metrics.ltv_channel"), help=tr("metrics.ltv_channel.help"))
    by_channel = db.cached(value.ltv_by_channel, ctx, lifespan=lifespan)
    if by_channel.is_empty():
        widgets.empty_state()
    else:
        col = {"customers": tr("metrics.customers"), "ltv_aov": tr("metrics.kpi.ltv_aov"),
               "ltv_frequency": tr("metrics.kpi.ltv_frequency"),
               "ltv_lifespan_years": tr("metrics.kpi.ltv_lifespan_years"), "ltv": tr("metrics.kpi.ltv"),
               "ltv_gross_profit": tr("metrics.kpi.ltv_gross_profit"), "cac": tr("metrics.kpi.cac"),
               "ltv_cac": tr("metrics.ltv_cac_ratio")}
        widgets.table(by_channel.select(
            pl.col("channel").fill_null(labels["none"]).alias(tr("metrics.channel")),
            *(pl.col(name).alias(label) for name, label in col.items()),
        ), formats={col["ltv_aov"]: "money", col["ltv_frequency"]: "decimal", col["ltv_lifespan_years"]: "decimal",
                    col["ltv"]: "money0", col["ltv_gross_profit"]: "money0", col["cac"]: "money",
                    col["ltv_cac"]: "number"})
        st.subheader(tr("metrics.ltv_cac"), help=tr("metrics.ltv_cac.help"))
        if by_channel["ltv_cac"].is_null().all():
            st.info(tr("metrics.no_spend"))
        else:
            ui_charts.show(st, charts.ltv_cac(by_channel, labels), width="stretch")

    st.subheader(tr("metrics.payback"), help=tr("metrics.payback.help", margin=margin))
    paid_back = db.cached(value.payback, ctx)
    if paid_back.is_empty():
        st.info(tr("metrics.no_spend"))
    else:
        widgets.table({
            tr("metrics.channel"): paid_back["channel"].to_list(),
            tr("metrics.kpi.cac"): paid_back["cac"].to_list(),
            tr("metrics.payback_months"): [value.payback_words(v, lang()) for v in paid_back["payback_months"]],
        }, formats={tr("metrics.kpi.cac"): "money"})


def cohorts() -> None:
    st.subheader(tr("metrics.ltv_cohort"), help=tr("metrics.ltv_cohort.help"))
    curves = db.cached(value.cohort_value, ctx)
    if curves.is_empty():
        widgets.empty_state()
    else:
        ui_charts.show(st, charts.value_curves(curves, labels), width="stretch")


def cac_months() -> None:
    st.subheader(tr("metrics.cac_month"), help=tr("metrics.cac_month.help"))
    by_month = db.cached(value.cac_by_month, ctx)
    if by_month["cac"].is_null().all():
        st.info(tr("metrics.no_spend"))
    else:
        ui_charts.show(st, charts.cac_by_month(by_month, labels), width="stretch")


def scores() -> None:
    st.subheader(tr("metrics.nps"), help=tr("metrics.nps.help"))
    monthly_nps = db.cached(nps.by_month, ctx)
    if monthly_nps.is_empty():
        st.info(tr("metrics.no_scores"))
        return
    nps_labels = {"nps": tr("metrics.nps"), "answers": tr("metrics.answers")}
    st.markdown(f"**{tr('metrics.nps_month')}**")
    ui_charts.show(st, charts.nps_by_month(monthly_nps, nps_labels), width="stretch")
    st.markdown(f"**{tr('metrics.nps_segment')}**")
    segment = st.selectbox(tr("metrics.segment"), nps.SEGMENTS, key="nps_segment",
                           format_func=lambda d: tr(f"metrics.dim.{d}"))
    by_segment = db.cached(nps.by_segment, ctx, segment)
    if segment == "base_type" and by_segment.is_empty() and not db.cached(nps.has_customer_model, ctx):
        st.info(tr("metrics.no_customer_model"))
    elif by_segment.is_empty():
        st.info(tr("metrics.no_scores"))
    else:
        widgets.table({
            tr("metrics.segment"): [labels["none"] if v is None else str(v) for v in by_segment["value"]],
            tr("metrics.nps"): by_segment["nps"].to_list(),
            tr("metrics.answers"): by_segment["answers"].to_list(),
        }, formats={tr("metrics.nps"): "number", tr("metrics.answers"): "integer"})


# Only the open tab runs and is drawn (as on the retention page).
tabs = st.tabs([tr(f"metrics.tab.{name}") for name in TABS], key=TAB_KEY, on_change="rerun")
for tab, show in zip(tabs, (channels, cohorts, cac_months, scores)):
    if tab.open:
        with tab:
            show()

mw.definitions(KEYS, ("metrics.ltv_channel", "metrics.ltv_cohort", "metrics.cac_month", "metrics.ltv_cac",
                      "metrics.payback", "metrics.nps"), margin=margin)
