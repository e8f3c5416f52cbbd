"""What each customer was sent: the communications dataset read through `contact_events` (every message
matched to a customer by id, else e-mail, else phone; queries/derived__contact_events.sql).

- Unsubscribes: a message marked `unsubscribed` withdraws the customer's consent for that message's
  channel from its send time on (the exports carry no later moment). The customer model, the month-end
  history and every download apply it; `unsubscribes` is the one place that says who unsubscribed from
  which channel and when.
- Contact pressure: a download for a channel can leave out the customers sent anything on that channel
  in the last N days (`recently_contacted`; N from the workspace's campaign settings, default 7).
- Contact frequency: how many customers were sent how many messages in the last 30 days.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from core import sql
from core.access import Viewer
from core.context import QueryContext
from core.store import JsonStore
from core.workspace import Workspace

SETTINGS_FILE = "campaign_settings.json"
DEFAULT_PRESSURE_DAYS = 7
FREQUENCY_DAYS = 30
MAX_PRESSURE_DAYS = 365
# Frequency buckets shown on the pages: 0, 1, 2, 3, 4–5, 6 and more messages.
BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (6, None))


# ---------------------------------------------------------------------------------------- settings
def settings(ws: Workspace) -> dict[str, Any]:
    """The workspace's campaign settings: `pressure_days` (default 7) and `control_share` (default 0.1)."""
    stored = JsonStore(ws.meta_dir / SETTINGS_FILE).read()
    return {"pressure_days": int(stored.get("pressure_days", DEFAULT_PRESSURE_DAYS)),
            "control_share": float(stored.get("control_share", 0.1))}


def save_settings(ws: Workspace, viewer: Viewer, *, pressure_days: int | None = None,
                  control_share: float | None = None) -> dict[str, Any]:
    """Change the campaign settings (admins only; checked, locked, audited)."""
    from core import audit

    if not viewer.can("admin"):
        raise PermissionError("only an admin changes the campaign settings")
    if pressure_days is not None and not 0 <= int(pressure_days) <= MAX_PRESSURE_DAYS:
        raise ValueError(f"pressure_days must be between 0 and {MAX_PRESSURE_DAYS}")
    if control_share is not None and not 0 <= float(control_share) <= 0.5:
        raise ValueError("control_share must be between 0 and 0.5")

    def change(doc: dict) -> dict:
        if pressure_days is not None:
            doc["pressure_days"] = int(pressure_days)
        if control_share is not None:
            doc["control_share"] = float(control_share)
        return doc

    JsonStore(ws.meta_dir / SETTINGS_FILE).update(change)
    audit.record(ws, viewer, "campaign_settings", f"campaign settings: pressure_days={pressure_days}, "
                 f"control_share={control_share}")
    return settings(ws)


# ------------------------------------------------------------------------------------ unsubscribes
def unsubscribes(ws: Workspace, ctx: QueryContext, until: dt.datetime | None = None) -> pl.DataFrame:
    """Who unsubscribed from which channel and when (`customer_id, channel, unsubscribed_at, campaign`): the
    first message of each customer and channel marked unsubscribed, up to `until` (None: all)."""
    return sql.run(ws, "communications__unsubscribes", ctx, until=until)


def unsubscribed_ids(ws: Workspace, ctx: QueryContext, channel: str) -> set[str]:
    """Every customer who ever unsubscribed from `channel` (a download for it leaves them out)."""
    frame = unsubscribes(ws, ctx)
    return set(frame.filter(pl.col("channel") == channel)["customer_id"].to_list())


# -------------------------------------------------------------------------------- contact pressure
def pressure_since(as_of: dt.date, days: int) -> dt.date:
    """The first day of the `days`-day window ending on the analysis date `as_of` (both included)."""
    return as_of - dt.timedelta(days=days - 1)


def recently_contacted(ws: Workspace, ctx: QueryContext, channel: str, days: int) -> set[str]:
    """Customers sent anything on `channel` in the `days` days up to the analysis date (and any later
    send in the data), or among the recipients of a campaign made here on it since then: a download for the
    channel leaves them out. Control-group customers were not sent anything."""
    from core import campaigns

    if days <= 0:
        return set()
    since = pressure_since(ctx.as_of, days)
    frame = sql.run(ws, "communications__recent_contacts", ctx, channel=channel, since=since)
    contacted = set(frame["customer_id"].to_list())
    # Recipients of the campaigns made here on this channel count as sent on the campaign's day, before
    # the mailing service's export is uploaded.
    for campaign in campaigns.all_campaigns(ws):
        if campaign.channel == channel and campaign.sent_date >= since:
            lists = campaigns.lists(ws, campaign)
            contacted |= set(lists.filter(pl.col("group") == "recipients")["customer_id"].to_list())
    return contacted


# --------------------------------------------------------------------------------- frequency
def bucketed(frame: pl.DataFrame) -> pl.DataFrame:
    """`messages, customers` rows summed into `BUCKETS` (`bucket` label such as «4–5», `customers`, `share`)."""
    rows = []
    total = int(frame["customers"].sum()) if frame.height else 0
    for low, high in BUCKETS:
        mask = pl.col("messages") >= low
        if high is not None:
            mask &= pl.col("messages") <= high
        count = int(frame.filter(mask)["customers"].sum()) if frame.height else 0
        label = str(low) if high == low else (f"{low}+" if high is None else f"{low}–{high}")
        rows.append({"bucket": label, "customers": count, "share": count / total if total else None})
    return pl.DataFrame(rows, schema={"bucket": pl.String, "customers": pl.Int64, "share": pl.Float64})


def base_frequency(ws: Workspace, ctx: QueryContext, days: int = FREQUENCY_DAYS) -> pl.DataFrame:
    """How many contacts of the base were sent how many messages in the last `days` days (bucketed): the
    segment of every customer."""
    from core.segments.rules import Rules

    return segment_frequency(ws, ctx, Rules(), days)


def segment_frequency(ws: Workspace, ctx: QueryContext, rules: Any, days: int = FREQUENCY_DAYS) -> pl.DataFrame:
    """How many customers of a segment were sent how many messages in the last `days` days (bucketed)."""
    from core.segments.rules import where

    return bucketed(sql.run(ws, "segments__contact_frequency", ctx, fragments={"where": where(rules)}, days=days))


def has_communications(ws: Workspace, ctx: QueryContext) -> bool:
    """Whether the data holds any communications."""
    stats = sql.run(ws, "info__dataset_stats", ctx)
    row = stats.filter(pl.col("dataset") == "communications")
    return bool(row.height and row["rows"][0])


# ------------------------------------------------------------------------------------------- card
def customer_history(ws: Workspace, ctx: QueryContext, customer_id: str) -> pl.DataFrame:
    """One customer's messages up to the analysis date, newest first."""
    from core import customers

    customers.require_customer_level(ctx.viewer)
    return sql.run(ws, "card__communications", ctx, customer_id=customer_id)
