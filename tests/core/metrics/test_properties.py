"""Property tests of the period metrics on random order histories, against a plain-Python reading of the definitions."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.metrics import period_metrics
from core.workspace import Workspace
from tests.conftest import context, publish_frames

BASE = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(Path(folder))
        yield ws
        ws.close()


orders_strategy = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.integers(0, 80), st.floats(1, 5000, allow_nan=False).map(lambda v: round(v, 2)),
              st.booleans()),
    min_size=1, max_size=30,
)


def _reference(rows, start, end, w):
    """The definitions read literally over (customer, date, amount, completed) rows."""
    done = [(c, BASE + dt.timedelta(days=d)) for c, d, _, ok in rows if ok]
    firsts = {}
    for c, d in done:
        firsts[c] = min(firsts.get(c, d), d)
    s = {c for c, d in done if start - dt.timedelta(days=w) <= d <= start - dt.timedelta(days=1)}
    e = {c for c, d in done if end - dt.timedelta(days=w - 1) <= d <= end}
    n = {c for c, f in firsts.items() if start <= f <= end}
    return s, e, n


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=orders_strategy, first=st.integers(0, 80), length=st.integers(1, 40), w=st.integers(1, 60))
def test_metrics_hold_their_identities(scratch, rows, first, length, w):
    publish_frames(scratch, {"orders": [
        {"order_id": str(i), "customer_id": c, "order_date": BASE + dt.timedelta(days=d), "amount": a,
         "status": None if ok else "cancelled"} for i, (c, d, a, ok) in enumerate(rows)]})
    start = BASE + dt.timedelta(days=first)
    end = start + dt.timedelta(days=length - 1)
    m = period_metrics(scratch, context(end, start, end, generation=scratch.generation()), window_days=w)
    if m["orders"]:
        assert m["aov"] * m["orders"] == pytest.approx(m["revenue"])
        assert m["buyers"] <= m["orders"]
    else:
        assert m["aov"] is None and m["revenue"] == 0
    s, e, n = _reference(rows, start, end, w)
    assert (m["crr_s"], m["crr_e"], m["crr_n"], m["crr_retained"]) == (len(s), len(e), len(n), len(e - n))
    if s:
        assert 0 <= m["retention_strict"] <= 100
        assert m["retention_strict"] == pytest.approx(100 * len(s & e) / len(s))
    else:
        assert m["crr"] is None and m["retention_strict"] is None
    if m["repeat_rate"] is not None:
        assert 0 <= m["repeat_rate"] <= 100
    assert 1 <= m["ltv_lifespan_years"] <= 10
