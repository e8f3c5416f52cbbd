"""Every ingest fixture, built on Spark and on DuckDB: the same derived tables (ids and classes exactly, numbers
to 1e-9 relative).

Each case uploads real-shaped exports of one system (tests/fixtures/ingest, and the order-line shapes of
tests/core/ingest/test_order_lines.py) into a workspace as a user would, which builds the generation on DuckDB;
then the same files are published again with the engine set to Spark, and every table of the new generation is
compared with the one DuckDB built. One local Spark Connect server serves the whole session (`spark_remote`).
"""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core import engines, info
from core.build import ORDER
from core.engines import spark as spark_engine
from core.ingest import publish
from core.workspace import Workspace, schema_name
from tests.core.engines.test_spark import table_differences
from tests.core.ingest.test_order_lines import ONE_C, RETAIL_CRM, SHOPIFY

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
MAILINGS = ("unisender_autumn_sale.csv", "sendsay_issue_members.csv", "mindbox_mailing_messages.csv",
            "dashamail_report_cp1251.csv", "sms_gateway_history.csv")

# RetailCRM's order list export (Заказы > Выгрузить): ',' and UTF-8, one row per order, the status in words.
RETAIL_CRM_ORDERS = (
    "Номер заказа,Дата оформления,Статус заказа,Сумма заказа,Email,Телефон,Менеджер\n"
    "1001A,05.03.2024 14:22,Выполнен,3000,anna@example.ru,+7 912 345-67-89,Петрова Анна\n"
    "1002A,06.03.2024 10:01,Отменен,1200,boris@example.ru,+7 903 555-44-33,Сидоров Пётр\n"
    "1003A,07.03.2024 18:40,Выполнен,\"2 450,50\",anna@example.ru,,Петрова Анна\n"
    "1004A,09.03.2024 09:15,Выполнен,780,,89035554433,Сидоров Пётр\n"
    "1005A,12.03.2024 12:00,Выполнен,15990,clara@example.ru,,Петрова Анна\n")
# 1C's goods of the sales in 1c_sales.xlsx (the order-line shape of test_order_lines.ONE_C, whose own documents
# are not in the report): goods groups as paths, a line without a sum, a group two customers share.
ONE_C_GOODS = ONE_C + (
    "ТД00-000101;Кроссовки Run;Обувь/Кроссовки;2;3 500,00;7 000,00;4 200,00\n"
    "ТД00-000101;Куртка;Одежда > Верхняя;1;8 000,00;8 000,00;5 100,00\n"
    "ТД00-000102;Носки;Одежда;5;150;;60\n"
    "ТД00-000103;Шапка;Одежда;1;480;480;\n"
    "ТД00-000104;Палатка;Туризм;3;33 000,00;99 000,00;70 000,00\n")
# amoCRM's deals export (Сделки > Экспорт, CSV): ';', the contact's name as the customer, the budget as the sum.
AMO_CRM_DEALS = (
    "ID;Бюджет;Этап сделки;Ответственный;Дата создания;Основной контакт\n"
    "31870001;45000;Успешно реализовано;Петрова Анна;04.03.2024 11:20:00;Иванов Иван\n"
    "31870002;12000;Закрыто и не реализовано;Сидоров Пётр;05.03.2024 16:05:00;Смирнова Ольга\n"
    "31870003;8 500;Успешно реализовано;Сидоров Пётр;11.03.2024 09:00:00;Иванов Иван\n"
    "31870004;0;Успешно реализовано;Петрова Анна;12.03.2024 10:30:00;Орлова Мария\n"
    "31870005;27300;Успешно реализовано;Петрова Анна;28.03.2024 15:45:00;Козлов Дмитрий\n")


def _written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _uploads(case: str, tmp_path: Path) -> list[tuple[Path, str, str, dict]]:
    """The files of a case, each (path, dataset, mode, upload options), in the order a user would load them."""
    if case == "bitrix24 with the CRM's customers, activities, spend and every mailing service":
        return [(FIXTURES / "customers.parquet", "customers", "replace", {}),
                (FIXTURES / "bitrix24_deals_cp1251.csv", "orders", "replace", {}),
                (FIXTURES / "crm_interactions_utf16.txt", "interactions", "replace", {}),
                (FIXTURES / "spend_monthly.csv", "spend", "replace", {}),
                *[(FIXTURES / name, "communications", "append", {}) for name in MAILINGS]]
    if case == "shopify orders and line items":
        return [(FIXTURES / "orders_export.csv", "orders", "replace", {}),
                (_written(tmp_path, "lines.csv", SHOPIFY), "order_lines", "replace", {})]
    if case == "1c sales report and its goods":
        return [(FIXTURES / "1c_sales.xlsx", "orders", "replace", {}),
                (_written(tmp_path, "lines.csv", ONE_C_GOODS), "order_lines", "replace", {})]
    if case == "retailcrm orders and lines":
        return [(_written(tmp_path, "orders.csv", RETAIL_CRM_ORDERS), "orders", "replace", {}),
                (_written(tmp_path, "lines.csv", RETAIL_CRM), "order_lines", "replace", {})]
    if case == "amocrm deals":
        return [(_written(tmp_path, "deals.csv", AMO_CRM_DEALS), "orders", "replace", {})]
    if case == "a us-style export read month first":
        return [(FIXTURES / "ambiguous_dates.csv", "orders", "replace", {"date_order": "mdy"})]
    raise AssertionError(case)


CASES = ("bitrix24 with the CRM's customers, activities, spend and every mailing service",
         "shopify orders and line items", "1c sales report and its goods", "retailcrm orders and lines",
         "amocrm deals", "a us-style export read month first")


def _tables(ws: Workspace) -> dict[str, pl.DataFrame]:
    """Every derived table of the generation in force, rows in a stable order."""
    found = {}
    with ws.reading() as cur:
        for step in ORDER:
            frame = cur.sql(f"select * from {schema_name(ws.generation())}.{step.output}").pl()
            found[step.output] = frame.sort(frame.columns, nulls_last=True)
    return found


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_every_table_spark_builds_from_an_ingest_fixture_equals_duckdbs(
        case: str, tmp_path: Path, spark_remote: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    ws = Workspace(tmp_path / "ws")
    try:
        for path, kind, mode, options in _uploads(case, tmp_path):
            report = publish.upload(ws, path, kind, mode, **options)  # type: ignore[arg-type]
            assert report.published and report.loaded > 0, (path.name, report)
        assert info.describe(ws)["engine"] == "duckdb"
        on_duckdb = _tables(ws)
        # the fixtures give the tables rows: orders' customers in the model, the messages matched
        assert on_duckdb["customer_model"].height > 0 and on_duckdb["customer_activity"].height > 0
        before = ws.generation()
        with engines.chosen("spark", spark_remote):
            ws.publish({})
        assert ws.generation() == before + 1
        assert info.describe(ws)["engine"] == "spark"
        on_spark = _tables(ws)
        found = [d for step in ORDER
                 for d in table_differences(on_spark[step.output], on_duckdb[step.output], step.output)]
        assert not found, "\n".join(found)
    finally:
        ws.close()
