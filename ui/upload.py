"""Streamlit glue of the upload page: the uploaded file on disk, its inspection kept in the session,
the upload's steps as it goes, and the report."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from core import fmt
from core.i18n import has
from core.ingest import pipeline, publish
from core.ingest.errors import IngestError
from core.ingest.validate import Report
from core.workspace import Workspace
from ui import privacy, state, widgets
from ui.i18n import lang, tr

INSPECTION_KEY = "_upload_inspection"
REPORT_KEY = "_upload_report"


def _forget() -> None:
    """Drop the session's inspection and its files (the raw copy and any transcoded text)."""
    held = st.session_state.pop(INSPECTION_KEY, None)
    if held and "inspection" in held:
        held["inspection"].cleanup()
        held["area"].close()


def inspection(ws: Workspace, uploaded: Any, kind: str, sheet: str | None) -> pipeline.Inspection:
    """The inspection of the uploaded file for this kind and sheet (saved and read once per choice).

    The raw copy lives in a staging area of the workspace held by the session: removed when the file is
    cleared or replaced, when the session ends (its state is collected), or after a crash by the next sweep.
    """
    key = (uploaded.file_id, kind, sheet)
    held = st.session_state.get(INSPECTION_KEY)
    if held and held["key"] == key:
        if "error" in held:
            raise held["error"]
        return held["inspection"]
    _forget()
    area = ws.staging()
    path = area.path / (Path(uploaded.name).name or "upload")
    try:
        with open(path, "wb") as fh:
            shutil.copyfileobj(uploaded, fh, 1 << 20)
        insp = pipeline.inspect(path, kind, sheet=sheet, work_root=area.path)
    except IngestError as exc:
        # A file that cannot be read is a failed upload: audited once, and not read again on every rerun.
        area.close()
        publish.record_failure(ws, state.viewer(), kind, st.session_state.get("upload_mode", "append"),
                               Path(uploaded.name).name, exc)
        st.session_state[INSPECTION_KEY] = {"key": key, "error": exc}
        raise
    except BaseException:
        area.close()
        raise
    st.session_state[INSPECTION_KEY] = {"key": key, "inspection": insp, "area": area}
    return insp


def forget_file() -> None:
    """Called when the uploader is cleared."""
    _forget()


def source_caption(insp: pipeline.Inspection) -> str:
    """Format, encoding and separator in words."""
    src = insp.source
    separator = tr("upload.separator.tab") if src.separator == "\t" else src.separator
    encoding = {"utf-8-sig": "UTF-8 (BOM)", "cp1251": "Windows-1251", "utf-16-le-bom": "UTF-16 LE",
                "utf-16-be-bom": "UTF-16 BE", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}.get(
        src.encoding, src.encoding.upper())
    if src.format != "csv":
        encoding = separator = "—"
    return tr("upload.source_info", format=src.format.upper(), encoding=encoding, separator=separator,
              columns=len(src.columns))


@contextlib.contextmanager
def upload_steps() -> Iterator[pipeline.Progress]:
    """A progress callback showing the upload's steps as it goes (`pipeline.STEPS`): the step under way
    («Шаг 2 из 4: проверка строк») with a bar and what it is doing, each finished step with its time; the
    box ends as uploaded, or as stopped when the block raises."""
    steps = pipeline.STEPS
    box = st.status(tr("upload.step", i=1, n=len(steps), step=tr(f"upload.step.{steps[0]}")), expanded=True)
    bar = box.progress(0.0)
    current: dict[str, Any] = {"step": None, "since": time.monotonic()}

    def finish_step() -> None:
        if current["step"] is not None:
            name = tr(f"upload.step.{current['step']}")
            seconds = fmt.number(time.monotonic() - current["since"], 1)
            box.write(f":material/check: {tr('upload.step.finished', step=name[:1].upper() + name[1:], seconds=seconds)}")

    def report(fraction: float, stage: str, **details: Any) -> None:
        step = "done" if stage == "done" else pipeline.STEP_OF.get(stage, current["step"] or steps[0])
        if step != current["step"]:
            finish_step()
            current.update(step=step, since=time.monotonic())
            if step != "done":
                box.update(label=tr("upload.step", i=steps.index(step) + 1, n=len(steps), step=tr(f"upload.step.{step}")))
        if "name" in details:  # a step of the build: its name in the user's language
            key = f"build.step.{details['name']}"
            details["name"] = tr(key if has(key) else "build.step.other")
        bar.progress(max(0.0, min(fraction, 1.0)), text=tr(f"upload.progress.{stage}", **details))
        if step == "done":
            box.update(label=tr("upload.steps.done"), state="complete", expanded=False)

    try:
        yield report
    except BaseException:
        box.update(label=tr("upload.steps.failed"), state="error", expanded=True)
        raise


def show_report(ws: Workspace, report: Report) -> None:
    """The report: counts with definitions, outcome, reasons with examples, rejected rows download."""
    st.subheader(tr("upload.report.title"))
    cards = st.columns(4)
    for column, name in zip(cards, ("rows_read", "loaded", "rejected", "duplicates")):
        column.metric(tr(f"upload.report.{name}"), fmt.number(getattr(report, name)),
                      help=tr(f"upload.report.{name}.help"))
    if report.error:
        st.error(tr(f"upload.error.{report.error}"))
    elif report.unchanged:
        st.info(tr("upload.report.unchanged"))
    elif report.published:
        st.success(tr("upload.report.published", generation=report.generation, added=fmt.number(report.added),
                      replaced=fmt.number(report.replaced)))
    if report.demo_removed:
        st.info(tr("upload.report.demo_removed"), icon=":material/info:")
    if report.date_range:
        start, end = (fmt.date(dt.date.fromisoformat(d)) for d in report.date_range)
        st.caption(tr("upload.report.range", start=start, end=end))
    if report.erased:
        st.info(tr("upload.report.erased", count=fmt.number(report.erased)), icon=":material/person_remove:")
    blanked = publish.blanked_text(report, lang())
    if blanked:
        st.warning(blanked)
    reasons = publish.reason_table(report, lang())
    if reasons.height:
        widgets.table(reasons)
        st.caption(tr("upload.report.examples.help"))
        path = publish.rejected_file(ws, report.upload_id) if report.upload_id else None
        if path is not None:
            language = lang()
            privacy.audited_download(st, tr("upload.download_rejected"),
                                     lambda: publish.rejected_csv_bytes(path, language),
                                     f"rejected-{Path(report.file_name).stem}.csv",
                                     f"rejected rows of {report.file_name}", report.rejected, mime="text/csv",
                                     icon=":material/download:")
