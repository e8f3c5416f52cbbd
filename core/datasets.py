"""The canonical datasets every part of the product reads, and what a "completed order" is."""
from __future__ import annotations

import re

import polars as pl

DATASETS: tuple[str, ...] = ("orders", "customers", "interactions", "spend", "communications", "order_lines")

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "orders": {
        "order_id": pl.String(),
        "customer_id": pl.String(),
        "order_date": pl.Date(),
        "order_ts": pl.Datetime("us"),
        "amount": pl.Float64(),
        "status": pl.String(),
        "completed": pl.Boolean(),
        "channel": pl.String(),
        "discount": pl.Float64(),
        "category": pl.String(),
        "manager": pl.String(),
    },
    "customers": {
        "customer_id": pl.String(),
        "name": pl.String(),
        "email": pl.String(),
        "phone": pl.String(),
        "birth_date": pl.Date(),
        "gender": pl.String(),
        "city": pl.String(),
        "region": pl.String(),
        "source": pl.String(),
        "registered_at": pl.Date(),
        "consent_email": pl.Boolean(),
        "consent_sms": pl.Boolean(),
        "manager": pl.String(),
        "interests": pl.String(),
        "profession": pl.String(),
        "marital_status": pl.String(),
    },
    "interactions": {
        "customer_id": pl.String(),
        "date": pl.Date(),
        "type": pl.String(),
        "score": pl.Int32(),
        "text": pl.String(),
        "manager": pl.String(),
    },
    "spend": {
        "date": pl.Date(),
        "channel": pl.String(),
        "amount": pl.Float64(),
    },
    # One row per message sent (or held out: `control`), as mailing services and SMS gateways export them.
    "communications": {
        "customer_id": pl.String(),
        "email": pl.String(),
        "phone": pl.String(),
        "campaign": pl.String(),
        "channel": pl.String(),
        "sent_at": pl.Datetime("us"),
        "delivered": pl.Boolean(),
        "opened": pl.Boolean(),
        "clicked": pl.Boolean(),
        "unsubscribed": pl.Boolean(),
        "promo_code": pl.String(),
        "cost": pl.Float64(),
        "control": pl.Boolean(),
    },
    # What an order held: one row per line. `category` is the path of levels joined by CATEGORY_SEPARATOR
    # («Обувь / Кроссовки»), `category_top` its first level; `amount` the line's sum (price x quantity when the
    # export gives none); `cost` the cost of the goods of the line, where the export has it.
    "order_lines": {
        "order_id": pl.String(),
        "product_id": pl.String(),
        "product_name": pl.String(),
        "category": pl.String(),
        "category_top": pl.String(),
        "quantity": pl.Float64(),
        "price": pl.Float64(),
        "amount": pl.Float64(),
        "cost": pl.Float64(),
        "brand": pl.String(),
    },
}
CATEGORY_SEPARATOR = " / "

# The column that dates each dataset, for row counts and date ranges.
DATE_COLUMN: dict[str, str | None] = {
    "orders": "order_date",
    "customers": "registered_at",
    "interactions": "date",
    "spend": "date",
    "communications": "sent_at",
    "order_lines": None,
}

# Channels of the communications dataset; `email` and `sms` are also the download channels (core/export.py).
COMMUNICATION_CHANNELS: tuple[str, ...] = ("email", "sms", "push", "messenger")

INTERACTION_TYPES: tuple[str, ...] = ("call", "email", "support", "complaint", "review", "survey", "unsubscribe")
# The interaction type of an unsubscribe (a negative reaction for temperature: queries/derived__customer_activity.sql).
UNSUBSCRIBE_TYPE = "unsubscribe"

_DUCKDB_TYPES: dict[type[pl.DataType], str] = {
    pl.String: "varchar",
    pl.Date: "date",
    pl.Datetime: "timestamp",
    pl.Float64: "double",
    pl.Boolean: "boolean",
    pl.Int32: "integer",
    pl.Int64: "bigint",
}

# Statuses meaning a cancellation or a return, in Russian and English, matched on word stems
# after lower-casing and replacing ё with е.
_CANCEL_STEMS = (
    "cancel", "refund", "return", "void", "declin", "reject", "chargeback", "failed",
    "отмен", "возврат", "аннулир", "отказ", "вернул", "возвращ",
)
_CANCEL_RE = re.compile("|".join(_CANCEL_STEMS))
# A partial refund or return leaves a sale: Shopify's `partially_refunded`, «частичный возврат».
_PARTIAL_RE = re.compile("partial|частичн")


def is_cancel_status(status: str | None) -> bool:
    """True when an order status means a cancellation or a return (so the order is not completed)."""
    if status is None:
        return False
    text = status.strip().lower().replace("ё", "е")
    return bool(text) and _CANCEL_RE.search(text) is not None and _PARTIAL_RE.search(text) is None


def cancel_status_expr(column: str = "status") -> pl.Expr:
    """Vectorised `is_cancel_status` over a string column."""
    text = pl.col(column).str.strip_chars().str.to_lowercase().str.replace_all("ё", "е")
    cancelled = text.str.contains(_CANCEL_RE.pattern) & ~text.str.contains(_PARTIAL_RE.pattern)
    return cancelled.fill_null(False)


def empty_frame(kind: str) -> pl.DataFrame:
    """A zero-row frame with the canonical schema of `kind`."""
    return pl.DataFrame(schema=SCHEMAS[kind])


def conform(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Select and cast `frame` to the canonical schema of `kind`, adding missing optional columns as nulls."""
    columns = []
    for name, dtype in SCHEMAS[kind].items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)


def duckdb_type(kind: str, column: str) -> str:
    """The DuckDB type of one canonical column of `kind`."""
    return _DUCKDB_TYPES[type(SCHEMAS[kind][column])]


def duckdb_columns(kind: str) -> str:
    """The column list of `kind` as DuckDB DDL (names and types come from the constants above)."""
    parts = []
    for name, dtype in SCHEMAS[kind].items():
        parts.append(f'"{name}" {_DUCKDB_TYPES[type(dtype)]}')
    return ", ".join(parts)


def duckdb_cast_list(kind: str) -> str:
    """A select list casting every canonical column of `kind` to its type, so all files read alike."""
    return ", ".join(
        f'cast("{name}" as {_DUCKDB_TYPES[type(dtype)]}) as "{name}"' for name, dtype in SCHEMAS[kind].items()
    )
