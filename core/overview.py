"""Figures of the overview: headline numbers for the period and revenue by month."""
from __future__ import annotations

from typing import Any

import polars as pl

from core import sql
from core.context import QueryContext
from core.workspace import Workspace


def kpis(ws: Workspace, ctx: QueryContext) -> dict[str, Any]:
    """Customers in the base as of the analysis date; buyers, orders, revenue and average check in the period."""
    return sql.run(ws, "overview__kpis", ctx).row(0, named=True)


def revenue_by_month(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Revenue and distinct buyers by calendar month, up to the analysis date."""
    return sql.run(ws, "overview__revenue_by_month", ctx)
