"""Sniff and decode uploaded exports (CSV in any common encoding, Excel, Parquet) into string columns.

Every reader returns a ``pl.LazyFrame`` whose columns are all ``pl.String``: parsing into canonical types is
the job of ``core.ingest.parse``. CSV and Parquet are scanned lazily, so the Polars streaming engine keeps
memory bounded; windows-1251 and UTF-16 files are first transcoded to a temporary UTF-8 file in chunks.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from core.ingest.errors import IngestError

Format = Literal["csv", "xlsx", "parquet"]

SEPARATORS: tuple[str, ...] = (";", ",", "\t", "|")
SNIFF_BYTES = 256 * 1024
CHUNK_BYTES = 8 * 1024 * 1024
EXCEL_HEADER_SCAN_ROWS = 30
# An Excel workbook is read whole into memory (several times its unpacked size), so its unpacked parts
# (sheets, shared strings) may add up to this much: about 300,000 rows of ten columns. A larger export
# is refused with a message saying to save it as CSV, which is read streaming at any size.
XLSX_MAX_UNPACKED = 100 * 2**20
XLSX_MAX_PARTS = 10_000


@dataclass(frozen=True)
class Source:
    """What a file is: its format and, for text, encoding and separator; for Excel, its sheets."""

    path: Path
    format: Format
    encoding: str = "utf-8"
    separator: str = ","
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    header_row: int = 0
    columns: tuple[str, ...] = field(default_factory=tuple)

    @property
    def first_row(self) -> int:
        """The row number the file's first data row has as its user counts rows (Excel, a text editor): the
        header is row 1 of a CSV; a workbook's header may stand lower, under a title; Parquet has no header row."""
        if self.format == "parquet":
            return 1
        return self.header_row + 2

    @property
    def needs_transcoding(self) -> bool:
        """True when the CSV is not UTF-8 and must be rewritten before Polars can scan it."""
        return self.format == "csv" and self.encoding not in ("utf-8", "utf-8-sig")


def detect_format(path: Path) -> Format:
    """Tell xlsx (a zip), Parquet (``PAR1`` magic) and text apart by content, falling back to the name."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"PAR1":
        return "parquet"
    if head[:2] == b"PK":
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".xls":
        raise IngestError("xls_unsupported", detail=path.name)
    if suffix == ".parquet":
        return "parquet"
    return "csv"


def detect_encoding(head: bytes) -> str:
    """Pick the encoding of a text file from its first bytes: BOMs first, then UTF-8, then windows-1251."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le-bom"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be-bom"
    if head:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = len(head) / 2
        if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
            return "utf-16-le"
        if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
            return "utf-16-be"
    try:
        # A multi-byte character may be cut at the end of the sample: decode incrementally, not final.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"


def _python_codec(encoding: str) -> str:
    """Python codec for one of our encoding labels (the BOM variants strip their BOM while decoding)."""
    return {"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(encoding, encoding)


def decode_head(path: Path, encoding: str, size: int = SNIFF_BYTES) -> str:
    """Decode the first ``size`` bytes of a text file, ignoring a character cut at the end."""
    with open(path, "rb") as fh:
        raw = fh.read(size)
    return codecs.getincrementaldecoder(_python_codec(encoding))(errors="replace").decode(raw, final=False)


def detect_separator(text: str) -> str:
    """Choose the separator that splits the sample lines into the same number (>1) of fields most often."""
    lines = text.splitlines()
    if len(lines) > 1 and len(text) >= SNIFF_BYTES - 4:
        lines = lines[:-1]  # the last line may be cut by the sample size
    sample = "\n".join(lines[:200])
    best, best_score = ",", (0.0, 0)
    for sep in SEPARATORS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=sep) if row]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score > best_score:
            best, best_score = sep, score
    return best


def sniff(path: str | Path, sheet: str | None = None) -> Source:
    """Describe a file: format, encoding and separator (CSV) or sheets and header row (Excel), columns."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise IngestError("empty_file", detail=path.name)
    fmt = detect_format(path)
    if fmt == "parquet":
        try:
            columns = tuple(pl.scan_parquet(path).collect_schema().names())
        except Exception as exc:  # noqa: BLE001 - any decoding failure is reported to the user
            raise IngestError("unreadable", detail=f"{path.name}: {exc}") from exc
        return Source(path, "parquet", columns=columns)
    if fmt == "xlsx":
        return _sniff_excel(path, sheet)
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    text = decode_head(path, encoding)
    separator = detect_separator(text)
    first = next(csv.reader(io.StringIO(text), delimiter=separator), [])
    columns = tuple(_clean_header(first))
    if not columns:
        raise IngestError("no_header", detail=path.name)
    return Source(path, "csv", encoding=encoding, separator=separator, columns=columns)


def _clean_header(names: list[str]) -> list[str]:
    """Strip a BOM and whitespace from header names and make them unique and non-empty."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    for i, raw in enumerate(names):
        name = str(raw).replace("\ufeff", "").strip() or f"column_{i + 1}"
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def list_sheets(path: str | Path) -> list[str]:
    """Names of the worksheets of an ``.xlsx`` file, in workbook order."""
    import fastexcel

    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except Exception as exc:  # noqa: BLE001
        raise IngestError("unreadable", detail=f"{Path(path).name}: {exc}") from exc


def check_xlsx_size(path: Path, limit: int = XLSX_MAX_UNPACKED) -> int:
    """Refuse a workbook whose unpacked parts exceed `limit` bytes before any of it is parsed; return its
    unpacked size.

    The sizes the zip declares are checked first (no reading at all); then every part is inflated in
    chunks and counted, stopping at the limit, since a crafted file may declare less than it holds
    (Python's zip reader stops at the declared size and the checksum then fails: unreadable).
    """
    import zipfile

    too_large = lambda size: IngestError(  # noqa: E731
        "xlsx_too_large", file=path.name, size=_megabytes(size), limit=_megabytes(limit))
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            if len(parts) > XLSX_MAX_PARTS:
                raise IngestError("unreadable", detail=f"{path.name}: {len(parts)} parts")
            declared = sum(part.file_size for part in parts)
            if declared > limit:
                raise too_large(declared)
            total = 0
            for part in parts:
                with book.open(part) as stream:
                    while chunk := stream.read(CHUNK_BYTES):
                        total += len(chunk)
                        if total > limit:
                            raise too_large(total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise IngestError("unreadable", detail=f"{path.name}: {exc}") from exc
    return total


def _megabytes(size: int) -> str:
    """A size in whole megabytes, as the messages show it."""
    return f"{-(-size // 2**20)}"


def _sniff_excel(path: Path, sheet: str | None) -> Source:
    """Find the sheet and its header row: 1C reports put a title and blank lines above the table."""
    check_xlsx_size(path)
    sheets = tuple(list_sheets(path))
    if not sheets:
        raise IngestError("no_sheets", detail=path.name)
    if sheet is None:
        sheet = sheets[0]
    elif sheet not in sheets:
        raise IngestError("no_such_sheet", detail=sheet)
    top = _read_excel_raw(path, sheet, header_row=None, n_rows=EXCEL_HEADER_SCAN_ROWS)
    if top.height == 0:
        raise IngestError("empty_sheet", detail=sheet)
    filled = [sum(v is not None and str(v).strip() != "" for v in row) for row in top.iter_rows()]
    widest = max(filled)
    header_row = next(i for i, n in enumerate(filled) if n >= max(2, 0.6 * widest) or n == widest)
    columns = tuple(_clean_header(["" if v is None else str(v) for v in top.row(header_row)]))
    return Source(path, "xlsx", sheets=sheets, sheet=sheet, header_row=header_row, columns=columns)


def _read_excel_raw(path: Path, sheet: str, header_row: int | None, n_rows: int | None = None) -> pl.DataFrame:
    """Read a sheet with calamine, every cell as text (dates in ISO form), without dropping empty rows."""
    read_options: dict[str, object] = {"header_row": header_row}
    if n_rows is not None:
        read_options["n_rows"] = n_rows
    try:
        df = pl.read_excel(
            path,
            sheet_name=sheet,
            engine="calamine",
            read_options=read_options,
            has_header=header_row is not None,
            drop_empty_rows=False,
            drop_empty_cols=False,
            raise_if_empty=False,
        )
    except Exception as exc:  # noqa: BLE001
        raise IngestError("unreadable", detail=f"{path.name}: {exc}") from exc
    return df.select(_as_text(name, dtype) for name, dtype in df.schema.items())


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """Cast one typed column to text the parsers understand (ISO dates, dot decimals)."""
    col = pl.col(name)
    if dtype == pl.Date:
        return col.dt.strftime("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return col.dt.strftime("%Y-%m-%dT%H:%M:%S%z")
        # Excel stores dates as date-times at midnight: write those as plain dates.
        midnight = col.dt.time() == pl.time(0)
        return pl.when(midnight).then(col.dt.strftime("%Y-%m-%d")).otherwise(col.dt.strftime("%Y-%m-%d %H:%M:%S"))
    if dtype.is_float():
        # Whole numbers print without ".0" so identifiers read back as written in the sheet.
        return pl.when(col == col.round(0)).then(col.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(
            col.cast(pl.String)
        )
    return col.cast(pl.String)


def sheet_to_parquet(source: Source, dest_dir: Path) -> Path:
    """Read the workbook's sheet once, as text, into a Parquet copy in `dest_dir`; returns its path.

    A workbook can only be read whole: every later pass over the rows scans this copy instead, in
    bounded memory, rather than parsing the workbook again.
    """
    fd, name = tempfile.mkstemp(suffix=".parquet", prefix="ingest-sheet-", dir=dest_dir)
    os.close(fd)
    try:
        scan(source).collect().write_parquet(name, compression="zstd", compression_level=1)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def transcode_to_utf8(
    path: Path, encoding: str, dest_dir: Path | None = None, progress: Callable[[float], None] | None = None
) -> Path:
    """Rewrite a windows-1251 / UTF-16 text file as UTF-8 in fixed-size chunks; returns the temporary path."""
    decoder = codecs.getincrementaldecoder(_python_codec(encoding))(errors="replace")
    total = max(path.stat().st_size, 1)
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="ingest-utf8-", dir=dest_dir)
    done = 0
    try:
        with open(path, "rb") as src, os.fdopen(fd, "wb") as dst:
            while chunk := src.read(CHUNK_BYTES):
                done += len(chunk)
                dst.write(decoder.decode(chunk).encode("utf-8"))
                if progress is not None:
                    progress(done / total)
            dst.write(decoder.decode(b"", final=True).encode("utf-8"))
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def scan(source: Source, text_path: Path | None = None) -> pl.LazyFrame:
    """A lazy frame of the file's rows with every column as ``pl.String``, columns named as in ``source``.

    For a CSV that needed transcoding pass the UTF-8 copy as ``text_path``; for a workbook, a copy of its
    sheet made by ``sheet_to_parquet`` may be passed (scanned instead of reading the workbook again).
    """
    if source.format == "parquet":
        lf = pl.scan_parquet(source.path)
        schema = lf.collect_schema()
        return lf.select(_as_text(name, dtype) for name, dtype in schema.items())
    if source.format == "xlsx":
        assert source.sheet is not None
        if text_path is not None:
            return pl.scan_parquet(text_path)
        df = _read_excel_raw(source.path, source.sheet, header_row=source.header_row)
        df.columns = list(source.columns)
        return df.lazy()
    if source.needs_transcoding and text_path is None:
        raise ValueError("transcode the file first (transcode_to_utf8) and pass text_path")
    return pl.scan_csv(
        text_path or source.path,
        separator=source.separator,
        infer_schema=False,
        has_header=True,
        new_columns=list(source.columns),
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
        raise_if_empty=False,
    )


def ragged_rows(source: Source, text_path: Path | None = None, limit: int | None = None) -> pl.DataFrame:
    """The data rows of a CSV whose number of fields differs from the header's: ``row`` (the data row's
    ordinal, from 1) and ``fields`` (how many it has; 0 for a blank line). Empty for Excel and Parquet.
    With `limit`, only the first `limit` data rows are looked at (a preview).

    A file without quotes whose every line has the header's number of separators (most exports) is
    checked by Polars in one cheap pass over its lines; any other is read record by record with Python's
    ``csv`` (quoted separators and line breaks counted as the CSV reader counts them). When the records
    counted do not line up with the rows Polars reads, nothing is reported (no row is rejected on a guess).
    """
    empty = pl.DataFrame(schema={"row": pl.UInt32, "fields": pl.UInt32})
    if source.format != "csv":
        return empty
    path = text_path or source.path
    width = len(source.columns)
    if _lines_regular(path, source.separator, width, limit):
        return empty
    rows: list[int] = []
    fields: list[int] = []
    encoding = "utf-8-sig" if text_path is not None or source.encoding in ("utf-8", "utf-8-sig") else source.encoding
    records = 0
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(2**31 - 1)  # a cell of any size counts as one field
        with open(path, encoding=encoding, errors="replace", newline="") as fh:
            reader = csv.reader(fh, delimiter=source.separator)
            next(reader, None)  # the header
            for records, record in enumerate(reader, start=1):
                if limit is not None and records > limit:
                    records = limit
                    break
                if len(record) != width:
                    rows.append(records)
                    fields.append(len(record))
    except csv.Error:
        return empty
    finally:
        csv.field_size_limit(limit)
    if not rows or records != scan(source, text_path).head(limit).select(pl.len()).collect().item():
        return empty
    return pl.DataFrame({"row": rows, "fields": fields}, schema=empty.schema)


def _lines_regular(path: Path, separator: str, width: int, limit: int | None = None) -> bool:
    """Whether every line after the header (the first `limit`) holds ``width - 1`` separators and no quote
    (no field to count: each line is one row)."""
    try:
        line = pl.col("line")
        return bool(
            pl.scan_lines(path).slice(1, limit)
            .select(((line.str.count_matches(separator, literal=True) == width - 1)
                     & ~line.str.contains('"', literal=True)).all())
            .collect(engine="streaming").item()
        )
    except pl.exceptions.PolarsError:
        return False


def preview(source: Source, n: int = 20) -> pl.DataFrame:
    """The first ``n`` rows as text, decoded in Python for the non-UTF-8 encodings (no full transcode)."""
    if source.format != "csv" or not source.needs_transcoding:
        return scan(source).head(n).collect()
    text = decode_head(source.path, source.encoding, size=SNIFF_BYTES)
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        lines = lines[:-1]
    return pl.read_csv(
        "".join(lines).encode("utf-8"),
        separator=source.separator,
        infer_schema=False,
        new_columns=list(source.columns),
        truncate_ragged_lines=True,
        n_rows=n,
    )
