"""Base composition: classes of each classification, over time, migration, thresholds, members."""
import dataclasses
import datetime as dt

import streamlit as st

from core import communications, composition, definitions, display, export, fmt
from core.charts import composition as charts
from core.charts import segments as seg_charts
from core.context import Thresholds
from ui import auth, db, privacy, state, widgets
from ui import charts as ui_charts
from ui.i18n import lang, tr

MAX_ROWS = display.SHOWN_ROWS

ctx = state.context()
viewer = ctx.viewer
st.title(tr("composition.title"))
st.caption(tr("composition.caption", as_of=fmt.date(ctx.as_of)))


def customer_list(frame, file_stem: str, key: str) -> None:
    """Show a customer list (first rows) with its download, per the viewer's rights."""
    if not viewer.can("personal_data"):
        st.caption(tr("composition.members.masked"))
    if frame.height > MAX_ROWS:
        st.caption(tr("composition.members.shown", shown=fmt.number(MAX_ROWS), count=fmt.number(frame.height)))
    readable = composition.labelled(frame, lang())
    widgets.table(readable.head(MAX_ROWS))
    if viewer.can("download"):
        privacy.audited_download(st, tr("composition.download"), lambda: export.to_csv(readable), f"{file_stem}.csv",
                                 f"composition {file_stem}", readable.height, mime="text/csv",
                                 key=f"download_{key}", icon=":material/download:")


def structure() -> None:
    """Counts and revenue by class of one classification, the class's members."""
    dimension = st.segmented_control(
        tr("composition.dimension"), list(composition.DIMENSIONS), key="composition_dimension", default="base_type",
        format_func=lambda d: definitions.title(definitions.BY_COLUMN[d].key, lang())) or "base_type"
    section = definitions.BY_COLUMN[dimension].key
    names = composition.class_names(dimension, lang())
    frame = db.cached(composition.by_dimension, ctx, dimension)
    st.subheader(tr("composition.by_class"), help=definitions.help_text(section, lang(), ctx.thresholds))
    with st.expander(tr("composition.rules", name=definitions.title(section, lang())), icon=":material/rule:"):
        st.markdown(definitions.help_text(section, lang(), ctx.thresholds))
    if dimension in ("rfm_segment", "abc_class"):
        st.caption(tr("composition.buyers_only"))
    if dimension == "behaviour_type":
        total = db.cached(composition.by_dimension, ctx, "base_type")["customers"].sum()
        st.caption(tr("composition.no_type", count=fmt.number(total - frame["customers"].sum()),
                      total=fmt.number(total)))
    if frame["customers"].sum() == 0:
        widgets.empty_state()
    else:
        labels = {"customer_share": tr("composition.customer_share"), "revenue_share": tr("composition.revenue_share")}
        event = ui_charts.show(st, charts.class_bars(frame, names, labels), width="stretch", on_select="rerun",
                                selection_mode="points", key=f"bars_{dimension}")
        clicked = [p.get("y") for p in (event.selection.points if event else [])]
        by_name = {v: k for k, v in names.items()}
        if clicked and clicked[0] in by_name:
            st.session_state[f"members_{dimension}"] = by_name[clicked[0]]
        widgets.table(
            {tr("composition.table.class"): [names[v] for v in frame["value"]],
             tr("composition.customers"): frame["customers"].to_list(),
             tr("composition.customer_share"): frame["customer_share"].to_list(),
             tr("composition.table.revenue"): frame["revenue"].to_list(),
             tr("composition.revenue_share"): frame["revenue_share"].to_list()},
            formats={tr("composition.customers"): "integer", tr("composition.customer_share"): "percent",
                     tr("composition.table.revenue"): "money0", tr("composition.revenue_share"): "percent"})
        if dimension == "rfm_segment":
            st.subheader(tr("composition.rfm_grid"), help=definitions.help_text("rfm", lang(), ctx.thresholds))
            grid = db.cached(composition.rfm_grid, ctx)
            axis = {"axis_r": tr("composition.rfm_grid.axis_r"), "axis_f": tr("composition.rfm_grid.axis_f"),
                    "customers": tr("composition.customers")}
            ui_charts.show(st, charts.rfm_heatmap(grid, names, axis), width="stretch")
        if dimension == "abc_class":
            st.subheader(tr("composition.pareto"), help=definitions.help_text("abc", lang(), ctx.thresholds))
            curve = db.cached(composition.pareto, ctx)
            axis = {"x": tr("composition.pareto.x"), "y": tr("composition.pareto.y")}
            ui_charts.show(st, charts.pareto(curve, names, axis), width="stretch")

        st.subheader(tr("composition.members"))
        if not viewer.can("customer_level"):
            st.info(tr("composition.members.no_rights"), icon=":material/lock:")
        else:
            codes = list(composition.DIMENSIONS[dimension])
            st.session_state.setdefault(f"members_{dimension}", codes[0])
            chosen = st.selectbox(tr("composition.members.pick"), codes, key=f"members_{dimension}",
                                  format_func=lambda c: names[c])
            members = db.cached(composition.members, ctx, dimension, chosen)
            st.markdown(tr("composition.members.count", count=fmt.number(members.height)))
            customer_list(members, f"{dimension}_{chosen}_{ctx.as_of.isoformat()}", "members")

def over_time() -> None:
    """Base types at month ends."""
    type_names = composition.class_names("base_type", lang())
    st.subheader(tr("composition.time.title"), help=tr("composition.time.help") + "\n\n"
                 + definitions.help_text("base_type", lang(), ctx.thresholds))
    left, right = st.columns(2)
    months = left.slider(tr("composition.time.months"), 3, 36, 24, key="composition_months")
    share = right.radio(tr("composition.time.mode"), ["count", "share"], horizontal=True, key="composition_mode",
                        format_func=lambda m: tr(f"composition.time.mode.{m}")) == "share"
    history = db.cached(composition.over_time, ctx, months)
    names_now = {c: type_names[c] for c in composition.DIMENSIONS["base_type"]}
    ui_charts.show(st, charts.over_time(history, names_now, share), width="stretch")

def migration() -> None:
    """Who moved between base types from one date to another."""
    st.subheader(tr("composition.migration.title"), help=tr("composition.migration.help"))
    left, right = st.columns(2)
    default_first = ctx.start - dt.timedelta(days=1)
    first = left.date_input(tr("composition.migration.from"), value=default_first, key="migration_from",
                            format="DD.MM.YYYY")
    second = right.date_input(tr("composition.migration.to"), value=ctx.as_of, key="migration_to", format="DD.MM.YYYY")
    if first >= second:
        st.warning(tr("composition.migration.bad_dates"))
    else:
        flows = db.cached(composition.migration_flows, ctx, first, second)
        type_names = composition.class_names("base_type", lang())
        ui_charts.show(st, charts.sankey(flows, type_names, fmt.date(first), fmt.date(second)), width="stretch")
        moved = flows.filter(flows["from_type"] != flows["to_type"])
        st.markdown(tr("composition.migration.moved", count=fmt.number(int(moved["customers"].sum()))))
        widgets.table(
            {tr("composition.col.from_type"): [type_names[c] for c in moved["from_type"]],
             tr("composition.col.to_type"): [type_names[c] for c in moved["to_type"]],
             tr("composition.customers"): moved["customers"].to_list()}, formats={tr("composition.customers"): "integer"})
        st.subheader(tr("composition.migration.who"))
        if not viewer.can("customer_level"):
            st.info(tr("composition.members.no_rights"), icon=":material/lock:")
        elif moved.height:
            pairs = list(zip(moved["from_type"].to_list(), moved["to_type"].to_list()))
            pair = st.selectbox(tr("composition.migration.flows"), pairs, key="migration_pair",
                                format_func=lambda p: f"{type_names[p[0]]} → {type_names[p[1]]}")
            who = db.cached(composition.movers, ctx, first, second, pair[0], pair[1])
            customer_list(who, f"migration_{pair[0]}_{pair[1]}_{second.isoformat()}", "movers")


@st.fragment
def thresholds_panel() -> None:
    """Sliders with a live preview of how many contacts would change type; Apply sets them for the session."""
    auth.check_fragment(db.workspace())
    current = ctx.thresholds
    st.subheader(tr("composition.thresholds.title"), help=tr("composition.thresholds.help"))
    left, middle, right = st.columns(3)
    inactive = left.slider(tr("composition.thresholds.inactive_days"), 30, 720, current.inactive_days, step=10,
                           key="thr_inactive_days")
    vip_share = middle.slider(tr("composition.thresholds.vip_share"), 0.0, 30.0, 100 * current.vip_share,
                              step=0.5, key="thr_vip_share")
    vip_min = right.number_input(tr("composition.thresholds.vip_min_revenue"), min_value=0.0,
                                 value=float(current.vip_min_revenue or 0.0), step=1000.0, format="%.0f",
                                 key="thr_vip_min")
    with st.expander(tr("composition.thresholds.other")):
        cols = st.columns(4)
        hot = cols[0].number_input(tr("composition.thresholds.hot_days"), 1, 365, current.hot_days, key="thr_hot")
        warm = cols[1].number_input(tr("composition.thresholds.warm_days"), 1, 730, current.warm_days,
                                    key="thr_warm")
        new = cols[2].number_input(tr("composition.thresholds.new_days"), 1, 730, current.new_days, key="thr_new")
        lost = cols[3].number_input(tr("composition.thresholds.lost_days"), 1, 1825, current.lost_days,
                                    key="thr_lost")
        cols = st.columns(4)
        abc_a = cols[0].slider(tr("composition.thresholds.abc_a_share"), 50, 95, round(100 * current.abc_a_share),
                               key="thr_abc_a")
        abc_b = cols[1].slider(tr("composition.thresholds.abc_b_share"), 55, 99, round(100 * current.abc_b_share),
                               key="thr_abc_b")
        discount = cols[2].slider(tr("composition.thresholds.discount_buyer_share"), 10, 100,
                                  round(100 * current.discount_buyer_share), key="thr_discount")
        window = cols[3].number_input(tr("composition.thresholds.activity_window_days"), 7, 365,
                                      current.activity_window_days, key="thr_window")
        cols = st.columns(4)
        negative = cols[0].number_input(tr("composition.thresholds.negative_days"), 1, 730, current.negative_days,
                                        key="thr_negative", help=tr("composition.thresholds.negative_days.help"))
        hot_orders = cols[1].number_input(tr("composition.thresholds.hot_min_orders"), 2, 100, current.hot_min_orders,
                                          key="thr_hot_orders", help=tr("composition.thresholds.hot_min_orders.help"))
    with st.expander(tr("composition.thresholds.behaviour")):
        cols = st.columns(4)
        behaviour_orders = cols[0].number_input(tr("composition.thresholds.behaviour_min_orders"), 2, 365,
                                                current.behaviour_min_orders, key="thr_beh_orders")
        loyal_score = cols[1].number_input(tr("composition.thresholds.loyal_min_score"), 1, 5, current.loyal_min_score,
                                           key="thr_loyal")
        purposeful_cv = cols[2].number_input(tr("composition.thresholds.purposeful_max_cv"), 0.0, 5.0,
                                             float(current.purposeful_max_cv), step=0.05, key="thr_purp_cv")
        purposeful_share = cols[3].slider(tr("composition.thresholds.purposeful_min_share"), 10, 100,
                                          round(100 * current.purposeful_min_share), key="thr_purp_share")
        cols = st.columns(4)
        impulsive_cv = cols[0].number_input(tr("composition.thresholds.impulsive_min_cv"), 0.0, 10.0,
                                            float(current.impulsive_min_cv), step=0.05, key="thr_imp_cv")
        impulsive_categories = cols[1].number_input(tr("composition.thresholds.impulsive_min_categories"), 1, 100,
                                                    current.impulsive_min_categories, key="thr_imp_cats")
        curious = cols[2].number_input(tr("composition.thresholds.curious_min_interactions"), 1, 1000,
                                       current.curious_min_interactions, key="thr_curious")
    # Settings not on this panel (the gross margin share of the metrics pages) are kept.
    proposed = dataclasses.replace(
        current, inactive_days=int(inactive), vip_share=vip_share / 100, vip_min_revenue=vip_min or None,
        activity_window_days=int(window), hot_days=int(hot), warm_days=int(warm), new_days=int(new),
        lost_days=int(lost), negative_days=int(negative), hot_min_orders=int(hot_orders), abc_a_share=abc_a / 100,
        behaviour_min_orders=int(behaviour_orders), loyal_min_score=int(loyal_score),
        purposeful_max_cv=float(purposeful_cv), purposeful_min_share=purposeful_share / 100,
        impulsive_min_cv=float(impulsive_cv), impulsive_min_categories=int(impulsive_categories),
        curious_min_interactions=int(curious), abc_b_share=abc_b / 100,
        discount_buyer_share=discount / 100)
    preview = db.cached(composition.threshold_preview, ctx, proposed)
    summary = composition.preview_summary(preview)
    changed = int(preview.filter(preview["base_type"] != preview["preview_type"])["customers"].sum())
    total = int(preview["customers"].sum())
    st.markdown(f"**{tr('composition.thresholds.preview')}**")
    st.markdown(tr("composition.thresholds.changed", count=fmt.number(changed), total=fmt.number(total)))
    type_names = composition.class_names("base_type", lang())
    widgets.table(
        {tr("composition.table.class"): [type_names[c] for c in summary],
         tr("composition.thresholds.now"): [s["now"] for s in summary.values()],
         tr("composition.thresholds.proposed"): [s["proposed"] for s in summary.values()],
         tr("composition.thresholds.leave"): [-s["leave"] for s in summary.values()],
         tr("composition.thresholds.join"): [s["join"] for s in summary.values()]},
        formats={tr(f"composition.thresholds.{c}"): "integer" for c in ("now", "proposed", "leave", "join")})
    valid = proposed.abc_b_share > proposed.abc_a_share and proposed.warm_days >= proposed.hot_days
    if not valid:
        st.warning(tr("composition.thresholds.bad_order"))
    apply, reset = st.columns(2)
    if apply.button(tr("composition.thresholds.apply"), type="primary", disabled=not valid or proposed == current):
        st.session_state[state.THRESHOLDS_KEY] = proposed
        st.toast(tr("composition.thresholds.applied"))
        st.rerun(scope="app")
    if reset.button(tr("composition.thresholds.reset"), disabled=current == Thresholds()):
        st.session_state[state.THRESHOLDS_KEY] = Thresholds()
        for key in [k for k in st.session_state if str(k).startswith("thr_")]:
            del st.session_state[key]
        st.rerun(scope="app")


def contact_frequency() -> None:
    """How many contacts were sent how many messages in the last 30 days (with communications loaded)."""
    st.subheader(tr("frequency.title"), help=tr("frequency.help"))
    if not db.cached(communications.has_communications, ctx):
        st.caption(tr("frequency.none"))
        return
    frame = db.cached(communications.base_frequency, ctx)
    columns = st.columns([3, 2])
    ui_charts.show(columns[0], seg_charts.bars(frame, "bucket", "customers", {}, tr("composition.customers")),
                   width="stretch", key="composition_frequency")
    with columns[1]:
        widgets.table({tr("frequency.bucket"): frame["bucket"].to_list(),
                       tr("composition.customers"): frame["customers"].to_list(),
                       tr("composition.customer_share"): frame["share"].to_list()},
                      formats={tr("composition.customers"): "integer", tr("composition.customer_share"): "share"})


def now() -> None:
    """The composition as of the analysis date, and how often its contacts were contacted."""
    structure()
    contact_frequency()


# Only the open tab runs: at a million customers the hidden ones (the month-end history, a second
# date's model for the migration) would cost seconds on every visit.
tabs = st.tabs([tr("composition.tab.now"), tr("composition.tab.time"), tr("composition.tab.migration"),
                tr("composition.tab.thresholds")], key="composition_tab", on_change="rerun")
for tab, show in zip(tabs, (now, over_time, migration, thresholds_panel)):
    if tab.open:
        with tab:
            show()
