"""The periodic report: which period it covers, its figures against the previous period, and the two files
(XLSX with a sheet per section, HTML with its charts and Plotly's JavaScript inside, no network)."""
from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from core import report
from core.cli import main
from core.metrics.periods import Period
from tests.conftest import context, publish_frames

D = dt.date


@pytest.mark.parametrize(("as_of", "grain", "current", "previous"), [
    # a Monday: last week is Monday 30.11 – Sunday 6.12
    (D(2026, 12, 7), "week", (D(2026, 11, 30), D(2026, 12, 6)), (D(2026, 11, 23), D(2026, 11, 29))),
    # a Sunday ends its own week
    (D(2026, 12, 6), "week", (D(2026, 11, 30), D(2026, 12, 6)), (D(2026, 11, 23), D(2026, 11, 29))),
    (D(2026, 12, 15), "month", (D(2026, 11, 1), D(2026, 11, 30)), (D(2026, 10, 1), D(2026, 10, 31))),
    (D(2026, 10, 31), "month", (D(2026, 10, 1), D(2026, 10, 31)), (D(2026, 9, 1), D(2026, 9, 30))),
    (D(2026, 2, 10), "quarter", (D(2025, 10, 1), D(2025, 12, 31)), (D(2025, 7, 1), D(2025, 9, 30))),
])
def test_the_report_covers_the_last_complete_period(as_of, grain, current, previous):
    assert report.last_complete(as_of, grain) == (Period(*current), Period(*previous))


@pytest.fixture
def report_ws(workspace):
    orders = [
        {"order_id": "1", "customer_id": "a", "order_date": D(2026, 9, 5), "amount": 100.0},
        {"order_id": "2", "customer_id": "a", "order_date": D(2026, 10, 5), "amount": 300.0},
        {"order_id": "3", "customer_id": "b", "order_date": D(2026, 10, 20), "amount": 200.0},
        {"order_id": "4", "customer_id": "c", "order_date": D(2026, 10, 21), "amount": 50.0, "status": "отменён"},
    ]
    messages = [{"customer_id": c, "campaign": "Октябрь", "channel": "email",
                 "sent_at": dt.datetime(2026, 10, 3, 9), "control": c in ("b", "e")} for c in ("a", "b", "d", "e")]
    publish_frames(workspace, {"orders": orders, "communications": messages})
    return workspace


def test_figures_against_the_previous_month(report_ws):
    built = report.build(report_ws, context(D(2026, 10, 31)), "month")
    rows = {r["key"]: r for r in built.metrics.iter_rows(named=True)}
    # October: orders 2 and 3 (4 is cancelled): 500 ₽, 2 orders, 2 buyers; September: 100 ₽, 1 order
    assert (rows["revenue"]["current"], rows["revenue"]["previous"]) == (500.0, 100.0)
    assert rows["revenue"]["change"] == pytest.approx(400.0)
    assert (rows["orders"]["current"], rows["buyers"]["current"], rows["aov"]["current"]) == (2, 2, 250.0)
    counts = {r["base_type"]: (r["previous"], r["current"]) for r in built.composition.iter_rows(named=True)}
    # VIP: the top ceil(5 % × buyers of the year) = 1 buyer. 30.09: a alone, so VIP; 31.10: a (400 ₽) is the
    # VIP, b (one order) working; c bought only a cancelled order, so is no contact
    assert counts["vip"] == (1, 1) and counts["working"] == (0, 1)
    assert sum(p for p, _ in counts.values()) == 1 and sum(c for _, c in counts.values()) == 2
    assert [c["name"] for c in built.campaigns] == ["Октябрь"]


def test_the_command_line_writes_both_files(report_ws, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--workspace", str(report_ws.path), "report", "--period", "month", "--as-of", "2026-10-31",
                 "--out", str(out)]) == 0
    xlsx, page = (out / "report_month_2026-10-01_2026-10-31.xlsx", out / "report_month_2026-10-01_2026-10-31.html")
    assert capsys.readouterr().out.splitlines() == [str(xlsx), str(page)]
    text = page.read_text(encoding="utf-8")
    assert "Отчёт за месяц: 01.10.2026 — 31.10.2026" in text
    assert not re.search(r"<script[^>]+src=", text)  # self-contained: no script fetched from anywhere
    # three charts (composition, metric changes, the campaign's uplift), Plotly's bundle inlined once
    assert text.count("Plotly.newPlot(") == 3 and text.count("window.PlotlyConfig") == 1
    metrics = pl.read_excel(xlsx, sheet_name="Показатели", engine="calamine", read_options={"header_row": 2})
    assert metrics.row(0) == ("Выручка", 500.0, 100.0, pytest.approx(400.0))
