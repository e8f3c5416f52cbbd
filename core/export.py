"""Downloads of customer lists: CSV for Russian Excel and XLSX, campaign channels, formula-safe cells.

- CSV is UTF-8 with a BOM (Excel then reads Cyrillic correctly) with `;` between fields and decimal
  commas by default; with `,` between fields numbers keep a decimal point. Dates read 31.12.2026.
- For a campaign channel (`email`, `sms`) only customers with consent for that channel and a usable
  address stay: an e-mail that passes a syntax check (no DNS look-up), a Russian-region phone number
  that is a valid mobile number; each address once. Every other row is counted by reason. A customer who
  unsubscribed from the channel (core/communications.py), at any time, has no consent for it; with
  contact pressure on, a customer sent anything on the channel in its last N days is left out too.
- Phone numbers that parse are written as international digits (79161234567), e-mails normalised.
- A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
  spreadsheet shows it as text instead of running it as a formula.
- Personal data is shown per the viewer's rights (`present`), and every download is logged.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import email_validator
import phonenumbers
import polars as pl
import xlsxwriter

from core import audit, privacy
from core.access import Viewer
from core.i18n import t

if TYPE_CHECKING:
    from core.context import QueryContext
    from core.segments.rules import Rules
    from core.workspace import Workspace

CHANNELS: tuple[str, ...] = ("email", "sms")
FORMATS: tuple[str, ...] = ("csv", "xlsx")
SEPARATORS: tuple[str, ...] = (";", ",")
REASONS: tuple[str, ...] = ("no_consent", "no_address", "bad_address", "duplicate", "control_group", "contact_pressure")
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# Columns a download may have, in this order; the rest of the model stays on screen.
EXPORT_COLUMNS: tuple[str, ...] = (
    "customer_id", "name", "email", "phone", "birth_date", "age", "gender", "city", "region", "source",
    "consent_email", "consent_sms", "manager", "interests", "base_type", "temperature", "lifecycle",
    "rfm_segment", "abc_class", "orders", "revenue", "aov", "first_order_date", "last_order_date",
    "recency_days", "tenure_days", "orders_365", "revenue_365", "last_nps", "birthday_in_days",
)
DEFAULT_COLUMNS: dict[str | None, tuple[str, ...]] = {
    None: ("customer_id", "name", "email", "phone", "city", "base_type", "orders", "revenue", "recency_days"),
    "email": ("customer_id", "name", "email"),
    "sms": ("customer_id", "name", "phone"),
}


@dataclass(frozen=True)
class Download:
    """A file ready to hand over: bytes, its name, rows written and rows left out by reason."""

    data: bytes
    file_name: str
    rows: int
    left_out: dict[str, int] = field(default_factory=dict)
    mime: str = "text/csv"

    @property
    def left_out_total(self) -> int:
        """Rows left out for any reason."""
        return sum(self.left_out.values())


# ------------------------------------------------------------------------ personal data
def present(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """The rows as `viewer` may see them, on screen and in downloads (see `core.privacy.present`)."""
    return privacy.present(frame, viewer)


# ---------------------------------------------------------------------- channel filtering
def usable_email(address: str | None) -> str | None:
    """The normalised address when it passes the syntax check (no DNS look-up), else None."""
    try:
        return email_validator.validate_email(address.strip(), check_deliverability=False).normalized
    except (email_validator.EmailNotValidError, AttributeError):
        return None


def usable_mobile(number: str | None) -> str | None:
    """International digits (79161234567) of a valid mobile number (region RU by default), else None."""
    try:
        parsed = phonenumbers.parse(number, "RU")
    except (phonenumbers.NumberParseException, TypeError):
        return None
    mobile = phonenumbers.number_type(parsed) in (phonenumbers.PhoneNumberType.MOBILE,
                                                  phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if not (phonenumbers.is_valid_number(parsed) and mobile):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def international_digits(number: str | None) -> str | None:
    """A phone number as international digits when it parses as a valid number, else as given."""
    try:
        parsed = phonenumbers.parse(number, "RU")
    except (phonenumbers.NumberParseException, TypeError):
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def for_channel(frame: pl.DataFrame, channel: str, unsubscribed: frozenset[str] | set[str] = frozenset(),
                contacted: frozenset[str] | set[str] = frozenset(),
                held_out: frozenset[str] | set[str] = frozenset()) -> tuple[pl.DataFrame, dict[str, int]]:
    """The rows a campaign on `channel` may use, addresses normalised; and the rows left out by reason.

    `unsubscribed`: customer ids who unsubscribed from the channel (no consent, whatever the profile says);
    `contacted`: customer ids sent something on the channel lately (left out for contact pressure after
    every other check, so each row counts under one reason); `held_out`: the control groups of campaigns made
    here whose window is not over (a mailing to them would spoil the comparison)."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    column, consent, check = (("email", "consent_email", usable_email) if channel == "email"
                              else ("phone", "consent_sms", usable_mobile))
    values = frame[column].to_list()
    consents = frame[consent].to_list()
    ids = frame["customer_id"].to_list() if "customer_id" in frame.columns else [None] * frame.height
    seen: set[str] = set()
    keep: list[bool] = []
    cleaned: list[str | None] = []
    left_out = dict.fromkeys(REASONS, 0)
    checked: dict[str, str | None] = {}
    for customer, value, agreed in zip(ids, values, consents):
        reason, usable = None, None
        if not agreed or customer in unsubscribed:
            reason = "no_consent"
        elif value is None or not str(value).strip():
            reason = "no_address"
        else:
            if value not in checked:
                checked[value] = check(value)
            usable = checked[value]
            if usable is None:
                reason = "bad_address"
            elif usable.casefold() in seen:
                reason = "duplicate"
            elif customer in held_out:
                reason = "control_group"
            elif customer in contacted:
                reason = "contact_pressure"
            else:
                seen.add(usable.casefold())
        if reason:
            left_out[reason] += 1
        keep.append(reason is None)
        cleaned.append(usable)
    result = frame.with_columns(pl.Series(column, cleaned, dtype=pl.String)).filter(pl.Series(keep))
    return result, {k: v for k, v in left_out.items() if v}


# -------------------------------------------------------------------------- file formats
def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading `'`."""
    pattern = "^[" + re.escape("".join(FORMULA_STARTS)) + "]"
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items() if dtype == pl.String
    )


def csv_bytes(frame: pl.DataFrame, separator: str = ";") -> bytes:
    """The one CSV writer of the product, for Excel: UTF-8 with a BOM, formula-safe text cells, dates as
    31.12.2026; decimal commas when `separator` is `;`."""
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}")
    text = neutralise(frame).write_csv(separator=separator, decimal_comma=separator == ";", date_format="%d.%m.%Y",
                                       datetime_format="%d.%m.%Y %H:%M:%S")
    return ("\ufeff" + text).encode("utf-8")


def to_csv(frame: pl.DataFrame, headers: dict[str, str] | None = None) -> bytes:
    """CSV for Russian Excel (see `csv_bytes`); `headers` renames columns for the reader."""
    if headers:
        frame = frame.rename({k: v for k, v in headers.items() if k in frame.columns})
    return csv_bytes(frame)


def can_download(viewer: Viewer) -> bool:
    """True when the viewer's role may download anything (executives may not)."""
    return viewer.can("download")


def downloadable(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """The rows `viewer` may download: refused without the download permission, personal data masked per role.

    Every download of a page goes through it (`ui/privacy.py::download_button`), and is logged.
    """
    if not can_download(viewer):
        raise privacy.NotAllowed(f"role {viewer.role!r} may not download")
    return privacy.present(frame, viewer)


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "segment") -> bytes:
    """The one XLSX writer of the product: one sheet, a bold header, numbers as numbers, dates as dates, text
    as text cells that are formula-safe (`neutralise`) even once edited in Excel; an undefined number is empty."""
    return xlsx_book([(sheet, None, frame)])


def xlsx_book(sheets: Sequence[tuple[str, str | None, pl.DataFrame]]) -> bytes:
    """A workbook of several sheets written as `xlsx_bytes` writes one: each (name, title above the table or
    None, frame)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    time_format = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm:ss"})
    for sheet, title, frame in sheets:
        frame = neutralise(frame)
        sheet_ = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", "_", sheet)[:31] or "segment")
        top = 0
        if title is not None:
            sheet_.write_string(0, 0, neutralise(pl.DataFrame({"t": [title]}))["t"][0], bold)
            top = 2
        for col, name in enumerate(frame.columns):
            sheet_.write_string(top, col, name, bold)
            sheet_.set_column(col, col, max(10, min(40, len(name) + 2)))
        for row, values in enumerate(frame.iter_rows(), start=top + 1):
            for col, value in enumerate(values):
                if value is None or (isinstance(value, float) and not math.isfinite(value)):
                    continue
                if isinstance(value, bool):
                    sheet_.write_boolean(row, col, value)
                elif isinstance(value, (int, float)):
                    sheet_.write_number(row, col, value)
                elif isinstance(value, dt.datetime):
                    sheet_.write_datetime(row, col, value.replace(tzinfo=None), time_format)
                elif isinstance(value, dt.date):
                    sheet_.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format)
                else:
                    sheet_.write_string(row, col, str(value))
        sheet_.freeze_panes(top + 1, 0)
    workbook.close()
    return buffer.getvalue()


def file_name(segment: str, day: dt.date, fmt: str) -> str:
    """`<segment name>_<YYYY-MM-DD>.<fmt>` with anything but letters, digits, `-` and `_` made `_`."""
    stem = re.sub(r"[^\w-]+", "_", segment, flags=re.UNICODE).strip("_")[:80] or "segment"
    return f"{stem}_{day.isoformat()}.{fmt}"


# ------------------------------------------------------------------------------ downloads
def prepare(frame: pl.DataFrame, viewer: Viewer, columns: tuple[str, ...], channel: str | None,
            lang: str, unsubscribed: frozenset[str] | set[str] = frozenset(),
            contacted: frozenset[str] | set[str] = frozenset(),
            held_out: frozenset[str] | set[str] = frozenset()) -> tuple[pl.DataFrame, dict[str, int]]:
    """The table a download holds: channel-filtered, masked, chosen columns with labels, neutralised."""
    unknown = [c for c in columns if c not in EXPORT_COLUMNS]
    if unknown or not columns:
        raise ValueError(t("segments.export.bad_columns", lang, columns=", ".join(unknown) or "—",
                           allowed=", ".join(EXPORT_COLUMNS)))
    left_out: dict[str, int] = {}
    if channel is not None:
        frame, left_out = for_channel(frame, channel, unsubscribed, contacted, held_out)
    if "phone" in frame.columns and channel != "sms":
        frame = frame.with_columns(pl.col("phone").map_elements(international_digits, return_dtype=pl.String))
    frame = present(frame, viewer).select(columns)
    frame = frame.with_columns(
        pl.col(c).replace_strict({True: t("segments.export.yes", lang), False: t("segments.export.no", lang)},
                                 default=None, return_dtype=pl.String)
        for c, dtype in frame.schema.items() if dtype == pl.Boolean
    )
    frame = neutralise(frame).rename({c: t(f"segments.field.{c}", lang) for c in columns})
    return frame, left_out


def channel_exclusions(ws: Workspace, ctx: QueryContext, channel: str | None,
                       pressure_days: int = 0) -> tuple[set[str], set[str], set[str]]:
    """The customer ids a download for `channel` must treat as unsubscribed, those it leaves out for
    contact pressure (sent anything on the channel in the `pressure_days` days up to the analysis date), and
    those held out in the control group of a campaign made here whose window is still open."""
    from core import campaigns, communications

    if channel is None:
        return set(), set(), set()
    return (communications.unsubscribed_ids(ws, ctx, channel),
            communications.recently_contacted(ws, ctx, channel, pressure_days),
            campaigns.held_out(ws))


def segment_download(ws: Workspace, ctx: QueryContext, rules: Rules, name: str, *, columns: tuple[str, ...],
                     channel: str | None = None, fmt: str = "csv", separator: str = ";",
                     lang: str = "ru", pressure_days: int = 0) -> Download:
    """The file of a segment's customers for `ctx.viewer` (who must have the download right); logged.

    For a channel, unsubscribes withdraw consent and `pressure_days` > 0 leaves out the customers sent
    anything on the channel in those days (counted as `contact_pressure`)."""
    from core.segments import results

    if not ctx.viewer.can("download"):
        raise PermissionError(t("segments.export.not_allowed", lang))
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    unsubscribed, contacted, held_out = channel_exclusions(ws, ctx, channel, pressure_days)
    frame, left_out = prepare(results.members(ws, ctx, rules), ctx.viewer, columns, channel, lang, unsubscribed,
                              contacted, held_out)
    if fmt == "csv":
        data, mime = csv_bytes(frame, separator), "text/csv"
    else:
        data, mime = xlsx_bytes(frame, name), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Download(data=data, file_name=file_name(name, ctx.as_of, fmt), rows=frame.height, left_out=left_out,
                    mime=mime)


def record_download(ws: Workspace, viewer: Viewer, what: str, rows: int, now: dt.datetime | None = None,
                    address: str | None = None) -> None:
    """Log a download in the workspace's audit log: who, when, what, how many rows, and from where (by
    default the address of the session being served, see `audit.set_origin`). Call it when the file is
    handed over (the click that downloads it), never when a button is drawn."""
    audit.record(ws, viewer, "download", what, rows, now=now, address=address)
