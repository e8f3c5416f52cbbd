"""Property tests of the period metrics on random order histories, against a plain-Python reading of the definitions."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import metrics
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


def _literal(rows, periods, w):
    """Per period, the counts and sums of the definitions (core/metrics) read literally over the rows."""
    done = [(c, BASE + dt.timedelta(days=d), a) for c, d, a, ok in rows if ok]
    firsts = {}
    for c, d, _ in done:
        firsts[c] = min(firsts.get(c, d), d)

    def who(first, last):
        return {c for c, d, _ in done if first <= d <= last}

    day = dt.timedelta(days=1)
    out = []
    for start, end in periods:
        inside = [(c, a) for c, d, a in done if start <= d <= end]
        s, e = who(start - w * day, start - day), who(end - (w - 1) * day, end)
        n = {c for c, f in firsts.items() if start <= f <= end}
        year = [(c, a) for c, d, a in done if end - 364 * day <= d <= end]
        b1, b2 = who(end - 729 * day, end - 365 * day), who(end - 364 * day, end)
        out.append({"orders": len(inside), "revenue": sum(a for _, a in inside), "buyers": len({c for c, _ in inside}),
                    "crr_s": len(s), "crr_e": len(e), "crr_retained": len(e - n), "crr_s_and_e": len(s & e),
                    "ltv_orders": len(year), "ltv_revenue": sum(a for _, a in year), "ltv_customers": len(b2),
                    "ltv_b1": len(b1), "ltv_b1_b2": len(b1 & b2)})
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 800),
                               st.floats(1, 5000, allow_nan=False).map(lambda v: round(v, 2)), st.booleans()),
                     min_size=1, max_size=40),
       periods=st.lists(st.tuples(st.integers(0, 820), st.integers(1, 120)), min_size=1, max_size=7),
       w=st.integers(1, 400), per_query=st.integers(1, 4))
def test_many_periods_at_once_match_the_definitions_read_literally(scratch, monkeypatch, rows, periods, w, per_query):
    # Periods (and LTV ends) are counted in one pass over the orders per query; a few per query here,
    # so the split into several queries is exercised too.
    monkeypatch.setattr(metrics, "PERIODS_PER_QUERY", per_query)
    monkeypatch.setattr(metrics, "ENDS_PER_QUERY", per_query)
    publish_frames(scratch, {"orders": [
        {"order_id": str(i), "customer_id": c, "order_date": BASE + dt.timedelta(days=d), "amount": a,
         "status": None if ok else "cancelled"} for i, (c, d, a, ok) in enumerate(rows)]})
    chosen = [metrics.Period(BASE + dt.timedelta(days=first), BASE + dt.timedelta(days=first + length - 1))
              for first, length in dict.fromkeys(periods)]
    ctx = context(chosen[0].end, chosen[0].start, chosen[0].end, generation=scratch.generation())
    table = metrics.table(scratch, ctx, chosen, window_days=w)
    inputs = metrics.ltv_inputs(scratch, ctx, [p.end for p in chosen])
    totals = {end: group for (end,), group in inputs.group_by("period_end")}
    for period, row, expected in zip(chosen, table.iter_rows(named=True), _literal(rows, [(p.start, p.end) for p in chosen], w)):
        assert (row["period_start"], row["period_end"]) == (period.start, period.end)
        got = {k: row[k] for k in ("orders", "buyers", "crr_s", "crr_e", "crr_retained", "crr_s_and_e")}
        assert got == {k: expected[k] for k in got}
        assert row["revenue"] == pytest.approx(expected["revenue"])
        year = totals.get(period.end)
        got_ltv = {k: int(year[k].sum()) if year is not None else 0
                   for k in ("ltv_orders", "ltv_customers", "ltv_b1", "ltv_b1_b2")}
        assert got_ltv == {k: expected[k] for k in got_ltv}
        assert (float(year["ltv_revenue"].sum()) if year is not None else 0.0) == pytest.approx(expected["ltv_revenue"])
