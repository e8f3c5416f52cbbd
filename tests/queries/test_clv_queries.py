"""The CLV queries on a hand-made workspace: transactions per day, repeat-only spend, holdout and daily counts."""

from __future__ import annotations

import datetime as dt

import pytest

from core import sql
from tests.conftest import context, publish_frames

D = dt.date
CAL_END = D(2026, 1, 31)


def _order(oid, customer, day, amount, status=None):
    return {"order_id": oid, "customer_id": customer, "order_date": day, "amount": amount, "status": status}


@pytest.fixture
def hand_made(workspace):
    publish_frames(
        workspace,
        {
            "customers": [{"customer_id": c} for c in ("a", "b", "c")],
            "orders": [
                _order("1", "a", D(2026, 1, 1), 100.0),
                _order("2", "a", D(2026, 1, 1), 50.0),  # same day: one transaction of 150
                _order("3", "a", D(2026, 1, 8), 200.0),
                _order("4", "a", D(2026, 1, 22), 999.0, "отменён"),  # cancelled: not a transaction
                _order("5", "a", D(2026, 1, 29), 100.0),
                _order("6", "a", D(2026, 3, 1), 70.0),  # holdout
                _order("7", "a", D(2026, 3, 1), 30.0),  # holdout, same day
                _order("8", "b", D(2026, 1, 15), 80.0),
                _order("9", "c", D(2026, 2, 10), 40.0),  # first seen after the calibration end
                _order("10", "c", D(2026, 2, 20), 40.0),
            ],
        },
    )
    return workspace


@pytest.mark.parametrize(("days_per_unit", "unit"), [(1.0, "day"), (7.0, "week")])
def test_summary_counts_days_as_transactions_and_averages_repeats_only(hand_made, days_per_unit, unit):
    frame = sql.run(
        hand_made,
        "clv__summary",
        context(D(2026, 3, 31)),
        calibration_end=CAL_END,
        days_per_unit=days_per_unit,
    ).sort("customer_id")
    rows = {r["customer_id"]: r for r in frame.to_dicts()}
    assert set(rows) == {"a", "b"}
    a, b = rows["a"], rows["b"]
    # a: transactions on 01.01 (150), 08.01 (200), 29.01 (100): 2 repeats, last 28 days after the first,
    # calibration end 30 days after the first; repeat mean (200 + 100) / 2; total 450.
    assert (a["frequency"], a["recency"], a["T"]) == pytest.approx(
        (2, 28 / days_per_unit, 30 / days_per_unit)
    )
    assert (a["monetary_value"], a["total_value"], a["first_date"]) == (150.0, 450.0, D(2026, 1, 1))
    assert (b["frequency"], b["recency"], b["T"]) == pytest.approx((0, 0, 16 / days_per_unit))
    assert b["monetary_value"] is None and b["total_value"] == 80.0


def test_holdout_counts_distinct_days_after_the_calibration_end(hand_made):
    frame = sql.run(
        hand_made,
        "clv__holdout",
        context(D(2026, 3, 31)),
        calibration_end=CAL_END,
        holdout_end=D(2026, 3, 31),
    )
    assert frame.to_dicts() == [{"customer_id": "a", "holdout_transactions": 1}]  # c joined after the split


def test_daily_activity_of_the_calibration_cohort(hand_made):
    frame = sql.run(
        hand_made,
        "clv__daily_activity",
        context(D(2026, 3, 31)),
        calibration_end=CAL_END,
        holdout_end=D(2026, 3, 31),
    )
    assert frame.rows() == [
        (D(2026, 1, 1), 1, 0),
        (D(2026, 1, 8), 0, 1),
        (D(2026, 1, 15), 1, 0),
        (D(2026, 1, 29), 0, 1),
        (D(2026, 3, 1), 0, 1),
    ]


@pytest.mark.parametrize("amounts", [(0.1, 0.2, 0.3), (0.3, 0.2, 0.1)])
def test_summary_sums_exactly_whatever_the_order_the_rows_come_in(workspace, amounts):
    # In doubles (0.1 + 0.2) + 0.3 = 0.6000000000000001 but 0.3 + 0.2 + 0.1 = 0.6: a sum's last bits would
    # follow the order DuckDB's threads add in, and the CLV fit's optimiser turns those bits into different
    # parameters. Summed exactly, both orders give the double nearest to 0.6, and 0.9 with the later day.
    publish_frames(
        workspace,
        {
            "customers": [{"customer_id": "a"}],
            "orders": [_order(str(i), "a", D(2026, 1, 1), x) for i, x in enumerate(amounts)]
            + [_order("9", "a", D(2026, 1, 8), 0.3)],
        },
    )
    row = sql.run(
        workspace, "clv__summary", context(D(2026, 3, 31)), calibration_end=CAL_END, days_per_unit=1.0
    ).to_dicts()[0]
    assert row["total_value"] == 0.9
    assert row["monetary_value"] == 0.3
