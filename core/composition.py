"""What the base consists of: classes of each classification, composition over time, migration
between two dates, a preview of other thresholds, and the members of a class."""
from __future__ import annotations

import datetime as dt

import polars as pl

from core import customers, sql
from core.context import QueryContext, Thresholds
from core.customers import ABC_CLASSES, BASE_TYPES, BEHAVIOUR_TYPES, LIFECYCLES, RFM_SEGMENTS, TEMPERATURES
from core.workspace import Workspace

# Classification column -> its classes in display order (the allow-list of `{{dimension}}`).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "base_type": BASE_TYPES,
    "temperature": TEMPERATURES,
    "lifecycle": LIFECYCLES,
    "rfm_segment": RFM_SEGMENTS,
    "abc_class": ABC_CLASSES,
    "behaviour_type": BEHAVIOUR_TYPES,
}

# Migration: the state of someone who was not a contact yet on the first date.
NOT_IN_BASE = "not_in_base"
PARETO_POINTS = 400


def by_dimension(ws: Workspace, ctx: QueryContext, dimension: str) -> pl.DataFrame:
    """Customers, revenue and their shares (0–100) per class of `dimension`, every class listed."""
    found = sql.run(ws, "composition__by_dimension", ctx, idents={"dimension": dimension})
    order = pl.DataFrame({"value": list(DIMENSIONS[dimension])})
    return order.join(found, on="value", how="left").with_columns(
        pl.col("customers").fill_null(0), pl.col("revenue", "revenue_365", "customer_share", "revenue_share").fill_null(0.0)
    )


def rfm_grid(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Buyers per cell of the R × F grid with the cell's segment, revenue and mean M score."""
    return sql.run(ws, "composition__rfm_grid", ctx)


def pareto(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """The cumulative revenue share (0–100) against the share of buyers ranked by revenue, with ABC classes."""
    return sql.run(ws, "composition__pareto", ctx, points=PARETO_POINTS)


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month end in [first, last], then `last` itself when it is not a month end."""
    ends: list[dt.date] = []
    year, month = first.year, first.month
    while True:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        end = nxt - dt.timedelta(days=1)
        if end > last:
            break
        if end >= first:
            ends.append(end)
        year, month = nxt.year, nxt.month
    if not ends or ends[-1] != last:
        ends.append(last)
    return ends


# Dates one snapshot query takes: each brings up to three bounds of its windows (sql.MAX_SEGMENT_CUTS).
SNAPSHOTS_PER_QUERY = sql.MAX_SEGMENT_CUTS // 3


def snapshots(ws: Workspace, ctx: QueryContext, dates: tuple[dt.date, ...]) -> pl.DataFrame:
    """Contacts per base type at each of `dates` (one query for all of them): snapshot, base_type, customers."""
    ordered = sorted(set(dates))
    grid = pl.DataFrame({"snapshot": ordered}, schema={"snapshot": pl.Date}).join(
        pl.DataFrame({"base_type": list(BASE_TYPES)}), how="cross")
    parts = [sql.run(ws, "composition__snapshots", ctx, dates=list(batch))
             for batch in sql.batches(ordered, SNAPSHOTS_PER_QUERY)]
    if not parts:
        return grid.with_columns(customers=pl.lit(0, pl.Int64))
    return (grid.join(pl.concat(parts, how="vertical_relaxed"), on=["snapshot", "base_type"], how="left")
            .with_columns(pl.col("customers").fill_null(0)))


def over_time(ws: Workspace, ctx: QueryContext, months: int = 24) -> pl.DataFrame:
    """Base-type composition at the month ends of the last `months` months and at the analysis date."""
    first = (ctx.as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for _ in range(months - 2):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return snapshots(ws, ctx, tuple(month_ends(first, ctx.as_of)))


def migration(ws: Workspace, ctx: QueryContext, first: dt.date, second: dt.date) -> pl.DataFrame:
    """Every contact of `second` (and of `first`) with their base type on each date.

    Columns: customer_id, name, email, phone, manager, from_type, to_type, orders, revenue,
    last_order_date (as of `second`). Someone not yet a contact on `first` comes from `not_in_base`.
    """
    before = sql.run(ws, "composition__base_types", ctx.replace(as_of=first)).select(
        "customer_id", pl.col("base_type").alias("from_type"))
    after = sql.run(ws, "composition__base_types", ctx.replace(as_of=second)).rename({"base_type": "to_type"})
    joined = after.join(before, on="customer_id", how="full", coalesce=True)
    return joined.with_columns(pl.col("from_type").fill_null(NOT_IN_BASE), pl.col("to_type").fill_null(NOT_IN_BASE))


def flows(moves: pl.DataFrame) -> pl.DataFrame:
    """Customers per (from_type, to_type) pair of a migration, largest first."""
    return moves.group_by("from_type", "to_type").len("customers").sort("customers", "from_type", "to_type",
                                                                         descending=[True, False, False])


def migration_flows(ws: Workspace, ctx: QueryContext, first: dt.date, second: dt.date) -> pl.DataFrame:
    """`flows` of the `migration` from `first` to `second`: what the page draws (a row per pair, not per contact),
    counted by DuckDB from each date's base types (two whole-base frames in Python took gigabytes at 10M)."""
    staged = {"migration_before": ("composition__migration_types", ctx.replace(as_of=first)),
              "migration_after": ("composition__migration_types", ctx.replace(as_of=second))}
    return sql.run_staged(ws, "composition__migration_flows", ctx, staged, not_in_base=NOT_IN_BASE)


def threshold_preview(ws: Workspace, ctx: QueryContext, proposed: Thresholds) -> pl.DataFrame:
    """Contacts per (current base type, base type under `proposed` thresholds): base_type, preview_type, customers."""
    return sql.run(ws, "composition__threshold_preview", ctx, preview_inactive_days=proposed.inactive_days,
                   preview_vip_share=proposed.vip_share, preview_vip_min_revenue=proposed.vip_min_revenue)


def preview_summary(preview: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Per base type: contacts now, contacts under the proposed thresholds, and how many leave or join."""
    summary: dict[str, dict[str, int]] = {}
    for code in BASE_TYPES:
        now = preview.filter(pl.col("base_type") == code)["customers"].sum()
        then = preview.filter(pl.col("preview_type") == code)["customers"].sum()
        stay = preview.filter((pl.col("base_type") == code) & (pl.col("preview_type") == code))["customers"].sum()
        summary[code] = {"now": int(now), "proposed": int(then), "leave": int(now - stay), "join": int(then - stay)}
    return summary


def members(ws: Workspace, ctx: QueryContext, dimension: str, value: str) -> pl.DataFrame:
    """The contacts of one class as the viewer may see them (see `core.customers.present`)."""
    if dimension not in DIMENSIONS or value not in DIMENSIONS[dimension]:
        raise ValueError(f"unknown class {dimension}={value!r}")
    frame = sql.run(ws, "composition__customers", ctx, idents={"dimension": dimension}, value=value)
    return customers.present(frame, ctx.viewer)


def counts(ws: Workspace, ctx: QueryContext) -> dict[str, int]:
    """Contacts per base type as of the analysis date (every type present, zeros included)."""
    frame = by_dimension(ws, ctx, "base_type")
    return {row["value"]: int(row["customers"]) for row in frame.iter_rows(named=True)}


def class_names(dimension: str, lang: str) -> dict[str, str]:
    """Code -> display name of every class of a classification column (plus `not_in_base` for types)."""
    from core import definitions
    from core.i18n import t

    names = definitions.labels(definitions.BY_COLUMN[dimension].key, lang)
    if dimension == "base_type":
        names[NOT_IN_BASE] = t("composition.migration.not_in_base", lang)
    return names


def labelled(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A customer list for reading and download: class codes as names, columns titled in `lang`."""
    from core.i18n import has, t

    coded = [c for c in ("base_type", "from_type", "to_type", "temperature", "lifecycle", "rfm_segment", "abc_class",
                         "behaviour_type") if c in frame.columns]
    frame = frame.with_columns(
        pl.col(c).replace_strict(class_names("base_type" if c in ("from_type", "to_type") else c, lang),
                                 default=pl.col(c))
        for c in coded
    )
    return frame.rename({c: t(f"composition.col.{c}", lang) for c in frame.columns if has(f"composition.col.{c}")})


def movers(ws: Workspace, ctx: QueryContext, first: dt.date, second: dt.date, from_type: str,
           to_type: str) -> pl.DataFrame:
    """The contacts who moved from `from_type` on `first` to `to_type` on `second`, as the viewer may see them."""
    moves = migration(ws, ctx, first, second)
    chosen = moves.filter((pl.col("from_type") == from_type) & (pl.col("to_type") == to_type))
    columns = ["customer_id", "name", "email", "phone", "manager", "from_type", "to_type", "orders", "revenue",
               "last_order_date"]
    return customers.present(chosen.select(columns).sort("revenue", "customer_id", descending=[True, False]),
                             ctx.viewer)
