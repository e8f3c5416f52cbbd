"""Segments: build a segment with sliders and filters, see it live, save, share, compare and download it."""
import streamlit as st

from core import campaigns, communications, export, fmt, text
from core.charts import segments as charts
from core.segments import results, saved, wording
from core.segments import rules as R
from ui import auth, db, privacy, state, widgets
from ui import charts as ui_charts
from ui import segments as builder
from ui.i18n import lang, tr

ctx = state.context()
ws = db.workspace()
st.title(tr("segments.title"))
st.caption(tr("segments.caption", as_of=fmt.date(ctx.as_of)))
builder.read_link()


def _start_from() -> None:
    """Load a ready-made or saved segment into the builder."""
    segments = {s.id: s for s in saved.all_segments(ws, lang())}
    columns = st.columns([2, 1], vertical_alignment="bottom")
    chosen = columns[0].selectbox(tr("segments.start"), list(segments), index=None, key="seg_start",
                                  placeholder=tr("segments.start.placeholder"), help=tr("segments.start.help"),
                                  format_func=lambda i: segments[i].name)
    columns[1].button(tr("segments.load"), disabled=chosen is None, width="stretch", key="seg_load",
                      on_click=lambda: builder.load(segments[chosen].rules, chosen))
    if chosen is not None and segments[chosen].description:
        st.caption(text.md(segments[chosen].description))
    if chosen is not None:
        _action(chosen)


def _action(segment_id: str) -> None:
    """The recommended action beside the chosen segment; an admin may change it."""
    action = campaigns.recommended_action(ws, segment_id, lang())
    if action:
        st.caption(f"**{tr('segments.action')}:** {text.md(action)}")
    if ctx.viewer.can("admin"):
        with st.popover(tr("segments.action.edit"), icon=":material/edit:"):
            typed = st.text_area(tr("segments.action"), value=action, max_chars=campaigns.MAX_ACTION,
                                key=f"seg_action_{segment_id}", help=tr("segments.action.edit.help"))
            if st.button(tr("campaigns.settings.save"), key=f"seg_action_save_{segment_id}"):
                campaigns.set_action(ws, ctx.viewer, segment_id, typed)
                st.success(tr("segments.action.saved"))


def _heading(chart: str) -> None:
    st.markdown(f"**{tr('segments.chart.' + chart)}**", help=tr(f"segments.chart.{chart}.help"))


def _summary(summary: dict) -> None:
    """The segment's size, revenue and average check: above the tabs, whichever is open."""
    cards = [column for _ in range(2) for column in st.columns(2)]
    widgets.kpi(cards[0], "segments.kpi.customers", fmt.number(summary["customers"]),
                delta=tr("segments.kpi.of_base", share=fmt.percent(100 * (summary["customer_share"] or 0))),
                delta_color="off", delta_arrow="off")
    widgets.kpi(cards[1], "segments.kpi.revenue", fmt.money(summary["revenue"], decimals=0),
                delta=tr("segments.kpi.of_revenue", share=fmt.percent(100 * (summary["revenue_share"] or 0))),
                delta_color="off", delta_arrow="off")
    widgets.kpi(cards[2], "segments.kpi.aov", fmt.money(summary["aov"]))
    widgets.kpi(cards[3], "segments.kpi.buyers", fmt.number(summary["buyers"]))


def _results(rules: R.Rules, figures: results.Figures) -> None:
    if not figures.summary["customers"]:
        widgets.empty_state("segments.empty")
        return
    left, right = st.columns(2)
    with left:
        _heading("composition")
        frame = figures.composition
        labels = {v: builder.value_label("base_type", v) for v in frame["base_type"].to_list()}
        ui_charts.show(st, charts.bars(frame, "base_type", "customers", labels, tr("common.customers"), horizontal=True),
                        width="stretch", key="seg_chart_composition")
        _heading("recency")
        frame = figures.recency
        labels = {v: tr(f"segments.recency.{v}") for v in results.RECENCY_BINS}
        ui_charts.show(st, charts.bars(frame, "label", "customers", labels, tr("common.customers")),
                        width="stretch", key="seg_chart_recency")
        _heading("cities")
        frame = db.cached(results.top_cities, ctx, rules)
        ui_charts.show(st, charts.bars(frame, "city", "customers", {}, tr("common.customers"), horizontal=True),
                        width="stretch", key="seg_chart_cities")
    with right:
        _heading("rf")
        frame = db.cached(results.rf_grid, ctx, rules)
        ui_charts.show(st, charts.rf_grid(frame, tr("segments.field.r_score"), tr("segments.field.f_score"),
                                       tr("common.customers")), width="stretch", key="seg_chart_rf")
        _heading("revenue")
        frame = figures.revenue
        labels = {v: tr(f"segments.revenue.{v}") for v in results.REVENUE_BINS}
        ui_charts.show(st, charts.bars(frame, "label", "customers", labels, tr("common.customers")),
                        width="stretch", key="seg_chart_revenue")
    _frequency(rules)


def _frequency(rules: R.Rules) -> None:
    """How often the segment's customers were contacted in the last 30 days (with communications loaded)."""
    st.markdown(f"**{tr('frequency.title')}**", help=tr("frequency.help"))
    if not db.cached(communications.has_communications, ctx):
        st.caption(tr("frequency.none"))
        return
    frame = db.cached(communications.segment_frequency, ctx, rules)
    ui_charts.show(st, charts.bars(frame, "bucket", "customers", {}, tr("common.customers")), width="stretch",
                   key="seg_chart_frequency")


def _sample(rules: R.Rules) -> None:
    if not ctx.viewer.can("customer_level"):
        st.info(tr("segments.sample.not_allowed"))
        return
    st.caption(tr("segments.sample.help", limit=results.SAMPLE_SIZE))
    frame = export.present(db.cached(results.sample, ctx, rules), ctx.viewer)
    widgets.table(builder.sample_table(frame))


def _download(rules: R.Rules, name: str) -> None:
    if not ctx.viewer.can("download"):
        st.info(tr("segments.export.not_allowed"))
        return
    row = st.columns(3)
    channel = row[0].radio(tr("segments.export.channel"), [None, *export.CHANNELS], key="seg_channel",
                           help=tr("segments.export.channel.help"),
                           format_func=lambda c: tr(f"segments.export.channel.{c or 'none'}"))
    file_format = row[1].radio(tr("segments.export.format"), export.FORMATS, key="seg_format",
                               format_func=str.upper, horizontal=True)
    separator = row[2].radio(tr("segments.export.separator"), export.SEPARATORS, key="seg_separator",
                             horizontal=True, help=tr("segments.export.separator.help"),
                             disabled=file_format != "csv")
    if "seg_columns" not in st.session_state or st.session_state.get("seg_columns_for") != channel:
        st.session_state["seg_columns"] = list(export.DEFAULT_COLUMNS[channel])
        st.session_state["seg_columns_for"] = channel
    columns = widgets.multiselect(st, tr("segments.export.columns"), export.EXPORT_COLUMNS, key="seg_columns",
                             format_func=builder.field_label, placeholder=tr("common.choose"))
    pressure = 0
    if channel is not None:
        pressure = int(st.number_input(
            tr("segments.export.pressure"), min_value=0, max_value=communications.MAX_PRESSURE_DAYS, step=1,
            value=communications.settings(ws)["pressure_days"], key="seg_pressure",
            help=tr("segments.export.pressure.help")))
    request = (rules, name, channel, file_format, separator, tuple(columns), ctx, pressure)
    if st.button(tr("segments.export.prepare"), disabled=not columns, key="seg_prepare"):
        st.session_state["seg_file"] = (request, export.segment_download(
            ws, ctx, rules, name, columns=tuple(columns), channel=channel, fmt=file_format, separator=separator,
            lang=lang(), pressure_days=pressure))
    prepared = st.session_state.get("seg_file")
    if not prepared or prepared[0] != request:
        return
    download = prepared[1]
    st.success(tr("segments.export.ready", rows=fmt.number(download.rows)))
    if channel is not None:
        reasons = "; ".join(f"{tr('segments.reason.' + k)}: {fmt.number(v)}" for k, v in download.left_out.items())
        st.info(tr("segments.export.left_out", rows=fmt.number(download.left_out_total), reasons=reasons or "—"))
    privacy.audited_download(st, tr("segments.export.download", file=download.file_name), lambda: download.data,
                             download.file_name, f"segment {name!r}", download.rows, mime=download.mime,
                             viewer=ctx.viewer, icon=":material/download:", key="seg_download")


def _save_and_share(rules: R.Rules) -> None:
    loaded = st.session_state.get(builder.LOADED)
    segments = {s.id: s for s in saved.all_segments(ws, lang())}
    current = segments.get(loaded)
    st.markdown(f"**{tr('segments.share')}**")
    st.caption(tr("segments.share.help"))
    st.code(builder.share_link(rules), language=None, wrap_lines=True)
    with st.expander(tr("segments.share.json")):
        st.code(rules.dumps(), language="json", wrap_lines=True)
    st.markdown(f"**{tr('segments.save')}**")
    if st.session_state.get("seg_name_for") != loaded:
        st.session_state["seg_name_for"] = loaded
        st.session_state["seg_name"] = current.name if current else ""
        st.session_state["seg_description"] = current.description if current else ""
    with st.form("seg_save", border=False):
        name = st.text_input(tr("segments.save.name"), key="seg_name", max_chars=saved.MAX_NAME)
        description = st.text_area(tr("segments.save.description"), key="seg_description",
                                   max_chars=saved.MAX_DESCRIPTION)
        buttons = st.columns(3)
        as_new = buttons[0].form_submit_button(tr("segments.save.new"), type="primary")
        overwrite = buttons[1].form_submit_button(tr("segments.save.overwrite"), disabled=current is None)
        remove = buttons[2].form_submit_button(tr("segments.delete"), disabled=current is None)
    try:
        if as_new or overwrite:
            segment = saved.save(ws, ctx.viewer, name, description, rules, loaded if overwrite else None)
            st.session_state[builder.LOADED] = segment.id
            st.success(tr("segments.save.done", name=text.md(segment.name)))
        elif remove:
            saved.delete(ws, ctx.viewer, loaded)
            st.session_state[builder.LOADED] = None
            st.success(tr("segments.delete.done", name=text.md(current.name)))
    except R.RuleError as exc:
        st.error(exc.message(lang()))


def _compare(rules: R.Rules) -> None:
    segments = {s.id: s for s in saved.all_segments(ws, lang())}
    options = ["", *segments]
    chosen = widgets.multiselect(st, tr("segments.compare.pick"), options, default=[""], max_selections=3, key="seg_compare",
                            format_func=lambda i: tr("segments.compare.current") if i == "" else segments[i].name,
                            help=tr("segments.compare.help"), placeholder=tr("common.choose"))
    if len(chosen) < 2:
        st.caption(tr("segments.compare.more"))
        return
    named = tuple((tr("segments.compare.current") if i == "" else segments[i].name,
                   rules if i == "" else segments[i].rules) for i in chosen)
    frame = db.cached(results.compare, ctx, named)
    table = {tr("segments.compare.metric"): [tr(f"segments.kpi.{m}") for m in builder.COMPARE_METRICS]}
    for row in frame.iter_rows(named=True):
        table[row["segment"]] = builder.compare_cells(row)
    widgets.table(table)
    shares = {"customer_share": tr("segments.kpi.customer_share"), "revenue_share": tr("segments.kpi.revenue_share")}
    ui_charts.show(st, charts.compare(frame, shares, [n for n, _ in named]), width="stretch", key="seg_chart_compare")


@st.fragment
def segment_builder() -> None:
    """Everything that depends on the rules: rerun alone when a slider or filter moves."""
    auth.check_fragment(ws)
    # The rules come from the rows' state, so the count is the first thing sent: the browser draws
    # elements in the order they arrive, and after a slider move the count is what the user waits for.
    rules, draw_rows = builder.condition_rows(ctx)
    figures = db.cached(results.figures, ctx, rules, db.cached(results.base, ctx))
    left, right = st.columns([2, 3], gap="large")
    with right:
        _summary(figures.summary)
    with left:
        _start_from()
        builder.add_picker()
        draw_rows()
        builder.write_link(rules)
        st.caption(tr("segments.rules.count", n=len(rules.all_conditions())) if not rules.empty
                   else tr("segments.rules.none"))
        if not rules.empty:
            st.caption(text.md(tr("segments.rules.says", rules=wording.describe(rules, lang()))))
    loaded = st.session_state.get(builder.LOADED)
    name = next((s.name for s in saved.all_segments(ws, lang()) if s.id == loaded), tr("segments.default_name"))
    with right:
        # Only the open tab runs: a slider move recomputes what is on screen, not the hidden tabs.
        tabs = st.tabs([tr("segments.tab.results"), tr("segments.tab.sample"), tr("segments.tab.download"),
                        tr("segments.tab.save"), tr("segments.tab.compare")], key="seg_tab", on_change="rerun")
    for tab, show in zip(tabs, (lambda r: _results(r, figures), _sample, lambda r: _download(r, name),
                                _save_and_share, _compare)):
        if tab.open:
            with tab:
                show(rules)


segment_builder()
