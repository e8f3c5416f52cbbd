"""Average check: over time by month or week, by channel, city, acquisition channel, category and base type,
with comparison periods; distribution of order values; orders per buyer."""
import streamlit as st

from core import fmt
from core.charts import metrics as charts
from core.metrics import check, comparison
from ui import charts as ui_charts
from ui import db, state, widgets
from ui import metrics as mw
from ui.i18n import lang, tr

KEYS = ("aov", "orders", "revenue", "buyers")

ctx = state.context()
mw.header("metrics.check.title", ctx, with_window=False)
against = mw.compare_choice()
mw.kpi_cards(db.cached(comparison, ctx), KEYS, against)
labels = {"partial": tr("metrics.partial.short"), "aov": tr("metrics.kpi.aov"), "none": tr("metrics.none"),
          "current": tr("metrics.col.current"), "previous": tr("metrics.col.previous"),
          "year_ago": tr("metrics.col.year_ago")}

st.subheader(tr("metrics.aov_series"), help=tr("metrics.aov_series.help"))
grain = st.radio(tr("metrics.grain"), check.SERIES_GRAINS, horizontal=True, key="aov_grain",
                 format_func=lambda g: tr(f"metrics.grain.{g}"))
series = db.cached(check.series, ctx, grain)
if series.is_empty():
    widgets.empty_state()
else:
    ui_charts.show(st, charts.monthly_line(series, "aov", labels), width="stretch")

st.subheader(tr("metrics.aov_by"), help=tr("metrics.aov_by.help"))
dimension = st.selectbox(tr("metrics.by"), check.DIMENSIONS, key="aov_dimension",
                         format_func=lambda d: tr(f"metrics.dim.{d}"))
breakdown = db.cached(check.by_dimension, ctx, dimension, lang())
if dimension == "base_type" and breakdown.is_empty() and not db.cached(check.has_customer_model, ctx):
    st.info(tr("metrics.no_customer_model"))
elif breakdown.is_empty():
    widgets.empty_state()
else:
    ui_charts.show(st, charts.comparison_bars(breakdown, "aov", labels), width="stretch")
    table = {
        tr("metrics.value"): [labels["none"] if v is None else str(v) for v in breakdown["value"]],
        **{f"{tr('metrics.kpi.aov')}: {labels[w]}": breakdown[f"aov_{w}"].to_list() for w in check.COMPARISONS},
        **{f"{tr('metrics.kpi.orders')}: {labels[w]}": breakdown[f"orders_{w}"].to_list() for w in check.COMPARISONS},
    }
    widgets.table(table, formats={f"{tr('metrics.kpi.aov')}: {labels[w]}": "money" for w in check.COMPARISONS})

left, right = st.columns(2)
with left:
    st.subheader(tr("metrics.distribution"), help=tr("metrics.distribution.help"))
    values = db.cached(check.order_values, ctx)
    if values.is_empty():
        widgets.empty_state()
    else:
        names = check.bin_names(values)
        ui_charts.show(st, charts.bars(names, values["orders"], labels, tr("metrics.amount"), tr("metrics.kpi.orders")),
                        width="stretch")
with right:
    st.subheader(tr("metrics.per_customer"), help=tr("metrics.per_customer.help", cap=check.ORDERS_CAP))
    per_customer = db.cached(check.orders_per_customer, ctx)
    if per_customer.is_empty():
        widgets.empty_state()
    else:
        names = [f"{n}+" if n == check.ORDERS_CAP else str(n) for n in per_customer["orders"]]
        ui_charts.show(st, charts.bars(names, per_customer["customers"], labels, tr("metrics.kpi.orders"),
                                    tr("metrics.customers")), width="stretch")

mw.definitions(KEYS, ("metrics.aov_series", "metrics.aov_by", "metrics.distribution"))
