"""Contacts: e-mail and phone normalisation and validity, scalar and vectorised, Russian formats included."""
from __future__ import annotations

import polars as pl
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from core import contacts

PHONES = [
    # raw value, E.164 (None: not usable), validity (None: blank)
    ("8 (912) 345-67-89", "+79123456789", True),
    ("+7 912 345 6789", "+79123456789", True),
    ("8 912 345-67-89", "+79123456789", True),
    ("+7(912)3456789", "+79123456789", True),
    ("89123456789", "+79123456789", True),
    ("9123456789", "+79123456789", True),
    ("79123456789", "+79123456789", True),
    ("  +7 912 345-67-89  ", "+79123456789", True),
    ("+7 912 345-67-89 доб. 123", "+79123456789", True),
    ("8-912-345-67-89 ext 5", "+79123456789", True),
    ("тел.: 8 912 345 67 89", "+79123456789", True),
    ("+7 (495) 123-45-67", "+74951234567", True),
    ("8 800 555-35-35", "+78005553535", True),
    ("+44 20 7946 0958", "+442079460958", True),
    ("+1 650 253 0000", "+16502530000", True),
    ("+380 44 123 4567", "+380441234567", True),
    ("8912345678", None, False),          # ten digits after the 8: one short
    ("123", None, False),
    ("не указан", None, False),
    ("8 (912) 345-67-89, 8 (912) 000-00-00", None, False),
    ("", None, None),
    ("   ", None, None),
    (None, None, None),
]

EMAILS = [
    ("ivan.petrov@mail.ru", "ivan.petrov@mail.ru", True),
    ("  Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru", True),
    ("IVAN+shop@yandex.ru", "ivan+shop@yandex.ru", True),
    ("иван@почта.рф", "иван@почта.рф", True),
    ("ivan at mail.ru", None, False),
    ("ivan@mail", None, False),
    ("ivan@@mail.ru", None, False),
    ("ivan..petrov@mail.ru", None, False),
    ("ivan@mail.ru.", None, False),
    ("ivan@server.test", None, False),     # a special-use domain
    ("ivan@-mail.ru", None, False),
    ("", None, None),
    (None, None, None),
]


@pytest.mark.parametrize(("raw", "e164", "valid"), PHONES)
def test_phone_normalisation(raw, e164, valid):
    assert contacts.normalize_phone(raw) == e164
    assert contacts.phone_status(raw) is valid


def test_phone_region_applies_to_numbers_without_a_country_code():
    assert contacts.normalize_phone("020 7946 0958", region="GB") == "+442079460958"
    assert contacts.normalize_phone("020 7946 0958") is None


@pytest.mark.parametrize(("raw", "normalised", "valid"), EMAILS)
def test_email_normalisation(raw, normalised, valid):
    assert contacts.normalize_email(raw) == normalised
    assert contacts.email_status(raw) is valid


def test_vectorised_columns_agree_with_the_scalar_functions_row_by_row():
    n = max(len(PHONES), len(EMAILS))
    phones = [p[0] for p in PHONES] + [None] * (n - len(PHONES))
    emails = [e[0] for e in EMAILS] + [None] * (n - len(EMAILS))
    # repeat the rows so each distinct value occurs several times, in a shuffled order
    order = [(i * 7) % n for i in range(n)] * 3
    frame = pl.DataFrame({"id": list(range(len(order))), "email": [emails[i] for i in order],
                          "phone": [phones[i] for i in order]}, schema={"id": pl.Int64, "email": pl.String,
                                                                         "phone": pl.String})
    out = contacts.contact_columns(frame)
    assert out.columns == ["id", "email", "phone", "email_norm", "email_valid", "phone_norm", "phone_valid"]
    assert out["id"].to_list() == list(range(len(order)))
    for row in out.iter_rows(named=True):
        assert row["email_norm"] == contacts.normalize_email(row["email"])
        assert row["email_valid"] is contacts.email_status(row["email"])
        assert row["phone_norm"] == contacts.normalize_phone(row["phone"])
        assert row["phone_valid"] is contacts.phone_status(row["phone"])


def test_missing_columns_give_null_contact_columns():
    out = contacts.contact_columns(pl.DataFrame({"customer_id": ["a", "b"]}))
    assert out["email_norm"].to_list() == [None, None]
    assert out["phone_valid"].to_list() == [None, None]


def test_empty_column():
    out = contacts.contact_columns(pl.DataFrame({"email": [], "phone": []}, schema={"email": pl.String,
                                                                                    "phone": pl.String}))
    assert out.height == 0 and "phone_norm" in out.columns


_ATOM = st.text("abz09_%+=-.", min_size=1, max_size=12)
_LABEL = st.text("abz09-", min_size=1, max_size=10)
_ADDRESS = st.builds(lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
                     _ATOM, st.lists(_LABEL, min_size=1, max_size=3), st.sampled_from(["ru", "com", "test", "рф", "x"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_ADDRESS, min_size=30, max_size=30))
def test_the_vectorised_fast_path_only_accepts_what_email_validator_accepts(addresses):
    series = pl.Series(addresses, dtype=pl.String)
    fast = (series.str.contains(contacts._PLAIN_EMAIL) & ~series.str.contains(contacts._PLAIN_EXCLUDED)).to_list()
    for address, accepted in zip(addresses, fast):
        if accepted:
            validate_email(address, check_deliverability=False)  # raises when the fast path is too lenient


def test_the_fast_path_leaves_special_cases_to_the_library():
    special = pl.Series(["a@b.test", "a@xn--80ak6aa92e.com", "x" * 65 + "@mail.ru", "a@mail.ru"])
    fast = (special.str.contains(contacts._PLAIN_EMAIL) & ~special.str.contains(contacts._PLAIN_EXCLUDED)).to_list()
    assert fast == [False, False, False, True]


_MOBILE = st.builds(
    lambda prefix, digits, style: style.format(p=prefix, a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:]),
    st.sampled_from(["+7", "8", "7", ""]),
    st.text("0123456789", min_size=9, max_size=9).map(lambda d: "9" + d),
    st.sampled_from(["{p}{a}{b}{c}{d}", "{p} ({a}) {b}-{c}-{d}", "{p} {a} {b} {c} {d}", "{p}({a}){b}{c}{d}"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_MOBILE, min_size=30, max_size=30))
def test_the_vectorised_mobile_path_agrees_with_phonenumbers(numbers):
    out = contacts.phone_frame(pl.Series(numbers, dtype=pl.String))
    for raw, norm, valid in zip(numbers, out["phone_norm"].to_list(), out["phone_valid"].to_list()):
        assert (norm, valid) == contacts._parse_phone(raw, "RU"), raw
