"""Campaigns: results against the control group, new campaigns from a segment, their lists, settings."""
import datetime as dt

import streamlit as st

from core import campaign_results, campaigns, communications, definitions, export, fmt, text
from core.charts import campaigns as charts
from core.segments import saved
from ui import charts as ui_charts
from ui import db, privacy, state, widgets
from ui.i18n import lang, tr

ctx = state.context()
ws = db.workspace()
viewer = ctx.viewer
st.title(tr("campaigns.title"), help=definitions.campaign_help(lang()))
st.caption(tr("campaigns.caption", as_of=fmt.date(ctx.as_of)))


# The kinds of the results tables' figure columns (the others are read from their values).
KINDS = {tr(f"campaigns.col.{name}"): kind for name, kind in (
    ("recipients", "integer"), ("control", "integer"), ("conversion", "share"), ("control_conversion", "share"),
    ("revenue_per_customer", "money0"), ("control_revenue_per_customer", "money0"),
    ("incremental_revenue", "money0"), ("roi", "share"), ("opened", "integer"), ("clicked", "integer"))}


def _money(value) -> str:
    return fmt.money(value, decimals=0) if value is not None else "—"


def _verdict(r: dict) -> str:
    text = tr("campaigns.verdict." + campaign_results.verdict(r))
    return text if r["complete"] or r.get("pending") else f"{text}; {tr('campaigns.incomplete')}"


def results_tab() -> None:
    window = int(st.number_input(tr("campaigns.window"), 1, 366, campaign_results.DEFAULT_WINDOW_DAYS,
                                 key="camp_window", help=tr("campaigns.window.help")))
    records = db.cached(campaign_results.results_page, ctx, window, campaigns.version(ws))
    if not records:
        st.info(tr("campaigns.none"))
        return
    controlled = [r for r in records if r["evidence"] == "control"]
    if controlled:
        st.markdown(f"**{tr('campaigns.chart.title')}**", help=definitions.campaign_help(lang(), ("uplift",)))
        if any(r["uplift_revenue_per_customer"] is not None for r in controlled):
            ui_charts.show(st, charts.uplift(controlled, tr("campaigns.col.uplift")), width="stretch", key="camp_chart")
        widgets.table({
            tr("campaigns.col.name"): [r["name"] for r in controlled],
            tr("campaigns.col.sent_date"): [dt.date.fromisoformat(r["sent_date"]) for r in controlled],
            tr("campaigns.col.source"): [tr("campaigns.source." + r["source"]) for r in controlled],
            tr("campaigns.col.recipients"): [r["recipients"] for r in controlled],
            tr("campaigns.col.control"): [r["control"] for r in controlled],
            tr("campaigns.col.conversion"): [r["conversion"] for r in controlled],
            tr("campaigns.col.control_conversion"): [r["control_conversion"] for r in controlled],
            tr("campaigns.col.revenue_per_customer"): [r["revenue_per_customer"] for r in controlled],
            tr("campaigns.col.control_revenue_per_customer"): [r["control_revenue_per_customer"] for r in controlled],
            tr("campaigns.col.uplift"): [f"{_money(r['uplift_revenue_per_customer'])} [{_money(r['ci_low'])}; "
                                         f"{_money(r['ci_high'])}]" for r in controlled],
            tr("campaigns.col.incremental_revenue"): [r["incremental_revenue"] for r in controlled],
            tr("campaigns.col.roi"): [r["roi"] for r in controlled],
            tr("campaigns.col.opened"): [r.get("opened") for r in controlled],
            tr("campaigns.col.clicked"): [r.get("clicked") for r in controlled],
            tr("campaigns.col.verdict"): [_verdict(r) for r in controlled],
        }, formats=KINDS)
    weaker = [r for r in records if r["evidence"] != "control"]
    if weaker:
        st.subheader(tr("campaigns.weaker.title"), help=tr("campaigns.weaker.help"))

        def interval(part) -> str:
            if not part:
                return "—"
            return (f"{_money(part['uplift_revenue_per_customer'])} [{_money(part['ci_low'])}; "
                    f"{_money(part['ci_high'])}]")

        widgets.table({
            tr("campaigns.col.name"): [r["name"] for r in weaker],
            tr("campaigns.col.sent_date"): [dt.date.fromisoformat(r["sent_date"]) for r in weaker],
            tr("campaigns.col.recipients"): [r["recipients"] for r in weaker],
            tr("campaigns.col.conversion"): [r["conversion"] for r in weaker],
            tr("campaigns.col.revenue_per_customer"): [r["revenue_per_customer"] for r in weaker],
            tr("campaigns.weaker.pre_post"): [interval(r.get("pre_post")) for r in weaker],
            tr("campaigns.weaker.matched"): [interval(r.get("matched")) for r in weaker],
            tr("campaigns.col.verdict"): [_verdict(r) for r in weaker],
        }, formats=KINDS)
    with st.expander(tr("definitions.campaigns")):
        st.markdown(definitions.campaign_help(lang()))


def new_tab() -> None:
    if not viewer.can("download"):
        st.info(tr("campaigns.new.not_allowed"))
        return
    segments = {s.id: s for s in saved.all_segments(ws, lang())}
    chosen = st.selectbox(tr("campaigns.new.segment"), list(segments), key="camp_segment",
                          format_func=lambda i: segments[i].name)
    action = campaigns.recommended_action(ws, chosen, lang())
    if action:
        st.caption(f"{tr('segments.action')}: {action}")
    config = communications.settings(ws)
    with st.form("camp_new"):
        name = st.text_input(tr("campaigns.new.name"), max_chars=campaigns.MAX_NAME, key="camp_name")
        row = st.columns(3)
        channel = row[0].radio(tr("campaigns.new.channel"), list(export.CHANNELS), key="camp_channel",
                               format_func=lambda c: tr(f"channel.{c}"))
        share = row[1].number_input(tr("campaigns.new.control"), 0, 50, int(round(100 * config["control_share"])),
                                    key="camp_share", help=tr("campaigns.new.control.help"))
        pressure = row[2].number_input(tr("segments.export.pressure"), 0, communications.MAX_PRESSURE_DAYS,
                                       config["pressure_days"], key="camp_pressure",
                                       help=tr("segments.export.pressure.help"))
        submitted = st.form_submit_button(tr("campaigns.new.create"), type="primary")
    if submitted:
        try:
            made = campaigns.create(ws, ctx, name, segments[chosen].rules, segment=segments[chosen].name,
                                    channel=channel, control_share=share / 100, pressure_days=int(pressure))
        except campaigns.CampaignError as exc:
            st.error(exc.message(lang()))
        else:
            st.session_state["camp_made"] = made.id
            st.success(tr("campaigns.new.done", name=text.md(made.name), recipients=fmt.number(made.recipients),
                          control=fmt.number(made.control)))


def made_tab() -> None:
    made = campaigns.all_campaigns(ws)
    if not made:
        st.caption(tr("campaigns.made.none"))
        return
    ids = [c.id for c in made]
    by_id = {c.id: c for c in made}
    current = st.session_state.get("camp_made")
    chosen = by_id[st.selectbox(tr("campaigns.made.pick"), ids, index=ids.index(current) if current in ids else 0,
                                key="camp_pick", format_func=lambda i: f"{by_id[i].name} — {fmt.datetime(dt.datetime.fromisoformat(by_id[i].created_at))}")]
    st.caption(tr("campaigns.made.details", created=fmt.datetime(dt.datetime.fromisoformat(chosen.created_at)), author=text.md(chosen.author),
                  segment=text.md(chosen.segment), channel=tr(f"channel.{chosen.channel}") if chosen.channel else "—",
                  share=fmt.percent(100 * chosen.control_share, 0), seed=chosen.seed))
    if not viewer.can("download"):
        return
    row = st.columns(2)
    for column, group in zip(row, campaigns.GROUPS):
        download = campaigns.download(ws, ctx, chosen, group, lang=lang())
        privacy.audited_download(column, tr("campaigns.made.download", group=tr(f"campaigns.group.{group}")) +
                                 f" ({fmt.number(download.rows)})", lambda data=download.data: data, download.file_name,
                                 f"campaign {chosen.name!r} {group}", download.rows, mime=download.mime,
                                 key=f"camp_download_{group}", icon=":material/download:")
    st.caption(tr("campaigns.control.warning"))


def settings_tab() -> None:
    config = communications.settings(ws)
    if not viewer.can("admin"):
        st.caption(tr("campaigns.settings.admin_only"))
    with st.form("camp_settings"):
        pressure = st.number_input(tr("campaigns.settings.pressure"), 0, communications.MAX_PRESSURE_DAYS,
                                   config["pressure_days"], disabled=not viewer.can("admin"))
        share = st.number_input(tr("campaigns.settings.control"), 0, 50, int(round(100 * config["control_share"])),
                                disabled=not viewer.can("admin"))
        if st.form_submit_button(tr("campaigns.settings.save"), disabled=not viewer.can("admin")):
            communications.save_settings(ws, viewer, pressure_days=int(pressure), control_share=share / 100)
            st.success(tr("campaigns.settings.saved"))


tabs = st.tabs([tr("campaigns.tab.results"), tr("campaigns.tab.new"), tr("campaigns.tab.made"),
                tr("campaigns.tab.settings")], key="camp_tab", on_change="rerun")
for tab, show in zip(tabs, (results_tab, new_tab, made_tab, settings_tab)):
    if tab.open:
        with tab:
            show()
