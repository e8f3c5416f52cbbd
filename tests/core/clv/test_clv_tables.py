"""Customer lists, parameter table, CSV for Russian Excel, and the page's figures built from small frames."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import display
from core.charts import axes
from core.charts import clv as charts
from core.clv import tables
from core.clv.bgnbd import BGNBDParams
from core.clv.service import p_alive_grid
from core.export import csv_bytes

SCORES = pl.DataFrame(
    {
        "customer_id": ["a", "b", "c", "d"],
        "p_alive": [0.9, 0.1, 0.2, 1.0],
        "expected_purchases": [2.5, 0.1, 0.3, 0.4],
        "expected_avg_spend": [100.0, 200.0, 50.0, 80.0],
        "predicted_clv": [250.0, 20.0, 15.0, 32.0],
        "at_risk": [False, True, True, False],
        "frequency": [4.0, 6.0, 2.0, 0.0],
        "recency": [10.0, 3.0, 2.0, 0.0],
        "T": [12.0, 30.0, 30.0, 5.0],
        "monetary_value": [100.0, 210.0, 55.0, None],
        "total_value": [500.0, 1400.0, 160.0, 80.0],
    }
)


@pytest.mark.parametrize(
    ("kind", "ids"),
    [("top", ["a", "d", "b", "c"]), ("at_risk", ["b", "c"]), ("historical", ["b", "a", "c", "d"])],
)
def test_customer_lists_order(kind, ids):
    assert tables.customer_list(SCORES, kind)["customer_id"].to_list() == ids


def test_display_keeps_numbers_and_names_each_columns_kind():
    shown, kinds = tables.for_display(tables.customer_list(SCORES, "at_risk"), "ru")
    row = shown.row(0, named=True)
    assert row["Прогноз LTV"] == 20.0 and row["Сумма покупок"] == 1400.0  # numbers: the table sorts by value
    assert kinds["Прогноз LTV"] == kinds["Сумма покупок"] == "money"
    assert kinds["P(активен)"] == "share" and kinds["Покупок (дней)"] == "integer"
    text = display.as_text(shown, kinds, "ru").row(0, named=True)
    assert text["Прогноз LTV"] == "20,00\u00a0₽"
    assert text["P(активен)"] == "10,0\u00a0%"
    assert text["Сумма покупок"] == "1\u00a0400,00\u00a0₽"


def test_csv_opens_in_russian_excel():
    data = csv_bytes(tables.for_csv(tables.customer_list(SCORES, "at_risk"), "en"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Customer ID", "Predicted LTV", "P(alive)"]
    assert lines[1].split(";")[:3] == ["b", "20,0", "0,1"]


def test_csv_dates_and_text():
    data = csv_bytes(pl.DataFrame({"d": [dt.date(2026, 11, 22)], "s": ["Иван; Пётр"]}))
    assert data.decode("utf-8-sig").splitlines()[1] == '22.11.2026;"Иван; Пётр"'


def test_figures_carry_the_data():
    weekly = pl.DataFrame(
        {
            "week_end": [dt.date(2026, 1, 7), dt.date(2026, 1, 14)],
            "week": [1, 2],
            "actual": [1.0, 3.0],
            "predicted": [1.5, 2.5],
            "holdout": [False, True],
        }
    )
    labels = {"actual": "A", "predicted": "P", "split": "s", "x": "x", "y": "y", "colour": "c"}
    fig = charts.cumulative_by_week(weekly, dt.date(2026, 1, 7), labels)
    assert [list(t.y) for t in fig.data] == [[1.0, 3.0], [1.5, 2.5]]
    by_count = pl.DataFrame({"label": ["0", "1+"], "actual": [0.1, 1.0], "predicted": [0.2, 0.9]})
    assert [list(t.y) for t in charts.by_calibration_count(by_count, labels).data] == [[0.1, 1.0], [0.2, 0.9]]
    hist = charts.clv_distribution(axes.bin_counts(SCORES["predicted_clv"], 30, clip_quantile=1.0), labels)
    # CLVs 15, 20, 32, 250 up to their maximum: about 30 bins of 250 / 30 ≈ 8.3, rounded up to 10; 250 lies
    # on the last edge, in the open bin «250+».
    counts = dict(zip(hist.data[0].x, hist.data[0].y, strict=True))
    assert counts["10–20"] == counts["20–30"] == counts["30–40"] == counts["250+"] == 1
    assert sum(counts.values()) == 4 and list(counts)[0] == "0–10"
    grid = p_alive_grid(BGNBDParams(0.3, 4.0, 0.8, 2.4), max_frequency=2, T=10.0, steps=3)
    heat = charts.p_alive_heatmap(grid, labels)
    assert list(heat.data[0].y) == [0.0, 1.0, 2.0] and list(heat.data[0].x) == [0.0, 5.0, 10.0]
    assert list(heat.data[0].z[0]) == [1.0, 1.0, 1.0]


def test_lists_name_customers_per_the_viewers_rights_and_link_their_cards(workspace):
    from core.access import Viewer
    from tests.conftest import context, publish_frames

    people = [{"customer_id": "a 1", "name": "Анна Петрова"}, {"customer_id": "b", "name": "Борис Иванов"}]
    orders = [{"order_id": "1", "customer_id": "a 1", "order_date": dt.date(2026, 5, 3), "amount": 100.0}]
    publish_frames(workspace, {"customers": people, "orders": orders})
    frame = pl.DataFrame({"customer_id": ["b", "a 1"], "total_value": [5.0, 1.0]})
    day = dt.date(2026, 6, 30)
    full = tables.named(workspace, context(day, viewer=Viewer("x", "analyst")), frame)
    assert full.columns[:2] == ["customer_id", "name"]
    assert full["name"].to_list() == ["Борис Иванов", "Анна Петрова"]  # the list's order kept
    assert full["card"].to_list() == ["customer_card?customer=b", "customer_card?customer=a%201"]
    masked = tables.named(workspace, context(day, viewer=Viewer("m", "marketer")), frame)
    assert masked["name"].to_list() != full["name"].to_list()
    assert all("Иванов" not in n and "Петрова" not in n for n in masked["name"].to_list())


def test_the_pages_figures_hold_what_it_shows_of_the_scores():
    from core.clv.clv import CLVResult, CLVSettings
    from core.clv.service import page_figures

    result = CLVResult(CLVSettings(), customers=4, repeat_customers=3, bgnbd=None, gamma_gamma=None, problems=(),
                       scores=SCORES)
    shown = page_figures(result)
    assert shown.ok and shown.scored == 4 and shown.customers == 4 and shown.repeat_customers == 3
    assert shown.total_clv == 250.0 + 20.0 + 15.0 + 32.0 and shown.at_risk_customers == 2  # b and c
    assert shown.longest_history == 30.0
    assert shown.top["customer_id"].to_list() == ["a", "d", "b", "c"]  # by predicted CLV
    assert shown.at_risk["customer_id"].to_list() == ["b", "c"]  # by historical value
    assert shown.historical["customer_id"].to_list() == ["b", "a", "c", "d"]
    assert "transactions" in shown.at_risk.columns and shown.at_risk["transactions"].to_list() == [7, 3]
    # Bins of 10 (about 30 over 0–243, the 99th percentile); 250 above the last regular edge: the overflow bin.
    assert shown.distribution.width == 10.0 and shown.distribution.overflow
    assert sum(shown.distribution.counts) == 4 and shown.distribution.counts[1:4] == (1, 1, 1)
    assert axes.bin_names(shown.distribution, "ru")[-1].endswith("+")
    assert shown.heatmap.is_empty() and shown.heatmap_age == 0.0  # no BG/NBD fit: no grid


def _sorted_whole(scores: pl.DataFrame, kind: str, limit: int | None) -> pl.DataFrame:
    """The list by its definition: every customer sorted, then the first `limit` (what `customer_list` did)."""
    frame = scores.with_columns((pl.col("frequency") + 1).cast(pl.Int64).alias("transactions"))
    if kind == "top":
        frame = frame.sort(["predicted_clv", "customer_id"], descending=[True, False], nulls_last=True)
    elif kind == "at_risk":
        frame = frame.filter(pl.col("at_risk")).sort(["total_value", "customer_id"], descending=[True, False])
    else:
        frame = frame.sort(["total_value", "customer_id"], descending=[True, False], nulls_last=True)
    columns = tables.customer_list(scores.head(0), kind).columns
    frame = frame.select(columns)
    return frame.head(limit) if limit is not None else frame


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.tuples(st.sampled_from([None, 0.0, 1.0, 2.0, 2.0, 5.0]), st.sampled_from([None, 0.0, 3.0, 3.0, 7.0]),
                                 st.booleans()), max_size=30),
       limit=st.sampled_from([None, 0, 1, 3, 5, 20]), kind=st.sampled_from(["top", "at_risk", "historical"]))
def test_a_limited_list_equals_the_whole_sort_cut(values, limit, kind):
    # Ties at the cut, nulls, fewer values than the limit: the first rows are those of sorting every customer.
    scores = pl.DataFrame(
        {"customer_id": [f"c{i:03d}" for i in range(len(values))][::-1],
         "predicted_clv": [v[0] for v in values], "p_alive": [0.5] * len(values),
         "expected_purchases": [1.0] * len(values), "expected_avg_spend": [10.0] * len(values),
         "at_risk": [v[2] for v in values], "frequency": [2.0] * len(values), "total_value": [v[1] for v in values]},
        schema={"customer_id": pl.String, "predicted_clv": pl.Float64, "p_alive": pl.Float64,
                "expected_purchases": pl.Float64, "expected_avg_spend": pl.Float64, "at_risk": pl.Boolean,
                "frequency": pl.Float64, "total_value": pl.Float64})
    assert tables.customer_list(scores, kind, limit).equals(_sorted_whole(scores, kind, limit))
