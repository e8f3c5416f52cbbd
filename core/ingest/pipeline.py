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
from core.ingest.errors import IngestError

SAMPLE_ROWS = 50_000
# zstd level 1: a quarter less CPU than the default level 3 for files no larger.
PARQUET: dict[str, object] = {"compression": "zstd", "compression_level": 1}
PREVIEW_ROWS = 20
Progress = Callable[[float, str], None]


def _noop(_fraction: float, _stage: str) -> None:
    """Progress callback that ignores reports."""


@dataclass
class Inspection:
    """A file read far enough to confirm the mapping: preview, suggested mapping, detected formats."""

    source: read.Source
    kind: str
    preview: pl.DataFrame
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
        """Delete the temporary UTF-8 copy, if one was made."""
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
) -> Inspection:
    """Read enough of ``path`` to suggest (or check) the mapping and decide how to parse every field.

    Non-UTF-8 text is transcoded to a temporary UTF-8 copy here (call ``cleanup()`` when done).
    """
    if kind not in mp.KINDS:
        raise IngestError("unknown_kind", kind=kind)
    source = read.sniff(path, sheet=sheet)
    work_dir: Path | None = None
    text_path: Path | None = None
    if source.needs_transcoding:
        work_dir = Path(tempfile.mkdtemp(prefix="ingest-"))
        text_path = read.transcode_to_utf8(source.path, source.encoding, work_dir, lambda f: progress(f, "decode"))
    try:
        sample = read.scan(source, text_path).head(SAMPLE_ROWS).collect()
        if sample.height == 0:
            raise IngestError("no_rows", file=source.path.name)
        suggested = mp.suggest_mapping(kind, source.columns, sample)
        insp = Inspection(
            source=source, kind=kind, preview=sample.head(PREVIEW_ROWS), sample=sample, mapping={}, missing=[],
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
    lf = insp.preview.lazy().with_row_index(vd.ROW, offset=1)
    for step in vd.stages(insp.kind, insp.mapping, insp.options):
        lf = lf.with_columns(step)
    lf = lf.with_columns(vd.reason(insp.kind, insp.mapping, None, None))
    return lf.select(vd.ROW, *vd.canonical_columns(insp.kind, insp.mapping, insp.options), vd.REASON).collect()


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
    lf = insp.lazy().with_row_index(vd.ROW, offset=1)
    chosen = insp.mapping if mapping is None else mapping
    for step in vd.stages(insp.kind, chosen, options or insp.options):
        lf = lf.with_columns(step)
    return lf


@dataclass
class Profile:
    """What the whole file says before the main pass: date range and fence, repeated keys, plain numbers."""

    date_range: tuple[dt.date, dt.date] | None = None
    fence: tuple[dt.date, dt.date] | None = None
    duplicates: pl.Series = field(default_factory=lambda: pl.Series(vd.ROW, [], dtype=pl.UInt32))
    plain_numbers: frozenset[str] = frozenset()


def _profile(insp: Inspection) -> Profile:
    """One pass over the primary date, the dedupe key and the money columns (12 bytes a row kept)."""
    kind, mapping, options = insp.kind, insp.mapping, insp.options
    primary = vd.PRIMARY_DATE.get(kind)
    key = vd.dedupe_field(kind, mapping)
    money = [f.name for f in mp.FIELDS[kind] if f.parser == "money" and mapping.get(f.name)]
    needed = {f for f in (primary, "order_id" if kind == "orders" else None) if f and mapping.get(f)}
    if kind == "customers":
        needed |= {f for f in mp.KEY_FIELDS if mapping.get(f)}
    exprs: list[pl.Expr] = []
    if primary:
        exprs.append(pl.col(vd.P(primary)).alias("d"))
    if key is not None:
        exprs.append(pl.col(key).hash().alias("h"))
        exprs.append(pl.col(key).is_not_null().alias("has_key"))
    for name in money:
        pattern = options.numbers.get(name, parse.NumberStyle()).plain_pattern
        plain = pl.col(mapping[name]).str.strip_chars().str.contains(pattern).fill_null(True)
        exprs.append(plain.alias(f"plain.{name}"))
    profile = Profile()
    if not exprs:
        return profile
    sub = {f: mapping[f] for f in needed}
    df = _staged(insp, sub).select(pl.col(vd.ROW), *exprs).collect(engine="streaming")
    profile.plain_numbers = frozenset(name for name in money if df[f"plain.{name}"].all())
    if primary:
        d = df["d"].drop_nulls()
        if d.len():
            days = d.cast(pl.Int32)
            epoch = dt.date(1970, 1, 1)
            q1 = epoch + dt.timedelta(days=int(days.quantile(0.25, "lower")))
            q3 = epoch + dt.timedelta(days=int(days.quantile(0.75, "higher")))
            profile.fence = vd.fence(q1, q3)
            inside = d.filter(d.is_between(*profile.fence))
            if inside.len():
                profile.date_range = (inside.min(), inside.max())
    if key is not None:
        keyed = df.filter(pl.col("has_key")).select(vd.ROW, "h")
        if keyed["h"].n_unique() < keyed.height:
            profile.duplicates = _later_occurrences(insp, keyed, sub, key)
    return profile


def _later_occurrences(insp: Inspection, keyed: pl.DataFrame, sub: Mapping[str, str], key: str) -> pl.Series:
    """Row numbers whose key appeared on an earlier row (hash first, then confirmed on the key text)."""
    later = keyed.sort(["h", vd.ROW]).filter(pl.col("h") == pl.col("h").shift(1))
    if later.height == 0:
        return later[vd.ROW]
    suspects = keyed.filter(pl.col("h").is_in(later["h"].unique().implode()))
    real = (
        _staged(insp, sub)
        .join(suspects.lazy().select(vd.ROW), on=vd.ROW, how="semi")
        .select(vd.ROW, pl.col(key).alias("k"))
        .collect(engine="streaming")
        .sort(vd.ROW)
    )
    return real.filter(~pl.col("k").is_first_distinct())[vd.ROW]


def ingest(
    insp: Inspection, out_dir: str | Path, progress: Progress = _noop, loaded_path: Path | None = None
) -> IngestResult:
    """Validate every row; write the loaded rows (canonical schema) to ``loaded_path`` (default
    ``out_dir/loaded.parquet``) and the rejected rows, as read plus row number and reason, to
    ``out_dir/rejected.parquet``."""
    ensure_ready(insp)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kind, mapping = insp.kind, insp.mapping
    progress(0.1, "profile")
    prof = _profile(insp)
    numbers = {n: replace(st, plain=n in prof.plain_numbers) for n, st in insp.options.numbers.items()}
    options = replace(insp.options, numbers=numbers)
    progress(0.4, "validate")
    rows = _staged(insp, options=options).with_columns(vd.reason(kind, mapping, prof.fence, prof.duplicates))
    loaded_path = loaded_path or out / "loaded.parquet"
    rejected_path, blanked_path = out / "rejected.parquet", out / "blanked.parquet"
    ok = pl.col(vd.REASON).is_null()
    outputs = [
        rows.filter(ok).select(vd.canonical_columns(kind, mapping, options)).sink_parquet(loaded_path, lazy=True, **PARQUET),
        rows.filter(~ok).select(vd.ROW, vd.REASON, *insp.columns).sink_parquet(rejected_path, lazy=True, **PARQUET),
    ]
    blanked = vd.blanked_flags(kind, mapping)
    if blanked:
        # A third sink, not an aggregation: sinks share one pass over the file, an aggregation would not.
        any_blank = pl.any_horizontal(blanked)
        outputs.append(rows.filter(ok & any_blank).select(blanked).sink_parquet(blanked_path, lazy=True))
    pl.collect_all(outputs, engine="streaming")
    progress(0.9, "report")
    rejected = pl.scan_parquet(rejected_path)
    n_loaded = pl.scan_parquet(loaded_path).select(pl.len()).collect().item()
    counts = dict(rejected.group_by(vd.REASON).len().collect().iter_rows())
    n_rejected_rows = sum(counts.values())
    n_dups = int(counts.pop(vd.DUPLICATE, 0))
    blanked_counts = pl.read_parquet(blanked_path).sum().row(0, named=True) if blanked else {}
    fmt = {name: f.label for name, f in options.dates.items() if name in mapping}
    report = vd.Report(
        kind=kind,
        file_name=insp.source.path.name,
        rows_read=n_loaded + n_rejected_rows,
        loaded=n_loaded,
        rejected=n_rejected_rows - n_dups,
        duplicates=n_dups,
        rejected_by_reason={code: int(counts[code]) for code in vd.REASONS if counts.get(code)},
        examples=vd.example_rows(rejected, mapping, kind),
        blanked={k: int(v) for k, v in blanked_counts.items() if v},
        mapping=dict(mapping),
        date_formats=fmt,
        date_range=tuple(d.isoformat() for d in prof.date_range) if prof.date_range else None,
        fence=tuple(d.isoformat() for d in prof.fence) if prof.fence else None,
    )
    progress(1.0, "done")
    return IngestResult(report, loaded_path if n_loaded else None, rejected_path if n_rejected_rows else None)
