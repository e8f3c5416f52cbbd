"""Audit log (administrators only): who signed in, uploaded, downloaded, erased or changed accounts, when and from where."""
import streamlit as st

from core import audit
from core.i18n import has, t
from ui import db, privacy, state, widgets
from ui.i18n import lang, tr

state.viewer()
st.title(tr("audit.title"))
st.caption(tr("audit.caption"))

tz = state.browser_timezone()
log = audit.read(db.workspace())
days = log["at"].dt.convert_time_zone(tz).dt.date()
label = lambda a: tr(f"audit.action.{a}") if has(f"audit.action.{a}") else a  # noqa: E731
reason = lambda key: tr(f"audit.what.{key}")  # noqa: E731
filters = st.columns(3)
actions = widgets.multiselect(filters[0], tr("audit.filter.action"),
                              sorted(set(audit.ACTIONS) | set(log["action"].unique())),
                                 format_func=label, placeholder=tr("audit.filter.all"))
people = widgets.multiselect(filters[1], tr("audit.filter.user"), sorted(set(log["username"].drop_nulls().to_list())),
                                placeholder=tr("audit.filter.all"))
span = (days.min(), days.max()) if log.height else ()
dates = filters[2].date_input(tr("audit.filter.dates"), value=span, format="DD.MM.YYYY",
                              help=tr("audit.filter.dates.help"))
start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, (tuple, list)) else (dates, dates)
shown = audit.select(log, actions=actions, usernames=people, start=start, end=end or start, tz=tz)

if shown.is_empty():
    st.info(tr("audit.empty"))
else:
    st.caption(tr("audit.count", count=shown.height))
    labels = {column: st.column_config.Column(tr(f"audit.col.{column}")) for column in shown.columns}
    local = shown.with_columns(shown["at"].dt.convert_time_zone(tz))
    widgets.table(audit.readable(local, lang()), column_config=labels)
    # The file is made on the click, outside the session: its words are taken in this run's language.
    language = lang()
    header = lambda column: t(f"audit.col.{column}", language)  # noqa: E731
    in_file = lambda a: t(f"audit.action.{a}", language) if has(f"audit.action.{a}") else a  # noqa: E731
    reason_in_file = lambda key: t(f"audit.what.{key}", language)  # noqa: E731
    what = tr("audit.download.what")
    buttons = st.container(horizontal=True)
    for fmt, mime in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        privacy.audited_download(buttons, tr(f"audit.download.{fmt}"),
                                 lambda fmt=fmt: audit.download(shown, fmt, in_file, header, tz, reason_in_file),
                                 f"audit.{fmt}", f"{what} ({fmt.upper()})", shown.height, mime=mime,
                                 icon=":material/download:", key=f"audit_download_{fmt}")
