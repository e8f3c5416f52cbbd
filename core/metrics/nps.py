"""NPS: share of 9-10 answers minus share of 0-6 answers, by month or by customer segment, with answer counts."""
from __future__ import annotations

import polars as pl

from core import sql
from core.context import QueryContext
from core.metrics.check import has_customer_model
from core.metrics.periods import add_months
from core.workspace import Workspace

SEGMENTS: tuple[str, ...] = ("acquisition_channel", "city", "base_type")
DEFAULT_MONTHS = 24


def by_month(ws: Workspace, ctx: QueryContext, months: int = DEFAULT_MONTHS) -> pl.DataFrame:
    """NPS and answers by calendar month for the last `months` up to the analysis date."""
    ctx = ctx.replace(start=add_months(ctx.as_of, -(months - 1)), end=ctx.as_of)
    frame = sql.run(ws, "metrics__nps", ctx, {"metrics_dimension": "month"})
    return frame.rename({"value": "month"})


def by_segment(ws: Workspace, ctx: QueryContext, segment: str) -> pl.DataFrame:
    """NPS and answers by a customer segment for answers dated in the period (empty for base_type without the model)."""
    if segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}")
    if segment == "base_type":
        if not has_customer_model(ws, ctx):
            return pl.DataFrame()
        return sql.run(ws, "metrics__nps_by_base_type", ctx)
    return sql.run(ws, "metrics__nps", ctx, {"metrics_dimension": segment})
