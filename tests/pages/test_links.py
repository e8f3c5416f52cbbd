"""Malformed links: odd URL parameters get a clear message and the default view, never a traceback."""
from __future__ import annotations

import base64
import datetime as dt

import pytest

from tests.conftest import publish_frames
from tests.pages.apptest import run_app

BAD_LINKS = [
    {"as_of": "2026-02-31"},
    {"as_of": "../../etc/passwd"},
    {"as_of": "'; drop table orders; --"},
    {"as_of": "9999999-01-01"},
    {"period": "abc"},
    {"period": "-5"},
    {"lang": "de"},
    {"lang": "<script>alert(1)</script>"},
    {"start": "2026-05-01", "end": "2026-01-01"},
    {"start": "2026-01-01"},
    {"start": "x", "end": "y"},
    {"as_of": "\u0000\uffff"},
    {"as_of": "2026-05-31" * 500},
]


@pytest.fixture
def small_ws(workspace):
    day = dt.date(2026, 5, 31)
    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": day, "amount": 10.0}]})
    return workspace


@pytest.mark.parametrize("query", BAD_LINKS, ids=lambda q: ",".join(f"{k}={v[:20]!r}" for k, v in q.items()))
def test_bad_link_shows_defaults_without_an_exception(small_ws, monkeypatch, query):
    app = run_app(small_ws.path, monkeypatch, query=query)
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Выручка за период"] == "10\u00a0₽"


@pytest.mark.parametrize(
    ("query", "name"),
    [({"as_of": "garbage"}, "as_of"), ({"period": "garbage"}, "period"), ({"lang": "garbage"}, "lang"),
     ({"start": "2026-05-01", "end": "2026-01-01"}, "start"), ({"end": "2026-01-01"}, "end")],
)
def test_the_message_names_the_bad_parameter(small_ws, monkeypatch, query, name):
    app = run_app(small_ws.path, monkeypatch, query=query)
    assert any(f"«{name}»" in w.value for w in app.warning)


def test_the_links_view_is_sent_to_the_browser_on_every_run_not_only_the_first(small_ws, monkeypatch):
    # The login cookie's rerun can stop the run that read the link before its widgets were sent: the
    # browser must still be told the link's period and date in the next run, or it shows the first
    # option and sends that back with the next click.
    app = run_app(small_ws.path, monkeypatch, query={"period": "365", "as_of": "2026-05-30"})
    app.run()
    period = app.selectbox(key="period")
    assert (period.value, period.proto.set_value) == ("365", True)
    as_of = app.date_input(key="as_of")
    assert (as_of.value, as_of.proto.set_value) == (dt.date(2026, 5, 30), True)


@pytest.mark.parametrize(("period", "start", "end"), [
    ("last_quarter", "01.01.2026", "31.03.2026"),
    ("this_year", "01.01.2026", "30.05.2026"),
    ("90", "02.03.2026", "30.05.2026"),  # rolling periods of older links keep working (89 days back)
])
def test_a_calendar_period_in_the_link_opens_that_period(small_ws, monkeypatch, period, start, end):
    app = run_app(small_ws.path, monkeypatch, query={"period": period, "as_of": "2026-05-30"})
    assert not app.exception
    assert app.selectbox(key="period").value == period
    assert any(f"{start} — {end}" in c.value for c in app.caption), [c.value for c in app.caption]


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# Segment links whose JSON would break the decoder itself: 20,000 nested lists (RecursionError), a
# 5,000-digit integer (Python's int conversion limit), a 5,000-digit fraction. (Streamlit itself ignores a
# query string over 512 KiB, so the size limit is tested on rule files.)
DEEP = '{"all":' + "[" * 20_000 + "]" * 20_000 + "}"
LONG_INTEGER = '{"all":[{"field":"orders","op":"gte","value":' + "9" * 5_000 + "}]}"
LONG_FRACTION = '{"all":[{"field":"orders","op":"gte","value":0.' + "1" * 5_000 + "}]}"
COMPLEX_SEGMENT_LINKS = [
    (DEEP, "вложенность", "nested too deeply"),
    (b64(DEEP), "вложенность", "nested too deeply"),
    (LONG_INTEGER, "слишком длинное число", "number that is too long"),
    (b64(LONG_INTEGER), "слишком длинное число", "number that is too long"),
    (LONG_FRACTION, "слишком длинное число", "number that is too long"),
]


@pytest.mark.parametrize(("link", "russian", "english"), COMPLEX_SEGMENT_LINKS,
                         ids=["deep", "deep-base64", "long-integer", "long-integer-base64", "long-fraction"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_segment_link_too_complex_to_decode_gets_a_message_and_the_whole_base(
        small_ws, monkeypatch, link, russian, english, lang):
    app = run_app(small_ws.path, monkeypatch, page="pages/segments.py", query={"segment": link, "lang": lang})
    assert not app.exception
    assert any((russian if lang == "ru" else english) in e.value for e in app.error)
    customers = "Клиентов в сегменте" if lang == "ru" else "Customers in the segment"
    assert {m.label: m.value for m in app.metric}[customers] == "1"
