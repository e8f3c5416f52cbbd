"""E-mail addresses and phone numbers: normalisation to one usable form, and validity.

The normalised form is the key two records are matched on and the address a mailing may use:

- e-mail: trimmed and lower-cased; valid when `email-validator` accepts its syntax (no network
  lookups: `check_deliverability=False`). `normalize_email` returns the normalised address when it
  is valid, else None.
- phone: parsed with `phonenumbers` (Russia by default, so `8 (912) 345-67-89`, `+7 912 345 6789`
  and `9123456789` are all `+79123456789`), extensions dropped; valid when the library says the
  number is valid for its country. `normalize_phone` returns the E.164 form when valid, else None.

`email_status` / `phone_status` tell a missing value (None) from an invalid one (False).
`contact_columns` does both on whole Polars columns: each distinct raw value is checked once
(e-mails in the plain ASCII shape and Russian mobile numbers are checked by one vectorised
pattern first) and mapped back.
"""
from __future__ import annotations

import re

import phonenumbers
import polars as pl
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

DEFAULT_REGION = "RU"

# Addresses of this plain ASCII shape are valid for email-validator too (tests check the claim on
# generated addresses), so they skip the per-value call; everything else goes through the library.
# Labels with "--" (IDNA) and the special-use top-level names are left to the library.
_PLAIN_EMAIL = (
    r"^[a-z0-9_%+=-]{1,64}(\.[a-z0-9_%+=-]{1,64})*@"
    r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24}$"
)
_PLAIN_EXCLUDED = r"--|^.{255,}|^[^@]{65,}@|@.{254,}$|\.(" + "|".join(sorted(SPECIAL_USE_DOMAIN_NAMES)) + r")$"
_PHONE_FORMATTING = re.compile(r"[\s()\-.]")
_PHONE_PLAIN = re.compile(r"^[\d\s()+\-.]+$")
# Russian mobile numbers in any common writing (+7 / 8 / 7 / no prefix) are checked against the
# library's own pattern for Russian mobiles in one vectorised pass; the rest go through the library.
_RU_MOBILE_PREFIXED = r"^(?:\+7|8|7)?(9\d{9})$"
_RU_MOBILE = "^(?:" + phonenumbers.PhoneMetadata.metadata_for_region("RU").mobile.national_number_pattern + ")$"


def _clean_email(value: str | None) -> str | None:
    """Trimmed, lower-cased, None when blank."""
    if value is None:
        return None
    text = value.strip().lower()
    return text or None


def email_status(value: str | None) -> bool | None:
    """True for a syntactically valid address, False for an invalid one, None when blank."""
    text = _clean_email(value)
    if text is None:
        return None
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def normalize_email(value: str | None) -> str | None:
    """The trimmed, lower-cased address when it is valid, else None."""
    return _clean_email(value) if email_status(value) else None


def _parse_phone(value: str | None, region: str) -> tuple[str | None, bool | None]:
    """(E.164 form or None, validity or None when blank) of one raw phone value."""
    if value is None or not value.strip():
        return None, None
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException:
        return None, False
    if not phonenumbers.is_valid_number(number):
        return None, False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True


def phone_status(value: str | None, region: str = DEFAULT_REGION) -> bool | None:
    """True for a valid phone number, False for an invalid one, None when blank."""
    return _parse_phone(value, region)[1]


def normalize_phone(value: str | None, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form (`+79123456789`) of a valid number, else None; `region` applies to numbers without +code."""
    return _parse_phone(value, region)[0]


def _phone_key(value: str) -> str:
    """A cheaper-to-dedupe form: formatting characters dropped from purely numeric values."""
    text = value.strip()
    return _PHONE_FORMATTING.sub("", text) if _PHONE_PLAIN.match(text) else text


def email_frame(values: pl.Series) -> pl.DataFrame:
    """`email_norm` (valid address or null) and `email_valid` (null when blank) for each value, in order."""
    frame = pl.DataFrame({"clean": values.cast(pl.String).str.strip_chars().str.to_lowercase()})
    frame = frame.with_columns(pl.when(pl.col("clean") == "").then(None).otherwise(pl.col("clean")).alias("clean"))
    distinct = frame.select(pl.col("clean").drop_nulls().unique())
    plain = pl.col("clean").str.contains(_PLAIN_EMAIL) & ~pl.col("clean").str.contains(_PLAIN_EXCLUDED)
    distinct = distinct.with_columns(plain.alias("valid"))
    slow = distinct.filter(~pl.col("valid"))["clean"].to_list()
    if slow:
        checked = pl.DataFrame({"clean": slow, "checked": [bool(email_status(v)) for v in slow]},
                               schema={"clean": pl.String, "checked": pl.Boolean})
        distinct = distinct.join(checked, on="clean", how="left").select(
            "clean", pl.coalesce("checked", "valid").alias("valid"))
    out = frame.join(distinct, on="clean", how="left", maintain_order="left")
    return out.select(
        pl.when(pl.col("valid")).then(pl.col("clean")).otherwise(None).alias("email_norm"),
        pl.col("valid").alias("email_valid"),
    )


def phone_frame(values: pl.Series, region: str = DEFAULT_REGION) -> pl.DataFrame:
    """`phone_norm` (E.164 of a valid number or null) and `phone_valid` (null when blank) for each value, in order."""
    frame = pl.DataFrame({"raw": values.cast(pl.String).str.strip_chars()})
    frame = frame.with_columns(pl.when(pl.col("raw") == "").then(None).otherwise(pl.col("raw")).alias("raw"))
    national = (pl.col("raw").str.replace_all(r"[\s()\-.]", "").str.extract(_RU_MOBILE_PREFIXED, 1))
    frame = frame.with_columns(fast=pl.when(national.str.contains(_RU_MOBILE)).then(pl.lit("+7") + national))
    if region != "RU":
        frame = frame.with_columns(fast=pl.lit(None, dtype=pl.String))
    keys = frame.filter(pl.col("fast").is_null())["raw"].drop_nulls().unique().to_list()
    by_key: dict[str, tuple[str | None, bool | None]] = {}
    mapped_key = {}
    for value in keys:
        key = _phone_key(value)
        mapped_key[value] = key
        if key not in by_key:
            by_key[key] = _parse_phone(key, region)
    lookup = pl.DataFrame(
        {"raw": keys,
         "phone_norm": [by_key[mapped_key[v]][0] for v in keys],
         "phone_valid": [by_key[mapped_key[v]][1] for v in keys]},
        schema={"raw": pl.String, "phone_norm": pl.String, "phone_valid": pl.Boolean},
    )
    out = frame.join(lookup, on="raw", how="left", maintain_order="left")
    return out.select(
        pl.coalesce("fast", "phone_norm").alias("phone_norm"),
        pl.when(pl.col("fast").is_not_null()).then(True).otherwise(pl.col("phone_valid")).alias("phone_valid"),
    )


def contact_columns(frame: pl.DataFrame, email: str = "email", phone: str = "phone",
                    region: str = DEFAULT_REGION) -> pl.DataFrame:
    """`frame` with `email_norm`, `email_valid`, `phone_norm`, `phone_valid` added (see the module docstring)."""
    parts = [frame]
    if email in frame.columns:
        parts.append(email_frame(frame[email]))
    else:
        parts.append(pl.DataFrame({"email_norm": [None] * frame.height, "email_valid": [None] * frame.height},
                                  schema={"email_norm": pl.String, "email_valid": pl.Boolean}))
    if phone in frame.columns:
        parts.append(phone_frame(frame[phone], region))
    else:
        parts.append(pl.DataFrame({"phone_norm": [None] * frame.height, "phone_valid": [None] * frame.height},
                                  schema={"phone_norm": pl.String, "phone_valid": pl.Boolean}))
    return pl.concat(parts, how="horizontal")
