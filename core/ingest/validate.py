"""Row validation: canonical columns from mapped raw text, one rejection reason per bad row, and the report.

Every row read is either loaded or rejected with exactly one reason (the first that applies, in the order
of ``REASONS``); a row whose order id (or, for customers, customer key) appeared earlier in the file is a
duplicate: the first occurrence counts, later ones are reported and not loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import polars as pl

from core.ingest import parse
from core.ingest.mapping import FIELDS, KEY_FIELDS

ROW = "_row"
REASON = "reason"
DUPLICATE = "duplicate"
# Rejection reasons in precedence order (a row gets the first that applies).
REASONS: tuple[str, ...] = (
    "customer_missing",
    "date_missing",
    "date_invalid",
    "amount_missing",
    "amount_invalid",
    "amount_negative",
    "date_out_of_range",
)
# The event date each kind is validated on (range fence, missing/invalid date rejections).
PRIMARY_DATE = {"orders": "order_date", "interactions": "date", "spend": "date"}
AMOUNT_REQUIRED = ("orders", "spend")
MIN_FENCE_SPAN = dt.timedelta(days=365)
FENCE_FACTOR = 3  # Tukey's "far out": beyond 3 interquartile ranges from the quartiles
EXAMPLES_PER_REASON = 3


@dataclass(frozen=True)
class ParseOptions:
    """Per-field parsing choices made from the sample (and the user): date formats and number styles."""

    dates: Mapping[str, parse.DateFormat] = field(default_factory=dict)
    numbers: Mapping[str, parse.NumberStyle] = field(default_factory=dict)


def fence(q1: dt.date, q3: dt.date) -> tuple[dt.date, dt.date]:
    """Dates outside ``[q1 - 3*IQR, q3 + 3*IQR]`` (IQR at least a year) are far outside the data's range."""
    span = max(q3 - q1, MIN_FENCE_SPAN) * FENCE_FACTOR
    lo = dt.date(1900, 1, 1) if q1 - dt.date(1900, 1, 1) < span else q1 - span
    hi = dt.date(2999, 12, 31) if dt.date(2999, 12, 31) - q3 < span else q3 + span
    return lo, hi


def _raw(mapping: Mapping[str, str], name: str) -> pl.Expr:
    """The trimmed raw text of a mapped field, or a null literal when the field is not mapped."""
    col = mapping.get(name)
    return parse.text(pl.col(col)) if col else pl.lit(None, dtype=pl.String)


def parsed_field(kind: str, name: str, mapping: Mapping[str, str], options: ParseOptions) -> pl.Expr:
    """The parsed value of one canonical field (typed; null when unmapped, empty or unparseable)."""
    col = mapping.get(name)
    spec = next(f for f in FIELDS[kind] if f.name == name)
    if not col:
        dtype = {"money": pl.Float64, "date": pl.Date, "datetime": pl.Date, "bool": pl.Boolean,
                 "score": pl.Int8}.get(spec.parser, pl.String)
        return pl.lit(None, dtype=dtype)
    src = pl.col(col)
    match spec.parser:
        case "money":
            return parse.money(src, options.numbers.get(name, parse.NumberStyle()))
        case "date" | "datetime":
            fmt = options.dates.get(name)
            return parse.date(src, fmt) if fmt else pl.lit(None, dtype=pl.Date)
        case "bool":
            return parse.boolean(src)
        case "email":
            return parse.email(src)
        case "phone":
            return parse.phone(src)
        case "gender":
            return parse.gender(src)
        case "itype":
            return parse.interaction_type(src)
        case "score":
            return parse.score(src)
        case _:
            return parse.text(src)


def customer_key(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> pl.Expr:
    """The customer key: the customer id, else the normalised e-mail, else the normalised phone."""
    return pl.coalesce([parsed_field(kind, f, mapping, options) for f in KEY_FIELDS])


def dedupe_key(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> pl.Expr | None:
    """What makes two rows the same record: the order id for orders, the customer key for customers."""
    if kind == "orders" and mapping.get("order_id"):
        return parse.text(pl.col(mapping["order_id"]))
    if kind == "customers":
        return customer_key(kind, mapping, options)
    return None


def canonical_columns(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> list[pl.Expr]:
    """Expressions producing the dataset's canonical columns from the mapped raw columns."""
    p = {f.name: parsed_field(kind, f.name, mapping, options) for f in FIELDS[kind]}
    key = customer_key(kind, mapping, options).alias("customer_id")
    if kind == "orders":
        date_fmt = options.dates.get("order_date")
        has_time = date_fmt is not None and date_fmt.has_time and bool(mapping.get("order_date"))
        ts = parse.datetime(pl.col(mapping["order_date"]), date_fmt) if has_time and date_fmt else None
        return [
            p["order_id"].alias("order_id"),
            key,
            p["order_date"].alias("order_date"),
            (ts if ts is not None else pl.lit(None, dtype=pl.Datetime("us"))).alias("order_ts"),
            p["amount"].alias("amount"),
            p["status"].alias("status"),
            (~parse.cancelled(_raw(mapping, "status"))).alias("completed"),
            p["channel"].alias("channel"),
            p["discount"].alias("discount"),
            p["category"].alias("category"),
            p["manager"].alias("manager"),
        ]
    if kind == "customers":
        names = [f.name for f in FIELDS[kind] if f.name != "customer_id"]
        return [key, *(p[n].alias(n) for n in names)]
    if kind == "interactions":
        return [key, *(p[n].alias(n) for n in ("date", "type", "score", "text", "manager"))]
    return [p[n].alias(n) for n in ("date", "channel", "amount")]


def reason(
    kind: str,
    mapping: Mapping[str, str],
    options: ParseOptions,
    date_fence: tuple[dt.date, dt.date] | None,
    duplicate_rows: pl.Series | None = None,
) -> pl.Expr:
    """The rejection reason of each row (null when the row is loaded), first applicable in ``REASONS``."""
    checks: list[tuple[str, pl.Expr]] = []
    if duplicate_rows is not None and duplicate_rows.len() > 0:
        checks.append((DUPLICATE, pl.col(ROW).is_in(duplicate_rows.implode())))
    if kind != "spend":
        checks.append(("customer_missing", customer_key(kind, mapping, options).is_null()))
    date_name = PRIMARY_DATE.get(kind)
    if date_name:
        raw_date = _raw(mapping, date_name)
        parsed_date = parsed_field(kind, date_name, mapping, options)
        checks.append(("date_missing", raw_date.is_null()))
        checks.append(("date_invalid", parsed_date.is_null()))
    if kind in AMOUNT_REQUIRED:
        amount = parsed_field(kind, "amount", mapping, options)
        checks.append(("amount_missing", _raw(mapping, "amount").is_null()))
        checks.append(("amount_invalid", amount.is_null()))
        negative = amount < 0
        if kind == "orders":
            negative = negative & ~parse.cancelled(_raw(mapping, "status"))
        checks.append(("amount_negative", negative))
    if date_name and date_fence is not None:
        parsed_date = parsed_field(kind, date_name, mapping, options)
        checks.append(("date_out_of_range", ~parsed_date.is_between(pl.lit(date_fence[0]), pl.lit(date_fence[1]))))
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for code, cond in reversed(checks):
        expr = pl.when(cond.fill_null(False)).then(pl.lit(code)).otherwise(expr)
    return expr.alias(REASON)


def blanked_counts(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> list[pl.Expr]:
    """Per optional mapped field: how many non-empty values could not be read and were left empty."""
    out = []
    for f in FIELDS[kind]:
        col = mapping.get(f.name)
        if not col or f.parser in ("text", "status") or f.name in KEY_FIELDS or f.name == PRIMARY_DATE.get(kind):
            continue
        if f.name == "amount" and kind in AMOUNT_REQUIRED:
            continue
        parsed = parsed_field(kind, f.name, mapping, options)
        out.append((parse.text(pl.col(col)).is_not_null() & parsed.is_null()).sum().alias(f.name))
    for f in KEY_FIELDS:
        col = mapping.get(f)
        if col and f != "customer_id":
            parsed = parsed_field(kind, f, mapping, options)
            out.append((parse.text(pl.col(col)).is_not_null() & parsed.is_null()).sum().alias(f))
    return out


@dataclass
class Report:
    """What an upload did: rows read, loaded, rejected (by reason, with examples) and duplicates."""

    kind: str
    file_name: str
    rows_read: int = 0
    loaded: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    blanked: dict[str, int] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    date_formats: dict[str, str] = field(default_factory=dict)
    date_range: tuple[str, str] | None = None
    fence: tuple[str, str] | None = None
    mode: str | None = None
    published: bool = False
    unchanged: bool = False
    generation: int | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-serialisable dict (the ``--json`` output of the CLI)."""
        return asdict(self)


def example_rows(rejected: pl.DataFrame, mapping: Mapping[str, str], kind: str) -> dict[str, list[dict[str, object]]]:
    """Up to three examples per reason: the row number and the offending raw value."""
    field_of = {
        "customer_missing": next((mapping[f] for f in KEY_FIELDS if mapping.get(f)), None),
        "date_missing": mapping.get(PRIMARY_DATE.get(kind, "")),
        "date_invalid": mapping.get(PRIMARY_DATE.get(kind, "")),
        "date_out_of_range": mapping.get(PRIMARY_DATE.get(kind, "")),
        "amount_missing": mapping.get("amount"),
        "amount_invalid": mapping.get("amount"),
        "amount_negative": mapping.get("amount"),
        DUPLICATE: mapping.get("order_id") if kind == "orders" else next(
            (mapping[f] for f in KEY_FIELDS if mapping.get(f)), None
        ),
    }
    out: dict[str, list[dict[str, object]]] = {}
    for code in (*REASONS, DUPLICATE):
        rows = rejected.filter(pl.col(REASON) == code).head(EXAMPLES_PER_REASON)
        if rows.height == 0:
            continue
        col = field_of.get(code)
        out[code] = [
            {"row": int(r[ROW]), "column": col, "value": r.get(col) if col else None}
            for r in rows.iter_rows(named=True)
        ]
    return out
