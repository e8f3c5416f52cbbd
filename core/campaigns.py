"""Campaigns started from the product: a segment's customers for one channel, a control group held out at
random (stratified by base type, a stored seed), the two lists kept in the workspace and downloadable again;
and the recommended action of each segment.

A campaign is stored as an entry of `meta/campaigns.json` (changed under its file lock, like every meta
file) and its two lists as `meta/campaigns/<id>.parquet` (written before the entry names it, atomically).
The control group is drawn from the customers the campaign could reach (after consent, address and contact
pressure checks), so the two groups differ only by chance and by the message.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl

from core import audit, export, sql
from core.access import Viewer
from core.context import QueryContext
from core.i18n import t
from core.segments import ready
from core.segments.rules import Rules, parse
from core.store import JsonStore
from core.workspace import Workspace

CAMPAIGNS_FILE = "campaigns.json"
LISTS_DIR = "campaigns"
ACTIONS_FILE = "segment_actions.json"
DEFAULT_CONTROL_SHARE = 0.10
# A campaign's control group is kept out of every channel download for this many days after it was made
# (the results' default window), so no other mailing reaches it while the comparison runs.
HOLD_DAYS = 30
MAX_NAME = 120
MAX_ACTION = 500
GROUPS: tuple[str, ...] = ("recipients", "control")
# The action a customer-base practitioner recommends for each ready-made segment (`segments.action.<id>`).
RECOMMENDED: tuple[str, ...] = tuple(ready.READY)


class CampaignError(Exception):
    """A campaign cannot be made or found; `message(lang)` says why."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str) -> str:
        """The reason in `lang`."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Campaign:
    """A campaign made in the product: who, when, for which segment and channel, and the two groups' sizes."""

    id: str
    name: str
    segment: str
    rules: dict[str, Any]
    channel: str | None
    created_at: str
    as_of: str
    author: str
    control_share: float
    seed: int
    recipients: int
    control: int
    pressure_days: int = 0
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def sent_date(self) -> dt.date:
        """The day the campaign was made (its lists downloaded for sending)."""
        return dt.datetime.fromisoformat(self.created_at).date()


# ------------------------------------------------------------------------------------- control group
def draw_control(frame: pl.DataFrame, share: float, seed: int, stratum: str = "base_type") -> pl.Series:
    """True for the rows held out as control: in each stratum (sorted by customer id) a random
    round(share × stratum size) of them, drawn with `seed`; the same rows for the same seed and data."""
    if not 0 <= share < 1:
        raise CampaignError("campaigns.error.share")
    ordered = frame.select("customer_id", pl.col(stratum).fill_null("")).with_row_index("row")
    held = np.zeros(frame.height, dtype=bool)
    rng = np.random.default_rng(seed)
    for _, group in sorted(ordered.group_by(stratum), key=lambda g: str(g[0][0])):
        rows = group.sort("customer_id")["row"].to_numpy()
        k = int(np.floor(share * rows.size + 0.5))
        if k:
            held[rng.choice(rows, size=k, replace=False)] = True
    return pl.Series("control", held)


# ------------------------------------------------------------------------------------------ storage
def _store(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / CAMPAIGNS_FILE, default=lambda: {"campaigns": []})


def _lists_path(ws: Workspace, campaign_id: str) -> Any:
    if not re.fullmatch(r"[0-9a-f]{12}", campaign_id):
        raise CampaignError("campaigns.error.not_found", name=campaign_id)
    return ws.meta_dir / LISTS_DIR / f"{campaign_id}.parquet"


def all_campaigns(ws: Workspace) -> list[Campaign]:
    """Every campaign made in the product, newest first."""
    items = _store(ws).read().get("campaigns", [])
    return sorted((Campaign(**item) for item in items), key=lambda c: c.created_at, reverse=True)


def version(ws: Workspace) -> str:
    """A short hash of the campaigns made here (their ids): it changes whenever one is added or removed, so
    results keyed by it (the campaigns page's) are never those of another set of campaigns."""
    ids = sorted(c.id for c in all_campaigns(ws))
    return hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]


def find(ws: Workspace, name_or_id: str) -> Campaign:
    """The newest campaign with this id or name (case-insensitive)."""
    wanted = name_or_id.strip().casefold()
    for campaign in all_campaigns(ws):
        if wanted in (campaign.id, campaign.name.casefold()):
            return campaign
    raise CampaignError("campaigns.error.not_found", name=name_or_id)


def lists(ws: Workspace, campaign: Campaign) -> pl.DataFrame:
    """The campaign's customers: `customer_id`, `base_type` (at the campaign's date) and `group`."""
    return pl.read_parquet(_lists_path(ws, campaign.id))


def create(ws: Workspace, ctx: QueryContext, name: str, rules: Rules, *, segment: str = "", channel: str | None,
           control_share: float = DEFAULT_CONTROL_SHARE, pressure_days: int = 0, seed: int | None = None,
           now: dt.datetime | None = None) -> Campaign:
    """Make a campaign of the segment's customers reachable on `channel` (None: every customer), hold out
    `control_share` of them at random by base type, store both lists and the campaign, and audit it."""
    from core.segments import results

    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise CampaignError("campaigns.error.name", max=MAX_NAME)
    if not ctx.viewer.can("download"):
        raise CampaignError("campaigns.error.not_allowed")
    if not 0 <= control_share <= 0.5:
        raise CampaignError("campaigns.error.share")
    members = results.members(ws, ctx, rules)
    left_out: dict[str, int] = {}
    if channel is not None:
        unsubscribed, contacted, held = export.channel_exclusions(ws, ctx, channel, pressure_days)
        members, left_out = export.for_channel(members, channel, unsubscribed, contacted, held)
    if members.height == 0:
        raise CampaignError("campaigns.error.empty")
    seed = int(seed if seed is not None else int.from_bytes(os.urandom(4), "little"))
    held = draw_control(members, control_share, seed)
    table = members.select("customer_id", pl.col("base_type")).with_columns(
        pl.when(held).then(pl.lit("control")).otherwise(pl.lit("recipients")).alias("group"))
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    campaign = Campaign(
        id=uuid.uuid4().hex[:12], name=name, segment=segment, rules=rules.to_json(), channel=channel,
        created_at=moment.isoformat(timespec="seconds"), as_of=ctx.as_of.isoformat(), author=ctx.viewer.username,
        control_share=float(control_share), seed=seed, recipients=int((~held).sum()), control=int(held.sum()),
        pressure_days=int(pressure_days), left_out=left_out)
    path = _lists_path(ws, campaign.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    table.write_parquet(partial)
    partial.replace(path)

    def change(doc: dict) -> dict:
        doc.setdefault("campaigns", []).append(asdict(campaign))
        return doc

    _store(ws).update(change)
    audit.record(ws, ctx.viewer, "campaign_create",
                 f"campaign {name!r} ({channel or 'no channel'}): segment {segment or rules.dumps()!r}, "
                 f"recipients {campaign.recipients}, control {campaign.control}, seed {seed}", rows=members.height)
    return campaign


def download(ws: Workspace, ctx: QueryContext, campaign: Campaign, group: str, *, columns: tuple[str, ...] | None = None,
             fmt: str = "csv", separator: str = ";", lang: str = "ru") -> export.Download:
    """One of the campaign's lists as a file, as the model has its customers now (an unsubscribe since is
    honoured); the control list is for checking only: it is never a mailing list."""
    if group not in GROUPS:
        raise CampaignError("campaigns.error.group")
    if not ctx.viewer.can("download"):
        raise CampaignError("campaigns.error.not_allowed")
    ids = lists(ws, campaign).filter(pl.col("group") == group)["customer_id"].to_list()
    frame = sql.run(ws, "campaigns__members", ctx, ids=ids)
    chosen = columns or export.DEFAULT_COLUMNS[campaign.channel]
    channel = campaign.channel if group == "recipients" else None
    unsubscribed = export.channel_exclusions(ws, ctx, channel)[0] if channel else set()
    table, left_out = export.prepare(frame, ctx.viewer, chosen, channel, lang, unsubscribed)
    stem = f"{campaign.name}_{t('campaigns.group.' + group, lang)}"
    if fmt == "csv":
        data, mime = export.csv_bytes(table, separator), "text/csv"
    else:
        data, mime = (export.xlsx_bytes(table, stem),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return export.Download(data=data, file_name=export.file_name(stem, campaign.sent_date, fmt), rows=table.height,
                           left_out=left_out, mime=mime)


def held_out(ws: Workspace, today: dt.date | None = None) -> set[str]:
    """The customers in the control group of a campaign made here in the last `HOLD_DAYS` days."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    out: set[str] = set()
    for campaign in all_campaigns(ws):
        if campaign.control and today - campaign.sent_date < dt.timedelta(days=HOLD_DAYS):
            out |= set(lists(ws, campaign).filter(pl.col("group") == "control")["customer_id"].to_list())
    return out


# ------------------------------------------------------------------------------ recommended actions
def _actions(ws: Workspace) -> JsonStore:
    return JsonStore(ws.meta_dir / ACTIONS_FILE)


def recommended_action(ws: Workspace, segment_id: str, lang: str) -> str:
    """The action recommended for a segment: the admin's text where set, else the practitioner's default for a
    ready-made segment, else an empty string."""
    stored = _actions(ws).read().get(segment_id)
    if stored is not None:
        return str(stored)
    return t(f"segments.action.{segment_id}", lang) if segment_id in RECOMMENDED else ""


def set_action(ws: Workspace, viewer: Viewer, segment_id: str, text: str | None) -> None:
    """Set (None or empty: back to the default) a segment's recommended action; admins only; audited."""
    if not viewer.can("admin"):
        raise CampaignError("campaigns.error.admin_only")
    text = (text or "").strip()
    if len(text) > MAX_ACTION:
        raise CampaignError("campaigns.error.action_long", max=MAX_ACTION)

    def change(doc: dict) -> dict:
        if text:
            doc[segment_id] = text
        else:
            doc.pop(segment_id, None)
        return doc

    _actions(ws).update(change)
    audit.record(ws, viewer, "segment_action", f"segment {segment_id!r}: {text or 'default'}")


def rules_of(campaign: Campaign) -> Rules:
    """The campaign's segment rules."""
    return parse(campaign.rules)
