"""Program evaluation (every figure before and after an event date) and the downloadable periodic report."""
import datetime as dt

import streamlit as st

from core import fmt, metrics
from core.metrics import program
from ui import db, privacy, state, widgets
from ui import metrics as mw
from ui.i18n import lang, tr

ctx = state.context()
window = mw.header("metrics.program.title", ctx)

st.subheader(tr("metrics.evaluation"), help=tr("metrics.evaluation.help"))
left, right = st.columns(2)
event = left.date_input(tr("metrics.event"), value=ctx.as_of - dt.timedelta(days=89), key="program_event",
                        format="DD.MM.YYYY", help=tr("metrics.event.help"))
days = int(right.number_input(tr("metrics.event_window"), min_value=1, max_value=730, value=90, step=1,
                              key="program_days", help=tr("metrics.event.help")))
evaluation = db.cached(program.evaluate, ctx, event, days, window_days=window)
after_end = event + dt.timedelta(days=days - 1)
if after_end > ctx.as_of:
    st.warning(tr("metrics.after_partial", end=fmt.date(after_end)))
if program.cac_rose_with_result(evaluation):
    st.warning(tr("metrics.cac_warning"), icon=":material/warning:")
widgets.table({
    tr("metrics.metric"): [tr(f"metrics.kpi.{k}") for k in evaluation["metric"]],
    tr("metrics.before"): [mw.value_text(k, v) for k, v in zip(evaluation["metric"], evaluation["before"], strict=True)],
    tr("metrics.after"): [mw.value_text(k, v) for k, v in zip(evaluation["metric"], evaluation["after"], strict=True)],
    tr("metrics.change"): [mw.change_text(k, v) for k, v in zip(evaluation["metric"], evaluation["change"], strict=True)],
    tr("metrics.change_pct"): [fmt.percent(v) for v in evaluation["change_pct"]],
}, height=35 * (len(metrics.KEYS) + 1) + 3)

st.subheader(tr("metrics.report"), help=tr("metrics.report.help"))
grain = st.radio(tr("metrics.grain"), program.REPORT_GRAINS, horizontal=True, key="report_grain",
                 format_func=lambda g: tr(f"metrics.grain.{g}"))
report = db.cached(program.report, ctx, grain, window_days=window)
widgets.table(program.labelled(report, lang()))
if ctx.viewer.can("download"):
    stamp, language = ctx.as_of.strftime("%Y%m%d"), lang()
    one, two = st.columns(2)
    privacy.audited_download(one, tr("common.download_csv"), lambda: program.to_csv(report, language),
                             f"metrics_{grain}_{stamp}.csv", f"metrics report ({grain})", report.height,
                             mime="text/csv", icon=":material/download:")
    privacy.audited_download(two, tr("metrics.download_xlsx"), lambda: program.to_xlsx(report, language),
                             f"metrics_{grain}_{stamp}.xlsx", f"metrics report ({grain})", report.height,
                             icon=":material/download:",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

mw.definitions(metrics.KEYS, ("metrics.evaluation", "metrics.report"))
