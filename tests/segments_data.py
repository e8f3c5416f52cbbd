"""A hand-made customer base for the segment tests (five contacts, every figure computable by hand)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int) -> dt.date:
    return D - dt.timedelta(days=days)


CUSTOMERS = [
    {"customer_id": "a", "name": "Анна Смирнова", "city": "Москва", "source": "ВКонтакте", "consent_email": True,
     "email": "anna@mail.ru", "phone": "+7 495 123-45-67", "manager": "anna", "gender": "f"},
    {"customer_id": "b", "name": "Борис", "city": "Казань", "source": "Яндекс", "consent_email": False,
     "email": "boris@mail.ru", "consent_sms": True, "phone": "8 (916) 123-45-67", "manager": "anna"},
    {"customer_id": "c", "source": "vk.com", "consent_email": True, "email": "c at mail.ru"},
    {"customer_id": "d", "name": "=HYPERLINK(\"x\")", "city": "Москва", "source": "Telegram", "consent_sms": True,
     "phone": "+79161234567", "consent_email": True, "email": "ANNA@mail.ru"},
    {"customer_id": "e", "city": "O'Brien; drop", "consent_email": True},
]
ORDERS = [
    ("a", 10, 1000.0, None), ("a", 40, 500.0, None), ("b", 100, 300.0, None), ("d", 400, 2000.0, None),
    ("e", 5, 50.0, None), ("e", 3, 999.0, "Отменён"),
]


def publish(ws: Workspace) -> None:
    """Publish the five contacts and their orders."""
    orders = [{"order_id": f"o{i}", "customer_id": c, "order_date": ago(d), "amount": a, "status": s}
              for i, (c, d, a, s) in enumerate(ORDERS)]
    publish_frames(ws, {"customers": CUSTOMERS, "orders": orders})


def ctx(**changes):
    """The context of the hand-made base (analysis date D)."""
    return context(D, **changes)


@pytest.fixture(scope="module")
def segment_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The hand-made base published once per test module: do not change it."""
    ws = Workspace(tmp_path_factory.mktemp("segments"))
    publish(ws)
    yield ws
    ws.close()
