"""Holdout validation tables: grouping by calibration transactions, the weekly cumulative series, error figures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from core.clv.bgnbd import BGNBDParams, expected_transactions, expected_transactions_unconditional
from core.clv.validation import by_calibration_count, cumulative_by_week, errors

P = BGNBDParams(r=0.5, alpha=3.0, a=0.9, b=2.0)


def test_by_calibration_count_groups_and_fills_missing_holdout_with_zero():
    calibration = pl.DataFrame(
        {
            "customer_id": ["a", "b", "c", "d"],
            "frequency": [0.0, 1.0, 3.0, 0.0],
            "recency": [0.0, 2.0, 5.0, 0.0],
            "T": [6.0, 6.0, 6.0, 4.0],
        }
    )
    holdout = pl.DataFrame({"customer_id": ["b", "c"], "holdout_transactions": [2, 4]})
    table = by_calibration_count(P, calibration, holdout, holdout_length=10.0, max_count=1)
    predicted = expected_transactions(
        P, 10.0, np.array([0.0, 1, 3, 0]), np.array([0.0, 2, 5, 0]), np.array([6.0, 6, 6, 4])
    )
    assert table["label"].to_list() == ["0", "1+"]
    assert table["customers"].to_list() == [2, 2]
    assert table["actual"].to_list() == [0.0, 3.0]  # a and d: nothing; b and c: (2 + 4) / 2
    assert table["predicted"].to_list() == pytest.approx(
        [(predicted[0] + predicted[3]) / 2, (predicted[1] + predicted[2]) / 2]
    )


def test_cumulative_by_week_sums_cohorts_and_marks_the_holdout():
    start = dt.date(2026, 1, 1)
    daily = pl.DataFrame(
        {
            "day": [
                start,
                start + dt.timedelta(days=3),
                start + dt.timedelta(days=8),
                start + dt.timedelta(days=13),
            ],
            "new_customers": [2, 1, 0, 0],
            "repeat_transactions": [0, 0, 5, 1],
        }
    )
    weekly = cumulative_by_week(P, daily, start + dt.timedelta(days=6), days_per_unit=7.0)
    # days 0..13: weeks end on day 6 and day 13
    assert weekly["week_end"].to_list() == [start + dt.timedelta(days=6), start + dt.timedelta(days=13)]
    assert weekly["actual"].to_list() == [0.0, 6.0]
    assert weekly["holdout"].to_list() == [False, True]
    e = lambda days: float(expected_transactions_unconditional(P, np.array(days / 7.0)))
    assert weekly["predicted"].to_list() == pytest.approx([2 * e(6) + e(3), 2 * e(13) + e(10)])


def test_errors_by_hand():
    by_count = pl.DataFrame(
        {
            "transactions": [0, 1],
            "label": ["0", "1+"],
            "customers": [10, 5],
            "actual": [0.2, 2.0],
            "predicted": [0.3, 1.6],
        }
    )
    weekly = pl.DataFrame(
        {"actual": [1.0, 10.0, 20.0], "predicted": [1.0, 12.0, 15.0], "holdout": [False, True, True]}
    )
    e = errors(by_count, weekly, None)
    assert e.actual_total == pytest.approx(12.0)  # 10 * 0.2 + 5 * 2
    assert e.predicted_total == pytest.approx(11.0)  # 10 * 0.3 + 5 * 1.6
    assert e.total_error_pct == pytest.approx(-100 / 12)
    assert e.mae_by_count == pytest.approx(0.25)  # (0.1 + 0.4) / 2
    assert e.mape_cumulative_holdout == pytest.approx((20 + 25) / 2)  # 2/10 and 5/20
