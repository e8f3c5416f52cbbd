"""Publishing validated rows into the workspace (replace or idempotent append), the upload history and
remembered mappings in ``<workspace>/meta/``.

Loaded rows are written straight into a staging area of the workspace (core/staging.py); only
``Workspace.publish`` makes them part of the data (a new generation, switched atomically), so a failure or
a crash at any point leaves the previous data in force, and what a killed upload wrote is swept away.
The append is planned and published under the publish lock, so uploads at once never drop each other's rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import polars as pl

from core import audit, datasets, demo, erasure, export
from core.i18n import t
from core.ingest import REJECTED_FILE, UPLOADS_DIR
from core.ingest import mapping as mp
from core.ingest import pipeline
from core.ingest import validate as vd
from core.ingest.errors import IngestError, unreadable_as_error
from core.access import Viewer
from core.staging import Area
from core.store import JsonStore, append_jsonl, read_jsonl
from core.workspace import BuildProgress, Workspace

Mode = Literal["replace", "append"]
MODES: tuple[str, ...] = ("append", "replace")
UPLOADS_LOG = "uploads.jsonl"
MAPPINGS_FILE = "mappings.json"
OCCURRENCE = "__occurrence"


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (recorded in the upload history)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------------------- remembered mappings


def remembered_mapping(ws: Workspace, kind: str, columns: Sequence[str]) -> dict[str, str] | None:
    """The mapping last confirmed for a file of this kind with this header, if any."""
    entry = JsonStore(ws.meta_dir / MAPPINGS_FILE).read().get(mp.header_key(kind, columns))
    if not entry:
        return None
    mapping = {k: v for k, v in entry["mapping"].items() if v in columns}
    return mapping or None


def remember_mapping(ws: Workspace, kind: str, columns: Sequence[str], mapping: Mapping[str, str], user: str) -> None:
    """Remember a confirmed mapping for files of this kind with the same header."""
    key = mp.header_key(kind, columns)
    entry = {"kind": kind, "columns": list(columns), "mapping": dict(mapping), "user": user,
             "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

    def change(doc: dict) -> dict:
        doc[key] = entry
        return doc

    JsonStore(ws.meta_dir / MAPPINGS_FILE).update(change)


# ------------------------------------------------------------------------------------------- history


def history(ws: Workspace, limit: int | None = 50) -> list[dict]:
    """Upload history, newest first."""
    records = list(reversed(read_jsonl(ws.meta_dir / UPLOADS_LOG)))
    return records[:limit] if limit else records


def history_table(ws: Workspace, lang: str, limit: int = 50) -> pl.DataFrame:
    """The history as a table with headings and values in ``lang`` (for the page)."""
    rows = []
    for r in history(ws, limit):
        result = "failed" if r.get("error") else ("unchanged" if r.get("unchanged") else "published")
        at = dt.datetime.fromisoformat(r["at"]).astimezone().strftime("%d.%m.%Y %H:%M")
        rows.append({
            t("upload.history.at", lang): at,
            t("upload.history.user", lang): r.get("user", ""),
            t("upload.history.file", lang): r.get("file", ""),
            t("upload.history.kind", lang): t(f"upload.kind.{r['kind']}", lang),
            t("upload.history.mode", lang): t(f"upload.mode.{r['mode']}", lang),
            t("upload.history.loaded", lang): r.get("loaded", 0),
            t("upload.history.rejected", lang): r.get("rejected", 0),
            t("upload.history.duplicates", lang): r.get("duplicates", 0),
            t("upload.history.result", lang): t(f"upload.history.result.{result}", lang),
        })
    return pl.DataFrame(rows)


def _record(ws: Workspace, report: vd.Report, upload_id: str, user: str, sha: str, rejected: Path | None) -> None:
    """Append one upload to the history log."""
    append_jsonl(ws.meta_dir / UPLOADS_LOG, {
        "id": upload_id,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "user": user,
        "file": report.file_name,
        "kind": report.kind,
        "mode": report.mode,
        "rows_read": report.rows_read,
        "loaded": report.loaded,
        "rejected": report.rejected,
        "duplicates": report.duplicates,
        "added": report.added,
        "replaced": report.replaced,
        "generation": report.generation,
        "unchanged": report.unchanged,
        "error": report.error,
        "sha256": sha,
        "rejected_file": str(rejected.relative_to(ws.path)) if rejected else None,
    })


# ------------------------------------------------------------------------------------------ merging


def _existing(ws: Workspace, kind: str) -> pl.LazyFrame | None:
    """The dataset now in force, in canonical columns and types (None when never loaded)."""
    files = [ws.path / rel for rel in ws.manifest().files(kind)]
    if not files:
        return None
    schema = datasets.SCHEMAS[kind]
    frames = []
    for f in files:
        lf = pl.scan_parquet(f)
        have = lf.collect_schema().names()
        frames.append(lf.select(
            (pl.col(n).cast(d) if n in have else pl.lit(None, dtype=d)).alias(n) for n, d in schema.items()
        ))
    return pl.concat(frames, how="vertical")


def _key_column(kind: str) -> str | None:
    """The column whose value identifies a record for append-as-update (None: rows are counted as a multiset)."""
    return {"orders": "order_id", "customers": "customer_id"}.get(kind)


def _with_occurrence(lf: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    """Number equal rows 0, 1, 2, ... so that two identical purchases stay two rows."""
    return lf.with_columns(pl.int_range(pl.len()).over(pl.struct(columns).hash()).alias(OCCURRENCE))


def merge_append(ws: Workspace, kind: str, staged: Path, area: Area) -> tuple[list[Path] | None, int, int]:
    """Plan an idempotent append of ``staged`` onto the dataset in force (hold ``ws.publishing()`` from here
    to the publish, so that the plan is made on the data it is published onto).

    Rows identical to rows already present change nothing; keyed rows (order id / customer id) replace
    the present row with that key; unkeyed rows are a multiset (a second identical purchase in the file
    is added only if the data holds fewer copies). Returns (files for the new generation or None when
    nothing changes, rows added, rows replaced); new files are written in ``area``.
    """
    existing = _existing(ws, kind)
    if existing is None:
        return [staged], pl.scan_parquet(staged).select(pl.len()).collect().item(), 0
    columns = list(datasets.SCHEMAS[kind])
    new = pl.scan_parquet(staged)
    key = _key_column(kind)
    keyed_new = new.filter(pl.col(key).is_not_null()) if key else new.filter(pl.lit(False))
    loose_new = new.filter(pl.col(key).is_null()) if key else new
    loose_old = existing.filter(pl.col(key).is_null()) if key else existing
    changed = keyed_new.join(existing, on=columns, how="anti", nulls_equal=True)
    added_loose = _with_occurrence(loose_new, columns).join(
        _with_occurrence(loose_old, columns), on=[*columns, OCCURRENCE], how="anti", nulls_equal=True
    ).drop(OCCURRENCE)
    changed_df = changed.collect(engine="streaming")
    added_loose_df = added_loose.collect(engine="streaming")
    if changed_df.height == 0 and added_loose_df.height == 0:
        return None, 0, 0
    replaced = 0
    if key and changed_df.height:
        replaced = existing.join(changed_df.lazy().select(key), on=key, how="semi").select(pl.len()).collect().item()
    delta = area.file(f"{kind}.parquet")
    pl.concat([changed_df, added_loose_df]).write_parquet(delta)
    added = changed_df.height + added_loose_df.height - replaced
    if not replaced:
        return [*(ws.path / rel for rel in ws.manifest().files(kind)), delta], added, 0
    # Some keys now have a newer version: rewrite the dataset without their old rows, streaming.
    merged = area.file(f"{kind}.parquet")
    pl.concat([
        existing.join(changed_df.lazy().select(key), on=key, how="anti"),
        pl.scan_parquet(delta),
    ]).sink_parquet(merged)
    delta.unlink()
    return [merged], added, replaced


# -------------------------------------------------------------------------------------------- upload


def _leave_out_erased(ws: Workspace, staged: Path, loaded: int, area: Area) -> int:
    """Drop the rows of customers erased before from the staged file of `loaded` rows (their data must not
    come back); return how many."""
    if "customer_id" not in pl.read_parquet_schema(staged):
        return 0
    rows = pl.scan_parquet(staged)
    erased = erasure.erased_among(ws, rows.select("customer_id"))
    if not erased:
        return 0
    kept = area.file("kept.parquet")
    rows.filter(~pl.col("customer_id").is_in(erased)).sink_parquet(kept)
    left_out = loaded - pl.scan_parquet(kept).select(pl.len()).collect().item()
    kept.replace(staged)
    return left_out


def build_progress(progress: pipeline.Progress, start: float = 0.95, end: float = 0.99) -> BuildProgress:
    """The build's `(i, n, step)` reports as upload progress between `start` and `end`: stage "build" with
    `step` (counted from 1), `steps` and the step's `name`; "publish" once the steps are done."""
    def report(i: int, n: int, step: str) -> None:
        if i < n:
            progress(start + (end - start) * i / n, "build", step=i + 1, steps=n, name=step)
        else:
            progress(end, "publish")

    return report


def _publish(ws: Workspace, insp: pipeline.Inspection, report: vd.Report, mode: Mode, staged: Path,
             area: Area, progress: pipeline.Progress = pipeline._noop) -> None:
    """Publish the staged rows, planned and published under the publish lock: an upload, erasure or merge
    of another process or session that came first is built upon, never dropped."""
    with ws.publishing() as current:  # re-entered: `run` holds it
        report.erased = _leave_out_erased(ws, staged, report.loaded, area)
        report.loaded -= report.erased
        if report.loaded == 0:
            report.error = "nothing_loaded"
            return
        # The demo a fresh workspace was given stands in until the first upload, which replaces all of it.
        report.demo_removed = demo.default_in_force(ws) is not None
        if mode == "replace" or report.demo_removed:
            files: list[Path] | None = [staged]
            report.added, report.replaced = report.loaded, 0
        else:
            files, report.added, report.replaced = merge_append(ws, insp.kind, staged, area)
        if files is None:
            report.unchanged = True
            return
        # Replacing the demo, every demo dataset goes: the uploaded one becomes the file's rows, the others empty.
        emptied = {kind: [] for kind in datasets.DATASETS} if report.demo_removed else {}
        progress(0.95, "publish")
        report.generation = ws.publish(emptied | {insp.kind: files}, expected_generation=current.generation,
                                       progress=build_progress(progress))
        report.published = True


def record_failure(ws: Workspace, who: Viewer | str, kind: str, mode: str, file_name: str,
                   error: BaseException) -> None:
    """Write a failed upload to the audit log: who tried, what file of which kind, and why it failed
    (the error's code; the user was shown its message)."""
    reason = error.code if isinstance(error, IngestError) else type(error).__name__
    audit.record(ws, who, "upload_failed", f"{kind} ({mode}): {file_name}: {reason}", rows=0)


def run(
    ws: Workspace,
    insp: pipeline.Inspection,
    mode: Mode = "append",
    *,
    user: str = "system",
    file_name: str | None = None,
    progress: pipeline.Progress = pipeline._noop,
    viewer: Viewer | None = None,
) -> vd.Report:
    """Validate the inspected file and publish the loaded rows; record the upload in the history and
    the audit log (`viewer`, else `user`), a failed one too.

    Raises ``IngestError`` when the mapping is incomplete or dates are ambiguous (nothing is written).
    When no row can be loaded the report carries ``error="nothing_loaded"`` and the data is unchanged.
    Uploads running at once (processes, sessions) are published one after the other, each onto the data
    the one before left: every upload reported as loaded is in the data.
    """
    try:
        return _run(ws, insp, mode, user=user, file_name=file_name, progress=progress, viewer=viewer)
    except Exception as exc:
        record_failure(ws, viewer or Viewer(username=user, role="admin"), insp.kind, mode,
                       file_name or insp.source.path.name, exc)
        raise


def _run(
    ws: Workspace,
    insp: pipeline.Inspection,
    mode: Mode,
    *,
    user: str,
    file_name: str | None,
    progress: pipeline.Progress,
    viewer: Viewer | None,
) -> vd.Report:
    if mode not in MODES:
        raise IngestError("bad_mode", mode=mode)
    pipeline.ensure_ready(insp)
    upload_id = dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    with ws.staging() as area:
        staged = area.file(f"{insp.kind}.parquet")
        with unreadable_as_error(insp.source.path.name):
            # Reading and checking the rows is most of an upload: 0-80 % of its bar; its end is not the upload's.
            result = pipeline.ingest(insp, area.path, lambda f, stage: stage != "done" and progress(0.8 * f, stage),
                                     loaded_path=staged)
        report = result.report
        report.mode = mode
        report.upload_id = upload_id
        report.file_name = file_name or report.file_name
        progress(0.85, "write")
        with ws.publishing():
            if report.loaded:
                _publish(ws, insp, report, mode, staged, area, progress)
            else:
                report.error = "nothing_loaded"
            if report.generation is None:
                report.generation = ws.manifest().generation
            # Under the lock too, so that an erasure sees the rejected rows or they see its list.
            rejected = _keep_rejected(ws, upload_id, result.rejected_path, insp)
        _record(ws, report, upload_id, user, file_sha256(insp.source.path), rejected)
    audit.record(ws, viewer or Viewer(username=user, role="admin"), "upload_failed" if report.error else "upload",
                 f"{insp.kind} ({mode}): {report.file_name}" + ("; demo data removed" if report.demo_removed else ""),
                 rows=report.loaded)
    progress(1.0, "done")
    return report


def _keep_rejected(ws: Workspace, upload_id: str, path: Path | None, insp: pipeline.Inspection) -> Path | None:
    """Move an upload's rejected rows from its staging area to ``meta/uploads/<id>/`` (for the download),
    without the rows of customers erased before (their data is not kept, rejected or not)."""
    if path is None:
        return None
    column = insp.mapping.get("customer_id")
    if column:
        raw = pl.scan_parquet(path).select(pl.col(column).str.strip_chars().alias("customer_id"))
        erased = erasure.erased_among(ws, raw)
        if erased:
            kept_rows = pl.read_parquet(path).filter(~pl.col(column).str.strip_chars().is_in(erased))
            kept_rows.write_parquet(path)
    folder = ws.meta_dir / UPLOADS_DIR / upload_id
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / REJECTED_FILE
    path.replace(kept)
    return kept


def upload(
    ws: Workspace,
    path: str | Path,
    kind: str,
    mode: Mode = "append",
    *,
    mapping_overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
    date_order: str | None = None,
    user: str = "system",
    file_name: str | None = None,
    progress: pipeline.Progress = pipeline._noop,
) -> vd.Report:
    """Inspect, map (remembered mapping, else suggested, then overrides), validate and publish a file
    (a file that cannot be read is recorded as a failed upload of `user`)."""
    with ws.staging() as area:
        try:
            insp = pipeline.inspect(path, kind, sheet=sheet, progress=progress, work_root=area.path)
        except Exception as exc:
            record_failure(ws, Viewer(username=user, role="admin"), kind, mode, file_name or Path(path).name, exc)
            raise
        try:
            base = remembered_mapping(ws, kind, insp.columns) or insp.suggested
            chosen = {**base, **(mapping_overrides or {})}
            insp = pipeline.remap(insp, chosen, date_order)  # type: ignore[arg-type]
            report = run(ws, insp, mode, user=user, file_name=file_name or Path(path).name, progress=progress)
            if report.loaded:
                remember_mapping(ws, kind, insp.columns, insp.mapping, user)
            return report
        finally:
            insp.cleanup()


def reason_table(report: vd.Report, lang: str) -> pl.DataFrame:
    """Rejections and duplicates by reason, with example rows, headed and worded in ``lang``."""
    rows = []
    counts = {**report.rejected_by_reason, vd.DUPLICATE: report.duplicates}
    for code in (*vd.REASONS, vd.DUPLICATE):
        if not counts.get(code):
            continue
        examples = "; ".join(example_text(e, lang) for e in report.examples.get(code, []))
        rows.append({
            t("upload.report.reason", lang): t(f"upload.reason.{code}", lang),
            t("upload.report.count", lang): counts[code],
            t("upload.report.examples", lang): examples,
        })
    return pl.DataFrame(rows)


def example_text(example: Mapping[str, object], lang: str) -> str:
    """One example of a rejection: «row: value», for a row of the wrong shape «row: found N, expected M»."""
    if example.get("expected") is not None and not example.get("value"):
        return str(example["row"])  # a blank line: its number says it all
    if example.get("expected") is not None:
        return t("upload.reason.columns_found", lang, row=example["row"], found=example["value"],
                 expected=example["expected"])
    value = example.get("value")
    return f"{example['row']}: {pipeline.clip(str(value)) if value is not None else '—'}"


def localized_preview(parsed: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A parsed preview with headings and reasons in ``lang``."""
    labels = {code: t(f"upload.reason.{code}", lang) for code in (*vd.REASONS, vd.DUPLICATE)}
    out = parsed.with_columns(pl.col(vd.REASON).replace_strict(labels, default=None, return_dtype=pl.String))
    names = {vd.ROW: t("upload.history.row", lang), vd.REASON: t("upload.report.reason", lang)}
    names |= {c: t(f"upload.field.{c}", lang) for c in parsed.columns if c not in names}
    return out.rename(names)


def blanked_text(report: vd.Report, lang: str) -> str | None:
    """Which optional fields had values that could not be read, or None."""
    if not report.blanked:
        return None
    items = ", ".join(f"{t(f'upload.field.{name}', lang)} — {count}" for name, count in report.blanked.items())
    return t("upload.report.blanked", lang, items=items)


def rejected_file(ws: Workspace, upload_id: str) -> Path | None:
    """The Parquet file of an upload's rejected rows (None when there were none)."""
    path = ws.meta_dir / UPLOADS_DIR / upload_id / REJECTED_FILE
    return path if path.exists() else None


def rejected_csv_bytes(path: str | Path, lang: str) -> bytes:
    """The rejected rows as CSV for Russian Excel (`core.export.csv_bytes`: formula-safe) with the reason in ``lang``."""
    labels = {code: t(f"upload.reason.{code}", lang) for code in (*vd.REASONS, vd.DUPLICATE)}
    df = pl.read_parquet(path).with_columns(pl.col(vd.REASON).replace_strict(labels, default=pl.col(vd.REASON)))
    df = df.rename({vd.ROW: t("upload.history.row", lang), vd.REASON: t("upload.report.reason", lang)})
    return export.csv_bytes(df)
