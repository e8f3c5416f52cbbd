"""customer_activity (the date-only part of the customer model): ranks by counting, repeated ids, reuse."""
from __future__ import annotations

import datetime as dt

import pytest

from core import sql
from core.context import Thresholds
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return D - dt.timedelta(days=days)


def model(ws: Workspace, as_of: dt.date = D, **thresholds) -> dict[str, dict]:
    frame = sql.run(ws, "customers__model", context(as_of, thresholds=Thresholds(**thresholds)))
    return {row["customer_id"]: row for row in frame.iter_rows(named=True)}


# customer -> (days before D of each order, amount of each order)
BUYERS = {
    "r100": ((100,), 10.0),
    "r50a": ((50,), 20.0),
    "r50b": ((50, 60), 30.0),
    "r20": ((20, 30, 40), 40.0),
    "r10": ((10, 70, 80), 50.0),
}


@pytest.fixture
def ranks_ws(workspace: Workspace) -> Workspace:
    orders = [{"order_id": f"{c}-{i}", "customer_id": c, "order_date": ago(d), "amount": amount}
              for c, (days, amount) in BUYERS.items() for i, d in enumerate(days)]
    publish_frames(workspace, {"orders": orders})
    return workspace


@pytest.mark.parametrize(("customer", "r", "f", "m"), [
    # 5 buyers, so percent rank = (buyers ranked before) / 4 and a score is 1 + floor(5 × that), at most 5.
    # Recency, oldest first: r100 (0 before), r50a and r50b tie (1 before), r20 (3), r10 (4).
    # Orders, fewest first: r100 and r50a tie (0 before), r50b (2), r20 and r10 tie (3).
    # Revenue, lowest first: 10, 20, 60, 120, 150 (0, 1, 2, 3, 4 before).
    ("r100", 1, 1, 1),
    ("r50a", 2, 1, 2),
    ("r50b", 2, 3, 3),
    ("r20", 4, 4, 4),
    ("r10", 5, 4, 5),
])
def test_rfm_scores_with_ties_counted_by_hand(ranks_ws, customer, r, f, m):
    row = model(ranks_ws)[customer]
    assert (row["r_score"], row["f_score"], row["m_score"]) == (r, f, m)


def test_a_single_buyer_scores_one_everywhere(workspace):
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "solo", "order_date": ago(3), "amount": 5.0}]})
    row = model(workspace)["solo"]
    assert (row["r_score"], row["f_score"], row["m_score"], row["abc_class"]) == (1, 1, 1, "A")


def test_a_repeated_customer_id_keeps_the_latest_registration(workspace):
    customers = [
        {"customer_id": "twice", "name": "Старая", "city": "Тула", "registered_at": ago(300)},
        {"customer_id": "twice", "name": "Новая", "city": "Омск", "registered_at": ago(30)},
        {"customer_id": "once", "name": "Одна", "registered_at": ago(10)},
    ]
    publish_frames(workspace, {"customers": customers})
    rows = sql.run(workspace, "customers__model", context(D))
    assert sorted(rows["customer_id"].to_list()) == ["once", "twice"]
    by_id = {r["customer_id"]: r for r in rows.iter_rows(named=True)}
    assert (by_id["twice"]["name"], by_id["twice"]["city"], by_id["twice"]["registered_at"]) == ("Новая", "Омск", ago(30))
    assert by_id["once"]["name"] == "Одна"


def test_someone_who_only_talked_to_us_is_not_a_contact(workspace):
    # Contacts are the customers dataset plus buyers: an interaction alone does not make one.
    publish_frames(workspace, {
        "customers": [{"customer_id": "known", "name": "Известный"}],
        "interactions": [{"customer_id": "stranger", "date": ago(5), "type": "call"},
                         {"customer_id": "known", "date": ago(5), "type": "complaint"}],
    })
    rows = model(workspace)
    assert set(rows) == {"known"}
    # A complaint 5 days ago is a negative reaction: cold, however recent the contact.
    assert (rows["known"]["interactions"], rows["known"]["complaints"], rows["known"]["temperature"]) == (1, 1, "cold")


def _variants(ws: Workspace) -> list[tuple[str, str]]:
    with ws.reading() as cur:
        return cur.sql("select name, table_name from derived_variants where name in "
                       "('customer_activity', 'customer_model') order by created_at, name").fetchall()


def test_a_threshold_change_reuses_the_activity_and_a_date_change_builds_its_own(ranks_ws):
    # The generation's own tables are built for the latest order date, D - 10 here.
    latest = ago(10)
    assert [name for name, _ in _variants(ranks_ws)] == ["customer_activity", "customer_model"]
    assert model(ranks_ws, latest, inactive_days=30)["r100"]["base_type"] == "inactive"
    added = _variants(ranks_ws)[2:]
    assert [name for name, _ in added] == ["customer_model"]
    # 45 days before the latest date r100 (55 days before it) was a buyer and r10 had 2 orders, not 3.
    earlier = model(ranks_ws, ago(55))
    assert (earlier["r100"]["orders"], earlier["r10"]["orders"], "r20" in earlier) == (1, 2, False)
    assert sorted(name for name, _ in _variants(ranks_ws)[3:]) == ["customer_activity", "customer_model"]


@pytest.mark.parametrize(("customer", "m"), [
    # 7 buyers: M = 1 + floor(5 × (buyers spending less) / 6). 10: none less -> 1; 20: 2 less -> 1 + floor(1.67) = 2;
    # 30: 3 less -> 1 + floor(2.5) = 3; 40: 6 less -> 1 + 5, capped at 5. Ties share the lower score.
    ("m10a", 1), ("m10b", 1), ("m20", 2), ("m30a", 3), ("m30b", 3), ("m30c", 3), ("m40", 5),
])
def test_monetary_score_with_tied_revenues(workspace, customer, m):
    revenues = {"m10a": 10.0, "m10b": 10.0, "m20": 20.0, "m30a": 30.0, "m30b": 30.0, "m30c": 30.0, "m40": 40.0}
    orders = [{"order_id": c, "customer_id": c, "order_date": ago(5), "amount": a} for c, a in revenues.items()]
    publish_frames(workspace, {"orders": orders})
    assert model(workspace)[customer]["m_score"] == m


@pytest.mark.parametrize("reverse", [False, True])
def test_a_repeated_id_registered_at_the_same_moment_keeps_the_same_row_whatever_the_export_order(workspace, reverse):
    # Two rows of one id, one registration date: the tie goes by the fields (name, e-mail, phone, city, …,
    # nulls last), so «Казань» (К before О) wins in either order; the acquisition source is the greatest.
    customers = [
        {"customer_id": "twice", "city": "Омск", "source": "реклама", "registered_at": ago(30)},
        {"customer_id": "twice", "city": "Казань", "source": "ярмарка", "registered_at": ago(30)},
    ]
    publish_frames(workspace, {"customers": customers[::-1] if reverse else customers,
                               "orders": [{"order_id": "1", "customer_id": "twice", "order_date": ago(3), "amount": 5.0}]})
    row = model(workspace)["twice"]
    assert row["city"] == "Казань"
    with workspace.reading() as cur:
        channel = cur.sql("select acquisition_channel from customer_acquisition where customer_id = 'twice'").fetchall()
    assert channel == [("ярмарка",)]
