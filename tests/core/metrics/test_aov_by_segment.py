"""Average check by segment: each ready-made and saved segment's completed orders in the period, by hand."""
from __future__ import annotations

import datetime as dt

from core.access import Viewer
from core.metrics import check
from core.segments import saved
from core.segments.rules import Condition, Rules
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def test_a_saved_segment_gets_its_own_average_check(workspace):
    publish_frames(workspace, {
        "customers": [{"customer_id": "a", "city": "Москва"}, {"customer_id": "b", "city": "Казань"}],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": dt.date(2026, 6, 10), "amount": 100.0},
            {"order_id": "2", "customer_id": "a", "order_date": dt.date(2026, 6, 20), "amount": 300.0},
            {"order_id": "3", "customer_id": "b", "order_date": dt.date(2026, 6, 15), "amount": 1000.0},
            {"order_id": "4", "customer_id": "a", "order_date": dt.date(2026, 5, 1), "amount": 50.0},
            {"order_id": "5", "customer_id": "a", "order_date": dt.date(2026, 6, 25), "amount": 999.0,
             "status": "Отменён"},
        ],
    })
    saved.save(workspace, Viewer("ann", "analyst"), "Москвичи", "", Rules((Condition("city", "in", ("Москва",)),)))
    ctx = context(D, start=dt.date(2026, 6, 1), end=D)
    table = check.by_dimension(workspace, ctx, "segment", "ru")
    row = table.filter(table["value"] == "Москвичи").row(0, named=True)
    # In June, a (Moscow) has two completed orders: 100 and 300; the cancelled one and May's do not count.
    assert (row["orders_current"], row["revenue_current"], row["aov_current"]) == (2, 400.0, 200.0)
    never = next(s.name for s in saved.all_segments(workspace, "ru") if s.id == "never_bought")
    assert table.filter(table["value"] == never)["orders_current"].to_list() == [0]
