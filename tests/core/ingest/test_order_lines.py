"""Order lines uploaded from 1C, RetailCRM and web-store shapes: mapping, category paths, rejected rows, the check."""
from __future__ import annotations

import json

import pytest

from core.cli import main
from core.ingest import publish
from tests.conftest import publish_frames

ONE_C = ("Документ;Номенклатура;Номенклатурная группа;Количество;Цена;Сумма;Себестоимость\n"
         "Реализация 00001;Кроссовки Run;Обувь/Кроссовки;2;3 500,00;7 000,00;4 200,00\n"
         "Реализация 00001;Носки;Одежда;1;300;;100\n"          # no sum: price × quantity
         ";Шапка;Одежда;1;500;500;\n"                          # no order number
         "Реализация 00002;;;1;100;100;\n"                     # no product at all
         "Реализация 00003;Куртка;Одежда > Верхняя;1;x;;\n"    # no readable sum or price
         "Реализация 00003;Возврат;Одежда;1;-5;-5;\n")         # a negative line
RETAIL_CRM = ("Номер заказа,Артикул,Название товара,Категория,Количество,Цена,Сумма,Закупочная цена,Производитель\n"
              "1001A,SKU-1,Платье,Одежда | Платья,2,1500,3000,600,Fiora\n")
SHOPIFY = ("Name,Lineitem name,Lineitem sku,Lineitem quantity,Lineitem price,Vendor\n"
           "#1001,Sneakers,SN-1,1,49.90,Pulse\n")


def _upload(ws, tmp_path, text, name="lines.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return publish.upload(ws, path, "order_lines", "replace")


def _lines(ws):
    with ws.reading() as cur:
        return cur.sql("select order_id, product_id, product_name, category, category_top, quantity, price, amount, "
                       "cost, brand from order_lines order by order_id, product_name").fetchall()


def test_a_1c_export_maps_and_reports_every_rejected_line(workspace, tmp_path):
    report = _upload(workspace, tmp_path, ONE_C)
    assert report.mapping == {"order_id": "Документ", "product_name": "Номенклатура",
                              "category": "Номенклатурная группа", "quantity": "Количество", "price": "Цена",
                              "amount": "Сумма", "cost": "Себестоимость"}
    assert (report.rows_read, report.loaded) == (6, 2)
    assert report.rejected_by_reason == {"order_missing": 1, "product_missing": 1, "amount_invalid": 1,
                                         "line_negative": 1}
    assert _lines(workspace) == [
        ("Реализация 00001", None, "Кроссовки Run", "Обувь / Кроссовки", "Обувь", 2.0, 3500.0, 7000.0, 4200.0, None),
        ("Реализация 00001", None, "Носки", "Одежда", "Одежда", 1.0, 300.0, 300.0, 100.0, None),
    ]


def test_retailcrm_unit_cost_becomes_the_lines_cost(workspace, tmp_path):
    report = _upload(workspace, tmp_path, RETAIL_CRM)
    assert report.mapping["unit_cost"] == "Закупочная цена" and report.mapping["brand"] == "Производитель"
    # Cost of the line = unit cost 600 × 2.
    assert _lines(workspace) == [("1001A", "SKU-1", "Платье", "Одежда / Платья", "Одежда", 2.0, 1500.0, 3000.0,
                                  1200.0, "Fiora")]


def test_a_shopify_export_without_a_line_sum_uses_price_times_quantity(workspace, tmp_path):
    report = _upload(workspace, tmp_path, SHOPIFY)
    assert report.mapping == {"order_id": "Name", "product_id": "Lineitem sku", "product_name": "Lineitem name",
                              "quantity": "Lineitem quantity", "price": "Lineitem price", "brand": "Vendor"}
    assert _lines(workspace) == [("#1001", "SN-1", "Sneakers", None, None, 1.0, 49.9, 49.9, None, "Pulse")]


def test_the_command_line_reports_lines_of_unknown_orders(workspace, tmp_path, capsys):
    publish_frames(workspace, {"orders": [{"order_id": "Реализация 00001", "customer_id": "a",
                                           "order_date": __import__("datetime").date(2026, 3, 1), "amount": 7500.0}]})
    path = tmp_path / "lines.csv"
    path.write_text(ONE_C + "Реализация 09999;Сумка;Аксессуары;1;900;900;\n", encoding="utf-8")
    root = str(workspace.path)
    workspace.close()
    assert main(["--workspace", root, "--lang", "en", "ingest", str(path), "--kind", "order_lines", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # 7000 + 300 = 7300 against 7500: disagrees; 09999 is no order: its line is kept and counted.
    assert (out["loaded"], out["line_check"]["unknown_lines"], out["line_check"]["mismatched_orders"]) == (3, 1, 1)
    assert main(["--workspace", root, "--lang", "en", "ingest", str(path), "--kind", "order_lines"]) == 0
    assert ("Lines against orders: lines of unknown orders 1 (order numbers: 1), orders whose lines disagree with their "
            "amount 1 of 1.") in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["order_lines"])
def test_the_kind_is_offered_for_upload(kind):
    from core.ingest import mapping as mp

    assert kind in mp.KINDS and mp.missing_required(kind, {"order_id": "a"}) == [("amount", "price"),
                                                                                  ("product_id", "product_name",
                                                                                   "category")]
