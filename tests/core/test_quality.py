"""Quality report on a hand-made dataset: every problem list, consent coverage, scores, trend, downloads."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import merges, quality, sql
from core.access import Viewer
from tests.conftest import context, publish_frames

AS_OF = dt.date(2026, 5, 31)
TODAY = dt.date(2026, 6, 15)


def _data(ws) -> None:
    publish_frames(ws, {
        "customers": [
            {"customer_id": "a", "name": "Иванов Иван", "email": "ivan@mail.ru", "phone": "8 (912) 345-67-89",
             "city": "Пермь", "registered_at": dt.date(2025, 1, 10), "consent_email": True, "consent_sms": True},
            {"customer_id": "b", "name": "Иван Иванов", "email": " IVAN@Mail.ru ", "city": "Пермь",
             "registered_at": dt.date(2024, 6, 1), "consent_email": True},
            {"customer_id": "c", "name": "Петров Пётр", "phone": "+7 912 345 6789", "city": "Казань",
             "registered_at": dt.date(2024, 1, 1), "consent_sms": True},
            {"customer_id": "d", "name": "Сидорова Анна", "email": "anna at mail.ru", "phone": "12345",
             "city": "Пермь", "registered_at": dt.date(2026, 7, 1), "consent_email": True},
            {"customer_id": "e", "name": "Анна Сидорова", "email": "anna.s@mail.ru", "city": " пермь ",
             "registered_at": dt.date(2023, 1, 1)},
            {"customer_id": "f", "registered_at": dt.date(2020, 1, 1)},
        ],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": dt.date(2026, 5, 1), "amount": 1000.0},
            {"order_id": "2", "customer_id": "a", "order_date": dt.date(2026, 5, 2), "amount": 1000.0},
            {"order_id": "3", "customer_id": "b", "order_date": dt.date(2026, 4, 1), "amount": 0.0},
            {"order_id": "4", "customer_id": "c", "order_date": dt.date(2026, 3, 1), "amount": 500.0,
             "status": "Отменён"},
            {"order_id": "5", "customer_id": "a", "order_date": dt.date(2026, 6, 20), "amount": 1000.0},
            {"order_id": "6", "customer_id": "a", "order_date": dt.date(2026, 6, 10), "amount": 1000.0},
            {"order_id": "7", "customer_id": "a", "order_date": dt.date(2026, 5, 3), "amount": 1_000_000.0},
            {"order_id": "8", "customer_id": None, "order_date": dt.date(2026, 5, 5), "amount": None},
        ],
        "interactions": [
            {"customer_id": "b", "date": dt.date(2026, 5, 20), "type": "survey", "score": 11},
            {"customer_id": "b", "date": dt.date(2026, 7, 1), "type": "call"},
        ],
        "spend": [
            {"date": dt.date(2026, 5, 1), "channel": "vk", "amount": 100.0},
            {"date": dt.date(2026, 5, 1), "channel": "yandex", "amount": -5.0},
        ],
    })


@pytest.fixture(params=["one batch", "a contact a batch"])
def report(workspace, monkeypatch, request):
    # The report reads the contacts in batches (quality.BATCH_ROWS): every by-hand figure below must hold when
    # each contact is a batch of its own (duplicates, the late registration and the counts across batches).
    if request.param == "a contact a batch":
        monkeypatch.setattr(quality, "BATCH_ROWS", 1)
    _data(workspace)
    ctx = context(AS_OF, generation=workspace.generation())
    return quality.report(workspace, ctx, stale_days=365, today=TODAY)


def _ids(frame: pl.DataFrame, column: str = "customer_id") -> list:
    return frame[column].to_list()


def test_duplicates_join_email_and_phone_matches_into_one_group(report):
    groups = report.lists["duplicates"]
    # a-b share ivan@mail.ru after trimming and lower-casing, a-c share +79123456789
    assert groups.select("group", "customer_id", "survivor", "matched_on").rows() == [
        (1, "a", True, "email, phone"), (1, "b", False, "email"), (1, "c", False, "phone")]


def test_similar_names_in_the_same_city_are_a_weaker_signal(report):
    # d and e: the same words in another order, "Пермь" and " пермь " are one city
    assert report.lists["similar_names"].select("left_id", "right_id", "similarity").rows() == [("d", "e", 1.0)]


@pytest.mark.parametrize(("name", "expected"), [
    ("invalid_emails", ["d"]),
    ("invalid_phones", ["d"]),
    ("no_contact", ["d", "f"]),
    ("stale", ["f", "e"]),                     # 2,342 and 1,246 days before 31.05.2026; c was active 91 days ago
    ("all_cancelled", ["c"]),
    ("consent_without_address", ["d"]),
])
def test_customer_lists(report, name, expected):
    assert _ids(report.lists[name]) == expected


def test_stale_days_count_from_the_last_dated_activity(report):
    assert report.lists["stale"].select("customer_id", "days_inactive").rows() == [("f", 2342), ("e", 1246)]


def test_order_amounts_zero_and_outlier(report):
    # log amounts: four of ln 1000 and ln 1e6, so Q1 = Q3 = ln 1000 and the fence is 1000 ₽
    rows = report.lists["order_amounts"].select("order_id", "problem", "fence").rows()
    assert [(r[0], r[1]) for r in rows] == [("3", "zero"), ("7", "outlier")]
    assert rows[1][2] == pytest.approx(1000.0)


def test_future_dates_against_the_analysis_date_and_today(report):
    rows = report.lists["future_dates"].select("dataset", "record", "after_as_of", "after_today").rows()
    assert sorted(rows) == sorted([
        ("orders", "5", True, True), ("orders", "6", True, False),
        ("interactions", "call", True, True), ("customers", "Сидорова Анна", True, True)])


def test_missing_fields(report):
    missing = {(r["dataset"], r["field"]): (r["rows"], r["missing"]) for r in report.missing.iter_rows(named=True)}
    assert missing[("orders", "customer_id")] == (8, 1)
    assert missing[("orders", "amount")] == (8, 1)
    assert missing[("orders", "order_id")] == (8, 0)
    assert missing[("customers", "name")] == (6, 1)
    assert missing[("customers", "contact")] == (6, 1)
    assert missing[("customers", "city")] == (6, 1)


def test_consent_coverage_by_channel(report):
    rows = {r["channel"]: r for r in report.consent.iter_rows(named=True)}
    assert (rows["email"]["consented"], rows["email"]["valid_address"], rows["email"]["usable"],
            rows["email"]["consent_without_address"]) == (3, 3, 2, 1)
    assert (rows["sms"]["consented"], rows["sms"]["valid_address"], rows["sms"]["usable"],
            rows["sms"]["consent_without_address"]) == (2, 2, 2, 0)
    assert rows["email"]["usable_share"] == pytest.approx(2 / 6)


def test_scores_by_the_documented_formula(report):
    scores = {r["dataset"]: (r["rows"], r["problem_rows"], r["score"]) for r in report.scores.iter_rows(named=True)}
    # orders 8 rows: 8 missing, 3 zero, 7 outlier, 5 after today; customers: f no contact, d invalid and
    # registered after today, b and c duplicates; interactions: score 11, a date after today; spend: -5 ₽
    assert scores == {"orders": (8, 4, 50.0), "customers": (6, 4, 33.3), "interactions": (2, 2, 0.0),
                      "spend": (2, 1, 50.0), "order_lines": (0, 0, None)}  # no lines: no score, not averaged
    assert report.overall() == pytest.approx((50 + 33.3 + 0 + 50) / 4, abs=0.051)


def test_after_a_merge_the_report_uses_the_merged_identity(workspace):
    _data(workspace)
    merges.merge(workspace, Viewer("anna", "analyst"), ["b", "c"], "a")
    after = quality.report(workspace, context(AS_OF, generation=workspace.generation()), today=TODAY)
    assert after.lists["duplicates"].height == 0
    assert _ids(after.lists["all_cancelled"]) == []      # c's cancelled order now belongs to a
    customers = after.scores.filter(pl.col("dataset") == "customers").row(0, named=True)
    assert (customers["rows"], customers["problem_rows"], customers["score"]) == (4, 2, 50.0)


def test_snapshot_once_per_generation_and_the_trend(workspace):
    _data(workspace)
    first = quality.snapshot(workspace, today=TODAY)
    again = quality.snapshot(workspace, today=TODAY)
    assert first == again and first["generation"] == 1
    merges.merge(workspace, Viewer("anna", "analyst"), ["b", "c"], "a")
    quality.snapshot(workspace, today=TODAY)
    trend = quality.trend(workspace).filter(pl.col("dataset") == "customers")
    assert trend.select("generation", "score").rows() == [(1, 33.3), (2, 50.0)]
    assert len(quality.read_jsonl(workspace.meta_dir / quality.HISTORY_FILE)) == 2


def test_personal_columns_are_dropped_for_viewers_without_the_right(report):
    frame = report.lists["duplicates"]
    assert "email" in quality.visible(frame, Viewer("a", "analyst")).columns
    hidden = quality.visible(frame, Viewer("m", "marketer"))
    assert not {"name", "email", "phone"} & set(hidden.columns) and "customer_id" in hidden.columns


def test_csv_for_russian_excel():
    frame = pl.DataFrame({"order_id": ["1"], "amount": [1234.5], "name": ["Пётр"]})
    data = quality.csv_bytes(frame, {"amount": "Сумма"})
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["order_id;Сумма;name", "1;1234,5;Пётр"]


def test_problem_lists_download_formula_safe_with_russian_dates():
    # A name typed into a CRM is the customer's text: a spreadsheet must not run it.
    frame = pl.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "-1+2"], "date": [dt.date(2026, 3, 1)] * 2,
                          "amount": [1.006, 2.0]})
    lines = quality.csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["\"'=HYPERLINK(\"\"http://x\"\")\";01.03.2026;1,01", "'-1+2;01.03.2026;2,0"]


def test_duplicate_groups_without_matches_is_empty_but_typed():
    frame = pl.DataFrame({"customer_id": ["x", "y"], "email_norm": ["a@b.ru", "c@d.ru"], "phone_norm": [None, None],
                          "name": [None, None], "email": [None, None], "phone": [None, None], "city": [None, None],
                          "completed_orders": [0, 0], "registered_at": [None, None]},
                         schema_overrides={"phone_norm": pl.String, "name": pl.String, "email": pl.String,
                                           "phone": pl.String, "city": pl.String, "registered_at": pl.Date})
    out = quality.duplicate_groups(frame)
    assert out.height == 0 and out.schema["group"] == pl.Int64


def test_the_recorded_scores_are_those_of_the_generation_asked_for(workspace):
    # Two generations: 2 orders, then 3; the page of the older one records the older one's rows.
    order = {"customer_id": "c", "order_date": dt.date(2026, 3, 1), "amount": 10.0}
    publish_frames(workspace, {"orders": [{**order, "order_id": str(i)} for i in range(2)]})
    older = workspace.generation()
    publish_frames(workspace, {"orders": [{**order, "order_id": str(i)} for i in range(3)]})
    record = quality.recorded(workspace, sql.default_context(workspace, older))
    assert record["generation"] == older and record["datasets"]["orders"]["rows"] == 2
    assert quality.snapshot(workspace)["datasets"]["orders"]["rows"] == 3


def test_the_page_reads_each_lists_first_rows_and_its_length_the_download_the_whole(workspace, monkeypatch):
    from core import results

    _data(workspace)
    ctx = context(AS_OF, generation=workspace.generation())
    monkeypatch.setattr(quality, "SHOWN_ROWS", 1)
    shown = quality.shown(workspace, ctx, 365, today=TODAY)
    # The whole report was stored on the way (the download reads it), and is what `report` computes.
    found, whole = results.lookup(workspace, quality.report, ctx, (365,), {"today": TODAY})
    assert found and whole.counts() == quality.report(workspace, ctx, 365, today=TODAY).counts()
    assert shown.lists["no_contact"].height == 1 and shown.counts()["no_contact"] == 2  # d and f, one shown
    assert _ids(shown.lists["no_contact"]) == ["d"]
    assert shown.lists["duplicates"].height == 3  # whole: the merge offers every group
    assert shown.counts() == whole.counts() and shown.overall() == whole.overall()
    assert shown.scores.equals(whole.scores) and shown.missing.equals(whole.missing)


def test_the_report_in_small_batches_equals_the_report_in_one_on_the_demo(demo_workspace, monkeypatch):
    ctx = sql.default_context(demo_workspace)
    whole = quality.report(demo_workspace, ctx, today=TODAY)
    monkeypatch.setattr(quality, "BATCH_ROWS", 301)
    assert len(list(quality.contact_batches(demo_workspace, ctx))) > 5
    parts = quality.report(demo_workspace, ctx, today=TODAY)
    assert parts.scores.equals(whole.scores) and parts.consent.equals(whole.consent)
    assert parts.lists["duplicates"].height > 0
    for name in quality.LISTS:
        assert parts.lists[name].equals(whole.lists[name]), name
