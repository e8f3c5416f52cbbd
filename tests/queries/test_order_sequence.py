"""The order of a customer's orders: the first order's channel (one place) and the last order's manager."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pytest

from core import sql
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)


def ago(days: int, hour: int | None = None) -> dt.date | dt.datetime:
    day = D - dt.timedelta(days=days)
    return day if hour is None else dt.datetime.combine(day, dt.time(hour))


def order(customer: str, n: int, days: int, hour: int | None = None, *, channel: str | None = None,
          manager: str | None = None, status: str | None = None) -> dict:
    return {"order_id": f"{customer}-{n}", "customer_id": customer, "order_date": ago(days),
            "order_ts": ago(days, hour) if hour is not None else None, "amount": 10.0, "channel": channel,
            "manager": manager, "status": status}


FIRST_CHANNEL_ORDERS = [
    # the same date: the earlier time comes first
    order("time", 1, 10, 15, channel="Сайт"), order("time", 2, 10, 9, channel="Магазин"),
    order("time", 3, 5, channel="Звонок"),
    # the same date: an order without a time comes after the timed ones
    order("untimed", 1, 10, channel="Сайт"), order("untimed", 2, 10, 23, channel="Магазин"),
    # the same date, neither timed: a tie, the alphabetically first channel (М before С)
    order("tie", 1, 10, channel="Сайт"), order("tie", 2, 10, channel="Магазин"),
    # a tie with an order without a channel: the named channel
    order("blank_tie", 1, 10, channel="  "), order("blank_tie", 2, 10, channel="Сайт"),
    # the first order alone has no channel (blank): none, though a later order has one
    order("blank", 1, 10, channel="  "), order("blank", 2, 5, channel="Сайт"),
    # the date decides before the time, even a time on another day
    order("date", 1, 10, 1, channel="Сайт"),
    {**order("date", 2, 11, channel="Магазин"), "order_ts": ago(9, 23)},
    # trimmed; a cancelled earlier order does not count
    order("trim", 1, 20, channel="Звонок", status="Отменён"), order("trim", 2, 10, channel=" Сайт "),
    # the customer's source wins for the acquisition channel
    order("sourced", 1, 10, channel="Сайт"),
    # the only order is after D: acquired (in the metrics), but not a buyer as of D
    order("later", 1, -5, channel="Сайт"),
]
FIRST_CHANNELS = {
    "time": "Магазин", "untimed": "Магазин", "tie": "Магазин", "blank_tie": "Сайт", "blank": None,
    "date": "Магазин", "trim": "Сайт", "sourced": "Сайт", "later": "Сайт",
}


@pytest.fixture(scope="module")
def channels_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace(tmp_path_factory.mktemp("channels") / "ws")
    customers = [{"customer_id": "sourced", "source": "Реклама"}, {"customer_id": "later", "name": "Позже"}]
    publish_frames(ws, {"orders": FIRST_CHANNEL_ORDERS, "customers": customers})
    yield ws
    ws.close()


def acquisition(ws: Workspace) -> dict[str, dict]:
    with ws.reading() as cur:
        frame = cur.sql("select * from customer_acquisition").pl()
    return {row["customer_id"]: row for row in frame.iter_rows(named=True)}


def model(ws: Workspace) -> dict[str, dict]:
    frame = sql.run(ws, "customers__model", context(D))
    return {row["customer_id"]: row for row in frame.iter_rows(named=True)}


@pytest.mark.parametrize(("customer", "channel"), FIRST_CHANNELS.items())
def test_first_order_channel_by_hand(channels_ws, customer, channel):
    assert acquisition(channels_ws)[customer]["first_channel"] == channel


@pytest.mark.parametrize(("customer", "channel"), [("sourced", "Реклама"), ("blank", None), ("tie", "Магазин")])
def test_acquisition_channel_is_the_source_else_the_first_channel(channels_ws, customer, channel):
    assert acquisition(channels_ws)[customer]["acquisition_channel"] == channel


@pytest.mark.parametrize(("customer", "second"), [("time", ago(10)), ("blank", ago(5)), ("sourced", None)])
def test_second_order_date_keeps_two_orders_of_one_day(channels_ws, customer, second):
    assert acquisition(channels_ws)[customer]["second_order_date"] == second


def test_the_model_shows_the_acquisition_tables_first_channel_for_buyers_up_to_d(channels_ws):
    rows = model(channels_ws)
    buyers = {c: ch for c, ch in FIRST_CHANNELS.items() if c != "later"}
    assert {c: rows[c]["first_channel"] for c in buyers} == buyers
    assert (rows["sourced"]["acquisition_channel"], rows["blank"]["acquisition_channel"]) == ("Реклама", None)
    # a contact whose only order is after D has no first order as of D
    assert (rows["later"]["orders"], rows["later"]["first_channel"], rows["later"]["acquisition_channel"]) == (0, None, None)


LAST_MANAGER_ORDERS = [
    # the same date: an order without a time is the last of its day
    order("m_untimed", 1, 10, manager="Анна"), order("m_untimed", 2, 3, 9, manager="Борис"),
    order("m_untimed", 3, 3, manager="Вера"),
    # a tie at the last moment: the alphabetically first manager
    order("m_tie", 1, 3, manager="Борис"), order("m_tie", 2, 3, manager="Анна"),
    # the last order without a manager: the last one naming a manager
    order("m_blank", 1, 10, manager="Анна"), order("m_blank", 2, 3),
    # no order names a manager: none
    order("m_none", 1, 3),
    # an order after D does not count
    order("m_later", 1, 10, manager="Анна"), order("m_later", 2, -1, manager="Зоя"),
    # the profile's manager wins over the last order's
    order("m_profile", 1, 3, manager="Анна"),
]


@pytest.fixture(scope="module")
def managers_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace(tmp_path_factory.mktemp("managers") / "ws")
    publish_frames(ws, {"orders": LAST_MANAGER_ORDERS, "customers": [{"customer_id": "m_profile", "manager": "Профиль"}]})
    yield ws
    ws.close()


@pytest.mark.parametrize(("customer", "manager"), [
    ("m_untimed", "Вера"), ("m_tie", "Анна"), ("m_blank", "Анна"), ("m_none", None), ("m_later", "Анна"),
    ("m_profile", "Профиль"),
])
def test_manager_is_the_profiles_else_the_last_orders(managers_ws, customer, manager):
    assert model(managers_ws)[customer]["manager"] == manager


@pytest.mark.parametrize("ranks", [0, 1, 2, 3, 6, 7, 14, 1000])
def test_a_packed_rank_comes_back_for_every_number_of_values(ranks):
    # pick_radix(ranks) is the power of two above ranks + 1, so every rank 1..ranks and "missing" fit
    # under the moment, for the first and the last order, before 1900 and after.
    con = duckdb.connect()
    con.execute(sql.text("macros__order_sequence"))
    radix = con.execute("select pick_radix($r)", {"r": ranks}).fetchall()[0][0]
    assert radix & (radix - 1) == 0 and ranks + 2 <= radix < 2 * (ranks + 2)
    for day in (dt.date(1850, 3, 1), dt.date(2026, 6, 30), dt.date(2999, 12, 31)):
        for rank in [*sorted({1, 2, ranks // 2, ranks - 1, ranks} & set(range(1, ranks + 1))), None]:
            back = con.execute(
                "select first_rank(pick_first($d, $t, $r, $x), $x), last_rank(pick_last($d, $t, $r, $x), $x)",
                {"d": day, "t": dt.datetime.combine(day, dt.time(12)), "r": rank, "x": radix}).fetchall()[0]
            assert back == ((rank or radix - 1),) * 2


@pytest.mark.parametrize(("earlier", "later"), [
    ((dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, 23, 59, 59)), (dt.date(2026, 1, 1), None)),
    ((dt.date(2026, 1, 1), None), (dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 0, 0, 0))),
    ((dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, 9, 0, 0)), (dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, 9, 0, 1))),
    # the date decides, then the time of day, even of a timestamp on another day
    ((dt.date(2026, 1, 1), dt.datetime(2026, 1, 3, 9, 0)), (dt.date(2026, 1, 2), dt.datetime(2025, 12, 1, 8, 0))),
    ((dt.date(1899, 12, 31), None), (dt.date(1900, 1, 1), dt.datetime(1900, 1, 1))),
])
def test_order_moment_grows_by_date_then_time_untimed_last(earlier, later):
    con = duckdb.connect()
    con.execute(sql.text("macros__order_sequence"))
    first, second = (con.execute("select order_moment($d::date, $t::timestamp)", {"d": d, "t": t}).fetchall()[0][0]
                     for d, t in (earlier, later))
    assert first < second


def test_acquisition_covers_the_whole_history_whatever_the_analysis_date(channels_ws):
    # The model as of an earlier date builds its own customer_activity, never another acquisition table.
    earlier = sql.run(channels_ws, "customers__model", context(ago(15)))
    # 15 days before D nobody had bought (trim's order then was cancelled): the contacts are the customers dataset
    assert set(earlier["customer_id"]) == {"later", "sourced"}
    with channels_ws.reading() as cur:
        built = cur.sql("select distinct name from derived_variants where table_name <> name").fetchall()
    assert ("customer_acquisition",) not in built and ("customer_activity",) in built
    assert set(acquisition(channels_ws)) == set(FIRST_CHANNELS)
