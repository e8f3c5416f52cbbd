"""Communications: messages matched to customers, unsubscribes withdrawing consent from their moment, contact
pressure in channel downloads and the contact-frequency counts, all computed by hand on a small workspace."""
from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest

from core import communications, export, sql
from core.access import Viewer
from core.segments.rules import Condition, Rules
from tests.conftest import context, publish_frames

ADMIN = Viewer("root", "admin")
CUSTOMERS = [
    {"customer_id": "c1", "email": "a@x.ru", "phone": "+79161234567", "consent_email": True, "consent_sms": True},
    {"customer_id": "c2", "email": "b@x.ru", "phone": "+79161112233", "consent_email": True, "consent_sms": True,
     "city": "Казань"},
    {"customer_id": "c3", "email": "c@x.ru", "consent_email": True, "consent_sms": False, "city": "Казань"},
    {"customer_id": "c4", "email": "d@x.ru", "consent_email": True, "consent_sms": False},
]
ORDERS = [{"order_id": f"o{i}", "customer_id": f"c{i}", "order_date": dt.date(2026, 3, 1), "amount": 100.0}
          for i in range(1, 5)]
T = dt.datetime
MESSAGES = [
    # c1 unsubscribes from e-mail in campaign A on 10.03 (by id)
    {"customer_id": "c1", "campaign": "A", "channel": "email", "sent_at": T(2026, 3, 10, 10), "unsubscribed": True},
    # c2 named by e-mail only, then by phone only: matched through the customers dataset
    {"customer_id": "b@x.ru", "email": "b@x.ru", "campaign": "A", "channel": "email", "sent_at": T(2026, 3, 12, 9)},
    {"customer_id": "+79161112233", "phone": "+79161112233", "campaign": "B", "channel": "sms",
     "sent_at": T(2026, 3, 14, 9), "unsubscribed": True},
    # c3 was held out (control group): not sent, so no pressure and no count
    {"customer_id": "c3", "campaign": "A", "channel": "email", "sent_at": T(2026, 3, 5, 9), "control": True},
    {"customer_id": "c4", "campaign": "C", "channel": "email", "sent_at": T(2026, 3, 8, 9)},
]


@pytest.fixture
def comm_ws(workspace):
    publish_frames(workspace, {"customers": CUSTOMERS, "orders": ORDERS, "communications": MESSAGES})
    return workspace


def _consent(ws, day: dt.date) -> dict[str, tuple[bool, bool]]:
    frame = sql.run(ws, "segments__members", context(day), fragments={"where": __import__(
        "core.segments.rules", fromlist=["where"]).where(Rules())})
    return {r["customer_id"]: (r["consent_email"], r["consent_sms"]) for r in frame.iter_rows(named=True)}


def test_messages_are_matched_by_id_email_or_phone(comm_ws):
    events = sql.run(comm_ws, "card__communications", context(dt.date(2026, 3, 31)), customer_id="c2")
    assert events["campaign"].to_list() == ["B", "A"]
    assert events["channel"].to_list() == ["sms", "email"]


def test_unsubscribe_withdraws_consent_for_its_channel_from_that_day(comm_ws):
    before = _consent(comm_ws, dt.date(2026, 3, 9))
    assert before["c1"] == (True, True)
    on_the_day = _consent(comm_ws, dt.date(2026, 3, 10))
    assert on_the_day["c1"] == (False, True)  # e-mail withdrawn, SMS kept
    later = _consent(comm_ws, dt.date(2026, 3, 20))
    assert later["c2"] == (True, False)  # unsubscribed from SMS on 14.03
    assert later["c3"] == (True, False) and later["c4"] == (True, False)


def test_unsubscribes_are_listed_in_one_place(comm_ws):
    frame = communications.unsubscribes(comm_ws, context(dt.date(2026, 3, 31)))
    assert frame.select("customer_id", "channel", "unsubscribed_at", "campaign").rows() == [
        ("c1", "email", T(2026, 3, 10, 10), "A"), ("c2", "sms", T(2026, 3, 14, 9), "B")]
    until = communications.unsubscribes(comm_ws, context(dt.date(2026, 3, 31)), until=T(2026, 3, 12))
    assert until["customer_id"].to_list() == ["c1"]


def _rows(download: export.Download) -> list[str]:
    text = download.data.decode("utf-8-sig")
    return [r[0] for r in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]]


def test_email_download_leaves_out_the_unsubscribed_and_the_recently_contacted(comm_ws):
    ctx = context(dt.date(2026, 3, 15), viewer=ADMIN)
    # 7 days up to 15.03 = 09.03..15.03: c2 was sent A on 12.03; c4 (08.03) is outside; c3 was only held out;
    # c1 unsubscribed from e-mail.
    download = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email",
                                       pressure_days=7)
    assert sorted(_rows(download)) == ["c3", "c4"]
    assert download.left_out == {"no_consent": 1, "contact_pressure": 1}
    eight = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email",
                                    pressure_days=8)
    assert _rows(eight) == ["c3"] and eight.left_out == {"no_consent": 1, "contact_pressure": 2}
    off = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email")
    assert sorted(_rows(off)) == ["c2", "c3", "c4"] and off.left_out == {"no_consent": 1}


def test_a_download_for_an_earlier_date_still_leaves_out_a_later_unsubscribe(comm_ws):
    ctx = context(dt.date(2026, 3, 9), viewer=ADMIN)  # c1 unsubscribed on 10.03, after this analysis date
    download = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email")
    assert "c1" not in _rows(download)


def test_sms_download_keeps_email_unsubscribers(comm_ws):
    ctx = context(dt.date(2026, 3, 20), viewer=ADMIN)
    download = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="sms",
                                       pressure_days=7)
    # c1 unsubscribed from e-mail only and got no SMS; c2 unsubscribed from SMS; c3, c4 never consented to SMS
    assert _rows(download) == ["c1"]
    assert download.left_out == {"no_consent": 3}


def test_contact_frequency_in_the_last_30_days(comm_ws):
    frame = communications.base_frequency(comm_ws, context(dt.date(2026, 3, 15)))
    # c3: 0 (held out only); c1: 1; c4: 1; c2: 2 (an e-mail and an SMS)
    assert dict(frame.select("bucket", "customers").rows()) == {"0": 1, "1": 2, "2": 1, "3": 0, "4–5": 0, "6+": 0}
    later = communications.base_frequency(comm_ws, context(dt.date(2026, 4, 10)))
    # 30 days up to 10.04 = 12.03..10.04: c2's two messages only
    assert dict(later.select("bucket", "customers").rows())["2"] == 1
    assert dict(later.select("bucket", "customers").rows())["0"] == 3
    segment = communications.segment_frequency(comm_ws, context(dt.date(2026, 3, 15)), Rules())
    # the segment of c2 and c3 (Kazan): c2 two messages, c3 none
    two = Rules((Condition("city", "eq", "Казань"),))
    segment = communications.segment_frequency(comm_ws, context(dt.date(2026, 3, 15)), two)
    assert dict(segment.select("bucket", "customers").rows()) == {"0": 1, "1": 0, "2": 1, "3": 0, "4–5": 0, "6+": 0}


def test_erasure_reaches_messages_keyed_by_the_customers_address(comm_ws):
    from core import erasure

    assert erasure.preview(comm_ws, "c2")["communications"] == 2  # one keyed by e-mail, one by phone
    erasure.erase(comm_ws, ADMIN, "c2")
    with comm_ws.reading() as cur:
        left = cur.sql("select count(*) from communications where email = 'b@x.ru' or phone = '+79161112233' "
                       "or customer_id in ('b@x.ru', '+79161112233', 'c2')").fetchall()[0][0]
        kept = cur.sql("select count(*) from communications").fetchall()[0][0]
    assert left == 0 and kept == 5


def test_recipients_of_a_campaign_made_here_count_as_contacted_but_its_control_does_not(comm_ws):
    from core import campaigns

    ctx = context(dt.date(2026, 3, 31), viewer=ADMIN)
    made = campaigns.create(comm_ws, ctx, "Апрель", Rules(), channel="email", control_share=0.5, seed=1,
                            now=dt.datetime(2026, 3, 30, 12, tzinfo=dt.timezone.utc))
    groups = dict(campaigns.lists(comm_ws, made).select("customer_id", "group").rows())
    # e-mail consent on 31.03: c2, c3, c4 (c1 unsubscribed); nothing sent on e-mail since 25.03 before this
    assert sorted(groups) == ["c2", "c3", "c4"]
    download = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email",
                                       pressure_days=7)
    recipients = sorted(c for c, g in groups.items() if g == "recipients")
    assert sorted(_rows(download)) == sorted(c for c, g in groups.items() if g == "control")
    assert download.left_out == {"no_consent": 1, "contact_pressure": len(recipients)}


def test_a_running_campaigns_control_group_stays_out_of_other_downloads(comm_ws):
    from core import campaigns

    ctx = context(dt.date(2026, 3, 31), viewer=ADMIN)
    today = dt.datetime.now(dt.timezone.utc)
    made = campaigns.create(comm_ws, ctx, "Идёт", Rules(), channel="email", control_share=0.5, seed=1, now=today)
    control = set(campaigns.lists(comm_ws, made).filter(pl.col("group") == "control")["customer_id"])
    download = export.segment_download(comm_ws, ctx, Rules(), "s", columns=("customer_id",), channel="email")
    assert control and control.isdisjoint(_rows(download))
    assert download.left_out == {"no_consent": 1, "control_group": len(control)}
    # once its 30 days are over the control group is free again
    assert campaigns.held_out(comm_ws, today.date() + dt.timedelta(days=30)) == set()
    assert campaigns.held_out(comm_ws, today.date() + dt.timedelta(days=29)) == control


def test_consent_coverage_counts_an_unsubscribe_from_its_day(comm_ws):
    from core import quality

    def consented(day: dt.date) -> dict[str, int]:
        frame = quality.consent_coverage(quality.contact_frame(comm_ws, context(day)).filter(pl.col("has_profile")))
        return dict(frame.select("channel", "consented").rows())

    # four profiles with e-mail consent, c1 and c2 with SMS consent; c1 leaves e-mail on 10.03, c2 SMS on 14.03
    assert consented(dt.date(2026, 3, 9)) == {"email": 4, "sms": 2}
    assert consented(dt.date(2026, 3, 20)) == {"email": 3, "sms": 1}


def _temperature(ws, day: dt.date) -> dict[str, str]:
    from core.segments.rules import where
    frame = sql.run(ws, "segments__members", context(day), fragments={"where": where(Rules())})
    return {r["customer_id"]: r["temperature"] for r in frame.iter_rows(named=True)}


def test_an_unsubscribe_in_the_communications_makes_the_customer_cold_from_its_day(comm_ws):
    # Each bought once on 01.03 (a one-time buyer is warm within warm_days = 90, never hot). c1 unsubscribes
    # from e-mail on 10.03 (by id), c2 from SMS on 14.03 (named by phone only): a negative reaction within
    # negative_days = 90 makes them cold from that day; c3 (control) and c4 (sent, no unsubscribe) stay warm.
    assert _temperature(comm_ws, dt.date(2026, 3, 9)) == {"c1": "warm", "c2": "warm", "c3": "warm", "c4": "warm"}
    assert _temperature(comm_ws, dt.date(2026, 3, 12)) == {"c1": "cold", "c2": "warm", "c3": "warm", "c4": "warm"}
    assert _temperature(comm_ws, dt.date(2026, 3, 20)) == {"c1": "cold", "c2": "cold", "c3": "warm", "c4": "warm"}
