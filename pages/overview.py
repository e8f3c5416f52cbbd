"""Overview: the executive view of the period — KPI cards against the previous period with sparklines,
the composition of the base, what changed in plain words, and revenue by month."""
import streamlit as st

from core import composition, definitions, fmt, overview
from core.charts import composition as composition_charts
from core.charts import overview as charts
from ui import charts as ui_charts
from ui import db, state, widgets
from ui.i18n import lang, tr

ctx = state.context()
st.title(tr("overview.title"))
st.caption(tr("overview.period", start=fmt.date(ctx.start), end=fmt.date(ctx.end)))

series = db.cached(overview.kpi_series, ctx)
cards = overview.cards(series)
# Three to a row: at five, a value such as «263,7 млн ₽» or the label «Повторные покупки» was cut short at 1400 px.
per_row = 3
for offset in range(0, len(cards), per_row):
    columns = st.columns(per_row)
    for column, card in zip(columns, cards[offset:offset + per_row]):
        kpi = card["kpi"]
        with column.container(border=True):
            st.metric(overview.kpi_label(kpi, lang(), ctx), overview.format_value(kpi.kind, card["value"], lang()),
                      delta=overview.change_text(kpi.kind, card["value"], card["previous"], lang()),
                      delta_color="normal" if kpi.higher_is_better else "inverse",
                      help=overview.kpi_help(kpi, lang(), ctx))
            st.html(charts.sparkline_html(card["spark"]))
if series.height > 1:
    st.caption(tr("overview.kpis.caption", start=fmt.date(series["period_start"][1]),
                  end=fmt.date(series["period_end"][1]), count=series.height))

left, right = st.columns([3, 2])
with left:
    st.subheader(tr("overview.composition"), help=definitions.help_text("base_type", lang(), ctx.thresholds))
    found_classes = db.cached(overview.classes, ctx)
    types = overview.class_frame(found_classes, "base_type")
    if types["customers"].sum() == 0:
        widgets.empty_state()
    else:
        names = composition.class_names("base_type", lang())
        colours = {c: composition_charts.colour(c, i) for i, c in enumerate(names)}
        ui_charts.show(st, charts.composition(types, names, colours, tr("overview.composition")), width="stretch")
        st.caption(overview.active_note(types, series, lang(), ctx))
        st.page_link("pages/composition.py", label=tr("nav.composition"), icon=":material/donut_large:")
with right:
    st.subheader(tr("overview.observations"))
    # The cards' series and the classes: not computed twice.
    notes = db.cached(overview.observations, ctx, lang(), series, found_classes)
    for note in notes:
        st.markdown(f"- {note}")
    if not notes:
        st.caption(tr("overview.observations.none"))

st.subheader(tr("overview.chart.revenue"), help=tr("overview.chart.revenue.help"))
monthly = db.cached(overview.revenue_by_month, ctx)
if monthly.is_empty():
    widgets.empty_state()
else:
    labels = {"revenue": tr("common.revenue"), "buyers": tr("common.buyers")}
    ui_charts.show(st, charts.revenue_by_month(monthly, labels), width="stretch")
