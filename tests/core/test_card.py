"""The customer card: search with escaped wildcards and per rights, profile, orders and interactions."""
from __future__ import annotations

import datetime as dt

import pytest

from core import card, customers
from core.access import Viewer
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)
ANALYST, MARKETER = Viewer("x", "analyst"), Viewer("m", "marketer")


@pytest.fixture
def card_ws(workspace: Workspace) -> Workspace:
    people = [
        {"customer_id": "a_1", "name": "Анна Петрова", "email": "anna@mail.ru", "phone": "+7 (912) 345-67-89",
         "consent_email": True},
        {"customer_id": "ab1", "name": "Борис 100%", "email": "boris@ya.ru", "phone": "8 900 111-22-33"},
        {"customer_id": "c", "name": "Вера", "email": "vera@mail.ru"},
    ]
    orders = [
        {"order_id": "1", "customer_id": "a_1", "order_date": dt.date(2026, 5, 3), "amount": 100.0},
        {"order_id": "2", "customer_id": "a_1", "order_date": dt.date(2026, 6, 3), "amount": 200.0},
        {"order_id": "3", "customer_id": "a_1", "order_date": dt.date(2026, 6, 4), "amount": 50.0, "status": "отмена"},
        {"order_id": "4", "customer_id": "a_1", "order_date": dt.date(2026, 7, 4), "amount": 70.0},  # after D
    ]
    interactions = [
        {"customer_id": "a_1", "date": dt.date(2026, 6, 1), "type": "complaint", "text": "Звоните +7 912 345-67-89"},
        {"customer_id": "a_1", "date": dt.date(2026, 6, 2), "type": "survey", "score": 9},
    ]
    publish_frames(workspace, {"customers": people, "orders": orders, "interactions": interactions})
    return workspace


def ids(frame) -> list[str]:
    return frame["customer_id"].to_list() if frame.height else []


@pytest.mark.parametrize(("text", "expected"), [
    ("a_1", ["a_1"]),  # `_` is literal: "ab1" does not match
    ("100%", ["ab1"]),  # `%` is literal
    ("%", ["ab1"]),
    ("АННА", ["a_1"]),  # case-insensitive
    ("anna@", ["a_1"]),
    ("912 345", ["a_1"]),  # phone digits, whatever the format
    ("89001112233", ["ab1"]),
    ("zzz", []),
    ("   ", []),
])
def test_search_for_a_viewer_with_personal_data(card_ws, text, expected):
    assert ids(card.search(card_ws, context(D, viewer=ANALYST), text)) == expected


def test_an_exact_match_comes_first(workspace):
    # Searching for «vera@mail.ru»: «avera@mail.ru» contains it and sorts first by id, «a2» has a phone
    # with the same digits as «b9»'s; the exact e-mail (or phone) must lead.
    people = [
        {"customer_id": "a1", "name": "Ава", "email": "avera@mail.ru", "phone": "+79161112233"},
        {"customer_id": "z9", "name": "Вера", "email": "vera@mail.ru", "phone": "+79265554433"},
        {"customer_id": "a2", "name": "Ася", "email": "asya@mail.ru", "phone": "+79265554433"},
        {"customer_id": "b9", "name": "Борис", "email": "b@mail.ru", "phone": "+7 916 111-22-33"},
    ]
    publish_frames(workspace, {"customers": people})
    ctx = context(D, viewer=ANALYST)
    found = card.search(workspace, ctx, "VERA@mail.ru")
    assert ids(found) == ["z9", "a1"] and found["exact"].to_list() == [True, False]
    assert ids(card.search(workspace, ctx, "8 (916) 111-22-33"))[:2] in (["a1", "b9"], ["b9", "a1"])
    assert card.search(workspace, ctx, "8 (916) 111-22-33")["exact"].to_list() == [True, True]
    assert ids(card.search(workspace, ctx, "b9")) == ["b9"]
    assert ids(card.search(workspace, ctx, "a")) [:1] == ["a1"]  # no exact match: by id


def test_without_personal_data_search_is_by_id_only_and_masked(card_ws):
    ctx = context(D, viewer=MARKETER)
    assert ids(card.search(card_ws, ctx, "anna")) == []
    found = card.search(card_ws, ctx, "a_1")
    assert found.select("name", "email").row(0) == ("А. П.", "a***@mail.ru")


def test_executive_may_not_open_a_card(card_ws):
    with pytest.raises(customers.NotAllowed):
        card.search(card_ws, context(D, viewer=Viewer("e", "executive")), "a_1")
    with pytest.raises(customers.NotAllowed):
        card.orders(card_ws, context(D, viewer=Viewer("e", "executive")), "a_1")


def test_profile_orders_and_interactions(card_ws):
    ctx = context(D, viewer=ANALYST)
    person = card.profile(card_ws, ctx, "a_1")
    # the only buyer of the year: ceil(5 % × 1) = 1 -> VIP; the last NPS answer is 9
    assert (person["orders"], person["revenue"], person["base_type"], person["last_nps"]) == (2, 300.0, "vip", 9)
    orders = card.orders(card_ws, ctx, "a_1")
    assert orders["order_id"].to_list() == ["3", "2", "1"]  # up to D, newest first, the cancellation flagged
    assert orders["completed"].to_list() == [False, True, True]
    monthly = card.orders_by_month(orders)
    assert monthly.rows() == [(dt.date(2026, 5, 1), 1, 100.0), (dt.date(2026, 6, 1), 1, 200.0)]
    talks = card.interactions(card_ws, ctx, "a_1")
    assert talks["type"].to_list() == ["survey", "complaint"]
    assert card.profile(card_ws, ctx, "nobody") is None


def test_interaction_texts_lose_phone_numbers_without_personal_data(card_ws):
    talks = card.interactions(card_ws, context(D, viewer=MARKETER), "a_1")
    assert talks.filter(talks["type"] == "complaint")["text"][0] == "Звоните ***"


def test_predicted_value_hook(card_ws, monkeypatch):
    ctx = context(D, viewer=ANALYST)
    monkeypatch.setattr(card, "PREDICTED_VALUE_PROVIDERS", [])
    assert card.predicted_value(card_ws, ctx, "a_1") is None
    card.register_predicted_value(lambda ws, c, cid: None)
    card.register_predicted_value(lambda ws, c, cid: {"CLV": cid.upper()})
    assert card.predicted_value(card_ws, ctx, "a_1") == {"CLV": "A_1"}


@pytest.mark.parametrize(("text", "escaped"), [("a_b", "a\\_b"), ("50%", "50\\%"), ("x\\y", "x\\\\y")])
def test_escape_like(text, escaped):
    assert card.escape_like(text) == escaped
