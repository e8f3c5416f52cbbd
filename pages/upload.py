"""Data upload: the file, a parsed preview, column mapping, the day/month choice, the report, history."""
import streamlit as st

from core import demo, engines, fmt, text
from core.engines import sources
from core.ingest import mapping as mp
from core.ingest import pipeline, publish
from core.ingest.errors import IngestError, field_label, field_names, message
from core.workspace import WorkspaceError
from ui import db, state, widgets
from ui import upload as ui
from ui.i18n import lang, tr

viewer = state.viewer()
ws = db.workspace()
st.title(tr("upload.title"))
st.caption(tr("upload.intro"))
demo_customers = demo.default_in_force(ws)
if demo_customers:
    st.info(tr("upload.demo_in_force", customers=fmt.number(demo_customers)), icon=":material/info:")

left, right = st.columns([1, 2])
kind = left.selectbox(tr("upload.kind"), mp.KINDS, format_func=lambda k: tr(f"upload.kind.{k}"), key="upload_kind")
uploaded = right.file_uploader(tr("upload.file"), type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "parquet"],
                               key="upload_file", on_change=ui.forget_file)

insp = None
if uploaded is not None:
    sheet = None
    try:
        insp = ui.inspection(ws, uploaded, kind, None)
        if len(insp.source.sheets) > 1:
            sheet = st.selectbox(tr("upload.sheet"), insp.source.sheets, key="upload_sheet")
            insp = ui.inspection(ws, uploaded, kind, sheet)
    except IngestError as exc:
        st.error(text.md(message(exc, lang())))
        insp = None

if insp is not None:
    st.caption(ui.source_caption(insp))
    st.subheader(tr("upload.preview"))
    widgets.table(insp.preview, height=240)

    st.subheader(tr("upload.mapping"), help=tr("upload.mapping.help"))
    remembered = publish.remembered_mapping(ws, kind, insp.columns)
    if remembered:
        st.caption(tr("upload.mapping.remembered"))
    start = remembered or insp.suggested
    # A field required alone is marked «*»; of a group (code, e-mail, phone) one is enough: said once.
    required = {group[0] for group in mp.REQUIRED[kind] if len(group) == 1}
    for group in (g for g in mp.REQUIRED[kind] if len(g) > 1):
        st.caption(tr("upload.mapping.one_of", fields=field_names([[f] for f in group], lang())))
    if required:
        st.caption(tr("upload.mapping.required_mark"))
    options = ["", *insp.columns]
    chosen: dict[str, str] = {}
    grid = st.columns(3)
    for i, spec in enumerate(mp.FIELDS[kind]):
        label = field_label(spec.name, lang(), kind) + (" *" if spec.name in required else "")
        current = start.get(spec.name, "")
        value = grid[i % 3].selectbox(
            label, options, index=options.index(current) if current in options else 0,
            format_func=lambda c: pipeline.clip(c) or tr("upload.mapping.none"), key=f"map_{kind}_{spec.name}_{uploaded.file_id}",
        )
        if value:
            chosen[spec.name] = value

    try:
        insp = pipeline.remap(insp, chosen)
        undecided = insp.ambiguous_dates
        if undecided:
            names = field_names([[n] for n in undecided], lang())
            date_order = st.radio(tr("upload.date_order"), ["dmy", "mdy"], index=None, key=f"order_{uploaded.file_id}",
                                  format_func=lambda o: tr(f"upload.date_order.{o}"),
                                  help=tr("upload.date_order.help", fields=names))
            if date_order:
                insp = pipeline.with_date_order(insp, date_order)
    except IngestError as exc:
        st.error(text.md(message(exc, lang())))
        st.stop()
    if insp.missing:
        st.warning(tr("upload.mapping.missing", fields=field_names([list(g) for g in insp.missing], lang())))
    for name in insp.mixed_dates:
        st.warning(tr("upload.date_mixed", field=tr(f"upload.field.{name}")))
    for name, date_format in insp.options.dates.items():
        if name in insp.mapping and not insp.ambiguous_dates:
            st.caption(tr("upload.date_format", field=tr(f"upload.field.{name}"), format=date_format.label))

    parsed = pipeline.parsed_preview(insp)
    if parsed.height:
        st.subheader(tr("upload.parsed_preview"), help=tr("upload.parsed_preview.help"))
        shown = publish.localized_preview(parsed, lang())
        widgets.table(shown, height=240)

    mode = st.radio(tr("upload.mode"), publish.MODES, horizontal=True, key="upload_mode",
                    format_func=lambda m: tr(f"upload.mode.{m}"), help=tr("upload.mode.help"))
    ready = not insp.missing and not insp.ambiguous_dates
    if st.button(tr("upload.submit"), type="primary", disabled=not ready, icon=":material/upload:"):
        try:
            with ui.upload_steps() as progress:
                report = publish.run(ws, insp, mode, user=viewer.username, viewer=viewer, file_name=uploaded.name,
                                     progress=progress)
        except IngestError as exc:
            st.error(text.md(message(exc, lang())))
        except WorkspaceError as exc:
            localized = getattr(exc, "message", None)  # errors that speak both languages (core.engines)
            st.error(tr("upload.error.publish_failed",
                        detail=text.md(localized(lang()) if callable(localized) else exc)))
        else:
            if report.loaded:
                publish.remember_mapping(ws, kind, insp.columns, insp.mapping, viewer.username)
            st.session_state[ui.REPORT_KEY] = report
            st.rerun()

report = st.session_state.get(ui.REPORT_KEY)
if report is not None:
    ui.show_report(ws, report)

st.subheader(tr("upload.history"))
generation, engine = engines.generation_engine(ws)
st.caption(tr("engine.built_by", generation=generation, engine=tr(f"engine.name.{engine}")))
for source_kind, source in sources.sources(ws).items():
    st.caption(tr("engine.source.page_line", dataset=tr(f"upload.kind.{source_kind}"), source=source.describe()))
if viewer.can("admin"):
    st.page_link("pages/sources.py", label=tr("sources.link"), icon=":material/lan:")
table = publish.history_table(ws, lang())
if table.height:
    widgets.table(table)
else:
    st.caption(tr("upload.history.empty"))
