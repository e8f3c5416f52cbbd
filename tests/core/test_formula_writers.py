"""Every CSV and XLSX the product writes, on a page or on the command line, neutralises formulas.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run by a spreadsheet as a
formula (`=cmd|' /C calc'!A0` starts a program in old Excel); `core.export.neutralise` puts a `'`
before it. The files come from one CSV writer (`export.csv_bytes`) and one XLSX writer
(`export.xlsx_bytes`); this file checks each download through its real path, and that no other
module writes CSV or XLSX by itself.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import polars as pl
import pytest

from core import export, quality
from core.cli import main
from core.ingest import publish
from tests.conftest import publish_frames

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1")
FORMULA = re.compile(r"^[=+\-@\t\r]")


def csv_cells(data: bytes) -> list[str]:
    """Every cell of a `;`-separated CSV for Excel."""
    assert data.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
            for cell in row]


def xlsx_cells(data: bytes) -> list[str]:
    """Every text cell of the first sheet."""
    book = pl.read_excel(io.BytesIO(data), engine="calamine", has_header=False, infer_schema_length=0)
    return [str(v) for row in book.iter_rows() for v in row if v is not None]


def assert_no_formula(cells: list[str], payloads: tuple[str, ...] = PAYLOADS) -> None:
    runnable = [c for c in cells if FORMULA.match(c)]
    assert runnable == []
    for payload in payloads:  # each payload arrives, made text
        assert "'" + payload in cells


def test_rejected_rows_of_an_upload_are_neutralised(workspace, tmp_path):
    # Each row is rejected (its amount is not a number); its other cells hold the payloads as they came.
    # (Values are trimmed on reading, so the tab and carriage return cases are left to the unit tests.)
    payloads = PAYLOADS[:4]
    lines = ["Номер;Клиент;Дата;Сумма"] + [f'"{p}";c{i};01.03.2024;сто' for i, p in enumerate(payloads)]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = publish.upload(workspace, path, "orders")
    assert report.rejected == len(payloads)
    data = publish.rejected_csv_bytes(publish.rejected_file(workspace, report.upload_id), "ru")
    assert_no_formula(csv_cells(data), payloads)


@pytest.mark.parametrize("writer", ["csv_bytes", "csv_bytes_comma", "to_csv", "quality"])
def test_every_csv_writer_neutralises(writer):
    frame = pl.DataFrame({"name": list(PAYLOADS), "amount": [-5.5] * len(PAYLOADS)})
    data = {"csv_bytes": lambda: export.csv_bytes(frame),
            "csv_bytes_comma": lambda: export.csv_bytes(frame, ","),
            "to_csv": lambda: export.to_csv(frame, {"name": "Имя"}),
            "quality": lambda: quality.csv_bytes(frame, {"name": "Имя"})}[writer]()
    separator = "," if writer == "csv_bytes_comma" else ";"
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator)
             for c in row]
    assert_no_formula([c for c in cells if not c.startswith("-5")])  # a negative number stays a number
    assert "-5,5" in cells or "-5.5" in cells


def test_xlsx_writer_neutralises():
    frame = pl.DataFrame({"name": list(PAYLOADS), "amount": [-5.5] * len(PAYLOADS)})
    assert_no_formula([c for c in xlsx_cells(export.xlsx_bytes(frame)) if c != "-5.5"])


def test_segment_export_on_the_command_line_neutralises(workspace, tmp_path):
    publish_frames(workspace, {
        "customers": [{"customer_id": f"c{i}", "name": p, "city": p} for i, p in enumerate(PAYLOADS)],
        "orders": [{"order_id": str(i), "customer_id": f"c{i}", "order_date": dt.date(2026, 3, 1), "amount": 10.0}
                   for i in range(len(PAYLOADS))],
    })
    path = workspace.path
    workspace.close()
    rules = tmp_path / "all.json"
    rules.write_text('{"all": []}', encoding="utf-8")
    for suffix, cells in ((".csv", csv_cells), (".xlsx", xlsx_cells)):
        out = tmp_path / f"all{suffix}"
        assert main(["--workspace", str(path), "segment", "export", "--rules", str(rules), "--out", str(out),
                     "--columns", "customer_id,name,city"]) == 0
        assert_no_formula(cells(out.read_bytes()))


def test_no_module_writes_csv_or_xlsx_but_the_one_writer():
    # A new download must go through core/export.py (csv_bytes / xlsx_bytes), which neutralises formulas.
    writers = re.compile(r"\.write_csv\(|\.write_excel\(|\.sink_csv\(|xlsxwriter|csv\.writer\(|openpyxl|COPY .* TO ")
    offenders = [str(p.relative_to(ROOT)) for folder in ("core", "ui", "pages") for p in (ROOT / folder).rglob("*.py")
                 if p != ROOT / "core" / "export.py" and writers.search(p.read_text(encoding="utf-8"))]
    offenders += [p.name for p in ROOT.glob("*.py") if writers.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
