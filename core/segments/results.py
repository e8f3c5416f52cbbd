"""What the segment builder shows: each a function of (workspace, context, rules), one query each.

Every figure is over the customer model as of the analysis date, in the viewer's scope: the share
of the base is of the customers the viewer sees.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from core import sql
from core.context import QueryContext
from core.customers import BASE_TYPES
from core.segments.rules import CATEGORICAL, DATE, FIELDS, NUMERIC, Rules, where
from core.workspace import Workspace

# Bins of segment_model's segment_cell (recency, revenue), as label keys.
RECENCY_BINS: tuple[str, ...] = ("never", "0_30", "31_60", "61_90", "91_180", "181_365", "366_730", "over_730")
REVENUE_BINS: tuple[str, ...] = ("never", "under_1k", "1k_3k", "3k_10k", "10k_30k", "30k_100k", "over_100k")
SAMPLE_SIZE = 100
TOP_CITIES = 10
MAX_OPTIONS = 300

# The fields whose range or values the builder shows (the allow-list of {{column}} in its queries).
VALUE_COLUMNS: frozenset[str] = frozenset(name for name, spec in FIELDS.items()
                                          if spec.is_column and spec.kind in (NUMERIC, DATE, CATEGORICAL))


def _run(ws: Workspace, ctx: QueryContext, name: str, rules: Rules, **params: Any) -> pl.DataFrame:
    return sql.run(ws, name, ctx, fragments={"where": where(rules)}, **params)


@dataclass(frozen=True)
class Figures:
    """The core figures of a segment: its summary, base-type composition and the two distributions."""

    summary: dict[str, Any]
    composition: pl.DataFrame
    recency: pl.DataFrame
    revenue: pl.DataFrame


def base(ws: Workspace, ctx: QueryContext) -> tuple[int, float]:
    """Customers and revenue of the whole base the viewer sees (the denominators of the shares)."""
    row = sql.run(ws, "segments__base", ctx).row(0)
    return int(row[0]), float(row[1])


def figures(ws: Workspace, ctx: QueryContext, rules: Rules, totals: tuple[int, float] | None = None) -> Figures:
    """The core figures from one scan of the model; `totals` = `base(ws, ctx)` when the caller has it."""
    cells = _run(ws, ctx, "segments__profile", rules).rows()
    base_customers, base_revenue = totals if totals is not None else base(ws, ctx)
    customers = sum(row[1] for row in cells)
    revenue = float(sum(row[2] for row in cells))
    orders = int(sum(row[3] for row in cells))
    summary = {
        "customers": customers,
        # Recency bin 0 holds exactly the customers without orders.
        "buyers": sum(row[1] for row in cells if (row[0] // 8) % 8 != 0),
        "revenue": revenue,
        "orders": orders,
        "aov": revenue / orders if orders else None,
        "base_customers": base_customers,
        "base_revenue": base_revenue,
        "customer_share": customers / base_customers if base_customers else None,
        "revenue_share": revenue / base_revenue if base_revenue else None,
    }
    types: dict[str | None, list] = {}
    recency = [[0, 0.0] for _ in RECENCY_BINS]
    revenue_bins = [[0, 0.0] for _ in REVENUE_BINS]
    for cell, count, money, _ in cells:
        code = cell // 64
        for target in (types.setdefault(BASE_TYPES[code - 1] if code else None, [0, 0.0]),
                       recency[(cell // 8) % 8], revenue_bins[cell % 8]):
            target[0] += count
            target[1] += money
    composition = pl.DataFrame(
        [(name, count, money) for name, (count, money) in types.items()],
        schema={"base_type": pl.String, "customers": pl.Int64, "revenue": pl.Float64}, orient="row",
    ).sort(["customers", "base_type"], descending=[True, False])
    return Figures(summary, composition, _bins(recency, RECENCY_BINS), _bins(revenue_bins, REVENUE_BINS))


def _bins(sums: list[list], labels: tuple[str, ...]) -> pl.DataFrame:
    """Customers and revenue per bin, every bin present in order, with its label key."""
    return pl.DataFrame({"bin": list(range(len(labels))), "label": list(labels),
                         "customers": [count for count, _ in sums], "revenue": [money for _, money in sums]},
                        schema={"bin": pl.Int32, "label": pl.String, "customers": pl.Int64, "revenue": pl.Float64})


def summary(ws: Workspace, ctx: QueryContext, rules: Rules) -> dict[str, Any]:
    """Customers, buyers, revenue, orders, average check (revenue / orders) and the shares of the base."""
    return figures(ws, ctx, rules).summary


def composition(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers and revenue by base type, the largest first."""
    return figures(ws, ctx, rules).composition


def recency_bins(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers by days since the last order, every bin present (`label` from RECENCY_BINS)."""
    return figures(ws, ctx, rules).recency


def revenue_bins(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers by lifetime revenue, every bin present (`label` from REVENUE_BINS)."""
    return figures(ws, ctx, rules).revenue


def rf_grid(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Buyers by recency score and frequency score (only the cells that have any)."""
    return _run(ws, ctx, "segments__rf_grid", rules)


def top_cities(ws: Workspace, ctx: QueryContext, rules: Rules, limit: int = TOP_CITIES) -> pl.DataFrame:
    """The cities with most of the segment's customers."""
    return _run(ws, ctx, "segments__top_cities", rules, limit=limit)


def sample(ws: Workspace, ctx: QueryContext, rules: Rules, limit: int = SAMPLE_SIZE) -> pl.DataFrame:
    """The segment's customers with the largest revenue (unmasked: callers pass it through `export.present`)."""
    return _run(ws, ctx, "segments__sample", rules, limit=limit)


def members(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Every customer of the segment with every column of the model (unmasked)."""
    return _run(ws, ctx, "segments__members", rules)


def field_range(ws: Workspace, ctx: QueryContext, field: str) -> tuple[Any, Any]:
    """The smallest and largest value of a numeric or date field (None, None with no values)."""
    row = sql.run(ws, "segments__field_range", ctx, idents={"column": field}).row(0)
    return row[0], row[1]


def field_values(ws: Workspace, ctx: QueryContext, field: str, limit: int = MAX_OPTIONS) -> list[str]:
    """The values of a categorical or text field, the most frequent first."""
    if field == "interests":
        frame = sql.run(ws, "segments__interest_values", ctx, limit=limit)
    else:
        frame = sql.run(ws, "segments__field_values", ctx, idents={"column": field}, limit=limit)
    return [str(v) for v in frame["value"].to_list()]


def category_values(ws: Workspace, ctx: QueryContext, limit: int = MAX_OPTIONS) -> list[str]:
    """The top-level categories the customers bought up to the analysis date, the most bought first."""
    frame = sql.run(ws, "segments__category_values", ctx, limit=limit)
    return [str(v) for v in frame["value"].to_list()]


def compare(ws: Workspace, ctx: QueryContext, named: tuple[tuple[str, Rules], ...]) -> pl.DataFrame:
    """Summaries of two or three segments side by side: one row per segment, in the order given."""
    totals = base(ws, ctx)
    rows = [{"segment": name, **figures(ws, ctx, rules, totals).summary} for name, rules in named]
    return pl.DataFrame(rows, infer_schema_length=None)
