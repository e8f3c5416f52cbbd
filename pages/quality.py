"""Data quality: scores per dataset and their trend, problem lists with downloads, merging duplicates."""
import datetime as dt

import polars as pl
import streamlit as st

from core import fmt, merges, quality, text
from core.charts import quality as charts
from core.i18n import t
from core.quality import DATASETS
from ui import charts as ui_charts
from ui import db, privacy, state, widgets
from ui.i18n import lang, tr

MAX_ROWS_SHOWN = quality.SHOWN_ROWS
DONE_KEY = "quality_done"
LIST_KEY = "quality_list_"  # + the list's name: whether its section is open

ctx = state.context()
viewer = ctx.viewer
ws = db.workspace()

st.title(tr("quality.title"))
st.caption(tr("quality.caption", generation=ctx.generation, as_of=fmt.date(ctx.as_of)))
if DONE_KEY in st.session_state:
    st.success(st.session_state.pop(DONE_KEY), icon=":material/check_circle:")

stale_days = st.number_input(tr("quality.stale_days"), min_value=1, max_value=3650, value=quality.DEFAULT_STALE_DAYS,
                             step=30, help=tr("quality.stale_days.help"))
today = dt.date.today()
# The lists' first rows and lengths; a list is read whole only for its download.
report = db.cached(quality.shown, ctx, int(stale_days), today=today)
counts = report.counts()
db.cached(quality.recorded, ctx)
history = quality.trend(ws)
before, earlier = quality.previous(history, ctx.generation or 0)


def table(frame, key: str) -> None:
    """A problem list: the table (first rows), a download, or just the count for roles without customer access."""
    total = counts[key]
    if total == 0:
        st.caption(tr("quality.none"))
        return
    language = lang()
    head = quality.translated(quality.visible(frame.head(MAX_ROWS_SHOWN), viewer), language)
    names = quality.labels(head.columns, language)
    if total > MAX_ROWS_SHOWN:
        st.caption(tr("quality.rows_shown", shown=fmt.number(MAX_ROWS_SHOWN), total=fmt.number(total)))
    widgets.table(head.rename(names))

    def whole() -> bytes:
        # The click's own thread: the whole report from the stored results, not Streamlit's cache.
        full = db.computed(quality.report, ctx, int(stale_days), lang=language, today=today).lists[key]
        return quality.csv_bytes(quality.translated(quality.visible(full, viewer), language), names)

    if viewer.can("download"):
        privacy.audited_download(st, tr("quality.download"), whole,
                                 f"quality_{key}_{ctx.as_of.isoformat()}.csv", f"quality list {key}", total,
                                 mime="text/csv", key=f"download_{key}", icon=":material/download:")


# ------------------------------------------------------------------------------ scores
st.subheader(tr("quality.scores"), help=tr("quality.scores.help"))
cards = st.columns(len(DATASETS) + 1)
scores = {r["dataset"]: r["score"] for r in report.scores.iter_rows(named=True)}
scores["overall"] = report.overall()
for column, dataset in zip(cards, ("overall", *DATASETS)):
    value = scores.get(dataset)
    delta = None
    if value is not None and dataset in earlier:
        delta = f"{fmt.signed(value - earlier[dataset], 1, ascii_sign=True)} {tr('quality.score.delta', generation=before)}"
    column.metric(tr(f"quality.dataset.{dataset}"), "—" if value is None else fmt.number(value, 1), delta=delta,
                  help=tr("quality.scores.help"))

if history["generation"].n_unique() > 1:
    st.subheader(tr("quality.trend"), help=tr("quality.trend.help"))
    names = {d: tr(f"quality.dataset.{d}") for d in ("overall", *DATASETS)}
    ui_charts.show(st, charts.trend(history, names, {"x": tr("quality.trend.generation"),
                                                  "y": tr("quality.trend.score")}), width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(tr("quality.missing"), help=tr("quality.missing.help"))
    missing = quality.translated(report.missing, lang())
    widgets.table(missing.rename(quality.labels(missing.columns, lang())),
                 formats={tr("quality.col.share"): "share"})
with right:
    st.subheader(tr("quality.consent"), help=tr("quality.consent.help"))
    consent = quality.translated(report.consent, lang())
    widgets.table(consent.rename(quality.labels(consent.columns, lang())),
                 formats={tr("quality.col.usable_share"): "share"})

# ------------------------------------------------------------------------------- lists
st.subheader(tr("quality.problems"))
if not viewer.can("customer_level"):
    st.caption(tr("quality.no_customer_level"))
elif not viewer.can("personal_data"):
    st.caption(tr("quality.personal_hidden"))
for name in quality.LISTS:
    # A list is drawn when its section is opened: ten tables of up to 1,000 rows each, closed until someone reads
    # one, made every visit of the page slow to draw.
    section = st.expander(f"{tr(f'quality.list.{name}')}: {fmt.number(counts[name])}", expanded=False,
                          key=f"{LIST_KEY}{name}", on_change="rerun")
    if section.open:
        with section:
            st.caption(tr(f"quality.list.{name}.help", days=fmt.number(int(stale_days))))
            if viewer.can("customer_level"):
                table(report.lists[name], name)

# ------------------------------------------------------------------------------ merges
st.subheader(tr("quality.merge.title"), help=tr("quality.merge.help"))
groups = report.lists["duplicates"]
if not viewer.can(merges.PERMISSION):
    st.caption(tr("quality.merge.readonly"))
else:
    if groups.is_empty():
        st.caption(tr("quality.none"))
    else:
        # One pass over the groups (thousands at a million customers), not a filter per group on every run.
        grouped = groups.group_by("group", maintain_order=True).agg(
            pl.col("customer_id"), pl.col("customer_id").filter(pl.col("survivor")).alias("suggested"))
        members = dict(zip(grouped["group"].to_list(), grouped["customer_id"].to_list()))
        survivors = dict(zip(grouped["group"].to_list(), grouped["suggested"].to_list()))
        language = lang()
        chosen = st.selectbox(tr("quality.merge.group"), list(members), format_func=lambda g: t(
            "quality.merge.group_option", language, group=g, ids=", ".join(members[g])))
        ids = members[chosen]
        suggested = survivors[chosen]
        survivor = st.selectbox(tr("quality.merge.survivor"), ids, index=ids.index(suggested[0]) if suggested else 0,
                                key=f"survivor_{chosen}")
        reason = st.text_input(tr("quality.merge.reason"), max_chars=200)
        if st.button(tr("quality.merge.button"), type="primary", icon=":material/merge:"):
            duplicates = [i for i in ids if i != survivor]
            try:
                merges.merge(ws, viewer, duplicates, survivor, reason=reason)
            except merges.MergeError as exc:
                st.error(exc.message(lang()))
            else:
                st.session_state[DONE_KEY] = tr("quality.merge.done", ids=text.md(", ".join(duplicates)), survivor=text.md(survivor))
                st.rerun()

    st.markdown(f"**{tr('quality.unmerge.title')}**")
    current = merges.current(ws)
    if current.is_empty():
        st.caption(tr("quality.unmerge.none"))
    else:
        widgets.table(current.rename(quality.labels(current.columns, lang())))
        undo = st.selectbox(tr("quality.unmerge.select"), current["from_id"].to_list())
        if st.button(tr("quality.unmerge.button"), icon=":material/call_split:"):
            try:
                merges.unmerge(ws, viewer, undo)
            except merges.MergeError as exc:
                st.error(exc.message(lang()))
            else:
                st.session_state[DONE_KEY] = tr("quality.unmerge.done", id=text.md(undo))
                st.rerun()
