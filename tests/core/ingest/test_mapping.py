"""Mapping suggestions from the headers real systems write, from content, and required-field checks."""
from __future__ import annotations

import polars as pl
import pytest

from core.ingest import mapping as mp

HEADERS = {
    "bitrix24": (["ID", "Название сделки", "Стадия сделки", "Сумма", "Валюта", "Контакт", "Дата создания",
                  "Ответственный", "Источник"],
                 {"order_id": "ID", "customer_id": "Контакт", "order_date": "Дата создания", "amount": "Сумма",
                  "status": "Стадия сделки", "manager": "Ответственный", "channel": "Источник"}),
    "shopify": (["Name", "Email", "Financial Status", "Paid at", "Subtotal", "Total", "Discount Amount",
                 "Created at", "Lineitem price", "Billing Name", "Billing Phone", "Source", "Id"],
                {"order_id": "Name", "email": "Email", "phone": "Billing Phone", "order_date": "Created at",
                 "amount": "Total", "status": "Financial Status", "channel": "Source", "discount": "Discount Amount"}),
    "1c": (["Дата", "Номер", "Контрагент", "Сумма", "Менеджер", "Склад"],
           {"order_date": "Дата", "order_id": "Номер", "customer_id": "Контрагент", "amount": "Сумма",
            "manager": "Менеджер"}),
    "woocommerce": (["Order ID", "Order Date", "Order Status", "Order Total", "Billing Email", "Customer ID"],
                    {"order_id": "Order ID", "order_date": "Order Date", "status": "Order Status",
                     "amount": "Order Total", "email": "Billing Email", "customer_id": "Customer ID"}),
    "retailcrm": (["Номер заказа", "Дата оформления", "Статус заказа", "Сумма заказа", "Email", "Телефон",
                   "Менеджер"],
                  {"order_id": "Номер заказа", "order_date": "Дата оформления", "status": "Статус заказа",
                   "amount": "Сумма заказа", "email": "Email", "phone": "Телефон", "manager": "Менеджер"}),
    "amocrm": (["ID", "Бюджет", "Этап сделки", "Ответственный", "Дата создания", "Основной контакт"],
               {"order_id": "ID", "amount": "Бюджет", "status": "Этап сделки", "manager": "Ответственный",
                "order_date": "Дата создания", "customer_id": "Основной контакт"}),
    "tilda": (["orderid", "email", "phone", "price", "date", "Name"],
              {"order_id": "orderid", "email": "email", "phone": "phone", "amount": "price", "order_date": "date"}),
    "russian_generic": (["№", "Дата заказа", "Код клиента", "Итого, руб.", "Скидка"],
                        {"order_id": "№", "order_date": "Дата заказа", "customer_id": "Код клиента",
                         "amount": "Итого, руб.", "discount": "Скидка"}),
}


@pytest.mark.parametrize("system", HEADERS)
def test_order_headers_of_real_systems(system):
    columns, expected = HEADERS[system]
    assert mp.suggest_mapping("orders", columns) == expected


def test_customer_headers():
    columns = ["Код клиента", "ФИО", "Телефон", "E-mail", "Пол", "Дата рождения", "Город",
               "Согласие на рассылку", "Согласие на SMS", "Дата регистрации"]
    got = mp.suggest_mapping("customers", columns)
    assert got == {"customer_id": "Код клиента", "name": "ФИО", "email": "E-mail", "phone": "Телефон",
                   "birth_date": "Дата рождения", "gender": "Пол", "city": "Город",
                   "registered_at": "Дата регистрации", "consent_email": "Согласие на рассылку",
                   "consent_sms": "Согласие на SMS"}


def test_required_fields_found_by_content_when_headers_say_nothing():
    sample = pl.DataFrame({
        "col1": ["a@x.ru", "b@y.ru", "c@z.ru"],
        "col2": ["05.03.2024", "06.03.2024", "07.03.2024"],
        "col3": ["1 200,50 ₽", "300,00 ₽", "99,90 ₽"],
        "col4": ["x", "y", "z"],
    })
    got = mp.suggest_mapping("orders", sample.columns, sample)
    assert got == {"email": "col1", "order_date": "col2", "amount": "col3"}
    assert mp.missing_required("orders", got) == []


@pytest.mark.parametrize("kind, mapping, missing", [
    ("orders", {"order_date": "d", "amount": "a"}, [("customer_id", "email", "phone")]),
    ("orders", {"phone": "p", "order_date": "d", "amount": "a"}, []),
    ("orders", {"customer_id": "c"}, [("order_date",), ("amount",)]),
    ("customers", {"email": "e"}, []),
    ("interactions", {"customer_id": "c"}, [("date",)]),
    ("spend", {"date": "d"}, [("amount",)]),
])
def test_required_groups(kind, mapping, missing):
    assert mp.missing_required(kind, mapping) == missing


def test_header_key_ignores_case_spacing_and_yo_but_not_order_or_kind():
    a = mp.header_key("orders", ["Дата заказа", "Сумма", "Клиент"])
    assert a == mp.header_key("orders", [" дата  ЗАКАЗА", "сумма", "клиент"])
    assert a != mp.header_key("orders", ["Сумма", "Дата заказа", "Клиент"])
    assert a != mp.header_key("customers", ["Дата заказа", "Сумма", "Клиент"])
    assert mp.header_key("orders", ["Ёмкость"]) == mp.header_key("orders", ["емкость"])


def test_unknown_field_or_column_in_a_given_mapping():
    with pytest.raises(KeyError):
        mp.validate_mapping("orders", {"amount": "Нет такой"}, ["Сумма"])
    with pytest.raises(KeyError):
        mp.validate_mapping("orders", {"price": "Сумма"}, ["Сумма"])
    assert mp.validate_mapping("orders", {"amount": "Сумма", "channel": ""}, ["Сумма"]) == {"amount": "Сумма"}
