"""Reading exports: encodings, separators, quoting and CRLF, Excel sheets and header rows, Parquet."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from core.ingest import read
from core.ingest.errors import IngestError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"

ROWS = [["Номер", "Клиент", "Комментарий"], ["1", "Ёлкина", "да, с запятой; и точкой с запятой | и чертой"],
        ["2", "Smith", "tab\tinside"]]
ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    "cp1251": lambda s: s.encode("cp1251"),
    "utf-16-le-bom": lambda s: b"\xff\xfe" + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
}


def _csv(sep: str, eol: str) -> str:
    quote = lambda v: '"' + v + '"' if any(c in v for c in ",;\t|") else v  # noqa: E731
    return eol.join(sep.join(quote(v) for v in row) for row in ROWS) + eol


def _read_all(path: Path) -> tuple[read.Source, pl.DataFrame]:
    source = read.sniff(path)
    text_path = read.transcode_to_utf8(path, source.encoding, path.parent) if source.needs_transcoding else None
    return source, read.scan(source, text_path).collect()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_every_encoding_and_separator_reads_back_the_same_cells(tmp_path, encoding, sep, eol):
    path = tmp_path / "export.csv"
    path.write_bytes(ENCODINGS[encoding](_csv(sep, eol)))
    source, df = _read_all(path)
    assert source.encoding == encoding
    assert source.separator == sep
    assert df.columns == ROWS[0]
    assert df.rows() == [tuple(r) for r in ROWS[1:]]


def test_transcoding_survives_characters_split_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "CHUNK_BYTES", 7)  # odd: every UTF-16 code unit straddles a chunk edge somewhere
    text = "Клиент;Сумма\r\n" + "".join(f"Ёжиков №{i};1 234,5{i}\r\n" for i in range(50))
    path = tmp_path / "u16.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    out = read.transcode_to_utf8(path, "utf-16-le-bom", tmp_path)
    assert out.read_bytes().decode("utf-8") == text


def test_preview_of_a_windows_1251_file_needs_no_full_transcode():
    source = read.sniff(FIXTURES / "bitrix24_deals_cp1251.csv")
    head = read.preview(source, 3)
    assert head["Название сделки"].to_list() == ["Заказ; срочный", "Заказ", "Заказ"]
    assert head["Сумма"][0] == "12\u00a0500,00"


def test_excel_sheets_are_listed_and_the_1c_title_rows_are_skipped():
    source = read.sniff(FIXTURES / "1c_sales.xlsx")
    assert source.sheets == ("TDSheet", "Параметры")
    assert source.sheet == "TDSheet"
    assert source.header_row == 3
    df = read.scan(source).collect()
    assert df.columns == ["Дата", "Номер", "Контрагент", "Сумма", "Менеджер", "Склад"]
    # The total line makes the date column mixed, so calamine prints its dates as text date-times.
    assert df["Дата"].to_list()[:2] == ["2024-03-01 00:00:00", "2024-03-04 00:00:00"]
    assert df["Сумма"].to_list() == ["15000", "2750.5", "480", "99000", "117230.5"]
    assert df["Дата"][-1] == "Итого"


def test_excel_other_sheet_and_unknown_sheet():
    source = read.sniff(FIXTURES / "1c_sales.xlsx", sheet="Параметры")
    assert read.scan(source).collect().rows() == [("Организация", "ООО Торговый дом")]
    with pytest.raises(IngestError) as err:
        read.sniff(FIXTURES / "1c_sales.xlsx", sheet="Лист1")
    assert err.value.code == "no_such_sheet"


def test_parquet_columns_become_text_the_parsers_understand():
    source = read.sniff(FIXTURES / "customers.parquet")
    df = read.scan(source).collect()
    assert source.format == "parquet"
    assert all(dtype == pl.String for dtype in df.schema.values())
    assert df["Дата рождения"].to_list() == ["1985-05-17", "1990-12-01", None, "2001-02-28"]


def test_typed_excel_datetimes_keep_their_time_and_midnights_read_as_dates(tmp_path):
    path = tmp_path / "t.xlsx"
    pl.DataFrame({"when": [dt.datetime(2024, 1, 2, 3, 4, 5), dt.datetime(2024, 1, 3)], "n": [1.5, 2.0]}) \
        .write_excel(path)
    df = read.scan(read.sniff(path)).collect()
    assert df["when"].to_list() == ["2024-01-02 03:04:05", "2024-01-03"]
    assert df["n"].to_list() == ["1.5", "2"]


@pytest.mark.parametrize("content, code", [(b"", "empty_file"), (b"\xd0\xcf\x11\xe0 old excel", "xls_unsupported")])
def test_unreadable_files_get_a_coded_error(tmp_path, content, code):
    path = tmp_path / ("f.xls" if code == "xls_unsupported" else "f.csv")
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        read.sniff(path)
    assert err.value.code == code
