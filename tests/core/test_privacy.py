"""Masking of personal data per role in tables and downloads, consent for marketers, no data for executives."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import export, privacy
from core.access import Viewer

ROWS = pl.DataFrame({
    "customer_id": ["a", "b"],
    "name": ["Иванов Иван Петрович", "anna"],
    "email": ["ivan@mail.ru", "anna@yandex.ru"],
    "phone": ["+7 (916) 123-45-67", "8 903 765 43 21"],
    "birth_date": [dt.date(1985, 4, 12), dt.date(1999, 1, 2)],
    "text": ["перезвоните на +7 916 123 45 67 или ivan@mail.ru", "спасибо"],
    "consent_email": [True, False],
    "consent_sms": [False, True],
    "amount": [100.5, 7.0],
})


@pytest.mark.parametrize("value,expected", [
    ("ivan@mail.ru", "i***@mail.ru"), ("no-at-sign", "***"), (None, None),
])
def test_email_mask(value, expected):
    assert pl.DataFrame({"email": [value]}, schema={"email": pl.String}).select(privacy.mask_email())[0, 0] == expected


@pytest.mark.parametrize("value,expected", [
    ("+7 (916) 123-45-67", "+7 *** ***-45-67"), ("89161234567", "+7 *** ***-45-67"),
    ("+375 29 123 45 67", "*** ***-45-67"), ("12", "***"),
])
def test_phone_mask(value, expected):
    assert pl.DataFrame({"phone": [value]}).select(privacy.mask_phone())[0, 0] == expected


@pytest.mark.parametrize("value,expected", [("Иванов Иван Петрович", "И. И. П."), ("  anna  maria ", "A. M.")])
def test_names_become_initials(value, expected):
    assert pl.DataFrame({"name": [value]}).select(privacy.initials())[0, 0] == expected


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_roles_with_personal_data_see_everything(role):
    assert privacy.present(ROWS, Viewer("x", role)).equals(ROWS)


def test_manager_sees_their_customers_unmasked():
    assert privacy.present(ROWS, Viewer("m", "manager", "m")).equals(ROWS)


def test_marketer_sees_only_consented_contacts():
    shown = privacy.present(ROWS, Viewer("x", "marketer"))
    assert shown["email"].to_list() == ["ivan@mail.ru", "a***@yandex.ru"]
    assert shown["phone"].to_list() == ["+7 *** ***-45-67", "8 903 765 43 21"]
    assert shown["name"].to_list() == ["Иванов Иван Петрович", "anna"]  # consent to either
    assert shown["birth_date"].to_list() == ["1985-**-**", "1999-**-**"]
    assert shown["text"][0] == "перезвоните на *** или ***"
    assert shown["amount"].to_list() == [100.5, 7.0]


def test_without_consent_columns_everything_is_masked():
    shown = privacy.present(ROWS.drop("consent_email", "consent_sms"), Viewer("x", "marketer"))
    assert shown["email"].to_list() == ["i***@mail.ru", "a***@yandex.ru"]
    assert shown["phone"].to_list() == ["+7 *** ***-45-67", "+7 *** ***-43-21"]
    assert shown["name"].to_list() == ["И. И. П.", "A."]


def test_executive_gets_no_customer_level_rows_but_aggregates_pass():
    with pytest.raises(privacy.NotAllowed):
        privacy.present(ROWS, Viewer("x", "executive"))
    totals = pl.DataFrame({"month": [dt.date(2026, 1, 1)], "revenue": [10.0]})
    assert privacy.present(totals, Viewer("x", "executive")).equals(totals)


def test_downloads_are_masked_and_open_in_russian_excel():
    data = export.csv_bytes(export.downloadable(ROWS.drop("consent_email", "consent_sms"), Viewer("x", "marketer")))
    text = data.decode("utf-8")
    assert text.startswith("\ufeffcustomer_id;name;email;phone;birth_date;text;amount\n")
    assert "ivan@mail.ru" not in text and "i***@mail.ru" in text and "123-45-67" not in text
    assert ";100,5\n" in text


def test_executives_may_not_download_even_aggregates():
    with pytest.raises(privacy.NotAllowed):
        export.downloadable(pl.DataFrame({"revenue": [1.0]}), Viewer("x", "executive"))
