"""What each campaign earned: recipients against the control group over a window after the campaign's date.

Definitions (the «Определения» page reads them from core/definitions; `campaigns.def.*` in core/i18n):
- window: the `window_days` days from the campaign's date (that day included; default 30); the date is the
  day a product campaign was made, or the first send of an uploaded campaign;
- conversion: the share of a group's customers with a completed order in the window;
- revenue per customer: the group's completed revenue in the window divided by its customers (buyers or not);
- uplift: recipients' revenue per customer minus control's, with a 95% interval (core/uplift.py: Welch);
- incremental revenue: uplift × recipients; ROI: (incremental revenue − cost) / cost, where the messages'
  cost is known (revenue, not margin);
- without a control group: the same customers' preceding window (pre/post) and contacts of the same base
  type who were not sent it (matched) — weaker evidence: the season, selection and chance are not ruled out.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import polars as pl

from core import campaigns, sql, uplift
from core.context import QueryContext
from core.workspace import Workspace

DEFAULT_WINDOW_DAYS = 30
# Figures left empty for a campaign dated after the analysis date (its window holds no data yet).
PENDING_BLANK: tuple[str, ...] = (
    "conversion", "control_conversion", "revenue_per_customer", "control_revenue_per_customer",
    "uplift_revenue_per_customer", "ci_low", "ci_high", "incremental_revenue", "roi", "significant",
)
KEYS: tuple[str, ...] = (
    "name", "recipients", "control", "conversion", "control_conversion", "revenue_per_customer",
    "control_revenue_per_customer", "uplift_revenue_per_customer", "ci_low", "ci_high", "incremental_revenue", "roi",
)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def compare(outcomes: pl.DataFrame, cost: float | None, window_days: int) -> dict[str, Any]:
    """The figures of one campaign from its customers' outcomes (`grp`, `orders`, `revenue`, `pre_revenue`)."""
    sent = outcomes.filter(pl.col("grp") == "recipients")
    held = outcomes.filter(pl.col("grp") == "control")
    rev, ctl = sent["revenue"].to_numpy().astype(float), held["revenue"].to_numpy().astype(float)
    out: dict[str, Any] = {
        "recipients": sent.height, "control": held.height,
        "conversion": float((sent["orders"] > 0).mean()) if sent.height else None,
        "control_conversion": float((held["orders"] > 0).mean()) if held.height else None,
        "revenue_per_customer": float(rev.mean()) if rev.size else None,
        "control_revenue_per_customer": float(ctl.mean()) if ctl.size else None,
        "uplift_revenue_per_customer": None, "ci_low": None, "ci_high": None, "incremental_revenue": None,
        "roi": None, "significant": None, "evidence": "control" if held.height else "none",
        "window_days": window_days, "cost": cost,
    }
    interval = uplift.difference(rev, ctl) if held.height else None
    if interval is not None:
        out.update(uplift_revenue_per_customer=interval.estimate, ci_low=interval.low, ci_high=interval.high,
                   significant=interval.significant, incremental_revenue=interval.estimate * sent.height)
        if cost:
            out["roi"] = (out["incremental_revenue"] - cost) / cost
    if not held.height and sent.height:
        before = uplift.paired(rev, sent["pre_revenue"].to_numpy().astype(float))
        out["pre_post"] = None if before is None else {
            "uplift_revenue_per_customer": before.estimate, "ci_low": before.low, "ci_high": before.high,
            "revenue_per_customer_before": float(sent["pre_revenue"].mean())}
    return out


def matched(ws: Workspace, ctx: QueryContext, ids: list[str], start: dt.date, days: int) -> dict[str, Any] | None:
    """Recipients against contacts of the same base type (as of the day before) who were not sent the campaign."""
    frame = sql.run(ws, "campaigns__matched", ctx.replace(as_of=start - dt.timedelta(days=1)), ids=ids,
                    start=start, days=days)
    strata = []
    for base_type in frame["base_type"].unique().to_list():
        rows = {r["recipient"]: r for r in frame.filter(pl.col("base_type") == base_type).iter_rows(named=True)}
        if True in rows and False in rows:
            a, b = rows[True], rows[False]
            strata.append((a["customers"], a["mean_revenue"], a["var_revenue"], b["customers"], b["mean_revenue"],
                           b["var_revenue"]))
    interval = uplift.stratified(strata)
    if interval is None:
        return None
    return {"uplift_revenue_per_customer": interval.estimate, "ci_low": interval.low, "ci_high": interval.high,
            "matched_customers": int(sum(s[3] for s in strata))}


def _members_product(ws: Workspace, campaign: campaigns.Campaign) -> pl.DataFrame:
    return campaigns.lists(ws, campaign).select("customer_id", pl.col("group").alias("grp"))


def results(ws: Workspace, ctx: QueryContext, name: str | None = None,
            window_days: int = DEFAULT_WINDOW_DAYS) -> list[dict[str, Any]]:
    """One record per campaign (made in the product, or found in the communications dataset), newest first:
    the keys of `KEYS`, then `sent_date`, `source`, `evidence`, `significant`, opens, clicks and cost, and for
    campaigns without a control group the weaker `pre_post` and `matched` comparisons."""
    if not 1 <= window_days <= 366:
        raise campaigns.CampaignError("campaigns.error.window")
    uploaded = {r["campaign"]: r for r in sql.run(ws, "campaigns__uploaded", ctx).iter_rows(named=True)}
    made = {c.name: c for c in reversed(campaigns.all_campaigns(ws))}  # the newest of a name wins
    names = list(dict.fromkeys([*made, *uploaded]))
    if name is not None:
        names = [n for n in names if n.casefold() == name.strip().casefold()]
        if not names:
            raise campaigns.CampaignError("campaigns.error.not_found", name=name)
    records = []
    for campaign_name in names:
        stats = uploaded.get(campaign_name)
        if campaign_name in made:
            product = made[campaign_name]
            members, start, source = _members_product(ws, product), product.sent_date, "product"
        else:
            members = sql.run(ws, "campaigns__uploaded_members", ctx, campaign=campaign_name)
            start, source = stats["sent_date"], "upload"
        outcomes = sql.run(ws, "campaigns__outcomes", ctx, ids=members["customer_id"].to_list(),
                           groups=members["grp"].to_list(), start=start, days=window_days)
        cost = float(stats["cost"]) if stats and stats["costed"] else None
        record = {"name": campaign_name, **compare(outcomes, cost, window_days)}
        record.update(sent_date=start.isoformat(), source=source, complete=start + dt.timedelta(days=window_days - 1)
                      <= ctx.as_of)
        if stats:
            record.update(messages=stats["messages"], delivered=stats["delivered"],
                          opened=stats["opened"] if stats["tracked_opens"] else None,
                          clicked=stats["clicked"] if stats["tracked_opens"] else None,
                          unsubscribed=stats["unsubscribed"])
        record["pending"] = start > ctx.as_of
        if record["pending"]:
            # The data stops before the campaign's day: nothing to compare yet (not a zero effect).
            record.update(dict.fromkeys(PENDING_BLANK))
            record.pop("pre_post", None)
        elif record["evidence"] == "none" and record["recipients"]:
            record["matched"] = matched(ws, ctx, outcomes.filter(pl.col("grp") == "recipients")["customer_id"]
                                        .to_list(), start, window_days)
            record["evidence"] = "weaker"
        records.append({k: _clean(v) for k, v in record.items()})
    return sorted(records, key=lambda r: r["sent_date"], reverse=True)


def simulate_intervals(true_uplift: float, runs: int, seed: int, **campaign: Any) -> list[uplift.Interval]:
    """Intervals of `runs` simulated campaigns with a known uplift (core/demo.py: `campaign_revenue`)."""
    from core import demo

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(runs):
        sent, held = demo.campaign_revenue(rng, true_uplift=true_uplift, **campaign)
        interval = uplift.difference(sent, held)
        assert interval is not None
        out.append(interval)
    return out


def verdict(record: dict[str, Any]) -> str:
    """`pending` (dated after the analysis date), `up` (interval above zero), `down` (below), `none` (contains
    zero), `too_small` (a group of fewer than two customers: no interval) or `weaker` (no control group)."""
    if record.get("pending"):
        return "pending"
    if record["evidence"] != "control":
        return "weaker"
    if record["ci_low"] is None:
        return "too_small"
    return "up" if record["ci_low"] > 0 else "down" if record["ci_high"] < 0 else "none"


def results_page(ws: Workspace, ctx: QueryContext, window_days: int, made: str) -> list[dict[str, Any]]:
    """`results` for the page's stored results: `made` (`campaigns.version`) changes with the campaigns made here."""
    del made
    return results(ws, ctx, None, window_days)
