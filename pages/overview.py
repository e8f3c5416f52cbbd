"""Overview: the headline numbers of the period and revenue by month."""
import streamlit as st

from core import fmt, overview
from core.charts import overview as charts
from ui import db, state, widgets
from ui.i18n import tr

ctx = state.context()
st.title(tr("overview.title"))
st.caption(tr("overview.period", start=fmt.date(ctx.start), end=fmt.date(ctx.end)))

numbers = db.cached(overview.kpis, ctx)
cards = st.columns(4)
widgets.kpi(cards[0], "overview.kpi.customers", fmt.number(numbers["customers"]))
widgets.kpi(cards[1], "overview.kpi.buyers", fmt.number(numbers["buyers"]))
widgets.kpi(cards[2], "overview.kpi.revenue", fmt.money(numbers["revenue"], decimals=0))
widgets.kpi(cards[3], "overview.kpi.aov", fmt.money(numbers["aov"]))

st.subheader(tr("overview.chart.revenue"), help=tr("overview.chart.revenue.help"))
monthly = db.cached(overview.revenue_by_month, ctx)
if monthly.is_empty():
    widgets.empty_state()
else:
    labels = {"revenue": tr("common.revenue"), "buyers": tr("common.buyers")}
    st.plotly_chart(charts.revenue_by_month(monthly, labels), width="stretch")
