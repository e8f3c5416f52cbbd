"""Hand-made datasets of the metrics tests, with every expected figure worked out in the test that uses it."""
from __future__ import annotations

import datetime as dt

D = dt.date

# Period [01.03.2026, 31.03.2026] with W = 10: S window [19.02, 28.02], E window [22.03, 31.03].
START, END, W = D(2026, 3, 1), D(2026, 3, 31), 10


def order(oid: str, customer: str, day: dt.date, amount: float, channel: str = "web", status: str | None = None,
          category: str = "shoes") -> dict:
    """One order row."""
    return {"order_id": oid, "customer_id": customer, "order_date": day, "amount": amount, "channel": channel,
            "status": status, "category": category}


PERIOD_ORDERS = [
    order("a1", "a", D(2026, 2, 19), 10.0),               # start - W: in S
    order("a2", "a", D(2026, 3, 25), 100.0),              # in E
    order("b1", "b", D(2026, 2, 18), 20.0),               # start - W - 1: not in S
    order("b2", "b", D(2026, 3, 22), 200.0),              # end - W + 1: in E (a lapsed customer returning)
    order("c1", "c", D(2026, 3, 1), 300.0),               # first order on start: new
    order("c2", "c", D(2026, 3, 31), 500.0),              # on end: in E
    order("d1", "d", D(2026, 2, 28), 40.0),               # start - 1: in S
    order("d2", "d", D(2026, 3, 30), 999.0, status="Отменён"),  # cancelled: ignored everywhere
    order("e1", "e", D(2026, 3, 10), 50.0, channel="social"),   # new, not in E
    order("f1", "f", D(2026, 1, 5), 60.0),
    order("f2", "f", D(2026, 3, 21), 150.0),              # end - W: not in E
    order("g1", "g", D(2026, 4, 1), 70.0),                # after end
]
PERIOD_CUSTOMERS = [
    {"customer_id": "a", "city": "Москва", "source": "ads"},
    {"customer_id": "b", "city": "Москва"},
    {"customer_id": "c", "city": "Казань", "source": "ads"},
    {"customer_id": "e", "city": "Казань"},              # no source: the first order's channel (social)
]
PERIOD_SPEND = [
    {"date": D(2026, 2, 28), "channel": "ads", "amount": 1000.0},   # before the period
    {"date": D(2026, 3, 1), "channel": "ads", "amount": 600.0},
    {"date": D(2026, 3, 31), "channel": "social", "amount": 400.0},
]


def period_frames() -> dict[str, list[dict]]:
    """The period dataset: orders, customers and spend."""
    return {"orders": PERIOD_ORDERS, "customers": PERIOD_CUSTOMERS, "spend": PERIOD_SPEND}
