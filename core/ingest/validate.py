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

from core import datasets
from core.ingest import parse
from core.ingest import mapping as mp
from core.ingest.mapping import FIELDS, KEY_FIELDS

ROW = "_row"
REASON = "reason"
DUPLICATE = "duplicate"
# Rejections of a row's shape, before any of its values is looked at: a blank line, a row with fewer or
# more fields than the header (its values cannot be trusted to stand under their headings).
SHAPE_REASONS: tuple[str, ...] = ("empty_row", "too_few_columns", "too_many_columns")
# Rejection reasons in precedence order (a row gets the first that applies).
REASONS: tuple[str, ...] = (
    *SHAPE_REASONS,
    "customer_missing",
    "order_missing",
    "product_missing",
    "date_missing",
    "date_invalid",
    "amount_missing",
    "amount_invalid",
    "amount_negative",
    "line_negative",
    "date_out_of_range",
)
# The event date each kind is validated on (range fence, missing/invalid date rejections).
PRIMARY_DATE = {"orders": "order_date", "interactions": "date", "spend": "date", "communications": "sent_at"}
AMOUNT_REQUIRED = ("orders", "spend")
MIN_FENCE_SPAN = dt.timedelta(days=365)
FENCE_FACTOR = 3  # Tukey's "far out": beyond 3 interquartile ranges from the quartiles
EXAMPLES_PER_REASON = 3


@dataclass(frozen=True)
class ParseOptions:
    """Per-field parsing choices made from the sample (and the user): date formats and number styles."""

    dates: Mapping[str, parse.DateFormat] = field(default_factory=dict)
    numbers: Mapping[str, parse.NumberStyle] = field(default_factory=dict)
    # The file's name without extension: the campaign of a communications export that names none.
    source_name: str | None = None


@dataclass(frozen=True)
class Ragged:
    """Rows whose number of fields differs from the header's: ``rows`` holds ``ROW`` and ``fields``."""

    rows: pl.DataFrame
    expected: int

    def shape_checks(self) -> list[tuple[str, pl.Expr]]:
        """The shape rejections (``SHAPE_REASONS``) as (code, condition) pairs, for the rows that have one."""
        fields = pl.col("fields")
        kinds = {"empty_row": fields == 0, "too_few_columns": (fields > 0) & (fields < self.expected),
                 "too_many_columns": fields > self.expected}
        out = []
        for code, cond in kinds.items():
            rows = self.rows.filter(cond)[ROW]
            if rows.len():
                out.append((code, pl.col(ROW).is_in(rows.implode())))
        return out

    def found(self, row: int) -> int | None:
        """How many fields row `row` has (None when it has the header's number)."""
        hit = self.rows.filter(pl.col(ROW) == row)["fields"]
        return int(hit[0]) if hit.len() else None


def fence(q1: dt.date, q3: dt.date) -> tuple[dt.date, dt.date]:
    """Dates outside ``[q1 - 3*IQR, q3 + 3*IQR]`` (IQR at least a year) are far outside the data's range."""
    span = max(q3 - q1, MIN_FENCE_SPAN) * FENCE_FACTOR
    lo = dt.date(1900, 1, 1) if q1 - dt.date(1900, 1, 1) < span else q1 - span
    hi = dt.date(2999, 12, 31) if dt.date(2999, 12, 31) - q3 < span else q3 + span
    return lo, hi


def T(name: str) -> str:
    """Internal column holding the trimmed raw text of a mapped field."""
    return f"__t_{name}"


def P(name: str) -> str:
    """Internal column holding the parsed value of a mapped field."""
    return f"__p_{name}"


KEY = "__key"
COMPLETED = "__completed"
_NULL_TYPES = {"money": pl.Float64, "date": pl.Date, "datetime": pl.Date, "bool": pl.Boolean, "score": pl.Int8,
               "flag": pl.Boolean, "delivery": pl.Int8}


_SIMPLE_PARSERS = {
    "bool": parse.boolean, "email": parse.email, "phone": parse.phone, "gender": parse.gender,
    "itype": parse.interaction_type, "score": parse.score, "channel": parse.channel, "flag": parse.flag,
    "delivery": parse.status_level,
}


def _parser(kind: str, name: str, src: pl.Expr, options: ParseOptions) -> pl.Expr:
    """The parser expression of one canonical field applied to its staged input (see ``stages``)."""
    parser = mp.field(kind, name).parser
    if parser == "money":
        style = options.numbers.get(name, parse.NumberStyle())
        return parse.money(src, style) if style.plain else parse.money_from_core(src, style)
    if parser in ("date", "datetime"):
        fmt = options.dates.get(name)
        return parse.date(src, fmt, guard=False) if fmt else pl.lit(None, dtype=pl.Date)
    return _SIMPLE_PARSERS[parser](src) if parser in _SIMPLE_PARSERS else src


def C(name: str) -> str:
    """Internal column holding the reduced number text of a money field."""
    return f"__c_{name}"


def _get(kind: str, name: str, mapping: Mapping[str, str], prefix=P) -> pl.Expr:
    """A staged column of a field, or a typed null literal when the field is not mapped."""
    if mapping.get(name):
        return pl.col(prefix(name))
    spec = mp.field(kind, name)
    return pl.lit(None, dtype=pl.String if prefix is T else _NULL_TYPES.get(spec.parser, pl.String))


def dedupe_field(kind: str, mapping: Mapping[str, str]) -> str | None:
    """What makes two rows the same record: the order id for orders, the customer key for customers."""
    if kind == "orders" and mapping.get("order_id"):
        return T("order_id")
    if kind == "customers":
        return KEY
    return None


def stages(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> list[list[pl.Expr]]:
    """``with_columns`` steps adding trimmed text, parsed values, the customer key and ``completed``.

    Each value is computed once and later steps refer to it by column name.
    """
    stripped = [pl.col(col).str.strip_chars().alias(T(name)) for name, col in mapping.items()]
    trimmed = [parse.null_if_empty(pl.col(T(name))).alias(T(name)) for name in mapping]
    typed = [name for name in mapping if mp.field(kind, name).parser != "text"]
    # Money not proven plain goes through number_core first, so its later steps read a column.
    cores = [
        parse.number_core(pl.col(T(name))).alias(C(name))
        for name in typed
        if mp.field(kind, name).parser == "money" and not options.numbers.get(name, parse.NumberStyle()).plain
    ]
    core_names = {c.meta.output_name() for c in cores}
    parsed = [
        _parser(kind, name, pl.col(C(name) if C(name) in core_names else T(name)), options).alias(P(name))
        for name in typed
    ]
    guards = [
        parse.year_guard(pl.col(P(name)), fmt).alias(P(name))
        for name, fmt in options.dates.items()
        if name in mapping and parse.needs_year_guard(fmt)
    ]
    derived: list[pl.Expr] = []
    if kind not in ("spend", "order_lines"):
        keys = [pl.col(T(f) if f == "customer_id" else P(f)) for f in KEY_FIELDS if mapping.get(f)]
        derived.append((pl.coalesce(keys) if keys else pl.lit(None, dtype=pl.String)).alias(KEY))
    if kind == "orders":
        completed = ~datasets.cancel_status_expr(T("status")) if mapping.get("status") else pl.lit(True)
        derived.append(completed.alias(COMPLETED))
    return [step for step in (stripped, trimmed, cores, parsed, guards, derived) if step]


def _value(kind: str, name: str, mapping: Mapping[str, str]) -> pl.Expr:
    """The final value of a field: parsed for typed fields, trimmed text for text fields."""
    spec = mp.field(kind, name)
    return _get(kind, name, mapping, T if spec.parser in ("text", "status") else P)


def canonical_columns(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> list[pl.Expr]:
    """Expressions (over the staged columns) producing the dataset's canonical columns and types."""
    schema = datasets.SCHEMAS[kind]
    return [e.cast(schema[e.meta.output_name()]) for e in _canonical(kind, mapping, options)]


def _canonical(kind: str, mapping: Mapping[str, str], options: ParseOptions) -> list[pl.Expr]:
    v = {f.name: _value(kind, f.name, mapping) for f in FIELDS[kind]}
    key = pl.col(KEY).alias("customer_id")
    if kind == "orders":
        fmt = options.dates.get("order_date")
        ts = (
            parse.datetime(pl.col(T("order_date")), fmt)
            if fmt is not None and fmt.has_time and mapping.get("order_date")
            else pl.lit(None, dtype=pl.Datetime("us"))
        )
        rest = ("amount", "status")
        tail = ("channel", "discount", "category", "manager")
        return [
            v["order_id"].alias("order_id"),
            key,
            v["order_date"].alias("order_date"),
            ts.alias("order_ts"),
            *(v[n].alias(n) for n in rest),
            pl.col(COMPLETED).alias("completed"),
            *(v[n].alias(n) for n in tail),
        ]
    if kind == "customers":
        return [key, *(v[f.name].alias(f.name) for f in FIELDS[kind] if f.name != "customer_id")]
    if kind == "interactions":
        return [key, *(v[n].alias(n) for n in ("date", "type", "score", "text", "manager"))]
    if kind == "communications":
        return _communications(v, mapping, options)
    if kind == "order_lines":
        path = category_path(v["category"], v["subcategory"])
        quantity = v["quantity"].fill_null(1.0)
        return [
            v["order_id"].alias("order_id"), v["product_id"].alias("product_id"),
            v["product_name"].alias("product_name"), path.alias("category"),
            path.str.split(datasets.CATEGORY_SEPARATOR).list.first().alias("category_top"),
            quantity.alias("quantity"), v["price"].alias("price"), line_amount(mapping).alias("amount"),
            pl.coalesce(v["cost"], v["unit_cost"] * quantity).alias("cost"), v["brand"].alias("brand"),
        ]
    return [v[n].alias(n) for n in ("date", "channel", "amount")]


def category_path(category: pl.Expr, subcategory: pl.Expr) -> pl.Expr:
    """The category's levels («Обувь > Кроссовки», «Обувь/Кроссовки», «Обувь | Кроссовки») joined by
    `datasets.CATEGORY_SEPARATOR`, a separate subcategory column appended; null without any."""
    text = pl.concat_str([category, subcategory], separator="\x00", ignore_nulls=True)
    levels = (text.str.replace_all(r"\s*(?:/|>|\\|\||»|→)\s*", "\x00").str.split("\x00")
              .list.eval(pl.element().str.strip_chars().filter(pl.element().str.len_chars() > 0)))
    joined = levels.list.join(datasets.CATEGORY_SEPARATOR)
    return pl.when(joined.str.len_chars() > 0).then(joined)


def line_amount(mapping: Mapping[str, str]) -> pl.Expr:
    """An order line's sum: the amount column, else price x quantity (quantity 1 when not given)."""
    kind = "order_lines"
    quantity = _get(kind, "quantity", mapping).fill_null(1.0)
    given = _get(kind, "amount", mapping)
    from_price = _get(kind, "price", mapping) * quantity
    return pl.when(_get(kind, "amount", mapping, T).is_not_null()).then(given).otherwise(from_price)


def _communications(v: Mapping[str, pl.Expr], mapping: Mapping[str, str], options: ParseOptions) -> list[pl.Expr]:
    """The communications columns: the send time with its clock time, the channel (named, else the address
    kind the file has), the campaign (named, else the file's name), and the delivery flags (mapped, else
    read off a status column)."""
    fmt = options.dates.get("sent_at")
    sent = parse.datetime(pl.col(T("sent_at")), fmt) if fmt is not None and mapping.get("sent_at") else \
        pl.lit(None, dtype=pl.Datetime("us"))
    if mapping.get("email") and not mapping.get("phone"):
        inferred = pl.lit("email")
    elif mapping.get("phone") and not mapping.get("email"):
        inferred = pl.lit("sms")
    else:
        inferred = pl.when(v["email"].is_not_null()).then(pl.lit("email")).when(v["phone"].is_not_null()).then(
            pl.lit("sms"))
    level = v["delivery"]
    from_status = {
        "delivered": pl.when(level >= 1).then(True).when(level == -1).then(False),
        "opened": pl.when(level.is_not_null()).then(level >= 2),
        "clicked": pl.when(level.is_not_null()).then(level >= 3),
        "unsubscribed": pl.when(level.is_not_null()).then(level == 4),
    }
    campaign = v["campaign"] if not options.source_name else pl.coalesce(v["campaign"], pl.lit(options.source_name))
    return [
        pl.col(KEY).alias("customer_id"), v["email"].alias("email"), v["phone"].alias("phone"),
        campaign.alias("campaign"), pl.coalesce(v["channel"], inferred).alias("channel"), sent.alias("sent_at"),
        *(pl.coalesce(v[n], from_status[n]).alias(n) for n in ("delivered", "opened", "clicked", "unsubscribed")),
        v["promo_code"].alias("promo_code"), v["cost"].alias("cost"), v["control"].fill_null(False).alias("control"),
    ]


def reason(
    kind: str,
    mapping: Mapping[str, str],
    date_fence: tuple[dt.date, dt.date] | None,
    duplicate_rows: pl.Series | None = None,
    ragged: Ragged | None = None,
) -> pl.Expr:
    """The rejection reason of each row (null when loaded): the first that applies, in ``REASONS`` order."""
    checks: list[tuple[str, pl.Expr]] = ragged.shape_checks() if ragged is not None else []
    if duplicate_rows is not None and duplicate_rows.len() > 0:
        checks.append((DUPLICATE, pl.col(ROW).is_in(duplicate_rows.implode())))
    if kind == "order_lines":
        checks.append(("order_missing", _get(kind, "order_id", mapping, T).is_null()))
        named = [_get(kind, n, mapping, T) for n in ("product_id", "product_name", "category")]
        checks.append(("product_missing", pl.all_horizontal(*(n.is_null() for n in named))))
        amount = line_amount(mapping)
        checks.append(("amount_missing", _get(kind, "amount", mapping, T).is_null()
                       & _get(kind, "price", mapping, T).is_null()))
        checks.append(("amount_invalid", amount.is_null()))
        checks.append(("line_negative", amount < 0))
    elif kind != "spend":
        checks.append(("customer_missing", pl.col(KEY).is_null()))
    date_name = PRIMARY_DATE.get(kind)
    if date_name:
        checks.append(("date_missing", _get(kind, date_name, mapping, T).is_null()))
        checks.append(("date_invalid", _get(kind, date_name, mapping).is_null()))
    if kind in AMOUNT_REQUIRED:
        amount = _get(kind, "amount", mapping)
        checks.append(("amount_missing", _get(kind, "amount", mapping, T).is_null()))
        checks.append(("amount_invalid", amount.is_null()))
        checks.append(("amount_negative", (amount < 0) & pl.col(COMPLETED) if kind == "orders" else amount < 0))
    if date_name and date_fence is not None:
        inside = _get(kind, date_name, mapping).is_between(pl.lit(date_fence[0]), pl.lit(date_fence[1]))
        checks.append(("date_out_of_range", ~inside))
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for code, cond in reversed(checks):
        expr = pl.when(cond.fill_null(False)).then(pl.lit(code)).otherwise(expr)
    return expr.alias(REASON)


def blanked_flags(kind: str, mapping: Mapping[str, str]) -> list[pl.Expr]:
    """Per optional typed field: True where a non-empty value could not be read and was left empty."""
    out = []
    for f in FIELDS[kind]:
        if not mapping.get(f.name) or f.parser in ("text", "status") or f.name == PRIMARY_DATE.get(kind):
            continue
        if f.name == "amount" and kind in AMOUNT_REQUIRED:
            continue
        if kind == "order_lines" and f.name in ("amount", "price"):
            continue  # an unreadable sum rejects the line (amount_invalid)
        out.append((pl.col(T(f.name)).is_not_null() & pl.col(P(f.name)).is_null()).alias(f.name))
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
    erased: int = 0  # rows of customers erased on request (152-FZ, GDPR), left out so they do not come back
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
    added: int = 0
    replaced: int = 0
    demo_removed: bool = False  # the stand-in demo of a fresh workspace was replaced by this upload
    error: str | None = None
    upload_id: str | None = None
    passes: int = 1

    def to_dict(self) -> dict[str, object]:
        """A JSON-serialisable dict (the ``--json`` output of the CLI)."""
        return asdict(self)


def example_rows(
    rejected: pl.LazyFrame, mapping: Mapping[str, str], kind: str, ragged: Ragged | None = None
) -> dict[str, list[dict[str, object]]]:
    """Up to three examples per reason: the row number and the offending raw value (for a row of the
    wrong shape: how many fields it has, and ``expected``, the header's number)."""
    field_of = {
        "customer_missing": next((mapping[f] for f in KEY_FIELDS if mapping.get(f)), None),
        "order_missing": mapping.get("order_id"),
        "product_missing": next((mapping[f] for f in ("product_id", "product_name", "category") if mapping.get(f)),
                                None),
        "date_missing": mapping.get(PRIMARY_DATE.get(kind, "")),
        "date_invalid": mapping.get(PRIMARY_DATE.get(kind, "")),
        "date_out_of_range": mapping.get(PRIMARY_DATE.get(kind, "")),
        "amount_missing": mapping.get("amount"),
        "amount_invalid": mapping.get("amount"),
        "amount_negative": mapping.get("amount"),
        "line_negative": mapping.get("amount") or mapping.get("price"),
        DUPLICATE: mapping.get("order_id") if kind == "orders" else next(
            (mapping[f] for f in KEY_FIELDS if mapping.get(f)), None
        ),
    }
    out: dict[str, list[dict[str, object]]] = {}
    for code in (*REASONS, DUPLICATE):
        rows = rejected.filter(pl.col(REASON) == code).head(EXAMPLES_PER_REASON).collect()
        if rows.height == 0:
            continue
        if code in SHAPE_REASONS and ragged is not None:
            out[code] = [{"row": int(r), "column": None, "value": ragged.found(int(r)), "expected": ragged.expected}
                         for r in rows[ROW]]
            continue
        col = field_of.get(code)
        out[code] = [
            {"row": int(r[ROW]), "column": col, "value": r.get(col) if col else None}
            for r in rows.iter_rows(named=True)
        ]
    return out
