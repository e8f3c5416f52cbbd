"""Bounded reading: an Excel «zip bomb» is refused before it is parsed (by its declared sizes, and by
inflating it when the sizes lie), and a preview sends a bounded amount to the browser."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from core.i18n import t
from core.ingest import pipeline, read
from core.ingest.errors import IngestError, message

ROOT = Path(__file__).resolve().parents[3]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _bomb(path: Path, strings_bytes: int, rows: int = 400) -> Path:
    """A workbook of `rows` orders whose shared strings (the customer names) hold `strings_bytes` bytes of
    one repeated letter: a few hundred kilobytes on disk."""
    each = strings_bytes // rows
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{DOC}"><sheets>'
        '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        + "".join(f'<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>{i + 2}</v></c><c r="B{i + 2}"><v>{100 + i}</v></c></row>'
                  for i in range(rows)) + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        with book.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}"><si><t>Клиент</t></si>'
                          f'<si><t>Сумма</t></si>'.encode())
            for i in range(rows):
                strings.write(f"<si><t>{i:06d}{'x' * each}</t></si>".encode())
            strings.write(b"</sst>")
    return path


def _understate(path: Path, part: str, size: int) -> None:
    """Make the zip's central directory declare `size` unpacked bytes for `part` (a crafted file's lie)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        assert at >= 0
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46: at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at += 4
    path.write_bytes(bytes(data))


def _inspect_in_a_process(path: Path) -> dict:
    """Inspect `path` as an upload does, in a fresh process; its outcome and peak memory (MB)."""
    code = (
        "import json, resource, sys\n"
        "from core.ingest import pipeline\n"
        "from core.ingest.errors import IngestError\n"
        "try:\n"
        "    insp = pipeline.inspect(sys.argv[1], 'orders'); outcome = f'read {insp.sample.height} rows'\n"
        "except IngestError as exc:\n"
        "    outcome = exc.code\n"
        "print(json.dumps({'outcome': outcome, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def baseline_mb() -> int:
    """Peak memory of a process that imports the reader and inspects nothing."""
    code = ("import resource; from core.ingest import pipeline;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout)


def test_a_workbook_unpacking_past_the_limit_is_refused_before_it_is_read(tmp_path, baseline_mb):
    bomb = _bomb(tmp_path / "bomb.xlsx", 2 * read.XLSX_MAX_UNPACKED)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk
    result = _inspect_in_a_process(bomb)
    assert result["outcome"] == "xlsx_too_large"
    # Reading it whole took gigabytes; refused from the zip's directory, it costs next to nothing.
    assert result["peak_mb"] < baseline_mb + 64


def test_a_workbook_that_understates_its_size_is_refused_too(tmp_path, baseline_mb):
    bomb = _bomb(tmp_path / "liar.xlsx", 2 * read.XLSX_MAX_UNPACKED)
    _understate(bomb, "xl/sharedStrings.xml", 1000)
    with zipfile.ZipFile(bomb) as book:
        assert sum(p.file_size for p in book.infolist()) < read.XLSX_MAX_UNPACKED  # looks small
    result = _inspect_in_a_process(bomb)
    assert result["outcome"] == "unreadable"
    assert result["peak_mb"] < baseline_mb + 64


def test_a_workbook_within_the_limit_is_read(tmp_path):
    small = _bomb(tmp_path / "names.xlsx", 2 * 2**20, rows=50)
    insp = pipeline.inspect(small, "orders")
    assert insp.sample.height == 50 and insp.columns == ["Клиент", "Сумма"]


@pytest.mark.parametrize("lang, words", [("ru", "МБ"), ("en", "MB")])
def test_the_refusal_says_the_size_the_limit_and_what_to_do(tmp_path, lang, words):
    bomb = _bomb(tmp_path / "bomb.xlsx", 3 * read.XLSX_MAX_UNPACKED // 2)
    with pytest.raises(IngestError) as error:
        read.sniff(bomb)
    text = message(error.value, lang)
    assert text == t("upload.error.xlsx_too_large", lang, file="bomb.xlsx", size="151", limit="100")
    assert "CSV" in text and words in text


def test_a_preview_sends_bounded_rows_columns_and_cells(tmp_path):
    big_cell = "Я" * 1_000_000
    columns = ["Клиент", "Дата", "Сумма", *(f"Доп {i}" for i in range(200))]
    rows = [[big_cell if i == 0 else f"c{i}", "01.03.2024", "100", *("x" * 300 for _ in range(200))] for i in range(100)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(";".join(r) for r in [columns, *rows]) + "\n", encoding="utf-8")
    insp = pipeline.inspect(path, "orders")
    shown = insp.preview
    assert shown.shape == (pipeline.PREVIEW_ROWS, pipeline.PREVIEW_COLUMNS)
    longest = max(shown[c].str.len_chars().max() for c in shown.columns)
    assert longest == pipeline.PREVIEW_CELL_CHARS
    assert shown["Клиент"][0] == "Я" * (pipeline.PREVIEW_CELL_CHARS - 1) + "…"
    assert shown["Клиент"][1] == "c1"  # short values as they are
    parsed = pipeline.parsed_preview(insp)
    assert parsed.height == pipeline.PREVIEW_ROWS
    assert parsed.select(pl.col(pl.String).str.len_chars().max()).max_horizontal().item() <= pipeline.PREVIEW_CELL_CHARS
    # What the page sends: a few tens of kilobytes, not the megabyte cell.
    assert len(shown.write_csv()) + len(parsed.write_csv()) < 20 * pipeline.PREVIEW_COLUMNS * pipeline.PREVIEW_CELL_CHARS * 2
    assert insp.sample["Клиент"][0] == big_cell  # the data itself is not cut


def test_a_workbook_is_parsed_once_and_later_passes_scan_a_copy(tmp_path, monkeypatch):
    book = _bomb(tmp_path / "orders.xlsx", 2**20, rows=60)
    whole_reads = []
    original = read._read_excel_raw

    def counted(path, sheet, header_row, n_rows=None):
        if n_rows is None:
            whole_reads.append(sheet)
        return original(path, sheet, header_row, n_rows)

    monkeypatch.setattr(read, "_read_excel_raw", counted)
    insp = pipeline.inspect(book, "customers", mapping={"customer_id": "Клиент"})
    result = pipeline.ingest(insp, tmp_path / "out")
    assert result.report.rows_read == 60
    assert whole_reads == ["Лист1"]  # not once per pass over the rows
    insp.cleanup()
    assert not list(tmp_path.glob("**/ingest-sheet-*"))
