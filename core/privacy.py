"""Personal data on screen and in downloads: what each role sees of a customer-level table.

Every page and download that shows customer-level rows passes them through `present(frame, viewer)`
just before showing them, with the canonical column names (`name`, `email`, `phone`, `birth_date`,
`text`; rename for display afterwards):

- roles with `personal_data` (admin, analyst, manager) see the values as they are;
- other roles see `i***@mail.ru`, `+7 *** ***-45-67`, initials instead of names, only the year of
  birth, and interaction texts with e-mails and phone numbers blotted out;
- roles with `consented_contacts` (marketer) see a customer's e-mail unmasked when the frame's
  `consent_email` is true, the phone when `consent_sms` is true, and the name when either is
  (include those columns to use it; without them everything stays masked);
- roles without `customer_level` (executive) may not receive customer-level rows at all.
"""
from __future__ import annotations

import polars as pl

from core.access import Viewer

PERSONAL_COLUMNS: tuple[str, ...] = ("name", "email", "phone", "birth_date", "text")
MASK = "***"

_EMAIL_IN_TEXT = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE_IN_TEXT = r"\+?\d[\d\s()\-]{7,}\d"


class NotAllowed(Exception):
    """The viewer's role may not receive this data."""


def is_customer_level(frame: pl.DataFrame) -> bool:
    """True when the frame has one row per customer or per customer's event (a customer id or personal column)."""
    return "customer_id" in frame.columns or any(c in frame.columns for c in PERSONAL_COLUMNS)


def mask_email(column: str = "email") -> pl.Expr:
    """`ivan@mail.ru` -> `i***@mail.ru`; a value without `@` -> `***`."""
    value = pl.col(column).str.strip_chars()
    at = value.str.find("@")
    masked = pl.concat_str([value.str.slice(0, 1), pl.lit(MASK + "@"), value.str.slice(at + 1)])
    return pl.when(value.is_null()).then(None).when(at > 0).then(masked).otherwise(pl.lit(MASK)).alias(column)


def mask_phone(column: str = "phone") -> pl.Expr:
    """`+7 916 123-45-67` -> `+7 *** ***-45-67`; other numbers keep only their last four digits."""
    digits = pl.col(column).str.replace_all(r"\D", "")
    length = digits.str.len_chars()
    tail = pl.concat_str([digits.str.slice(-4, 2), pl.lit("-"), digits.str.slice(-2, 2)])
    russian = (length == 11) & digits.str.contains(r"^[78]")
    return (
        pl.when(pl.col(column).is_null()).then(None)
        .when(russian).then(pl.concat_str([pl.lit("+7 *** ***-"), tail]))
        .when(length >= 7).then(pl.concat_str([pl.lit("*** ***-"), tail]))
        .otherwise(pl.lit(MASK))
        .alias(column)
    )


def initials(column: str = "name") -> pl.Expr:
    """`Иванов Иван Иванович` -> `И. И. И.`."""
    words = pl.col(column).str.strip_chars().str.replace_all(r"\s+", " ").str.split(" ")
    letters = words.list.eval(
        pl.element().filter(pl.element() != "").str.slice(0, 1).str.to_uppercase() + pl.lit(".")
    )
    joined = letters.list.join(" ")
    return pl.when(joined == "").then(pl.lit(MASK)).otherwise(joined).alias(column)


def mask_birth_date(column: str = "birth_date") -> pl.Expr:
    """`1985-04-12` -> `1985-**-**` (the year alone)."""
    return pl.concat_str([pl.col(column).dt.year().cast(pl.String), pl.lit("-**-**")]).alias(column)


def scrub_text(column: str = "text") -> pl.Expr:
    """Free text with e-mail addresses and phone numbers replaced by `***`."""
    return pl.col(column).str.replace_all(_EMAIL_IN_TEXT, MASK).str.replace_all(_PHONE_IN_TEXT, MASK).alias(column)


_MASKERS = {"name": initials, "email": mask_email, "phone": mask_phone, "birth_date": mask_birth_date,
            "text": scrub_text}
# Which consent column reveals which personal column to roles with `consented_contacts`.
_CONSENT = {"email": ("consent_email",), "phone": ("consent_sms",), "name": ("consent_email", "consent_sms")}


def present(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """The rows as `viewer` may see them on screen or in a download (see the module docstring)."""
    if not is_customer_level(frame):
        return frame
    if not viewer.can("customer_level"):
        raise NotAllowed(f"role {viewer.role!r} may not see customer-level data")
    if viewer.can("personal_data"):
        return frame
    columns = []
    for column in PERSONAL_COLUMNS:
        if column not in frame.columns:
            continue
        if column == "birth_date" and frame.schema[column] not in (pl.Date(), pl.Datetime()):
            continue
        masked = _MASKERS[column](column)
        consents = [c for c in _CONSENT.get(column, ()) if c in frame.columns]
        if viewer.can("consented_contacts") and consents:
            allowed = pl.any_horizontal([pl.col(c).fill_null(False) for c in consents])
            masked = pl.when(allowed).then(pl.col(column)).otherwise(masked).alias(column)
        columns.append(masked)
    return frame.with_columns(columns) if columns else frame
