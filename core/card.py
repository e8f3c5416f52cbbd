"""The customer card: find a contact, then everything about them as of the analysis date.

Search is by customer id for every viewer with customer-level access, and also by name, e-mail
and phone for viewers who may see personal data (otherwise a masked list could still confirm that
an e-mail is in the base). The text is bound as a parameter with its LIKE wildcards escaped.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import polars as pl

from core import customers, sql
from core.context import QueryContext
from core.workspace import Workspace

SEARCH_LIMIT = 50
MIN_PHONE_DIGITS = 4

# Providers of a customer's predicted value (expected revenue, CLV): each takes
# (workspace, context, customer_id) and returns a dict of figures or None. The CLV module registers
# its provider with `register_predicted_value`; the card shows the first answer it gets.
PredictedValue = Callable[[Workspace, QueryContext, str], dict[str, Any] | None]
PREDICTED_VALUE_PROVIDERS: list[PredictedValue] = []


def register_predicted_value(provider: PredictedValue) -> None:
    """Add a provider of predicted value to the customer card (idempotent)."""
    if provider not in PREDICTED_VALUE_PROVIDERS:
        PREDICTED_VALUE_PROVIDERS.append(provider)


def escape_like(text: str) -> str:
    """`text` with the LIKE wildcards `%`, `_` and the escape character `\\` escaped by a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(ws: Workspace, ctx: QueryContext, text: str, limit: int = SEARCH_LIMIT) -> pl.DataFrame:
    """Contacts whose id (or, with `personal_data`, name, e-mail or phone) contains `text`; an exact match
    (the whole id, the whole e-mail, the same phone number) first (`exact`)."""
    text = text.strip()
    if not text:
        return pl.DataFrame()
    personal = ctx.viewer.can("personal_data")
    digits = re.sub(r"\D", "", text) if personal else ""
    found = sql.run(ws, "card__search", ctx, pattern=f"%{escape_like(text)}%",
                    digits=digits if len(digits) >= MIN_PHONE_DIGITS else "", personal=personal, limit=limit,
                    exact=text.lower(), exact_digits=digits[-10:] if len(digits) >= 10 else "")
    return customers.present(found, ctx.viewer)


def profile(ws: Workspace, ctx: QueryContext, customer_id: str) -> dict[str, Any] | None:
    """The contact's row of the customer model (masked per the viewer's rights), None when not a contact."""
    frame = sql.run(ws, "card__profile", ctx, customer_id=customer_id)
    if frame.is_empty():
        return None
    return customers.present(frame, ctx.viewer).row(0, named=True)


def orders(ws: Workspace, ctx: QueryContext, customer_id: str) -> pl.DataFrame:
    """The customer's orders up to the analysis date, cancellations included, newest first."""
    customers.require_customer_level(ctx.viewer)
    return sql.run(ws, "card__orders", ctx, customer_id=customer_id)


def orders_by_month(frame: pl.DataFrame) -> pl.DataFrame:
    """Completed orders and their revenue per calendar month of a customer's order list."""
    done = frame.filter(pl.col("completed"))
    return (done.group_by(pl.col("order_date").dt.truncate("1mo").alias("month"))
            .agg(pl.len().alias("orders"), pl.col("amount").sum().alias("revenue")).sort("month"))


def interactions(ws: Workspace, ctx: QueryContext, customer_id: str) -> pl.DataFrame:
    """The customer's interactions up to the analysis date, newest first (texts masked per rights)."""
    frame = sql.run(ws, "card__interactions", ctx, customer_id=customer_id)
    return customers.present(frame, ctx.viewer)


def predicted_value(ws: Workspace, ctx: QueryContext, customer_id: str) -> dict[str, Any] | None:
    """The customer's predicted value from the first registered provider that has one, else None."""
    for provider in PREDICTED_VALUE_PROVIDERS:
        value = provider(ws, ctx, customer_id)
        if value is not None:
            return value
    return None
