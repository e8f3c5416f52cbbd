"""The five behaviour types by their definitions at the boundaries (by hand), and the demo's simulated
purposeful buyers recovered (a property over seeds)."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import demo, sql
from core.context import Thresholds
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return D - dt.timedelta(days=days)


# customer: (days ago of each completed order, discounted?, {category: sum} of each order's lines or None)
PEOPLE = {
    "disc": ((2, 3), True, None),                       # 2 of 2 orders discounted
    "purp": ((90, 60, 30), False, {"Дом": 100.0}),      # gaps 30, 30: CV 0; one category
    "cv_half": ((70, 25, 10), False, {"Дом": 100.0}),   # gaps 45, 15: CV 15 / 30 = 0.5 exactly: purposeful
    "cv_over": ((70, 24, 10), False, {"Дом": 100.0}),   # gaps 46, 14: CV 16 / 30 = 0.533: not
    "share_60": ((90, 60, 30), False, {"Дом": 60.0, "Обувь": 40.0}),   # top share 0.6 exactly: purposeful
    "share_59": ((90, 60, 30), False, {"Дом": 59.0, "Обувь": 41.0}),   # 0.59: not
    "impulse": ((100, 40, 40, 40), False, {"Дом": 4.0, "Обувь": 3.0, "Спорт": 3.0}),  # gaps 60, 0, 0: CV 1.41
    "loyal": ((1, 5, 20, 50, 51, 100), False, None),    # the most orders, the latest: R 5, F 5; CV 0.90
    "old": ((300, 310, 320, 330, 340), False, None),    # frequent long ago: R 1
    "one": ((200,), False, None),                       # one order, two contacts this year: curious
}
CONTACTS = {"one": (10, 20), "talker": (5, 300), "faded": (5, 400)}


@pytest.fixture
def behaviour_ws(workspace: Workspace) -> Workspace:
    orders, lines = [], []
    for customer, (days, discounted, basket) in PEOPLE.items():
        for n, day in enumerate(days):
            order_id = f"{customer}-{n}"
            amount = 10.0 if customer == "impulse" else 100.0
            orders.append({"order_id": order_id, "customer_id": customer, "order_date": ago(day), "amount": amount,
                           "discount": 5.0 if discounted else 0.0})
            for category, value in (basket or {}).items():
                lines.append({"order_id": order_id, "product_name": category, "category": category,
                              "category_top": category, "quantity": 1.0, "price": value, "amount": value})
    interactions = [{"customer_id": c, "date": ago(d), "type": "email"} for c, days in CONTACTS.items() for d in days]
    customers = [{"customer_id": c} for c in ("talker", "faded")]
    publish_frames(workspace, {"orders": orders, "order_lines": lines, "interactions": interactions,
                               "customers": customers})
    return workspace


def types(ws: Workspace, **thresholds) -> dict[str, str | None]:
    frame = sql.run(ws, "customers__model", context(D, thresholds=Thresholds(**thresholds)))
    return dict(frame.select("customer_id", "behaviour_type").iter_rows())


def test_each_type_at_its_boundaries(behaviour_ws):
    # Median average check of the year's buyers: 100 (impulse's 10 is below it).
    assert types(behaviour_ws) == {
        "disc": "discount", "purp": "purposeful", "cv_half": "purposeful", "cv_over": None,
        "share_60": "purposeful", "share_59": None, "impulse": "impulsive", "loyal": "loyal", "old": None,
        # one: a single order and two contacts this year; talker: no order, contacts 5 and 300 days ago;
        # faded: the second contact is 400 days ago, one this year is not enough.
        "one": "curious", "talker": "curious", "faded": None,
    }


def test_the_thresholds_are_settings(behaviour_ws):
    found = types(behaviour_ws, purposeful_max_cv=0.54, purposeful_min_share=0.59, impulsive_min_categories=4,
                  curious_min_interactions=3, behaviour_min_orders=7)
    # At least 7 orders in a year: nobody qualifies for purposeful or impulsive any more.
    assert {k for k, v in found.items() if v in ("purposeful", "impulsive")} == set()
    found = types(behaviour_ws, purposeful_max_cv=0.54, purposeful_min_share=0.59, impulsive_min_categories=4,
                  curious_min_interactions=3)
    assert (found["cv_over"], found["share_59"], found["impulse"], found["one"]) == ("purposeful", "purposeful",
                                                                                    None, None)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_simulated_purposeful_buyers_are_classed_purposeful(tmp_path_factory, seed):
    """Of the demo's buyers simulated as purposeful with at least 3 orders in the last year (fewer show no
    rhythm), at least 90 % are classed purposeful; of the other such buyers, at most 3 %."""
    ws = Workspace(tmp_path_factory.mktemp("purposeful"))
    try:
        demo.load_into(ws, customers=3_000, seed=seed)
        truth = demo.simulated(customers=3_000, seed=seed)["purposeful"]
        model = sql.run(ws, "customers__model", sql.default_context(ws)).filter(pl.col("orders_365") >= 3)
        classed = model.with_columns(simulated=pl.col("customer_id").is_in(list(truth)),
                                     purposeful=(pl.col("behaviour_type") == "purposeful").fill_null(False))
        simulated = classed.filter(pl.col("simulated"))
        others = classed.filter(~pl.col("simulated"))
        assert simulated.height >= 40
        assert simulated["purposeful"].mean() >= 0.90
        assert others["purposeful"].mean() <= 0.03
    finally:
        ws.close()
