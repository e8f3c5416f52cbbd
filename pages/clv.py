"""Predicted LTV: BG/NBD and Gamma-Gamma fits, holdout validation, CLV distribution, P(alive), customer lists."""

import datetime as dt

import streamlit as st

from core import display, fmt
from core.charts import clv as charts
from core.clv import service, tables
from core.clv.clv import DAYS_PER_UNIT, CLVSettings
from core.export import csv_bytes
from ui import charts as ui_charts
from ui import db, privacy, state, widgets
from ui.i18n import lang, tr

TOP_N = tables.TOP_N
TAB_KEY = "clv_tab"
TABS = ("forecast", "model", "lists")

ctx = state.context()
st.title(tr("clv.title"))
st.caption(tr("clv.caption", as_of=fmt.date(ctx.as_of)))

with st.expander(tr("clv.settings")):
    cols = st.columns(5)
    unit = cols[0].selectbox(
        tr("clv.settings.unit"),
        ["week", "day"],
        key="clv_unit",
        format_func=lambda u: tr(f"clv.unit.{u}"),
        help=tr("clv.settings.unit.help"),
    )
    horizon = cols[1].number_input(
        tr("clv.settings.horizon"),
        min_value=1,
        max_value=120,
        value=12,
        step=1,
        key="clv_horizon",
        help=tr("clv.settings.horizon.help"),
    )
    discount = cols[2].number_input(
        tr("clv.settings.discount"),
        min_value=0.0,
        max_value=50.0,
        value=1.0,
        step=0.5,
        format="%g",  # «1», «1.5»: no «1.00»
        key="clv_discount",
        help=tr("clv.settings.discount.help"),
    )
    p_alive = cols[3].slider(
        tr("clv.settings.p_alive"),
        0.05,
        0.95,
        0.5,
        0.05,
        key="clv_p_alive",
        help=tr("clv.settings.p_alive.help"),
    )
    quantile = cols[4].slider(
        tr("clv.settings.value_quantile"),
        0.5,
        0.99,
        0.8,
        0.01,
        key="clv_quantile",
        help=tr("clv.settings.value_quantile.help"),
    )
    st.caption(tr("clv.settings.saved_note"))
settings = CLVSettings(
    horizon_months=int(horizon),
    monthly_discount_rate=float(discount) / 100,
    time_unit=unit,
    at_risk_p_alive=float(p_alive),
    at_risk_value_quantile=float(quantile),
)

# What the page shows of the fit (totals, distribution, lists), not its million per-customer scores.
result = db.cached(service.figures, ctx, None, settings)
for problem in result.problems:
    (st.warning if problem.severity == "error" else st.info)(problem.message(lang()))
can_list = ctx.viewer.can("customer_level")


def customer_table(frame, long: bool = False):
    """A customer list with names (per the viewer's rights) and a link to each customer card; of a `long`
    list, its first `display.SHOWN_ROWS` rows (the browser gets no more). Returns the whole named list (for
    the download)."""
    listed = db.cached(tables.named, ctx, frame)
    if long and listed.height > display.SHOWN_ROWS:
        st.caption(tr("clv.list.shown", shown=fmt.number(display.SHOWN_ROWS), count=fmt.number(listed.height)))
    shown, kinds = tables.for_display(listed.head(display.SHOWN_ROWS) if long else listed, lang())
    link = st.column_config.LinkColumn(tr("clv.col.card"), display_text=tr("clv.open_card"))
    widgets.table(shown, formats=kinds, column_config={tr("clv.col.card"): link})
    return listed

if not result.ok:
    st.subheader(tr("clv.historical"), help=tr("clv.historical.help"))
    if result.scored == 0:
        widgets.empty_state()
    elif can_list:
        customer_table(result.historical)
    else:
        st.info(tr("clv.lists.no_permission"))
else:
    cards = st.columns(4)
    widgets.kpi(cards[0], "clv.kpi.customers", fmt.number(result.customers))
    widgets.kpi(cards[1], "clv.kpi.repeat", fmt.number(result.repeat_customers))
    widgets.kpi(cards[2], "clv.kpi.total", fmt.money(result.total_clv, decimals=0))
    widgets.kpi(cards[3], "clv.kpi.at_risk", fmt.number(result.at_risk_customers))

    def model() -> None:
        st.subheader(tr("clv.params"), help=tr("clv.params.help"))
        widgets.table(tables.parameters(result, lang()))

        st.subheader(tr("clv.validation"), help=tr("clv.validation.help"))
        first_day = ctx.as_of - dt.timedelta(days=int(result.longest_history * DAYS_PER_UNIT[unit]))
        split = st.date_input(
            tr("clv.validation.split"),
            value=service.default_calibration_end(first_day, ctx.as_of),
            min_value=first_day,
            max_value=ctx.as_of,
            format="DD.MM.YYYY",
            key="clv_split",
            help=tr("clv.validation.split.help"),
        )
        check = db.cached(service.validate, ctx, split, ctx.as_of, settings)
        for problem in check.problems:
            st.warning(problem.message(lang()))
        if check.errors is not None:
            errs = st.columns(3)
            widgets.kpi(errs[0], "clv.err.total", fmt.percent(check.errors.total_error_pct))
            widgets.kpi(errs[1], "clv.err.mae", fmt.number(check.errors.mae_by_count, 3))
            widgets.kpi(errs[2], "clv.err.mape", fmt.percent(check.errors.mape_cumulative_holdout))
            left, right = st.columns(2)
            left.markdown(f"**{tr('clv.validation.weekly')}**", help=tr("clv.validation.weekly.help"))
            ui_charts.show(
                left,
                charts.cumulative_by_week(
                    check.weekly,
                    check.calibration_end,
                    {
                        "actual": tr("clv.chart.actual"),
                        "predicted": tr("clv.chart.predicted"),
                        "split": tr("clv.chart.split"),
                        "x": tr("clv.chart.week"),
                        "y": tr("clv.chart.cumulative"),
                    },
                ),
                width="stretch",
            )
            right.markdown(f"**{tr('clv.validation.by_count')}**", help=tr("clv.validation.by_count.help"))
            ui_charts.show(
                right,
                charts.by_calibration_count(
                    check.by_count,
                    {
                        "actual": tr("clv.chart.actual"),
                        "predicted": tr("clv.chart.predicted"),
                        "x": tr("clv.chart.calibration_count"),
                        "y": tr("clv.chart.per_customer"),
                    },
                ),
                width="stretch",
            )

    def forecast() -> None:
        left, right = st.columns(2)
        left.markdown(f"**{tr('clv.distribution')}**", help=tr("clv.distribution.help"))
        ui_charts.show(
            left,
            charts.clv_distribution(result.distribution, {"x": tr("clv.chart.clv"), "y": tr("clv.chart.customers")}),
            width="stretch",
        )
        grid, age = result.heatmap, result.heatmap_age
        unit_name = tr(f"clv.unit.{unit}")
        right.markdown(
            f"**{tr('clv.heatmap')}**", help=tr("clv.heatmap.help", T=fmt.number(age, 1), unit=unit_name)
        )
        ui_charts.show(
            right,
            charts.p_alive_heatmap(
                grid,
                {
                    "x": tr("clv.chart.recency", unit=unit_name),
                    "y": tr("clv.chart.frequency"),
                    "colour": tr("clv.chart.p_alive"),
                },
            ),
            width="stretch",
        )

    def lists() -> None:
        if not can_list:
            st.info(tr("clv.lists.no_permission"))
        else:
            st.subheader(tr("clv.top"), help=tr("clv.top.help", n=TOP_N))
            customer_table(result.top)
            st.subheader(
                tr("clv.at_risk"),
                help=tr("clv.at_risk.help", quantile=fmt.number(quantile, 2), p_alive=fmt.number(p_alive, 2)),
            )
            at_risk = result.at_risk
            if at_risk.is_empty():
                st.info(tr("clv.at_risk.none"))
            else:
                at_risk = customer_table(at_risk, long=True)
                if ctx.viewer.can("download"):
                    language = lang()
                    privacy.audited_download(
                        st,
                        tr("clv.at_risk.download"),
                        lambda: csv_bytes(tables.for_csv(at_risk, language)),
                        tr("clv.at_risk.file"),
                        "CLV at-risk list",
                        at_risk.height,
                        mime="text/csv",
                        key="clv_download",
                    )

    # Only the open tab runs and is drawn (as on the retention page): the forecast first.
    tabs = st.tabs([tr(f"clv.tab.{name}") for name in TABS], key=TAB_KEY, on_change="rerun")
    for tab, show in zip(tabs, (forecast, model, lists)):
        if tab.open:
            with tab:
                show()
