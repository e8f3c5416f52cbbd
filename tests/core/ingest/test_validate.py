"""Every row is loaded or rejected with one reason; duplicates load once; the report counts it all."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from core.ingest import pipeline, validate
from core.ingest.errors import IngestError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
HEADER = "Номер;Клиент;Дата;Сумма;Статус"
GOOD = [f"{i};c{i % 3};{d:02d}.03.2024;{i}00,50;Выполнен" for i, d in zip(range(1, 9), range(1, 9))]
BAD = {
    "customer_missing": "99; ;10.03.2024;100,00;Выполнен",
    "date_missing": "99;c1;;100,00;Выполнен",
    "date_invalid": "99;c1;31.02.2024;100,00;Выполнен",
    "amount_missing": "99;c1;10.03.2024;;Выполнен",
    "amount_invalid": "99;c1;10.03.2024;сто рублей;Выполнен",
    "amount_negative": "99;c1;10.03.2024;-100,00;Выполнен",
    "date_out_of_range": "99;c1;10.03.2204;100,00;Выполнен",
}


def _run(tmp_path: Path, lines: list[str], kind: str = "orders", **kw) -> pipeline.IngestResult:
    path = tmp_path / "in.csv"
    path.write_text("\r\n".join([HEADER, *lines]) + "\r\n", encoding="utf-8")
    insp = pipeline.inspect(path, kind, **kw)
    try:
        return pipeline.ingest(insp, tmp_path / "out")
    finally:
        insp.cleanup()


@pytest.mark.parametrize("reason", list(BAD))
def test_each_rejection_reason(tmp_path, reason):
    lines = GOOD[:4] + [BAD[reason]] + GOOD[4:]
    result = _run(tmp_path, lines)
    report = result.report
    assert (report.rows_read, report.loaded, report.rejected, report.duplicates) == (9, 8, 1, 0)
    assert report.rejected_by_reason == {reason: 1}
    rejected = pl.read_parquet(result.rejected_path)
    # The fifth data row is the file's sixth line: rows are numbered as the user's file counts them.
    assert rejected.select(validate.ROW, validate.REASON).rows() == [(6, reason)]
    assert report.examples[reason][0]["row"] == 6


def test_negative_amount_of_a_return_is_loaded_as_not_completed(tmp_path):
    result = _run(tmp_path, GOOD + ["99;c1;10.03.2024;-100,00;Возврат"])
    assert result.report.rejected == 0
    last = pl.read_parquet(result.loaded_path).filter(pl.col("order_id") == "99")
    assert last.select("amount", "completed").row(0) == (-100.0, False)


def test_a_repeated_order_id_loads_once_and_is_reported(tmp_path):
    lines = GOOD + ["3;c9;20.03.2024;999,00;Выполнен", "3;c9;21.03.2024;999,00;Выполнен"]
    result = _run(tmp_path, lines)
    report = result.report
    assert (report.rows_read, report.loaded, report.rejected, report.duplicates) == (10, 8, 0, 2)
    loaded = pl.read_parquet(result.loaded_path)
    assert loaded.filter(pl.col("order_id") == "3").select("customer_id", "amount").rows() == [("c0", 300.5)]
    assert [e["row"] for e in report.examples["duplicate"]] == [10, 11]  # data rows 9 and 10


def test_without_an_order_id_identical_lines_are_both_purchases(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Клиент;Дата;Сумма\nc1;01.03.2024;100\nc1;01.03.2024;100\n", encoding="utf-8")
    insp = pipeline.inspect(path, "orders")
    result = pipeline.ingest(insp, tmp_path / "out")
    assert (result.report.loaded, result.report.duplicates) == (2, 0)


def test_unreadable_optional_values_are_left_empty_and_counted(tmp_path):
    insp = pipeline.inspect(FIXTURES / "customers.parquet", "customers")
    result = pipeline.ingest(insp, tmp_path / "out")
    # "не указан" is not an e-mail; "возможно" is not a consent answer.
    assert result.report.blanked == {"email": 1, "consent_email": 1}
    assert result.report.loaded == 4


def test_fence_is_three_interquartile_ranges_with_at_least_a_year():
    # IQR 60 days -> one year floor -> 3 * 365 = 1095 days either side.
    assert validate.fence(dt.date(2024, 1, 1), dt.date(2024, 3, 1)) == (dt.date(2021, 1, 1), dt.date(2027, 3, 1))
    # IQR 731 days (2020 is a leap year) -> 2193 days either side.
    assert validate.fence(dt.date(2020, 1, 1), dt.date(2022, 1, 1)) == (dt.date(2013, 12, 30), dt.date(2028, 1, 3))


def test_ambiguous_dates_stop_the_upload_until_the_user_chooses(tmp_path):
    insp = pipeline.inspect(FIXTURES / "ambiguous_dates.csv", "orders")
    assert insp.ambiguous_dates == ["order_date"]
    with pytest.raises(IngestError) as err:
        pipeline.ingest(insp, tmp_path / "a")
    assert err.value.code == "ambiguous_dates"
    chosen = pipeline.with_date_order(insp, "mdy")
    result = pipeline.ingest(chosen, tmp_path / "b")
    dates = pl.read_parquet(result.loaded_path)["order_date"].to_list()
    assert dates == [dt.date(2024, 1, 2), dt.date(2024, 3, 4), dt.date(2024, 5, 6), dt.date(2024, 7, 8)]


def test_whole_column_decides_when_the_sample_cannot(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "SAMPLE_ROWS", 3)
    path = tmp_path / "in.csv"
    rows = ["id,client,date,amount", "1,a,01/02/2024,1", "2,a,03/04/2024,1", "3,a,05/06/2024,1", "4,a,07/25/2024,1"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    insp = pipeline.inspect(path, "orders")
    assert insp.ambiguous_dates == []
    assert insp.options.dates["order_date"].family == "mdy"


def test_missing_required_field_is_an_error_before_anything_is_written(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Клиент;Комментарий\nc1;x\n", encoding="utf-8")
    insp = pipeline.inspect(path, "orders")
    assert insp.missing == [("order_date",), ("amount",)]
    with pytest.raises(IngestError) as err:
        pipeline.ingest(insp, tmp_path / "out")
    assert err.value.code == "missing_required"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("status, completed", [
    ("cancelled", False), ("Canceled", False), ("refunded", False), ("returned", False), ("voided", False),
    ("Отменен", False), ("отменён", False), ("Отмена", False), ("Возврат", False), ("Аннулирован", False),
    ("Выполнен", True), ("paid", True), ("", True),
])
def test_cancellation_and_return_statuses_in_both_languages(tmp_path, status, completed):
    result = _run(tmp_path, [f"1;c1;01.03.2024;100,00;{status}"])
    assert pl.read_parquet(result.loaded_path)["completed"].to_list() == [completed]


def test_a_clean_file_is_read_once(tmp_path):
    assert _run(tmp_path, GOOD).report.passes == 1


def test_money_the_sample_did_not_show_is_still_read_right(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "SAMPLE_ROWS", 3)
    lines = ["1;c1;01.03.2024;100,50;", "2;c1;02.03.2024;200;", "3;c1;03.03.2024;300;",
             "4;c2;04.03.2024;1 234,50 ₽;"]
    result = _run(tmp_path, lines)
    assert (result.report.loaded, result.report.passes) == (4, 2)
    amounts = pl.read_parquet(result.loaded_path)["amount"].to_list()
    assert amounts == [100.5, 200.0, 300.0, 1234.5]


# An export edited by hand: a row cut short (its last two fields lost), a name holding the separator
# unquoted (one field too many), a blank line, and a comment quoted across two lines with a separator in it.
RAGGED = [
    "1;c1;01.03.2024;100,00;Выполнен",         # line 2
    "2;c2;02.03.2024",                         # line 3: 3 fields of 5
    "3;Иванов; Иван;03.03.2024;300,00;Выполнен",  # line 4: 6 fields
    "",                                        # line 5: blank
    '4;"c4; ""VIP""\nперенос";04.03.2024;400,00;Выполнен',  # lines 6-7: one record of 5 fields
    "5;c5;05.03.2024;500,00;Выполнен",         # line 7 as Excel counts records (the quoted break is one cell)
]


def test_rows_of_the_wrong_width_are_reported_as_such_with_their_row_in_the_file(tmp_path):
    result = _run(tmp_path, RAGGED)
    report = result.report
    assert (report.rows_read, report.loaded, report.rejected) == (6, 3, 3)
    assert report.rejected_by_reason == {"too_few_columns": 1, "too_many_columns": 1, "empty_row": 1}
    assert report.examples["too_few_columns"] == [{"row": 3, "column": None, "value": 3, "expected": 5}]
    assert report.examples["too_many_columns"] == [{"row": 4, "column": None, "value": 6, "expected": 5}]
    assert report.examples["empty_row"][0]["row"] == 5
    loaded = pl.read_parquet(result.loaded_path)
    assert loaded["order_id"].to_list() == ["1", "4", "5"]
    assert loaded.filter(pl.col("order_id") == "4")["customer_id"].item() == 'c4; "VIP"\nперенос'


def test_a_short_row_of_a_file_without_quotes_is_too_few_columns_not_a_missing_amount(tmp_path):
    result = _run(tmp_path, GOOD[:3] + ["99;c1;10.03.2024"] + GOOD[3:])
    assert result.report.rejected_by_reason == {"too_few_columns": 1}
    assert result.report.examples["too_few_columns"][0]["row"] == 5


def test_the_report_says_how_many_columns_a_row_has_and_should_have_in_both_languages(tmp_path):
    from core.ingest import publish

    report = _run(tmp_path, RAGGED).report
    ru = publish.reason_table(report, "ru").to_dicts()
    en = publish.reason_table(report, "en").to_dicts()
    assert ru[1] == {"Причина": "Не хватает столбцов: в строке меньше полей, чем в заголовке", "Строк": 1,
                     "Примеры (строка файла: значение)": "3: столбцов 3 из 5"}
    assert en[2]["Examples (row of the file: value)"] == "4: 6 columns of 5"
    assert (ru[0]["Причина"], ru[0]["Примеры (строка файла: значение)"]) == ("Пустая строка", "5")


def test_a_file_whose_quoted_values_hold_separators_and_line_breaks_has_no_ragged_rows(tmp_path):
    lines = [f'{i};"c{i}; ""x""\ny";0{i}.03.2024;{i}00,00;Выполнен' for i in range(1, 6)]
    result = _run(tmp_path, lines)
    assert (result.report.loaded, result.report.rejected) == (5, 0)


def test_the_preview_tells_a_row_of_the_wrong_width_before_the_upload(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("\r\n".join([HEADER, *RAGGED]) + "\r\n", encoding="utf-8")
    insp = pipeline.inspect(path, "orders")
    preview = pipeline.parsed_preview(insp)
    reasons = dict(zip(preview[validate.ROW].to_list(), preview[validate.REASON].to_list()))
    assert reasons == {2: None, 3: "too_few_columns", 4: "too_many_columns", 5: "empty_row", 6: None, 7: None}
