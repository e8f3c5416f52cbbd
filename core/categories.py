"""What customers buy: order lines by category, cross-sell pairs, and how the lines fit the orders.

Order lines (`order_lines`, `core.datasets`) count where their order is a completed order (`completed_orders`,
joined on the order id); the category is the top level of the line's category path (`category_top`). For a
period [start, end] (both ends included, by the order's date):

- buyers: customers with a line of the category; orders: orders holding one; revenue: the category's line
  sums, revenue_share = 100 x revenue / the revenue of every categorised line of the period;
- per_order = revenue / orders (what the category adds to an order holding it); aov: the average amount of
  the orders holding it (the whole order);
- repeat_rate = 100 x repeat_buyers / buyers, repeat_buyers being its buyers with two or more orders holding it;
- gross_profit = line sums - cost over the lines carrying a cost, margin = 100 x gross_profit / their sums.

Cross-sell: for two categories A and B, customers = buyers of both in the period, confidence_ab = 100 x both
/ buyers of A (the share of A's buyers who also bought B), lift = both x buyers of any category / (buyers of A
x buyers of B): 1 when buying one says nothing of the other, above 1 when they go together.

Per customer and category (`customer_categories`, `queries/derived__customer_categories.sql`, built with every
generation and for every analysis date D): what the customer bought of each top-level category up to D — the lines
of their completed orders, and a completed order without any line by its own category (first level) and amount —
with its sum, latest date, days_ago (D - that date) and share (its sum / the sum of every category of the
customer, 0-1; 0 when that sum is not positive). From it the customer model's (`derived__customer_activity.sql`)
`categories` (largest first), `top_category`, `top_category_share` and `distinct_categories`, and the segment
conditions «bought category X in the last N days» (days_ago < N; without N, ever) and «share of category X ≥ …»
(a customer who bought other categories only has a share of 0; one with no categorised purchase has none):
`core.segments.rules`. The figures by category and cross-sell pairs below read the lines only.

Line check: lines of unknown orders are kept and counted; an order whose lines add up to a sum more than
`TOLERANCE` away from its amount (delivery, a discount outside the lines, a missing line) is counted as
disagreeing; nothing is dropped.
"""
from __future__ import annotations

from typing import Any

import polars as pl

from core import sql
from core.context import QueryContext
from core.workspace import Workspace

TOLERANCE = 1.0  # currency units: rounding of line sums is not a disagreement
MIN_PAIR_CUSTOMERS = 5


def by_category(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """Buyers, orders, revenue and share, per-order sum, average check, repeat rate and margin per category."""
    return sql.run(ws, "categories__by_category", ctx)


def cross_sell(ws: Workspace, ctx: QueryContext, min_customers: int = MIN_PAIR_CUSTOMERS) -> pl.DataFrame:
    """Pairs of categories bought by the same customers in the period, highest lift first."""
    return sql.run(ws, "categories__cross_sell", ctx, min_customers=int(min_customers))


def line_check(ws: Workspace, ctx: QueryContext) -> dict[str, Any]:
    """How the order lines fit the orders (counts and examples); see the module's docstring."""
    return sql.run(ws, "categories__line_check", ctx, tolerance=TOLERANCE).row(0, named=True)


def has_lines(ws: Workspace, ctx: QueryContext) -> bool:
    """True when the data holds order lines."""
    return line_check(ws, ctx)["lines"] > 0
