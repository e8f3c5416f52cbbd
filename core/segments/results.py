"""What the segment builder shows: each a function of (workspace, context, rules), one query each.

Every figure is over the customer model as of the analysis date, in the viewer's scope: the share
of the base is of the customers the viewer sees.
"""
from __future__ import annotations

from typing import Any

import polars as pl

from core import sql
from core.context import QueryContext
from core.segments.rules import CATEGORICAL, DATE, FIELDS, NUMERIC, Rules, where
from core.workspace import Workspace

# Bins of segments__recency_bins and segments__revenue_bins (the `bin` column), as label keys.
RECENCY_BINS: tuple[str, ...] = ("never", "0_30", "31_60", "61_90", "91_180", "181_365", "366_730", "over_730")
REVENUE_BINS: tuple[str, ...] = ("zero", "under_1k", "1k_3k", "3k_10k", "10k_30k", "30k_100k", "over_100k")
SAMPLE_SIZE = 100
TOP_CITIES = 10
MAX_OPTIONS = 300

sql.register_identifiers("column", frozenset(name for name, spec in FIELDS.items()
                                             if spec.kind in (NUMERIC, DATE, CATEGORICAL)))


def _run(ws: Workspace, ctx: QueryContext, name: str, rules: Rules, **params: Any) -> pl.DataFrame:
    return sql.run(ws, name, ctx, fragments={"where": where(rules)}, **params)


def summary(ws: Workspace, ctx: QueryContext, rules: Rules) -> dict[str, Any]:
    """Customers, buyers, revenue, orders, average check and the shares of the base."""
    return _run(ws, ctx, "segments__summary", rules).row(0, named=True)


def composition(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers and revenue by base type."""
    return _run(ws, ctx, "segments__composition", rules)


def recency_bins(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers by days since the last order, every bin present (`label` from RECENCY_BINS)."""
    return _complete_bins(_run(ws, ctx, "segments__recency_bins", rules), RECENCY_BINS)


def revenue_bins(ws: Workspace, ctx: QueryContext, rules: Rules) -> pl.DataFrame:
    """Customers by lifetime revenue, every bin present (`label` from REVENUE_BINS)."""
    return _complete_bins(_run(ws, ctx, "segments__revenue_bins", rules), REVENUE_BINS)


def _complete_bins(frame: pl.DataFrame, labels: tuple[str, ...]) -> pl.DataFrame:
    every = pl.DataFrame({"bin": list(range(len(labels))), "label": list(labels)},
                         schema={"bin": pl.Int32, "label": pl.String})
    return (every.join(frame.with_columns(pl.col("bin").cast(pl.Int32)), on="bin", how="left")
            .with_columns(pl.col("customers").fill_null(0), pl.col("revenue").fill_null(0.0)).sort("bin"))


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


def compare(ws: Workspace, ctx: QueryContext, named: tuple[tuple[str, Rules], ...]) -> pl.DataFrame:
    """Summaries of two or three segments side by side: one row per segment, in the order given."""
    rows = [{"segment": name, **summary(ws, ctx, rules)} for name, rules in named]
    return pl.DataFrame(rows, infer_schema_length=None)
