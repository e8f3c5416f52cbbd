"""Campaigns: control groups drawn at random by base type, stored and downloadable again; results against the
control group computed by hand; and the 95% interval's coverage on 100 simulated campaigns with a known uplift."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import numpy as np
import polars as pl
import pytest
from scipy import stats

from core import campaign_results, campaigns, demo, uplift
from core.access import Viewer
from core.cli import main
from core.segments.rules import Rules
from tests.conftest import context, publish_frames

ADMIN = Viewer("root", "admin")
D = dt.date


# ----------------------------------------------------------------------- the interval, by simulation
def test_the_95_interval_covers_the_true_uplift_in_at_least_93_of_100_simulated_campaigns():
    true_uplift = demo.CAMPAIGN_ORDER_MEAN * 0.03  # 75 ₽ per customer
    intervals = campaign_results.simulate_intervals(true_uplift, runs=100, seed=20)
    covered = sum(i.low <= true_uplift <= i.high for i in intervals)
    assert covered >= 93
    # the power at 3 000 recipients and 300 in control: se ≈ √(σ²/3000 + σ²/300) ≈ 41.5 ₽ with
    # σ² ≈ 0.05 × 1.5 × 2 500² (a 5 % chance of a Gamma(2) order), so 75 ₽ is found about 44 % of the time
    assert 30 <= sum(i.significant for i in intervals) <= 60


def test_a_campaign_with_no_effect_is_reported_significant_at_about_the_stated_5_percent():
    intervals = campaign_results.simulate_intervals(0.0, runs=400, seed=21)
    false_alarms = sum(i.significant for i in intervals)
    # 5 % of 400 = 20; a binomial(400, 0.05) lies within 9..31 with probability above 99 %
    assert 9 <= false_alarms <= 31


def test_simulated_groups_have_exactly_the_stated_uplift_in_expectation():
    rng = np.random.default_rng(3)
    sent, held = demo.campaign_revenue(rng, true_uplift=100.0, recipients=400_000, control=400_000)
    assert abs(sent.mean() - held.mean() - 100.0) < 8  # se ≈ √(2·0.05·2500²·1.5/4e5) ≈ 3.8


# ---------------------------------------------------------------------------- results, by hand
MESSAGES = [
    *({"customer_id": c, "campaign": "X", "channel": "email", "sent_at": dt.datetime(2026, 3, 10, 9), "cost": 0.5}
      for c in ("r1", "r2", "r3")),
    *({"customer_id": c, "campaign": "X", "channel": "email", "sent_at": dt.datetime(2026, 3, 10, 9),
       "control": True} for c in ("k1", "k2")),
    {"customer_id": "r1", "campaign": "Y", "channel": "sms", "sent_at": dt.datetime(2026, 3, 20, 9)},
]
ORDERS = [
    {"order_id": "1", "customer_id": "r1", "order_date": D(2026, 3, 12), "amount": 100.0},
    {"order_id": "2", "customer_id": "r2", "order_date": D(2026, 3, 20), "amount": 300.0},
    {"order_id": "3", "customer_id": "r2", "order_date": D(2026, 4, 15), "amount": 50.0},  # after 30 days
    {"order_id": "4", "customer_id": "k1", "order_date": D(2026, 3, 11), "amount": 60.0},
    {"order_id": "5", "customer_id": "r1", "order_date": D(2026, 3, 1), "amount": 80.0},  # before
    {"order_id": "6", "customer_id": "r3", "order_date": D(2026, 2, 1), "amount": 40.0},
    {"order_id": "7", "customer_id": "k2", "order_date": D(2026, 2, 1), "amount": 40.0},
]


@pytest.fixture
def results_ws(workspace):
    customers = [{"customer_id": c, "email": f"{c}@x.ru", "consent_email": True}
                 for c in ("r1", "r2", "r3", "k1", "k2")]
    publish_frames(workspace, {"customers": customers, "orders": ORDERS, "communications": MESSAGES})
    return workspace


def test_results_against_the_control_group_computed_by_hand(results_ws):
    record = next(r for r in campaign_results.results(results_ws, context(D(2026, 4, 30)))
                  if r["name"] == "X")
    sent, held = np.array([100.0, 300.0, 0.0]), np.array([60.0, 0.0])
    v1, v2 = sent.var(ddof=1), held.var(ddof=1)  # 23 333,3 and 1 800
    se = math.sqrt(v1 / 3 + v2 / 2)
    df = (v1 / 3 + v2 / 2) ** 2 / ((v1 / 3) ** 2 / 2 + (v2 / 2) ** 2 / 1)
    q = stats.t.ppf(0.975, df)
    diff = 400 / 3 - 30
    assert record["recipients"] == 3 and record["control"] == 2
    assert record["conversion"] == pytest.approx(2 / 3) and record["control_conversion"] == pytest.approx(0.5)
    assert record["revenue_per_customer"] == pytest.approx(400 / 3)
    assert record["control_revenue_per_customer"] == pytest.approx(30)
    assert record["uplift_revenue_per_customer"] == pytest.approx(diff)
    assert record["ci_low"] == pytest.approx(diff - q * se) and record["ci_high"] == pytest.approx(diff + q * se)
    assert record["incremental_revenue"] == pytest.approx(diff * 3)
    assert record["roi"] == pytest.approx((diff * 3 - 1.5) / 1.5)
    assert record["evidence"] == "control" and record["significant"] is False


def test_a_campaign_without_control_gets_the_weaker_comparisons(results_ws):
    record = next(r for r in campaign_results.results(results_ws, context(D(2026, 4, 30)), window_days=10)
                  if r["name"] == "Y")
    # Y: r1 only, sent 20.03; 10 days 20.03..29.03: no order; before 10.03..19.03: 100 ₽
    assert record["evidence"] == "weaker" and record["uplift_revenue_per_customer"] is None
    assert record["roi"] is None and record["control"] == 0
    assert record["revenue_per_customer"] == 0


def test_the_command_line_prints_the_issue_keys(results_ws, capsys):
    assert main(["--workspace", str(results_ws.path), "campaign", "results", "--name", "x", "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert list(record)[:len(campaign_results.KEYS)] == list(campaign_results.KEYS)
    assert record["name"] == "X" and record["recipients"] == 3
    assert main(["--workspace", str(results_ws.path), "campaign", "results", "--name", "nope"]) == 1


# ----------------------------------------------------------------------- control groups from the product
def test_control_is_drawn_within_each_base_type_and_repeats_with_the_seed():
    frame = pl.DataFrame({"customer_id": [f"c{i:02d}" for i in range(30)],
                          "base_type": ["active"] * 20 + ["inactive"] * 10})
    # round(0.1 × 20) = 2 of the active, round(0.1 × 10) = 1 of the inactive, whatever the seed (a draw over
    # the whole list would give 3 of 30 with 0–3 inactive)
    for seed in range(40):
        drawn = campaigns.draw_control(frame, 0.1, seed=seed)
        assert (drawn[:20].sum(), drawn[20:].sum()) == (2, 1)
    held = campaigns.draw_control(frame, 0.1, seed=5)
    assert held.to_list() != campaigns.draw_control(frame, 0.1, seed=6).to_list()
    assert campaigns.draw_control(frame, 0.1, seed=5).to_list() == held.to_list()
    assert campaigns.draw_control(frame.reverse(), 0.1, seed=5).reverse().to_list() == held.to_list()


def test_a_campaign_is_stored_audited_and_its_lists_download_again(results_ws):
    ctx = context(D(2026, 4, 30), viewer=ADMIN)
    made = campaigns.create(results_ws, ctx, "Весна", Rules(), segment="все", channel="email", control_share=0.4,
                            seed=11)
    # 5 consented customers with addresses; one base type each? r1, r2 active; r3, k2 inactive? - counted:
    lists = campaigns.lists(results_ws, made)
    assert made.recipients + made.control == 5 == lists.height
    assert made.control == int(lists.filter(pl.col("group") == "control").height)
    again = campaigns.find(results_ws, "весна")
    assert again == made and again.seed == 11 and again.author == "root"
    recipients = campaigns.download(results_ws, ctx, made, "recipients", columns=("customer_id",))
    control = campaigns.download(results_ws, ctx, made, "control", columns=("customer_id",))
    rows = lambda d: {r[0] for r in list(csv.reader(io.StringIO(d.data.decode("utf-8-sig")), delimiter=";"))[1:]}
    assert rows(recipients).isdisjoint(rows(control))
    assert rows(control) == set(lists.filter(pl.col("group") == "control")["customer_id"])
    log = (results_ws.meta_dir / "audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "campaign_create"' in log and "seed 11" in log


def test_recommended_actions_default_and_admin_edits(workspace):
    assert "Реактивация" in campaigns.recommended_action(workspace, "no_purchase_3_months", "ru")
    with pytest.raises(campaigns.CampaignError):
        campaigns.set_action(workspace, Viewer("mia", "marketer"), "no_purchase_3_months", "x")
    campaigns.set_action(workspace, ADMIN, "no_purchase_3_months", "Позвонить")
    assert campaigns.recommended_action(workspace, "no_purchase_3_months", "en") == "Позвонить"
    campaigns.set_action(workspace, ADMIN, "no_purchase_3_months", "")
    assert campaigns.recommended_action(workspace, "no_purchase_3_months", "en").startswith("Reactivation")


def test_a_manager_sees_the_results_of_their_own_customers_only(workspace):
    customers = [{"customer_id": c, "email": f"{c}@x.ru", "consent_email": True, "manager": m}
                 for c, m in (("r1", "Анна"), ("r2", "Борис"), ("k1", "Анна"), ("k2", "Анна"), ("r3", "Анна"))]
    messages = [{"customer_id": c, "campaign": "X", "channel": "email", "sent_at": dt.datetime(2026, 3, 10, 9),
                 "control": c.startswith("k")} for c in ("r1", "r2", "r3", "k1", "k2")]
    orders = [{"order_id": "1", "customer_id": "r2", "order_date": D(2026, 3, 12), "amount": 900.0, "manager": "Борис"},
              {"order_id": "2", "customer_id": "r1", "order_date": D(2026, 3, 12), "amount": 100.0, "manager": "Анна"}]
    publish_frames(workspace, {"customers": customers, "orders": orders, "communications": messages})
    anna = Viewer("anna", "manager", manager_id="Анна")
    (record,) = campaign_results.results(workspace, context(D(2026, 4, 30), viewer=anna))
    # Anna's customers: r1, r3 sent (100 ₽ and nothing), k1, k2 held out; Boris's r2 is not hers
    assert (record["recipients"], record["control"]) == (2, 2)
    assert record["revenue_per_customer"] == pytest.approx(50.0)
    (everyone,) = campaign_results.results(workspace, context(D(2026, 4, 30), viewer=ADMIN))
    assert everyone["recipients"] == 3 and everyone["revenue_per_customer"] == pytest.approx(1000 / 3)
    made = campaigns.create(workspace, context(D(2026, 3, 10), viewer=ADMIN), "Весь список", Rules(), channel=None,
                            control_share=0.4, seed=2, now=dt.datetime(2026, 3, 10, 8, tzinfo=dt.timezone.utc))
    assert made.recipients + made.control == 5
    (own,) = campaign_results.results(workspace, context(D(2026, 4, 30), viewer=anna), name="Весь список")
    assert own["recipients"] + own["control"] == 4  # r2 is Boris's


def test_a_campaign_dated_after_the_data_has_no_figures_yet(results_ws):
    made = campaigns.create(results_ws, context(D(2026, 4, 30), viewer=ADMIN), "Будущая", Rules(), channel=None,
                            control_share=0.4, seed=3, now=dt.datetime(2026, 5, 20, 9, tzinfo=dt.timezone.utc))
    (record,) = campaign_results.results(results_ws, context(D(2026, 4, 30)), name="Будущая")
    assert (record["recipients"], record["control"]) == (made.recipients, made.control)
    assert record["pending"] and campaign_results.verdict(record) == "pending"
    assert record["uplift_revenue_per_customer"] is None and record["revenue_per_customer"] is None
