"""Vectorised parsers: money, dates (with day/month ambiguity), consent booleans, e-mails, phones, words."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core.ingest import parse
from core.ingest.parse import DateFormat, NumberStyle


def _apply(values: list[str | None], build) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(build(parse.text(pl.col("v"))))["v"].to_list()


@pytest.mark.parametrize("raw, style, expected", [
    ("1 234,50 ₽", ",", 1234.50),
    ("1\u00a0234\u00a0567,89", ",", 1234567.89),
    ("1\u202f234,5", ",", 1234.5),
    ("12.00 USD", ",", 12.0),        # a dot with two digits after it is decimal even in a comma column
    ("500 руб.", ",", 500.0),
    ("руб. 500", ",", 500.0),
    ("3 000 р.", ",", 3000.0),
    ("$1,234.56", ".", 1234.56),
    ("1.234,56 €", ".", 1234.56),     # a comma with two digits after it is decimal even in a dot column
    ("1,234", ".", 1234.0),           # three digits after the only separator: the column decides
    ("1,234", ",", 1.234),
    ("1.234", ",", 1234.0),
    ("\u221215,5", ",", -15.5),      # the minus sign U+2212
    ("(1 234,50)", ",", -1234.5),     # accounting notation
    ("0,5", ",", 0.5),
    ("abc", ",", None),
    ("1-2", ",", None),
    ("--5", ",", None),
    ("", ",", None),
    ("   ", ",", None),
    (None, ",", None),
])
def test_money(raw, style, expected):
    assert _apply([raw], lambda e: parse.money(e, NumberStyle(style)).alias("v")) == [expected]


@pytest.mark.parametrize("values, decimal", [
    (["1 234,50", "12,5", "3 000"], ","),
    (["1,234.50", "12.5", "3,000"], "."),
    (["1.234", "5.678"], ","),        # only dot-thousands groups: European thousands
    (["1,234", "5,678"], "."),        # only comma-thousands groups: US thousands
    (["100", "200"], "."),
])
def test_number_style_detection(values, decimal):
    assert parse.detect_number_style(pl.Series(values)).decimal == decimal


@pytest.mark.parametrize("values, family, expected", [
    (["05.03.2024", "31.12.2023"], "dmy", [dt.date(2024, 3, 5), dt.date(2023, 12, 31)]),
    (["5.3.2024", "13.3.2024"], "dmy", [dt.date(2024, 3, 5), dt.date(2024, 3, 13)]),
    (["05.03.24", "31.12.23"], "dmy", [dt.date(2024, 3, 5), dt.date(2023, 12, 31)]),
    (["2024-03-05", "2023-12-31"], "iso", [dt.date(2024, 3, 5), dt.date(2023, 12, 31)]),
    (["13/03/2024", "05/03/2024"], "dmy", [dt.date(2024, 3, 13), dt.date(2024, 3, 5)]),
    (["03/13/2024", "03/05/2024"], "mdy", [dt.date(2024, 3, 13), dt.date(2024, 3, 5)]),
    (["2024-03-05T14:22:10+03:00", "2024-03-05 23:59:59 -0500"], "iso", [dt.date(2024, 3, 5)] * 2),
    (["2024-03-05T14:22:10Z", "2024-03-06T01:00:00.123Z"], "iso", [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]),
    (["45292", "45351.75"], "excel", [dt.date(2024, 1, 1), dt.date(2024, 2, 29)]),
    (["2024-01", "2024-12"], "month_iso", [dt.date(2024, 1, 1), dt.date(2024, 12, 1)]),
    (["01.2024", "12.2024"], "month_my", [dt.date(2024, 1, 1), dt.date(2024, 12, 1)]),
])
def test_date_formats_are_detected_and_parsed(values, family, expected):
    detection = parse.detect_date_format(pl.Series(values))
    assert not detection.ambiguous
    assert detection.format is not None and detection.format.family == family
    assert _apply(values, lambda e: parse.date(e, detection.format).alias("v")) == expected


@pytest.mark.parametrize("raw", ["31.02.2024", "29.02.2023", "00.01.2024", "32.01.2024", "5.1.24", "вчера"])
def test_impossible_dates_are_null(raw):
    assert _apply([raw], lambda e: parse.date(e, DateFormat("dmy", ".", 4)).alias("v")) == [None]


def test_times_and_zones_give_the_wall_clock_time():
    values = ["2024-03-05 14:22:10 +0300", "2024-03-05T09:05Z"]
    fmt = parse.detect_date_format(pl.Series(values)).format
    assert fmt is not None and fmt.has_time
    got = _apply(values, lambda e: parse.datetime(e, fmt).alias("v"))
    assert got == [dt.datetime(2024, 3, 5, 14, 22, 10), dt.datetime(2024, 3, 5, 9, 5)]


def test_excel_serial_fraction_is_the_time_of_day():
    fmt = parse.detect_date_format(pl.Series(["45292.5", "45293"])).format
    assert fmt is not None and fmt.has_time
    assert _apply(["45292.5"], lambda e: parse.datetime(e, fmt).alias("v")) == [dt.datetime(2024, 1, 1, 12)]


def test_a_sample_fitting_both_orders_is_ambiguous():
    detection = parse.detect_date_format(pl.Series(["01/02/2024", "03/04/2024", "12/11/2024"]))
    assert detection.ambiguous
    assert detection.format is not None and detection.format.sep == "/"


def test_equal_day_and_month_everywhere_is_not_ambiguous():
    detection = parse.detect_date_format(pl.Series(["01/01/2024", "03/03/2024"]))
    assert not detection.ambiguous


@pytest.mark.parametrize("values, order, mixed", [
    (["01/02/2024", "25/02/2024"], "dmy", False),
    (["01/02/2024", "02/25/2024"], "mdy", False),
    (["01/02/2024", "03/04/2024"], None, False),
    (["25/02/2024", "02/25/2024", "26/02/2024"], "dmy", True),
    (["31.02.2024", "05.03.2024"], "dmy", False),  # 31 can only be a day even though 31.02 is impossible
])
def test_order_evidence_over_a_whole_column(values, order, mixed):
    evidence = parse.order_evidence(pl.DataFrame({"d": values}).lazy(), "d")
    assert evidence.order() == order
    assert evidence.mixed is mixed


@pytest.mark.parametrize("raw, expected", [
    ("да", True), ("Нет", False), ("yes", True), ("No", False), ("1", True), ("0", False),
    ("true", True), ("FALSE", False), ("+", True), ("\u2212", False), ("-", False), ("Согласен", True),
    ("возможно", None), ("", None), (None, None),
])
def test_consent_booleans(raw, expected):
    assert _apply([raw], lambda e: parse.boolean(e).alias("v")) == [expected]


@pytest.mark.parametrize("raw, expected", [
    ("8 (912) 345-67-89", "+79123456789"), ("+7 912 345 67 89", "+79123456789"), ("9123456789", "+79123456789"),
    ("+44 20 7946 0958", "+442079460958"), ("12-34", None), ("", None),
])
def test_phones(raw, expected):
    assert _apply([raw], lambda e: parse.phone(e).alias("v")) == [expected]


@pytest.mark.parametrize("raw, expected", [
    (" Anna@Example.RU ", "anna@example.ru"), ("не указан", None), ("a@b", None), ("x@y.ru", "x@y.ru"),
])
def test_emails(raw, expected):
    assert _apply([raw], lambda e: parse.email(e).alias("v")) == [expected]


@pytest.mark.parametrize("raw, expected", [("М", "m"), ("жен.", "f"), ("Female", "f"), ("male", "m"), ("?", None)])
def test_gender(raw, expected):
    assert _apply([raw], lambda e: parse.gender(e).alias("v")) == [expected]


@pytest.mark.parametrize("raw, expected", [
    ("Звонок", "call"), ("Жалоба", "complaint"), ("email", "email"), ("Опрос", "survey"), ("встреча", None),
])
def test_interaction_types(raw, expected):
    assert _apply([raw], lambda e: parse.interaction_type(e).alias("v")) == [expected]


@pytest.mark.parametrize("raw, expected", [("9", 9), ("0", 0), ("10", 10), ("11", None), ("7,5", None), ("", None)])
def test_nps_scores(raw, expected):
    assert _apply([raw], lambda e: parse.score(e).alias("v")) == [expected]
