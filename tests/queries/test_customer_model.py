"""The customer model: every base-type rule and boundary, classifications, computed by hand."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import sql
from core.context import Thresholds
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return D - dt.timedelta(days=days)


ORDERS = [
    ("v1", 5, 1000.0, None), ("v2", 20, 500.0, None), ("v2", 30, 400.0, None), ("v3", 40, 900.0, None),
    ("w1", 50, 100.0, None), ("a1", 60, 50.0, None), ("a1", 400, 5000.0, None), ("i180", 180, 10.0, None),
    ("i181", 181, 2000.0, None), ("l1", 400, 300.0, None),
    ("x1", 3, 700.0, "Отменён"),  # only a cancelled order, not in customers: not a contact
    ("f1", -3, 800.0, None),  # an order after D does not count
]
CUSTOMERS = [
    {"customer_id": "p1", "email": "p1@mail.ru", "name": "Пётр", "consent_email": True},
    {"customer_id": "p2", "email": "p2@mail.ru", "consent_email": True, "city": "Москва"},
    {"customer_id": "p3", "phone": "+79120000000"},
    {"customer_id": "f1", "gender": "m"},
    {"customer_id": "b1", "birth_date": dt.date(1990, 7, 2)},
    {"customer_id": "b2", "birth_date": dt.date(1990, 6, 30)},
    {"customer_id": "b3", "birth_date": dt.date(2000, 2, 29)},
]


@pytest.fixture
def model_ws(workspace: Workspace) -> Workspace:
    orders = [{"order_id": f"o{i}", "customer_id": c, "order_date": ago(d), "amount": a, "status": s}
              for i, (c, d, a, s) in enumerate(ORDERS)]
    interactions = [{"customer_id": "p1", "date": ago(10), "type": "email"}]
    publish_frames(workspace, {"orders": orders, "customers": CUSTOMERS, "interactions": interactions})
    return workspace


def model(ws: Workspace, **thresholds) -> dict[str, dict]:
    ctx = context(D, thresholds=Thresholds(**thresholds))
    frame = sql.run(ws, "customers__model", ctx)
    return {row["customer_id"]: row for row in frame.iter_rows(named=True)}


def test_contacts_are_customers_plus_buyers_up_to_the_analysis_date(model_ws):
    ids = set(model(model_ws))
    assert ids == {"v1", "v2", "v3", "w1", "a1", "i180", "i181", "l1", "f1", "p1", "p2", "p3", "b1", "b2", "b3"}


def test_base_types_with_vip_share_thirty_percent(model_ws):
    # 7 buyers in the last 365 days; ceil(0.3 × 7) = 3: i181 (2000), v1 (1000), v2 (900); v3 ties v2.
    # i181 is inactive first (181 days > 180).
    types = {k: v["base_type"] for k, v in model(model_ws, vip_share=0.3).items()}
    assert types == {
        "v1": "vip", "v2": "vip", "v3": "vip", "w1": "working", "a1": "active", "i180": "working",
        "i181": "inactive", "l1": "inactive", "f1": "potential", "p1": "mailing", "p2": "potential",
        "p3": "potential", "b1": "potential", "b2": "potential", "b3": "potential",
    }


def test_default_vip_share_picks_only_the_top_buyer_who_is_inactive(model_ws):
    # ceil(0.05 × 7) = 1: the top is i181, already inactive; nobody else reaches 2000.
    types = {k: v["base_type"] for k, v in model(model_ws).items()}
    assert [k for k, v in types.items() if v == "vip"] == []
    assert (types["v1"], types["v2"], types["v3"]) == ("working", "active", "working")


def test_vip_minimum_revenue_includes_the_boundary(model_ws):
    types = {k: v["base_type"] for k, v in model(model_ws, vip_share=0.0, vip_min_revenue=100.0).items()}
    assert sorted(k for k, v in types.items() if v == "vip") == ["v1", "v2", "v3", "w1"]


def test_inactivity_boundary_is_strictly_more_than_the_threshold(model_ws):
    rows = model(model_ws, inactive_days=181)
    # No longer inactive at 181 days, i181 is the top buyer of the year: ceil(0.05 × 7) = 1 -> VIP.
    assert rows["i181"]["base_type"] == "vip"
    assert rows["i180"]["recency_days"] == 180 and rows["i181"]["recency_days"] == 181


def test_order_facts(model_ws):
    a1 = model(model_ws)["a1"]
    assert (a1["orders"], a1["revenue"], a1["aov"], a1["orders_365"], a1["revenue_365"]) == (2, 5050.0, 2525.0, 1, 50.0)
    assert (a1["first_order_date"], a1["last_order_date"], a1["tenure_days"]) == (ago(400), ago(60), 400)


def test_temperature_and_lifecycle(model_ws):
    rows = model(model_ws)
    temps = {k: rows[k]["temperature"] for k in ("v1", "v2", "v3", "a1", "i180", "p1", "p3")}
    # v1 bought once, 5 days ago: a one-time buyer is warm, not hot. v2 bought 20 and 30 days ago: two orders,
    # the last within 30 days: hot. v3 (40 days), a1 (60 days; 1 order in 365 days): warm. i180 (180 days): cold.
    # p1 never bought, an e-mail 10 days ago: warm (interest). p3: no order, no contact: cold.
    assert temps == {"v1": "warm", "v2": "hot", "v3": "warm", "a1": "warm", "i180": "cold", "p1": "warm",
                     "p3": "cold"}
    stages = {k: rows[k]["lifecycle"] for k in ("v1", "a1", "i181", "l1", "p1")}
    assert stages == {"v1": "new", "a1": "regular", "i181": "sleeping", "l1": "lost", "p1": "prospect"}


def test_abc_by_cumulative_revenue_share(model_ws):
    # Total 10 260: a1 5050 (0% above), i181 2000 (49.2%), v1 1000 (68.7%), v2 900 (78.5%) -> A;
    # v3 900 (87.2%) -> B; l1 300 (96.0%), w1 100, i180 10 -> C.
    rows = model(model_ws)
    abc = {k: rows[k]["abc_class"] for k in ("a1", "i181", "v1", "v2", "v3", "l1", "w1", "i180", "p1")}
    assert abc == {"a1": "A", "i181": "A", "v1": "A", "v2": "A", "v3": "B", "l1": "C", "w1": "C", "i180": "C",
                   "p1": None}


def test_rfm_scores(model_ws):
    rows = model(model_ws)
    assert rows["v1"]["r_score"] == 5 and rows["l1"]["r_score"] == 1
    # 8 buyers, 6 with one order: those share F = 1; the two with two orders rank 7th: 1 + floor(5 × 6/7) = 5.
    assert {rows[k]["f_score"] for k in ("v1", "v3", "w1", "i180", "i181", "l1")} == {1}
    assert rows["a1"]["f_score"] == 5 and rows["v2"]["f_score"] == 5
    assert rows["v2"]["rfm_segment"] == "champions"
    assert rows["l1"]["rfm_segment"] == "lost"


def test_birthdays_and_age(model_ws):
    rows = model(model_ws)
    assert (rows["b1"]["birthday_in_days"], rows["b1"]["age"]) == (2, 35)
    assert (rows["b2"]["birthday_in_days"], rows["b2"]["age"]) == (0, 36)
    assert rows["b3"]["birthday_in_days"] == 243  # 29.02 falls on 28.02.2027


def test_another_analysis_date_gets_its_own_model(model_ws):
    earlier = sql.run(model_ws, "customers__model", context(ago(25)))
    rows = {r["customer_id"]: r for r in earlier.iter_rows(named=True)}
    # 25 days earlier v1's only order (5 days ago) and v2's later order (20 days ago) had not happened yet.
    assert "v1" not in rows
    assert (rows["v2"]["orders"], rows["v2"]["recency_days"]) == (1, 5)
    assert sql.run(model_ws, "customers__model", context(D)).height == 15


def test_model_columns_match_the_declared_header():
    declared = sql.header(sql.text("derived__customer_model"))["returns"]
    columns = [c.strip() for c in declared.replace("--", " ").split(",")]
    assert "base_type" in columns and len(columns) == len(set(columns))


def test_manager_scope_applies_to_the_model(model_ws):
    from core.access import Viewer

    publish_frames(model_ws, {"customers": CUSTOMERS + [{"customer_id": "v1", "manager": "anna"}]})
    ctx = context(D, viewer=Viewer("anna", "manager", manager_id="anna"))
    assert sql.run(model_ws, "customers__model", ctx)["customer_id"].to_list() == ["v1"]
    assert isinstance(sql.run(model_ws, "customers__model", context(D)), pl.DataFrame)


# ---------------------------------------------------------------- contacts without orders, registration
NO_ORDER_PEOPLE = [
    {"customer_id": "sms_only", "name": "Оля", "phone": "+79000000001", "consent_sms": True},
    {"customer_id": "mail_gender", "email": "g@mail.ru", "consent_email": True, "gender": "f"},
    {"customer_id": "mail_birth", "email": "b@mail.ru", "consent_email": True, "birth_date": dt.date(1990, 1, 1)},
    {"customer_id": "no_consent", "name": "Иван", "email": "i@mail.ru", "consent_email": False},
    {"customer_id": "reg_on_d", "email": "d@mail.ru", "consent_email": True, "registered_at": D},
    {"customer_id": "reg_after", "email": "a@mail.ru", "consent_email": True, "registered_at": D + dt.timedelta(days=1)},
    {"customer_id": "buyer_reg_after", "registered_at": D + dt.timedelta(days=5)},
    {"customer_id": "talk_90", "name": "Т"},
    {"customer_id": "talk_91", "name": "Т"},
]


@pytest.fixture
def people_ws(workspace: Workspace) -> Workspace:
    orders = [
        {"order_id": "1", "customer_id": "buyer_reg_after", "order_date": ago(10), "amount": 100.0},
        {"order_id": "2", "customer_id": "disc2", "order_date": ago(10), "amount": 100.0, "discount": 10.0},
        {"order_id": "3", "customer_id": "disc2", "order_date": ago(20), "amount": 100.0, "discount": 0.0},
        {"order_id": "4", "customer_id": "disc1", "order_date": ago(10), "amount": 100.0, "discount": 5.0},
        {"order_id": "5", "customer_id": "disc3", "order_date": ago(10), "amount": 100.0, "discount": 5.0},
        {"order_id": "6", "customer_id": "disc3", "order_date": ago(11), "amount": 100.0},
        {"order_id": "7", "customer_id": "disc3", "order_date": ago(12), "amount": 100.0},
    ]
    interactions = [{"customer_id": "talk_90", "date": ago(90), "type": "call"},
                    {"customer_id": "talk_91", "date": ago(91), "type": "call"}]
    publish_frames(workspace, {"orders": orders, "customers": NO_ORDER_PEOPLE, "interactions": interactions})
    return workspace


@pytest.mark.parametrize(("customer", "expected"), [
    ("sms_only", "mailing"),  # SMS consent counts; name and phone are contact details
    ("mail_gender", "potential"),  # gender is personal data beyond contacts
    ("mail_birth", "potential"),  # so is a birth date
    ("no_consent", "potential"),  # no consent to marketing
    ("reg_on_d", "mailing"),  # registered on D: a contact as of D
    ("buyer_reg_after", "working"),  # registered later, but bought before D: a contact
])
def test_contacts_without_orders_and_registration(people_ws, customer, expected):
    assert model(people_ws)[customer]["base_type"] == expected


def test_customer_registered_after_the_analysis_date_is_not_yet_a_contact(people_ws):
    assert "reg_after" not in model(people_ws)
    later = sql.run(people_ws, "customers__model", context(D + dt.timedelta(days=1)))
    assert "reg_after" in later["customer_id"].to_list()


@pytest.mark.parametrize(("customer", "expected"), [("talk_90", "warm"), ("talk_91", "cold")])
def test_no_order_temperature_boundary_is_at_most_warm_days(people_ws, customer, expected):
    assert model(people_ws)[customer]["temperature"] == expected


TEMPERATURE_ORDERS = {  # customer: days ago of each completed order (D = 30.06.2026)
    "reg3_90": (90, 100, 200),    # 3 orders in 365 days, the last 90 days ago: buys regularly, hot
    "reg3_91": (91, 100, 200),    # the last 91 days ago: not regular now, no order or contact in 90 days: cold
    "reg3_364": (40, 100, 364),   # 364 days ago is inside the 365 days: 3 orders, hot
    "reg3_365": (40, 100, 365),   # 365 days ago is not: 2 orders in 365 days, the last 40 days ago: warm
    "two_30": (30, 200),          # bought again, the last 30 days ago: hot
    "two_31": (31, 200),          # 31 days ago: warm
    "one_0": (0,),                # a one-time buyer, today: warm
    "complaint_90": (5, 50),      # would be hot; a complaint 90 days ago: cold
    "complaint_91": (5, 50),      # a complaint 91 days ago is past: hot
    "nps_6": (5, 50),             # a score of 6 (a detractor) 10 days ago: cold
    "nps_7": (5, 50),             # a score of 7 (passive): hot
    "unsubscribed": (5, 50),      # an unsubscribe 20 days ago: cold
    "talk_only": (200,),          # last order 200 days ago, a call 90 days ago: interest shown, warm
}
TEMPERATURE_INTERACTIONS = [
    ("complaint_90", 90, "complaint", None), ("complaint_91", 91, "complaint", None),
    ("nps_6", 10, "survey", 6), ("nps_7", 10, "survey", 7), ("unsubscribed", 20, "unsubscribe", None),
    ("talk_only", 90, "call", None),
]


@pytest.fixture
def temperature_ws(workspace: Workspace) -> Workspace:
    orders = [{"order_id": f"{c}-{d}", "customer_id": c, "order_date": ago(d), "amount": 100.0}
              for c, days in TEMPERATURE_ORDERS.items() for d in days]
    interactions = [{"customer_id": c, "date": ago(d), "type": t, "score": score}
                    for c, d, t, score in TEMPERATURE_INTERACTIONS]
    publish_frames(workspace, {"orders": orders, "interactions": interactions})
    return workspace


def test_temperature_as_defined_at_its_boundaries(temperature_ws):
    temps = {k: v["temperature"] for k, v in model(temperature_ws).items()}
    assert temps == {
        "reg3_90": "hot", "reg3_91": "cold", "reg3_364": "hot", "reg3_365": "warm", "two_30": "hot", "two_31": "warm",
        "one_0": "warm", "complaint_90": "cold", "complaint_91": "hot", "nps_6": "cold", "nps_7": "hot",
        "unsubscribed": "cold", "talk_only": "warm",
    }


def test_temperature_thresholds_are_settings(temperature_ws):
    rows = model(temperature_ws, negative_days=91, hot_min_orders=2, hot_days=31)
    # A complaint 91 days ago is now recent; 2 orders in 365 days with the last within 90 days are regular
    # (reg3_365, two_31); hot_days 31 alone would also make two_31 hot.
    assert rows["complaint_91"]["temperature"] == "cold"
    assert (rows["reg3_365"]["temperature"], rows["two_31"]["temperature"]) == ("hot", "hot")
    assert rows["one_0"]["temperature"] == "warm"  # one order is still one order
    assert rows["complaint_91"]["last_negative_date"] == ago(91)
    assert rows["nps_7"]["last_negative_date"] is None


@pytest.mark.parametrize(("customer", "expected"), [
    ("disc2", True),  # 1 of 2 discounted = 50 %: at the threshold
    ("disc1", False),  # a single order is never enough
    ("disc3", False),  # 1 of 3 = 33 %
])
def test_discount_driven_buyers(people_ws, customer, expected):
    assert model(people_ws)[customer]["discount_buyer"] is expected


def test_zero_vip_share_makes_no_vip_without_a_minimum(model_ws):
    assert "vip" not in {v["base_type"] for v in model(model_ws, vip_share=0.0).values()}


def test_every_contact_has_exactly_one_base_type_from_the_list(model_ws):
    from core.customers import BASE_TYPES

    assert {v["base_type"] for v in model(model_ws).values()} <= set(BASE_TYPES)
