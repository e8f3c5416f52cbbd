"""The ingest pipeline: inspect a file (sniff, sample, suggest a mapping, detect formats), then validate
every row in bounded memory and write the loaded rows and the rejected rows as Parquet.

Passes over the data: an optional whole-column day/month check when the sample cannot decide, a profile
pass (date quartiles for the range fence and duplicate keys: 12 bytes a row), and the main streaming pass
that writes both outputs at once.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from core.ingest import mapping as mp
from core.ingest import parse, read
from core.ingest import validate as vd
from core.ingest.errors import IngestError, unreadable_as_error

SAMPLE_ROWS = 50_000
# zstd level 1: a quarter less CPU than the default level 3 for files no larger.
PARQUET: dict[str, object] = {"compression": "zstd", "compression_level": 1}
# What a preview sends to the browser: rows, columns, and characters of a cell or a heading (a cell of
# a crafted file can hold megabytes; the rest of a cut value is shown as «…»).
PREVIEW_ROWS = 20
PREVIEW_COLUMNS = 60
PREVIEW_CELL_CHARS = 200
# Called with the fraction done and the stage (a key under upload.progress.), and the stage's details as keywords
# (the build's: step, steps, name; see core.ingest.publish.build_progress).
Progress = Callable[..., None]
# The steps an upload shows its user, in order, and the stages of the pipeline (the `Progress` reports)
# each one covers; "done" ends the last.
STEPS: tuple[str, ...] = ("read", "check", "write", "publish")
STEP_OF: dict[str, str] = {"decode": "read", "read": "read", "validate": "check", "profile": "check",
                           "report": "check", "write": "write", "publish": "publish",
                           "build": "publish"}


def _noop(_fraction: float, _stage: str, **_details: object) -> None:
    """Progress callback that ignores reports."""


def clip(text: str | None, limit: int = PREVIEW_CELL_CHARS) -> str | None:
    """`text` cut to `limit` characters, the cut marked by «…»."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def bounded(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` as a preview shows it: the first `PREVIEW_ROWS` rows and `PREVIEW_COLUMNS` columns, headings
    and text cells cut to `PREVIEW_CELL_CHARS` characters."""
    frame = frame.head(PREVIEW_ROWS).select(frame.columns[:PREVIEW_COLUMNS])
    cut = pl.lit("…")
    frame = frame.with_columns(
        pl.when(pl.col(name).str.len_chars() > PREVIEW_CELL_CHARS)
        .then(pl.col(name).str.slice(0, PREVIEW_CELL_CHARS - 1) + cut)
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    )
    names: list[str] = []
    for name in frame.columns:
        short = clip(name) or ""
        while short in names:
            short = clip(f"{short[: PREVIEW_CELL_CHARS - 4]}_{len(names)}") or ""
        names.append(short)
    return frame.rename(dict(zip(frame.columns, names)))


@dataclass
class Inspection:
    """A file read far enough to confirm the mapping: preview, suggested mapping, detected formats."""

    source: read.Source
    kind: str
    preview: pl.DataFrame  # bounded: what the page shows (see `bounded`)
    sample: pl.DataFrame
    mapping: dict[str, str]
    missing: list[tuple[str, ...]]
    options: vd.ParseOptions
    ambiguous_dates: list[str] = field(default_factory=list)
    mixed_dates: list[str] = field(default_factory=list)
    suggested: dict[str, str] = field(default_factory=dict)
    date_order: parse.DateOrder | None = None
    text_path: Path | None = None
    work_dir: Path | None = None

    @property
    def columns(self) -> list[str]:
        """The file's column names."""
        return list(self.source.columns)

    def lazy(self) -> pl.LazyFrame:
        """All rows as text columns (scanned, not loaded)."""
        return read.scan(self.source, self.text_path)

    def cleanup(self) -> None:
        """Delete the temporary UTF-8 copy (or the workbook sheet's Parquet copy), if one was made."""
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None
            self.text_path = None


@dataclass
class IngestResult:
    """The report and the Parquet files written (loaded rows in canonical form; rejected rows as read)."""

    report: vd.Report
    loaded_path: Path | None
    rejected_path: Path | None


def inspect(
    path: str | Path,
    kind: str,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    date_order: parse.DateOrder | None = None,
    progress: Progress = _noop,
    work_root: Path | None = None,
) -> Inspection:
    """Read enough of ``path`` to suggest (or check) the mapping and decide how to parse every field.

    Non-UTF-8 text is transcoded to a temporary UTF-8 copy here, in a folder made under ``work_root``
    (a staging area of the workspace; default: the system's temporary folder); call ``cleanup()`` when done.
    """
    if kind not in mp.KINDS:
        raise IngestError("unknown_kind", kind=kind)
    with unreadable_as_error(Path(path).name):
        return _inspect(path, kind, sheet, mapping, date_order, progress, work_root)


def _inspect(
    path: str | Path,
    kind: str,
    sheet: str | None,
    mapping: Mapping[str, str] | None,
    date_order: parse.DateOrder | None,
    progress: Progress,
    work_root: Path | None,
) -> Inspection:
    source = read.sniff(path, sheet=sheet)
    work_dir: Path | None = None
    text_path: Path | None = None
    if source.needs_transcoding or source.format == "xlsx":
        work_dir = Path(tempfile.mkdtemp(prefix="ingest-", dir=work_root))
    try:
        if source.needs_transcoding:
            text_path = read.transcode_to_utf8(source.path, source.encoding, work_dir,
                                               lambda f: progress(f, "decode"))
        elif source.format == "xlsx":
            text_path = read.sheet_to_parquet(source, work_dir)
        sample = read.scan(source, text_path).head(SAMPLE_ROWS).collect()
        if sample.height == 0:
            raise IngestError("no_rows", file=source.path.name)
        suggested = mp.suggest_mapping(kind, source.columns, sample)
        insp = Inspection(
            source=source, kind=kind, preview=bounded(sample), sample=sample, mapping={}, missing=[],
            options=vd.ParseOptions(), suggested=suggested, text_path=text_path, work_dir=work_dir,
        )
        return remap(insp, suggested if mapping is None else mapping, date_order)
    except BaseException:
        if work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)
        raise


def remap(insp: Inspection, mapping: Mapping[str, str], date_order: parse.DateOrder | None = None) -> Inspection:
    """The inspection with another mapping (and day/month choice), without reading the sample again."""
    try:
        chosen = mp.validate_mapping(insp.kind, mapping, insp.source.columns)
    except KeyError as exc:
        raise IngestError("bad_mapping", item=str(exc.args[0])) from exc
    options, ambiguous, mixed = _detect_options(insp.kind, chosen, insp.sample, insp.lazy(), date_order)
    if insp.kind == "communications":
        options = replace(options, source_name=Path(insp.source.path).stem)
    return replace(
        insp, mapping=chosen, missing=mp.missing_required(insp.kind, chosen), options=options,
        ambiguous_dates=ambiguous, mixed_dates=mixed, date_order=date_order,
    )


def _detect_options(
    kind: str,
    mapping: Mapping[str, str],
    sample: pl.DataFrame,
    lf: pl.LazyFrame,
    date_order: parse.DateOrder | None,
) -> tuple[vd.ParseOptions, list[str], list[str]]:
    """Date formats and number styles per mapped field; fields whose day/month order stays undecided."""
    dates: dict[str, parse.DateFormat] = {}
    numbers: dict[str, parse.NumberStyle] = {}
    undecided: dict[str, parse.DateFormat] = {}
    for f in mp.FIELDS[kind]:
        col = mapping.get(f.name)
        if not col:
            continue
        if f.parser in ("date", "datetime"):
            det = parse.detect_date_format(sample[col])
            if det.format is None:
                continue
            if det.ambiguous:
                undecided[f.name] = det.format
            dates[f.name] = det.format
        elif f.parser in ("money", "score"):
            numbers[f.name] = parse.detect_number_style(sample[col])
    ambiguous: list[str] = []
    mixed: list[str] = []
    if undecided:
        # The sample fits both orders: look at every value of those columns before asking the user.
        cols = {name: mapping[name] for name in undecided}
        row = lf.select(
            [e.alias(f"{name}.{e.meta.output_name()}") for name, col in cols.items()
             for e in parse.order_evidence_exprs(col)]
        ).collect(engine="streaming").row(0, named=True)
        for name, fmt in undecided.items():
            ev = parse.OrderEvidence(*(int(row[f"{name}.{k}"] or 0) for k in ("dmy_only", "mdy_only", "differ")))
            order = ev.order()
            if ev.mixed:
                mixed.append(name)
            if order is None:
                if date_order is None:
                    ambiguous.append(name)
                    continue
                order = date_order
            dates[name] = fmt.with_order(order)
    return vd.ParseOptions(dates, numbers), ambiguous, mixed


def ensure_ready(insp: Inspection) -> None:
    """Raise the user-facing error that stops an upload: unmapped required fields or undecided dates."""
    if insp.missing:
        raise IngestError("missing_required", fields=[list(g) for g in insp.missing])
    if insp.ambiguous_dates:
        raise IngestError("ambiguous_dates", fields=[[f] for f in insp.ambiguous_dates])
    primary = vd.PRIMARY_DATE.get(insp.kind)
    if primary and primary not in insp.options.dates:
        raise IngestError("date_format_unknown", column=insp.mapping[primary])


def parsed_preview(insp: Inspection) -> pl.DataFrame:
    """The preview rows as they would load: row number, canonical columns and the rejection reason
    (duplicates and the date range need the whole file and are not checked here)."""
    if insp.missing or insp.ambiguous_dates:
        return pl.DataFrame()
    lf = insp.sample.head(PREVIEW_ROWS).lazy().with_row_index(vd.ROW, offset=insp.source.first_row)
    for step in vd.stages(insp.kind, insp.mapping, insp.options):
        lf = lf.with_columns(step)
    lf = lf.with_columns(vd.reason(insp.kind, insp.mapping, None, None, _ragged(insp, PREVIEW_ROWS)))
    parsed = lf.select(vd.ROW, *vd.canonical_columns(insp.kind, insp.mapping, insp.options), vd.REASON).collect()
    return bounded(parsed)


def with_date_order(insp: Inspection, order: parse.DateOrder) -> Inspection:
    """The inspection with the user's day/month choice applied to every undecided date field."""
    dates = dict(insp.options.dates)
    for name in insp.ambiguous_dates:
        dates[name] = dates[name].with_order(order)
    return replace(insp, options=replace(insp.options, dates=dates), ambiguous_dates=[])


def _staged(
    insp: Inspection, mapping: Mapping[str, str] | None = None, options: vd.ParseOptions | None = None
) -> pl.LazyFrame:
    """All rows with the row number and the staged columns (trimmed text, parsed values, key)."""
    lf = insp.lazy().with_row_index(vd.ROW, offset=insp.source.first_row)
    chosen = insp.mapping if mapping is None else mapping
    for step in vd.stages(insp.kind, chosen, options or insp.options):
        lf = lf.with_columns(step)
    return lf


@dataclass
class Plan:
    """What the main pass applies beyond the row checks: the date fence, repeated keys, plain money."""

    fence: tuple[dt.date, dt.date] | None = None
    duplicates: pl.Series = field(default_factory=lambda: pl.Series(vd.ROW, [], dtype=pl.UInt32))
    plain_numbers: frozenset[str] = frozenset()
    ragged: vd.Ragged | None = None


def _ragged(insp: Inspection, limit: int | None = None) -> vd.Ragged:
    """The rows with more or fewer fields than the header, numbered as the other rows (``vd.ROW``); of the
    first `limit` rows only when given."""
    found = read.ragged_rows(insp.source, insp.text_path, limit)
    rows = found.select((pl.col("row") + insp.source.first_row - 1).cast(pl.UInt32).alias(vd.ROW), "fields")
    return vd.Ragged(rows, len(insp.columns))


def _plain_in_sample(insp: Inspection) -> frozenset[str]:
    """Money fields whose sampled values are all bare numbers (tried first with the cheap parser)."""
    plain = set()
    for name, style in insp.options.numbers.items():
        col = insp.mapping.get(name)
        if col and mp.field(insp.kind, name).parser == "money":
            ok = insp.sample.select(
                parse.text(pl.col(col)).str.contains(style.plain_pattern).fill_null(True).all()
            ).item()
            if ok:
                plain.add(name)
    return frozenset(plain)


def _duplicate_rows(insp: Inspection) -> pl.Series:
    """Row numbers whose dedupe key appeared on an earlier row (12 bytes a row held while computing)."""
    kind, mapping = insp.kind, insp.mapping
    key = vd.dedupe_field(kind, mapping)
    empty = pl.Series(vd.ROW, [], dtype=pl.UInt32)
    if key is None:
        return empty
    names = ["order_id"] if kind == "orders" else [f for f in mp.KEY_FIELDS if mapping.get(f)]
    sub = {f: mapping[f] for f in names}
    keyed = (
        _staged(insp, sub)
        .filter(pl.col(key).is_not_null())
        .select(vd.ROW, pl.col(key).hash().alias("h"))
        .collect(engine="streaming")
    )
    if keyed["h"].n_unique() == keyed.height:
        return empty
    later = keyed.sort(["h", vd.ROW]).filter(pl.col("h") == pl.col("h").shift(1))
    # Hash collisions are possible in principle: compare the real keys of the rows involved.
    suspects = keyed.filter(pl.col("h").is_in(later["h"].unique().implode()))
    real = (
        _staged(insp, sub)
        .join(suspects.lazy().select(vd.ROW), on=vd.ROW, how="semi")
        .select(vd.ROW, pl.col(key).alias("k"))
        .collect(engine="streaming")
        .sort(vd.ROW)
    )
    return real.filter(~pl.col("k").is_first_distinct())[vd.ROW]


@dataclass(frozen=True)
class _Paths:
    loaded: Path
    rejected: Path
    blanked: Path


def _main_pass(insp: Inspection, plan: Plan, paths: _Paths) -> vd.ParseOptions:
    """Parse and check every row once, writing loaded, rejected and blanked-value rows (three sinks)."""
    kind, mapping = insp.kind, insp.mapping
    numbers = {n: replace(st, plain=n in plan.plain_numbers) for n, st in insp.options.numbers.items()}
    options = replace(insp.options, numbers=numbers)
    rows = _staged(insp, options=options).with_columns(
        vd.reason(kind, mapping, plan.fence, plan.duplicates, plan.ragged))
    ok = pl.col(vd.REASON).is_null()
    outputs = [
        rows.filter(ok).select(vd.canonical_columns(kind, mapping, options))
        .sink_parquet(paths.loaded, lazy=True, **PARQUET),
        rows.filter(~ok).select(vd.ROW, vd.REASON, *insp.columns).sink_parquet(paths.rejected, lazy=True, **PARQUET),
    ]
    blanked = vd.blanked_flags(kind, mapping)
    if blanked:
        # A third sink, not an aggregation: sinks share one pass over the file, an aggregation would not.
        outputs.append(rows.filter(ok & pl.any_horizontal(blanked)).select(blanked)
                       .sink_parquet(paths.blanked, lazy=True))
    pl.collect_all(outputs, engine="streaming")
    return options


def _fence_of(loaded: Path, column: str) -> tuple[dt.date, dt.date] | None:
    """The far-out fence of the loaded dates (Tukey, from the exact quartiles)."""
    days = pl.scan_parquet(loaded).select(pl.col(column).cast(pl.Date).cast(pl.Int32)).collect()[column].drop_nulls()
    if days.len() == 0:
        return None
    epoch = dt.date(1970, 1, 1)
    q1 = epoch + dt.timedelta(days=int(days.quantile(0.25, "lower")))
    q3 = epoch + dt.timedelta(days=int(days.quantile(0.75, "higher")))
    return vd.fence(q1, q3)


def _has_repeats(insp: Inspection, paths: _Paths) -> bool:
    """Whether any dedupe key occurs twice among all rows (loaded keys plus the rejected rows' raw keys)."""
    kind, mapping = insp.kind, insp.mapping
    if vd.dedupe_field(kind, mapping) is None:
        return False
    column = "order_id" if kind == "orders" else "customer_id"
    keys = [pl.scan_parquet(paths.loaded).select(pl.col(column).alias("k"))]
    if kind == "orders":
        raw = parse.text(pl.col(mapping["order_id"])).alias("k")
        keys.append(pl.scan_parquet(paths.rejected).select(raw))
    # Hashes (8 bytes a row) rather than the keys themselves; a collision only costs the exact check.
    hashes = pl.concat(keys).filter(pl.col("k").is_not_null()).select(pl.col("k").hash()).collect(engine="streaming")
    return hashes["k"].n_unique() < hashes.height


def _plain_failed(insp: Inspection, plan: Plan, paths: _Paths) -> frozenset[str]:
    """Money fields read with the cheap parser where some value needed the full one after all."""
    failed = set()
    for name in plan.plain_numbers:
        if name == "amount" and insp.kind in vd.AMOUNT_REQUIRED:
            style = replace(insp.options.numbers[name], plain=False)
            raw = parse.text(pl.col(insp.mapping[name]))
            hits = (
                pl.scan_parquet(paths.rejected)
                .filter(pl.col(vd.REASON) == "amount_invalid")
                .select(parse.money(raw, style).is_not_null().any())
                .collect()
                .item()
            )
        else:
            hits = bool(vd.blanked_flags(insp.kind, {name: insp.mapping[name]})) and paths.blanked.exists() and (
                pl.scan_parquet(paths.blanked).select(pl.col(name).any()).collect().item()
            )
        if hits:
            failed.add(name)
    return frozenset(failed)


def ingest(
    insp: Inspection, out_dir: str | Path, progress: Progress = _noop, loaded_path: Path | None = None
) -> IngestResult:
    """Validate every row; write the loaded rows (canonical schema) to ``loaded_path`` (default
    ``out_dir/loaded.parquet``) and the rejected rows, as read plus row number and reason, to
    ``out_dir/rejected.parquet``.

    Optimistic: one pass with the cheap money parser where the sample allows it and without the
    whole-file checks; then, reading the written Parquet, the date fence, repeated keys and any money
    value the cheap parser missed are checked, and only when one of them finds something is the file
    passed over again with that knowledge (so a clean export is read once).
    """
    ensure_ready(insp)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kind, mapping = insp.kind, insp.mapping
    paths = _Paths(loaded_path or out / "loaded.parquet", out / "rejected.parquet", out / "blanked.parquet")
    progress(0.02, "read")
    plan = Plan(plain_numbers=_plain_in_sample(insp), ragged=_ragged(insp))
    progress(0.1, "validate")
    options = _main_pass(insp, plan, paths)
    progress(0.6, "profile")
    primary = vd.PRIMARY_DATE.get(kind)
    rerun = False
    if primary:
        plan.fence = _fence_of(paths.loaded, primary)
        if plan.fence is not None:
            outside = (
                pl.scan_parquet(paths.loaded)
                .select((~pl.col(primary).cast(pl.Date).is_between(*plan.fence)).any())
                .collect()
                .item()
            )
            rerun |= bool(outside)
    if _has_repeats(insp, paths):
        plan.duplicates = _duplicate_rows(insp)
        rerun |= plan.duplicates.len() > 0
    failed = _plain_failed(insp, plan, paths)
    if failed:
        plan.plain_numbers = plan.plain_numbers - failed
        rerun = True
    if rerun:
        progress(0.7, "validate")
        options = _main_pass(insp, plan, paths)
    progress(0.9, "report")
    rejected = pl.scan_parquet(paths.rejected)
    n_loaded = pl.scan_parquet(paths.loaded).select(pl.len()).collect().item()
    counts = dict(rejected.group_by(vd.REASON).len().collect().iter_rows())
    n_rejected_rows = sum(counts.values())
    n_dups = int(counts.pop(vd.DUPLICATE, 0))
    blanked = vd.blanked_flags(kind, mapping)
    blanked_counts = pl.read_parquet(paths.blanked).sum().row(0, named=True) if blanked else {}
    date_range = None
    if primary and n_loaded:
        day = pl.col(primary).cast(pl.Date)
        span = pl.scan_parquet(paths.loaded).select(day.min().alias("lo"), day.max().alias("hi"))
        lo, hi = span.collect().row(0)
        date_range = (lo.isoformat(), hi.isoformat()) if lo else None
    report = vd.Report(
        kind=kind,
        file_name=insp.source.path.name,
        rows_read=n_loaded + n_rejected_rows,
        loaded=n_loaded,
        rejected=n_rejected_rows - n_dups,
        duplicates=n_dups,
        rejected_by_reason={code: int(counts[code]) for code in vd.REASONS if counts.get(code)},
        examples=vd.example_rows(rejected, mapping, kind, plan.ragged),
        blanked={k: int(v) for k, v in blanked_counts.items() if v},
        mapping=dict(mapping),
        date_formats={name: f.label for name, f in options.dates.items() if name in mapping},
        date_range=date_range,
        fence=tuple(d.isoformat() for d in plan.fence) if plan.fence else None,
        passes=2 if rerun else 1,
    )
    progress(1.0, "done")
    return IngestResult(report, paths.loaded if n_loaded else None, paths.rejected if n_rejected_rows else None)
