"""The date segments behind the one-pass window counts (queries/macros__date_segments.sql), by hand."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from core import sql

JAN = [dt.date(2026, 1, d) for d in range(1, 32)]
# Cuts 1, 4, 6 and 10 January: segment 0 is 1-3 January, 1 is 4-5, 2 is 6-9.
CUTS = [JAN[0], JAN[3], JAN[5], JAN[9]]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute(sql.text("macros__date_segments"))
    yield connection
    connection.close()


def test_every_day_between_the_first_and_last_cut_falls_in_one_segment(con):
    got = con.sql("select day, s from segment_days($cuts) order by day", params={"cuts": CUTS}).fetchall()
    assert got == [(JAN[0], 0), (JAN[1], 0), (JAN[2], 0), (JAN[3], 1), (JAN[4], 1),
                   (JAN[5], 2), (JAN[6], 2), (JAN[7], 2), (JAN[8], 2)]


@pytest.mark.parametrize(("first", "last", "bits"), [
    (1, 3, 0b001),   # segment 0
    (4, 9, 0b110),   # segments 1 and 2
    (1, 9, 0b111),   # all three
    (4, 5, 0b010),
])
def test_a_window_is_the_bits_of_its_segments(con, first, last, bits):
    got = con.sql("select window_bits($cuts, $first, $last)",
                  params={"cuts": CUTS, "first": JAN[first - 1], "last": JAN[last - 1]}).fetchall()[0][0]
    assert got == bits


def test_bits_reach_the_126th_segment(con):
    # 127 cuts, one a day: the last segment is bit 125, and a window over all of them has 126 bits set.
    cuts = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(127)]
    got = con.sql("select window_bits($cuts, $first, $last), segment_bit(125) = 2::hugeint ** 125",
                  params={"cuts": cuts, "first": cuts[0], "last": cuts[-1] - dt.timedelta(days=1)}).fetchall()[0]
    assert got == (2 ** 126 - 1, True)
