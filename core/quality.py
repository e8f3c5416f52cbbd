"""Data quality: duplicate customers, invalid contacts, stale records, consent coverage, order anomalies.

Definitions (all over the data in force, after the merges; a manager sees their customers only):

- Duplicates (strong): customers sharing a valid normalised e-mail or phone (core/contacts.py) under
  different ids, joined transitively into groups. The suggested survivor of a group is the member
  with the most completed orders, then the earliest registration, then the smallest id.
- Similar names (weak): two customers of the same city whose lower-cased, sorted name words have
  a Jaro-Winkler similarity of at least `MIN_NAME_SIMILARITY`, compared within blocks of city and
  the first three letters of the sorted words; blocks of more than `MAX_NAME_BLOCK` customers are
  skipped (a name that common says nothing, and the cost stays linear); pairs whose birth dates or genders differ,
  or whose e-mails and phones both differ, are left out, and so are pairs already in one group.
- Invalid e-mails / phones: present but not valid (core/contacts.py). No usable contact: a
  profile with neither a valid e-mail nor a valid phone.
- Stale contacts: the last dated activity (an order of any status, an interaction, or the
  registration) on or before the analysis date is more than N days (`stale_days`) before it.
- Consent coverage by channel: among customer profiles, who consented, who has a valid address
  for the channel, and who has both (usable); "consent without an address" is listed.
- Order amounts: completed orders with an amount of zero or less, and completed orders above the
  fence exp(Q3 + 3 × IQR) of the natural logarithm of completed positive amounts (Tukey's far-out
  fence on the log scale: order values are right-skewed, so the fence is set on their logarithm).
- Future dates: rows dated after the analysis date, and after today.
- All orders cancelled: customers with at least one order and no completed one.

Quality score of a dataset = 100 × (1 − problem rows / rows), where a problem row is:
orders — a key field missing (order id, customer, date, amount), a zero or outlying amount, or a
date after today; customers (one row per customer id) — no id, no contact at all, an invalid
e-mail or phone, a duplicate that is not its group's survivor, or a registration after
today; interactions — a key field missing (customer, date, type), an NPS score outside 0–10, or a
date after today; spend — a key field missing (date, channel, amount), a negative amount, or a
date after today; order lines — a line whose order is not among the orders (`core.categories.line_check`).
The overall score is the mean of the scores of the datasets that hold rows.
Scores do not depend on the analysis date, so they compare across uploads: each generation's
scores are kept in `<workspace>/meta/quality_history.jsonl` (see `snapshot`).
"""
from __future__ import annotations

import datetime as dt
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from core import categories, contacts, display, export, results, sql
from core.access import Viewer
from core.context import QueryContext
from core.i18n import has, t
from core.store import append_jsonl, read_jsonl
from core.workspace import Workspace

DEFAULT_STALE_DAYS = 365
MIN_NAME_SIMILARITY = 0.95
MAX_NAME_BLOCK = 30
HISTORY_FILE = "quality_history.jsonl"
SHOWN_ROWS = display.SHOWN_ROWS  # the rows of a problem list the page shows (the whole list is in its download)
# The datasets scored (communications are checked by the upload's validation report).
DATASETS: tuple[str, ...] = ("orders", "customers", "interactions", "spend", "order_lines")

# The problem lists of a report, in the order the page shows them.
LISTS: tuple[str, ...] = (
    "duplicates", "similar_names", "invalid_emails", "invalid_phones", "no_contact", "stale",
    "consent_without_address", "order_amounts", "future_dates", "all_cancelled",
)
# Columns holding personal data; viewers without the `personal_data` permission do not get them.
PERSONAL: tuple[str, ...] = ("name", "email", "phone", "left_name", "right_name", "address")


@dataclass(frozen=True)
class Report:
    """Everything the quality page shows: scores, the problem lists and the two summary tables."""

    scores: pl.DataFrame
    lists: dict[str, pl.DataFrame]
    missing: pl.DataFrame
    consent: pl.DataFrame
    sizes: dict[str, int] = field(default_factory=dict)  # the whole lists' rows, when `lists` holds their heads

    def counts(self) -> dict[str, int]:
        """Rows in each problem list."""
        return {name: self.sizes.get(name, self.lists[name].height) for name in LISTS}

    def overall(self) -> float | None:
        """The mean of the datasets' scores (None when no dataset holds rows)."""
        return overall_score(self.scores)


def shown(ws: Workspace, ctx: QueryContext, stale_days: int = DEFAULT_STALE_DAYS,
          today: dt.date | None = None) -> Report:
    """The `report` as the page shows it: each problem list's first `SHOWN_ROWS` rows, its length in `sizes`
    (at a million customers the lists hold hundreds of thousands of rows, read whole only for a download).
    The duplicates stay whole: the merge offers every group. The report is read from the stored results
    (computed and stored when it is not there, so the download finds it)."""
    whole = results.get(ws, report, ctx, (stale_days,), {"today": today})
    lists = {name: frame if name == "duplicates" else frame.head(SHOWN_ROWS) for name, frame in whole.lists.items()}
    return dataclasses.replace(whole, lists=lists, sizes=whole.counts())


def contact_frame(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Every contact with profile, order counts, last activity and normalised contacts (core/contacts.py)."""
    return pl.concat(list(contact_batches(ws, ctx)))


# Contacts normalised and sorted into the report's lists at a time (`contact_batches`): the report never holds
# the whole base in Python (at 10M customers the whole frame took gigabytes beside DuckDB's memory limit).
BATCH_ROWS = 200_000


def contact_batches(ws: Workspace, ctx: QueryContext) -> Iterator[pl.DataFrame]:
    """`contact_frame` in consecutive parts of at most about `BATCH_ROWS` contacts, in customer order."""
    for batch in sql.stream(ws, "quality__contacts", ctx, BATCH_ROWS):
        yield contacts.contact_columns(batch)


def duplicate_groups(frame: pl.DataFrame) -> pl.DataFrame:
    """Groups of customers sharing a valid e-mail or phone, one row per member.

    `frame` has the columns of `contact_frame`; the result has `group` (1, 2, … by the group's
    smallest id), `matched_on` ('email', 'phone' or 'email, phone'), `survivor` (the suggested one)
    and the member's columns.
    """
    edges: list[tuple[str, str, str]] = []
    for key, label in (("email_norm", "email"), ("phone_norm", "phone")):
        shared = (frame.filter(pl.col(key).is_not_null())
                  .group_by(key).agg(pl.col("customer_id").unique().sort())
                  .filter(pl.col("customer_id").list.len() > 1))
        for ids in shared["customer_id"].to_list():
            edges.extend((ids[0], other, label) for other in ids[1:])
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    how: dict[str, set[str]] = {}
    for a, b, label in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        how.setdefault(a, set()).add(label)
        how.setdefault(b, set()).add(label)
    if not parent:
        return _empty_groups(frame)
    members = pl.DataFrame(
        {"customer_id": list(parent), "root": [root(x) for x in parent],
         "matched_on": [", ".join(sorted(how[x])) for x in parent]},
        schema={"customer_id": pl.String, "root": pl.String, "matched_on": pl.String},
    )
    grouped = members.join(frame, on="customer_id", how="left").with_columns(
        group=pl.col("root").rank("dense").cast(pl.Int64))
    ranked = grouped.sort(["group", "completed_orders", "registered_at", "customer_id"],
                          descending=[False, True, False, False], nulls_last=True)
    ranked = ranked.with_columns(survivor=pl.int_range(pl.len()).over("group") == 0)
    return ranked.select(_GROUP_COLUMNS)


_GROUP_COLUMNS = ["group", "customer_id", "survivor", "matched_on", "name", "email", "phone", "city",
                  "completed_orders", "registered_at"]


def _empty_groups(frame: pl.DataFrame) -> pl.DataFrame:
    extra = {"group": pl.Int64, "survivor": pl.Boolean, "matched_on": pl.String}
    return pl.DataFrame(schema={c: extra.get(c) or frame.schema[c] for c in _GROUP_COLUMNS})


def report(ws: Workspace, ctx: QueryContext, stale_days: int = DEFAULT_STALE_DAYS,
           today: dt.date | None = None) -> Report:
    """The quality report of the context's generation and viewer (see the module docstring).

    The contacts are read in batches (`contact_batches`): each batch gives its rows of the lists and its counts;
    the duplicate groups are found by DuckDB among the normalised keys of every profile (kept in a temporary
    table, within DuckDB's memory limit), and made in Python from the profiles sharing a key only."""
    today = today or dt.date.today()
    orders = sql.run(ws, "quality__order_problems", ctx, today=today)
    records = sql.run(ws, "quality__record_problems", ctx, today=today)
    missing = sql.run(ws, "quality__missing_fields", ctx).with_columns(
        share=pl.col("missing") / pl.when(pl.col("rows") > 0).then(pl.col("rows")))
    late = sorted(set(records.filter((pl.col("dataset") == "customers") & pl.col("after_today"))["customer_id"]
                      .drop_nulls().to_list()))
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in (
        "invalid_emails", "invalid_phones", "no_contact", "stale", "consent_email", "consent_sms", "all_cancelled")}
    coverage = {channel: dict.fromkeys(_COVERAGE, 0) for channel in _CHANNELS}
    counts = {"profiles": 0, "bad": 0}
    with ws.reading(ctx.generation) as keep:
        for people in contact_batches(ws, ctx):
            profiles = people.filter(pl.col("has_profile"))
            counts["profiles"] += profiles.height
            flagged = profiles.with_columns(bad=_BAD_CONTACT.fill_null(False), late=pl.col("customer_id").is_in(late))
            counts["bad"] += flagged.filter(pl.col("bad") | pl.col("late")).height
            _keep_keys(keep, flagged.filter(pl.col("email_norm").is_not_null() | pl.col("phone_norm").is_not_null())
                       .select(_KEY_COLUMNS))
            for channel, row in _coverage_counts(profiles).items():
                for key, value in row.items():
                    coverage[channel][key] += value
            parts["invalid_emails"].append(profiles.filter(pl.col("email_valid") == False).select(  # noqa: E712
                "customer_id", "name", "email"))
            parts["invalid_phones"].append(profiles.filter(pl.col("phone_valid") == False).select(  # noqa: E712
                "customer_id", "name", "phone"))
            parts["no_contact"].append(profiles.filter(
                ~pl.col("email_valid").fill_null(False) & ~pl.col("phone_valid").fill_null(False)).select(
                "customer_id", "name", "email", "phone", "completed_orders"))
            parts["stale"].append(people.filter(pl.col("last_activity_date").is_not_null())
                                  .with_columns(days_inactive=(pl.lit(ctx.as_of) - pl.col("last_activity_date"))
                                                .dt.total_days())
                                  .filter(pl.col("days_inactive") > stale_days)
                                  .select("customer_id", "name", "email", "phone", "last_activity_date",
                                          "days_inactive"))
            email, sms = _consent_parts(profiles)
            parts["consent_email"].append(email)
            parts["consent_sms"].append(sms)
            parts["all_cancelled"].append(people.filter((pl.col("all_orders") > 0) & (pl.col("completed_orders") == 0))
                                          .select("customer_id", "name", "all_orders"))
        sharing = _sharing_keys(keep)
    groups = duplicate_groups(sharing)
    # A duplicate that is not the survivor counts as a problem row of the customers, once.
    redundant = groups.filter(~pl.col("survivor"))["customer_id"].to_list()
    counts["bad"] += sharing.filter(pl.col("customer_id").is_in(redundant) & ~pl.col("bad") & ~pl.col("late")).height
    similar = _similar_names(ws, ctx, groups)
    whole = {name: pl.concat(frames) for name, frames in parts.items()}
    lists = {
        "duplicates": groups,
        "similar_names": similar,
        "invalid_emails": whole["invalid_emails"],
        "invalid_phones": whole["invalid_phones"],
        "no_contact": whole["no_contact"],
        "stale": whole["stale"].sort("days_inactive", descending=True),
        "consent_without_address": pl.concat([whole["consent_email"], whole["consent_sms"]]).sort(
            "customer_id", "channel"),
        "order_amounts": orders.filter(pl.col("zero_amount") | pl.col("outlier")).select(
            "order_id", "customer_id", "order_date", "amount", "status",
            pl.when(pl.col("zero_amount")).then(pl.lit("zero")).otherwise(pl.lit("outlier")).alias("problem"),
            pl.col("amount_fence").alias("fence")),
        "future_dates": _future_dates(orders, records),
        "all_cancelled": whole["all_cancelled"],
    }
    lines = categories.line_check(ws, ctx)
    scores = _scores(missing, counts["profiles"], counts["bad"], orders, records, today, lines)
    return Report(scores=scores, lists=lists, missing=missing, consent=_coverage_frame(coverage))


# A profile that is a problem row of the customers whatever the duplicates: no contact at all, or an invalid one.
_BAD_CONTACT = ((pl.col("email_valid").is_null() & pl.col("phone_valid").is_null())
                | (pl.col("email_valid") == False) | (pl.col("phone_valid") == False))  # noqa: E712
# What the duplicate groups need of each profile with a normalised e-mail or phone (`duplicate_groups`), and
# whether it is a problem row already (`bad`, `late`: counted once).
_KEY_COLUMNS = ["customer_id", "email_norm", "phone_norm", "name", "email", "phone", "city", "completed_orders",
                "registered_at", "bad", "late"]
_KEYS_TABLE = "quality_keys"


def _keep_keys(cur: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Append `frame` to the temporary table of keys in `cur` (made by the first batch)."""
    cur.register("quality_batch", frame.to_arrow())
    try:
        exists = cur.execute("select count(*) from duckdb_tables() where temporary and table_name = $t",
                             {"t": _KEYS_TABLE}).fetchall()[0][0]
        if exists:
            cur.execute(f"insert into temp.{_KEYS_TABLE} select * from quality_batch")
        else:
            cur.execute(f"create temp table {_KEYS_TABLE} as select * from quality_batch")
    finally:
        cur.unregister("quality_batch")


def _sharing_keys(cur: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The kept profiles sharing a normalised e-mail or phone with another profile (every member of a group)."""
    shared = " or ".join(
        f"{key} in (select {key} from temp.{_KEYS_TABLE} where {key} is not null "
        f"group by {key} having count(distinct customer_id) > 1)" for key in ("email_norm", "phone_norm"))
    return cur.sql(f"select * from temp.{_KEYS_TABLE} where {shared} order by customer_id").pl()


def _similar_names(ws: Workspace, ctx: QueryContext, groups: pl.DataFrame) -> pl.DataFrame:
    pairs = sql.run(ws, "quality__similar_names", ctx, min_similarity=MIN_NAME_SIMILARITY, max_block=MAX_NAME_BLOCK)
    by_group = groups.select(pl.col("customer_id"), pl.col("group"))
    tagged = (pairs.join(by_group.rename({"customer_id": "left_id", "group": "lg"}), on="left_id", how="left")
              .join(by_group.rename({"customer_id": "right_id", "group": "rg"}), on="right_id", how="left"))
    return tagged.filter(pl.col("lg").is_null() | pl.col("rg").is_null() | (pl.col("lg") != pl.col("rg"))).drop(
        "lg", "rg")


def _consent_parts(profiles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Profiles consenting to e-mail without a valid address, and to SMS without a valid phone."""
    email = profiles.filter(pl.col("consent_email") & ~pl.col("email_valid").fill_null(False)).select(
        "customer_id", "name", pl.lit("email").alias("channel"), pl.col("email").alias("address"))
    sms = profiles.filter(pl.col("consent_sms") & ~pl.col("phone_valid").fill_null(False)).select(
        "customer_id", "name", pl.lit("sms").alias("channel"), pl.col("phone").alias("address"))
    return email, sms


_CHANNELS: tuple[tuple[str, str, str], ...] = (("email", "consent_email", "email_valid"),
                                               ("sms", "consent_sms", "phone_valid"))
_COVERAGE: tuple[str, ...] = ("profiles", "consented", "valid_address", "usable", "consent_without_address")


def _coverage_counts(profiles: pl.DataFrame) -> dict[tuple[str, str, str], dict[str, int]]:
    """Per channel: profiles, consented, with a valid address, usable (both), consent without an address."""
    rows = {}
    for channel in _CHANNELS:
        _, consent, valid = channel
        has = pl.col(valid).fill_null(False)
        row = profiles.select(
            pl.len().alias("profiles"),
            pl.col(consent).sum().alias("consented"),
            has.sum().alias("valid_address"),
            (pl.col(consent) & has).sum().alias("usable"),
            (pl.col(consent) & ~has).sum().alias("consent_without_address"),
        ).row(0, named=True)
        rows[channel] = {k: int(v or 0) for k, v in row.items()}
    return rows


def _coverage_frame(counts: dict[tuple[str, str, str], dict[str, int]]) -> pl.DataFrame:
    frame = pl.DataFrame([{"channel": channel[0], **counts[channel]} for channel in _CHANNELS],
                         schema={"channel": pl.String, "profiles": pl.Int64, "consented": pl.Int64,
                                 "valid_address": pl.Int64, "usable": pl.Int64,
                                 "consent_without_address": pl.Int64})
    return frame.with_columns(usable_share=pl.col("usable") / pl.when(pl.col("profiles") > 0).then(pl.col("profiles")))


def consent_coverage(profiles: pl.DataFrame) -> pl.DataFrame:
    """Per channel (email, sms): profiles, consented, with a valid address, usable (both), consent without an address."""
    return _coverage_frame(_coverage_counts(profiles))


def _future_dates(orders: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    from_orders = orders.filter(pl.col("after_as_of") | pl.col("after_today")).select(
        pl.lit("orders").alias("dataset"), pl.col("order_id").alias("record"), "customer_id",
        pl.col("order_date").alias("date"), "after_as_of", "after_today")
    from_records = records.filter(pl.col("after_as_of") | pl.col("after_today")).select(
        "dataset", pl.col("detail").alias("record"), "customer_id", "date", "after_as_of", "after_today")
    return pl.concat([from_orders, from_records]).sort("date", "dataset", descending=[True, False])


def _scores(missing: pl.DataFrame, profiles: int, bad_profiles: int, orders: pl.DataFrame,
            records: pl.DataFrame, today: dt.date, lines: dict[str, Any]) -> pl.DataFrame:
    """The scores per dataset. `profiles`: the customers' profiles; `bad_profiles`: those with no valid contact
    or an invalid one, a duplicate that is not its group's survivor, or a registration after today."""
    rows = dict(missing.group_by("dataset").agg(pl.col("rows").first()).iter_rows())
    no_id = missing.filter((pl.col("dataset") == "customers") & (pl.col("field") == "customer_id"))["missing"]
    null_ids = int(no_id[0]) if no_id.len() else 0
    problems = {
        "orders": orders.filter(pl.col("missing_key") | pl.col("zero_amount") | pl.col("outlier")
                                | pl.col("after_today")).height,
        "customers": bad_profiles + null_ids,
    }
    for kind in ("interactions", "spend"):
        problems[kind] = records.filter((pl.col("dataset") == kind) & (
            pl.col("missing_key") | pl.col("bad_value") | pl.col("after_today"))).height
    counted = {"orders": rows.get("orders", 0), "customers": profiles + null_ids,
               "interactions": rows.get("interactions", 0), "spend": rows.get("spend", 0),
               "order_lines": lines["lines"]}
    # Order lines: a line of an order the data does not hold is a problem row (core.categories.line_check).
    problems["order_lines"] = lines["unknown_lines"]
    out = pl.DataFrame(
        {"dataset": list(DATASETS), "rows": [counted[k] for k in DATASETS],
         "problem_rows": [problems[k] for k in DATASETS]},
        schema={"dataset": pl.String, "rows": pl.Int64, "problem_rows": pl.Int64},
    )
    return out.with_columns(
        score=pl.when(pl.col("rows") > 0).then(100 * (1 - pl.col("problem_rows") / pl.col("rows"))).round(1))


def overall_score(scores: pl.DataFrame) -> float | None:
    """The mean of the per-dataset scores of the datasets holding rows."""
    values = scores["score"].drop_nulls()
    return round(float(values.mean()), 1) if values.len() else None


def visible(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """`frame` without its personal-data columns unless `viewer` may see personal data."""
    if viewer.can("personal_data"):
        return frame
    return frame.drop([c for c in PERSONAL if c in frame.columns])


# ------------------------------------------------------------------------------------ trend
def snapshot(ws: Workspace, today: dt.date | None = None, generation: int | None = None) -> dict[str, Any]:
    """The scores of `generation` (default: the current one; whole data), appended to the history once per
    generation."""
    ctx = sql.default_context(ws, generation)
    for record in read_jsonl(ws.meta_dir / HISTORY_FILE):
        if record.get("generation") == ctx.generation:
            return record
    # The report the page's default state shows (stored by the build, core/warm.py): read, not made again.
    scores = results.get(ws, report, ctx, (DEFAULT_STALE_DAYS,), {"today": today or dt.date.today()}).scores
    record = {
        "generation": ctx.generation,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "overall": overall_score(scores),
        "datasets": {r["dataset"]: {"rows": r["rows"], "problem_rows": r["problem_rows"], "score": r["score"]}
                     for r in scores.iter_rows(named=True)},
    }
    append_jsonl(ws.meta_dir / HISTORY_FILE, record)
    return record


def trend(ws: Workspace) -> pl.DataFrame:
    """The recorded scores by generation: generation, at, dataset ('overall' included), score."""
    seen: set[int] = set()
    rows = []
    for record in read_jsonl(ws.meta_dir / HISTORY_FILE):
        generation = record.get("generation")
        if generation in seen:
            continue
        seen.add(generation)
        at = dt.datetime.fromisoformat(record["at"])
        rows.append({"generation": generation, "at": at, "dataset": "overall", "score": record.get("overall")})
        for kind, values in record.get("datasets", {}).items():
            rows.append({"generation": generation, "at": at, "dataset": kind, "score": values.get("score")})
    schema = {"generation": pl.Int64, "at": pl.Datetime("us", "UTC"), "dataset": pl.String, "score": pl.Float64}
    return pl.DataFrame(rows, schema=schema).sort("generation", "dataset")


def recorded(ws: Workspace, ctx: QueryContext) -> dict[str, Any]:
    """`snapshot` for pages: the history record of the context's generation (the rest of the context only keys
    the stored result)."""
    return snapshot(ws, generation=ctx.generation)


def previous(trend_frame: pl.DataFrame, generation: int) -> tuple[int | None, dict[str, float]]:
    """The latest recorded generation before `generation` and its scores by dataset ('overall' included)."""
    earlier = trend_frame.filter(pl.col("generation") < generation)
    if earlier.is_empty():
        return None, {}
    last = int(earlier["generation"].max())
    rows = earlier.filter(pl.col("generation") == last).drop_nulls("score")
    return last, dict(zip(rows["dataset"].to_list(), rows["score"].to_list()))


# ---------------------------------------------------------------------------------- display
_CODED = ("dataset", "problem", "channel")


def labels(columns: list[str], lang: str) -> dict[str, str]:
    """Column headers in `lang` for the columns that have one."""
    return {c: t(f"quality.col.{c}", lang) for c in columns if has(f"quality.col.{c}")}


def translated(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`frame` with coded values (dataset names, problem kinds, channels, matched fields) in `lang`."""
    def word(code: str) -> str:
        for key in (f"quality.dataset.{code}", f"quality.value.{code}"):
            if has(key):
                return t(key, lang)
        return code

    out = frame
    for column in [c for c in _CODED if c in frame.columns]:
        codes = frame[column].drop_nulls().unique().to_list()
        out = out.with_columns(pl.col(column).replace({c: word(c) for c in codes}))
    if "field" in frame.columns:  # fields named as the upload page names them, never `order_id`
        fields = frame["field"].drop_nulls().unique().to_list()
        out = out.with_columns(pl.col("field").replace(
            {f: t(f"upload.field.{f}", lang) if has(f"upload.field.{f}") else word(f) for f in fields}))
    if "matched_on" in frame.columns:
        out = out.with_columns(pl.col("matched_on").str.split(", ").list.eval(
            pl.element().replace({"email": word("email"), "phone": word("phone")})).list.join(", "))
    return out


# ---------------------------------------------------------------------------------- downloads
def csv_bytes(frame: pl.DataFrame, labels: dict[str, str] | None = None) -> bytes:
    """A problem list as CSV for Russian Excel (`core.export.to_csv`), amounts to the kopeck, headers by `labels`."""
    return export.to_csv(frame.with_columns(pl.col(c).round(2) for c, t in frame.schema.items() if t.is_float()),
                         labels)
