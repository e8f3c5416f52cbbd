"""Downloads: consent and address checks per channel, formula neutralising, CSV and XLSX files, masking, audit."""
from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl
import pytest

from core import export
from core.access import Viewer
from core.segments.rules import Condition, Rules
from tests import segments_data as data
from tests.segments_data import segment_ws  # noqa: F401

ADMIN = Viewer("root", "admin")
MARKETER = Viewer("mia", "marketer")
PEOPLE = pl.DataFrame({
    "customer_id": ["1", "2", "3", "4", "5", "6", "7"],
    "email": ["ivan@mail.ru", "Ivan@MAIL.ru", "ivan at mail.ru", None, "olga@yandex.ru", "  ", "petr@mail.ru"],
    "consent_email": [True, True, True, True, False, True, None],
    "phone": ["+79161234567", "8 (916) 123-45-67", "+7 495 123-45-67", "12345", None, "+7 916 000-00-01", None],
    "consent_sms": [True, True, True, True, True, False, None],
})


def test_email_channel_keeps_consented_usable_addresses_once():
    kept, left_out = export.for_channel(PEOPLE, "email")
    # 1 ok; 2 is the same address as 1; 3 fails the syntax check; 4 and 6 have no address; 5 and 7 no consent.
    assert kept.select("customer_id", "email").rows() == [("1", "ivan@mail.ru")]
    assert left_out == {"no_consent": 2, "no_address": 2, "bad_address": 1, "duplicate": 1}


def test_sms_channel_keeps_valid_mobile_numbers_as_international_digits():
    kept, left_out = export.for_channel(PEOPLE, "sms")
    # 1 ok; 2 is 1 written the Russian way; 3 is a Moscow landline; 4 is not a number; 5 has none; 6, 7 no consent.
    assert kept.select("customer_id", "phone").rows() == [("1", "79161234567")]
    assert left_out == {"duplicate": 1, "bad_address": 2, "no_address": 1, "no_consent": 2}


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+79161234567", "'+79161234567"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Иван", "Иван"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_formula_cells_are_neutralised(cell, expected):
    frame = export.neutralise(pl.DataFrame({"x": [cell], "n": [-5]}))
    assert frame.row(0) == (expected, -5)


def test_csv_opens_in_russian_excel_and_comma_is_selectable():
    frame = pl.DataFrame({"Имя": ["Ёжик; \"колючий\""], "Сумма": [1234.5], "Дата": [dt.date(2026, 12, 31)]})
    semicolon = export.csv_bytes(frame)
    assert semicolon.startswith(b"\xef\xbb\xbf")
    assert semicolon.decode("utf-8-sig") == 'Имя;Сумма;Дата\n"Ёжик; ""колючий""";1234,5;31.12.2026\n'
    comma = export.csv_bytes(frame, ",").decode("utf-8-sig")
    assert comma == 'Имя,Сумма,Дата\n"Ёжик; ""колючий""",1234.5,31.12.2026\n'
    with pytest.raises(ValueError):
        export.csv_bytes(frame, "|")


def test_xlsx_keeps_types_and_never_writes_formulas():
    frame = pl.DataFrame({"t": ["=1+1", "Привет"], "n": [1.5, None], "d": [dt.date(2026, 1, 2), None]})
    data_ = export.xlsx_bytes(frame, "Сегмент: VIP?")
    back = pl.read_excel(io.BytesIO(data_), engine="calamine")
    assert back["t"].to_list() == ["'=1+1", "Привет"]  # a text cell, and still text once edited in Excel
    assert back["n"].to_list() == [1.5, None]
    assert back["d"].cast(pl.Date).to_list() == [dt.date(2026, 1, 2), None]


@pytest.mark.parametrize(("name", "expected"), [
    ("VIP в зоне риска", "VIP_в_зоне_риска_2026-06-30.csv"),
    ("../../etc/passwd", "etc_passwd_2026-06-30.csv"),
    ("???", "segment_2026-06-30.csv"),
])
def test_file_name_has_the_segment_name_and_date(name, expected):
    assert export.file_name(name, data.D, "csv") == expected


def test_personal_data_is_masked_without_the_right():
    frame = pl.DataFrame({"name": ["Иванов Иван"], "email": ["ivan@mail.ru"], "phone": ["+79161234567"],
                          "birth_date": [dt.date(1990, 5, 1)]})
    assert export.present(frame, ADMIN).row(0) == frame.row(0)
    # No consent columns in the frame, so a marketer sees every personal value masked (core.privacy).
    assert export.present(frame, MARKETER).row(0) == ("И. И.", "i***@mail.ru", "+7 *** ***-45-67", "1990-**-**")


def test_segment_download_for_the_email_channel(segment_ws):
    everyone = Rules()
    download = export.segment_download(segment_ws, data.ctx(viewer=ADMIN), everyone, "Все", lang="ru",
                                       columns=("customer_id", "name", "email", "consent_email"), channel="email")
    # a ok; d has a's address in capitals (duplicate); c's address is broken; e has none; b did not consent.
    assert download.rows == 1
    assert download.left_out == {"no_consent": 1, "no_address": 1, "bad_address": 1, "duplicate": 1}
    assert download.file_name == "Все_2026-06-30.csv"
    assert download.data.decode("utf-8-sig") == "ID клиента;Имя;E-mail;Согласие на e-mail\na;Анна Смирнова;anna@mail.ru;да\n"


def test_segment_download_without_channel_neutralises_and_normalises_phones(segment_ws):
    rules = Rules((Condition("city", "eq", "Москва"),))
    download = export.segment_download(segment_ws, data.ctx(viewer=ADMIN), rules, "Москва", lang="en", fmt="xlsx",
                                       columns=("customer_id", "name", "phone", "revenue"))
    back = pl.read_excel(io.BytesIO(download.data), engine="calamine")
    assert back.columns == ["Customer ID", "Name", "Phone", "Lifetime revenue"]
    assert back.rows() == [("a", "Анна Смирнова", "74951234567", 1500.0),
                           ("d", "'=HYPERLINK(\"x\")", "79161234567", 2000.0)]
    assert download.left_out == {}


def test_executives_may_not_download(segment_ws):
    with pytest.raises(PermissionError):
        export.segment_download(segment_ws, data.ctx(viewer=Viewer("ed", "executive")), Rules(), "x",
                                columns=("customer_id",))


def test_unknown_columns_are_refused_with_a_message(segment_ws):
    with pytest.raises(ValueError, match="password"):
        export.segment_download(segment_ws, data.ctx(viewer=ADMIN), Rules(), "x", columns=("password",))


def test_every_download_is_logged(workspace):
    export.record_download(workspace, MARKETER, "segment 'VIP'", 12, now=dt.datetime(2026, 1, 2, 3, 4, 5,
                                                                                    tzinfo=dt.timezone.utc),
                           address="198.51.100.4")
    lines = (workspace.meta_dir / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [{"at": "2026-01-02T03:04:05+00:00", "username": "mia",
                                                     "role": "marketer", "action": "download",
                                                     "what": "segment 'VIP'", "rows": 12,
                                                     "address": "198.51.100.4"}]


def test_csv_for_excel():
    frame = pl.DataFrame({"name": ["Анна", "=HYPERLINK(\"x\")"], "revenue": [1234.5, 2.0],
                          "day": [dt.date(2026, 1, 2), None]})
    data = export.to_csv(frame, headers={"name": "Имя"})
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["Имя;revenue;day", "Анна;1234,5;02.01.2026", "\"'=HYPERLINK(\"\"x\"\")\";2,0;"]


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+7 900", "'+7 900"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("обычный", "обычный"), ("a=b", "a=b"),
])
def test_formula_neutralisation_of_single_cells(cell, safe):
    assert export.neutralise(pl.DataFrame({"c": [cell]}))["c"][0] == safe


def test_numbers_are_not_touched():
    assert export.neutralise(pl.DataFrame({"n": [-5.0]}))["n"][0] == -5.0
