"""Vectorised parsers (Polars expressions) for the values real exports contain.

Money (``1 234,50 ₽``, ``12.00 USD``, ``500 руб.``), dates in every common layout with day-first /
month-first ambiguity detection over the whole column, consent booleans, e-mails, phones, gender and interaction types. Detection functions look at a sample (``pl.Series``); expression
builders take a ``pl.Expr`` of text already trimmed by ``text()`` (so a pipeline trims each column once)
and never run Python per row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import polars as pl

from core.datasets import INTERACTION_TYPES

# ---------------------------------------------------------------------------------------------- text


def text(expr: pl.Expr) -> pl.Expr:
    """Trim whitespace (NBSP included); empty strings become null.

    The streaming engine does not share sub-expressions: an expression used twice is computed twice.
    On large data pass a column (``null_if_empty(pl.col(stripped))``) rather than a computed value.
    """
    return null_if_empty(expr.str.strip_chars())


def null_if_empty(expr: pl.Expr) -> pl.Expr:
    """Null for the empty string (``expr`` is used twice, so pass a column)."""
    return pl.when(expr != "").then(expr)


# --------------------------------------------------------------------------------------------- money

_NOT_NUMBER = r"[^0-9,.()\-\u2212\u2013]"  # currency signs, words and (NB)spaces go


@dataclass(frozen=True)
class NumberStyle:
    """Which separator is the decimal one when a value alone cannot tell (``1,234`` / ``1.234``)."""

    decimal: Literal[",", "."] = "."
    # Every value of the column (checked over the whole file) is a bare number such as -1234,5: the
    # cheap path (swap the separator, cast) gives exactly what the full parser would.
    plain: bool = False

    @property
    def plain_pattern(self) -> str:
        """The regular expression a value must match for the cheap path."""
        return r"^-?\d+(,\d+)?$" if self.decimal == "," else r"^-?\d+(\.\d+)?$"


def _number_core(expr: pl.Expr) -> pl.Expr:
    """Only digits, separators, parentheses and minus signs; stray separators at the ends removed."""
    return expr.str.replace_all(_NOT_NUMBER, "").str.strip_chars(".,")


def detect_number_style(values: pl.Series) -> NumberStyle:
    """Decide the decimal separator of a column from values whose last separator leaves 1-2 or 4+ digits."""
    core = pl.DataFrame({"v": values.cast(pl.String)}).select(_number_core(text(pl.col("v"))).alias("v"))["v"]
    comma = core.str.contains(r",(\d{1,2}|\d{4,})\)?$").sum() + core.str.contains(r"\.\d{3},").sum()
    dot = core.str.contains(r"\.(\d{1,2}|\d{4,})\)?$").sum() + core.str.contains(r",\d{3}\.").sum()
    if comma > dot:
        return NumberStyle(",")
    if dot > comma:
        return NumberStyle(".")
    only_dot_groups = core.str.contains(r"\.\d{3}$").sum() > 0 and core.str.contains(",").sum() == 0
    return NumberStyle(",") if only_dot_groups else NumberStyle(".")


def number_core(expr: pl.Expr) -> pl.Expr:
    """Money text reduced to digits, separators, parentheses and ``-`` (the first step of ``money``)."""
    return _number_core(expr).str.replace_all("\u2212", "-", literal=True).str.replace_all("\u2013", "-", literal=True)


def money_from_core(core: pl.Expr, style: NumberStyle) -> pl.Expr:
    """The second step of ``money`` (pass a column: ``core`` is referred to several times)."""
    comma_decimal = core.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    dot_decimal = core.str.replace_all(",", "", literal=True)
    if style.decimal == ",":
        number = pl.when(core.str.contains(r"\.\d{1,2}\)?$")).then(dot_decimal).otherwise(comma_decimal)
    else:
        number = pl.when(core.str.contains(r",\d{1,2}\)?$")).then(comma_decimal).otherwise(dot_decimal)
    sign = pl.when(core.str.starts_with("(") & core.str.ends_with(")")).then(-1.0).otherwise(1.0)
    return number.str.strip_chars("()").cast(pl.Float64, strict=False) * sign


def money(expr: pl.Expr, style: NumberStyle = NumberStyle()) -> pl.Expr:
    """Parse trimmed money text to Float64; null for empty and for text that is not a number.

    A separator followed by one or two digits at the end is the decimal one (``12.00 USD`` in a
    decimal-comma column); otherwise the column's ``style`` decides and the other separator groups
    thousands. ``(1 234,50)`` is negative (accounting notation). Literal string operations only.
    """
    if style.plain:
        bare = expr.str.replace(",", ".", literal=True) if style.decimal == "," else expr
        return bare.cast(pl.Float64, strict=False)
    return money_from_core(number_core(expr), style)


# --------------------------------------------------------------------------------------------- dates

DateFamily = Literal["iso", "dmy", "mdy", "excel", "month_iso", "month_my"]
DateOrder = Literal["dmy", "mdy"]

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
_TZ = r"(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
_PATTERNS: dict[str, str] = {
    "iso": r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}" + _TIME + _TZ + "$",
    "dm": r"^\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})" + _TIME + "$",
    "excel": r"^\d{5}(?:\.\d+)?$",
    "month_iso": r"^\d{4}-\d{2}$",
    "month_my": r"^\d{1,2}[./]\d{4}$",
}
EXCEL_EPOCH = pl.date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954-10-03 .. 2119-01-10: plausible dates, not amounts


@dataclass(frozen=True)
class DateFormat:
    """How a date column is written: the family, its separator, year width, and whether a time follows."""

    family: DateFamily
    sep: str = "."
    year_digits: int = 4
    has_time: bool = False
    # What follows the date in the text: None (nothing), "fixed" (a time after a zero-padded
    # 10-character date, cut by position) or "split" (cut at the first space or T).
    suffix: Literal["fixed", "split"] | None = None

    def with_order(self, order: DateOrder) -> DateFormat:
        """The same layout read day-first (``dmy``) or month-first (``mdy``)."""
        return replace(self, family=order)

    @property
    def label(self) -> str:
        """A human-readable pattern such as ``dd.mm.yyyy hh:mm``."""
        yy = "yyyy" if self.year_digits == 4 else "yy"
        s = self.sep
        base = {
            "iso": f"yyyy{s}mm{s}dd",
            "dmy": f"dd{s}mm{s}{yy}",
            "mdy": f"mm{s}dd{s}{yy}",
            "excel": "Excel serial",
            "month_iso": "yyyy-mm",
            "month_my": "mm.yyyy",
        }[self.family]
        return base + (" hh:mm" if self.has_time else "")


@dataclass(frozen=True)
class DateDetection:
    """What a sample says about a date column: the format, or that day/month order is undecided."""

    format: DateFormat | None
    matched: float  # share of non-empty sample values of that family
    ambiguous: bool = False  # day-first and month-first both fit every sampled value


def detect_date_format(values: pl.Series) -> DateDetection:
    """Classify sampled values into a date family; for dd/mm vs mm/dd, decide the order or flag ambiguity."""
    s = pl.DataFrame({"v": values.cast(pl.String)}).select(text(pl.col("v")).alias("v"))["v"].drop_nulls()
    if s.len() == 0:
        return DateDetection(None, 0.0)
    counts = {fam: int(s.str.contains(pat).sum()) for fam, pat in _PATTERNS.items()}
    serial = s.filter(s.str.contains(_PATTERNS["excel"])).cast(pl.Float64, strict=False)
    counts["excel"] = int(serial.is_between(*EXCEL_SERIAL_RANGE).sum())
    family = max(counts, key=lambda k: counts[k])
    if counts[family] == 0:
        return DateDetection(None, 0.0)
    matched = counts[family] / s.len()
    members = s.filter(s.str.contains(_PATTERNS[family]))
    # Times that are all midnight (Excel dates printed as date-times) do not make a time column.
    times = members.str.extract(r"[ T](\d{1,2}:\d{2}(?::\d{2})?)", 1).drop_nulls()
    has_time = bool(times.len()) and not bool(times.str.contains(r"^0?0:00(:00)?$").all())
    suffix = None
    if members.str.contains(r"^\S+[ T]\S").any():
        suffix = "fixed" if members.str.contains(r"^\d{2,4}[./-]\d{2}[./-]\d{2,4}[ T]").all() else "split"
        if suffix == "fixed" and members.str.contains(r"^\d{2}[./-]\d{2}[./-]\d{2}[ T]").any():
            suffix = "split"  # two-digit years make the date part 8 characters long
    if family == "excel":
        fractional = bool(members.str.contains(r"\.\d*[1-9]").any())
        return DateDetection(DateFormat("excel", "-", 4, fractional), matched)
    if family in ("month_iso", "month_my"):
        return DateDetection(DateFormat(family, "-", 4, False), matched)
    sep = members.str.extract(r"^\d+([./-])", 1).mode().sort()[0]
    if family == "iso":
        return DateDetection(DateFormat("iso", sep, 4, has_time, suffix), matched)
    years = members.str.extract(r"^\d{1,2}[./-]\d{1,2}[./-](\d+)", 1).str.len_chars()
    year_digits = 2 if (years == 2).sum() > (years == 4).sum() else 4
    base = DateFormat("dmy", sep, year_digits, has_time, suffix)
    evidence = order_evidence(pl.DataFrame({"v": members}).lazy(), "v")
    order = evidence.order()
    if order is None and sep == ".":
        # Dotted dates are day-first by the Russian standard (GOST R 7.0.97); the report shows the format.
        order = "dmy"
    if order is None:
        return DateDetection(base, matched, ambiguous=True)
    return DateDetection(base.with_order(order), matched)


def _strptime_date(s: pl.Expr, fmt: str) -> pl.Expr:
    return s.str.strptime(pl.Date, fmt, strict=False)


def _date_part(s: pl.Expr, fmt: DateFormat) -> pl.Expr:
    """The text before a time part (split on ``T`` or whitespace)."""
    if fmt.suffix == "fixed":
        return s.str.slice(0, 10)
    if fmt.suffix == "split":
        return s.str.extract(r"^([^\sT]+)", 1)
    return s


def date(expr: pl.Expr, fmt: DateFormat, guard: bool = True) -> pl.Expr:
    """Parse text to ``pl.Date`` in the given format; null when empty or impossible (``31.02.2024``).

    ``guard=False`` leaves out the four-digit-year check (``year_guard``) so a pipeline can apply it
    to the parsed column in a later step instead of parsing twice.
    """
    s = expr
    if fmt.family == "excel":
        serial = s.cast(pl.Float64, strict=False)
        ok = serial.is_between(*EXCEL_SERIAL_RANGE)
        return pl.when(ok).then(EXCEL_EPOCH + pl.duration(days=serial.floor().cast(pl.Int64)))
    if fmt.family == "month_iso":
        return _strptime_date(s + "-01", "%Y-%m-%d")
    if fmt.family == "month_my":
        return _strptime_date("01." + s.str.replace("/", ".", literal=True), "%d.%m.%Y")
    part = _date_part(s, fmt)
    sep = fmt.sep
    year = "%Y" if fmt.year_digits == 4 else "%y"
    pattern = {
        "iso": f"%Y{sep}%m{sep}%d",
        "dmy": f"%d{sep}%m{sep}{year}",
        "mdy": f"%m{sep}%d{sep}{year}",
    }[fmt.family]
    parsed = _strptime_date(part, pattern)
    return year_guard(parsed, fmt) if guard else parsed


def needs_year_guard(fmt: DateFormat) -> bool:
    """Whether the format reads years with ``%Y`` (which also accepts two digits)."""
    return fmt.year_digits == 4 and fmt.family in ("dmy", "mdy", "iso")


def year_guard(parsed: pl.Expr, fmt: DateFormat) -> pl.Expr:
    """chrono reads "5.1.24" with %Y as year 24: in a four-digit-year column such dates are null."""
    return pl.when(parsed >= pl.date(1000, 1, 1)).then(parsed) if needs_year_guard(fmt) else parsed


def datetime(expr: pl.Expr, fmt: DateFormat) -> pl.Expr:
    """Parse text to a naive ``pl.Datetime`` (wall-clock time as written, zone offset dropped)."""
    d = date(expr, fmt).cast(pl.Datetime("us"))
    if not fmt.has_time:
        return d
    s = expr
    if fmt.family == "excel":
        serial = s.cast(pl.Float64, strict=False)
        micros = ((serial - serial.floor()) * 86_400_000_000).round(0).cast(pl.Int64)
        return d + pl.duration(microseconds=micros)
    hms = s.str.extract(r"[ T](\d{1,2}:\d{2}(?::\d{2})?)", 1)
    hms = pl.when(hms.str.count_matches(":") == 1).then(hms + ":00").otherwise(hms)
    t = hms.str.strptime(pl.Time, "%H:%M:%S", strict=False)
    return pl.when(t.is_not_null()).then(d.dt.combine(t)).otherwise(d)


@dataclass(frozen=True)
class OrderEvidence:
    """Counts over a whole column: values only day-first fits, only month-first fits, fits both differently."""

    dmy_only: int
    mdy_only: int
    differ: int

    def order(self) -> DateOrder | None:
        """The order the data proves, or None when both fit every value and give different dates."""
        if self.dmy_only > 0 and self.mdy_only == 0:
            return "dmy"
        if self.mdy_only > 0 and self.dmy_only == 0:
            return "mdy"
        if self.dmy_only == 0 and self.mdy_only == 0:
            return "dmy" if self.differ == 0 else None
        return "dmy" if self.dmy_only >= self.mdy_only else "mdy"

    @property
    def mixed(self) -> bool:
        """Some values only fit day-first and others only month-first."""
        return self.dmy_only > 0 and self.mdy_only > 0


def order_evidence_exprs(column: str) -> list[pl.Expr]:
    """Aggregations (one row) counting, over a whole column, values whose first number can only be a day
    (>12, second <=12), whose second number can only be a day, and values read differently by the two orders."""
    s = text(pl.col(column))
    first = s.str.extract(r"^(\d{1,2})[./-]", 1).cast(pl.Int32, strict=False)
    second = s.str.extract(r"^\d{1,2}[./-](\d{1,2})[./-]", 1).cast(pl.Int32, strict=False)
    return [
        ((first > 12) & (second <= 12)).sum().alias("dmy_only"),
        ((second > 12) & (first <= 12)).sum().alias("mdy_only"),
        ((first <= 12) & (second <= 12) & (first != second)).sum().alias("differ"),
    ]


def order_evidence(lf: pl.LazyFrame, column: str) -> OrderEvidence:
    """Evaluate ``order_evidence_exprs`` over a whole (lazy) column with the streaming engine."""
    row = lf.select(order_evidence_exprs(column)).collect(engine="streaming").row(0)
    return OrderEvidence(*(int(v or 0) for v in row))


# ------------------------------------------------------------------------------------ booleans, words

TRUE_WORDS = ("да", "д", "yes", "y", "true", "t", "1", "+", "истина", "есть", "согласен", "согласна",
              "подписан", "подписана", "subscribed", "on", "x", "v", "✓", "✔")
FALSE_WORDS = ("нет", "н", "no", "n", "false", "f", "0", "-", "\u2212", "\u2013", "ложь", "не согласен",
               "не согласна", "отписан", "отписана", "unsubscribed", "not subscribed", "off")
_BOOL_MAP = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}


def boolean(expr: pl.Expr) -> pl.Expr:
    """Consent-style booleans: да/нет, yes/no, 1/0, true/false, +/−; null for empty or unknown words."""
    s = expr.str.to_lowercase()
    return s.replace_strict(_BOOL_MAP, default=None, return_dtype=pl.Boolean)


def email(expr: pl.Expr) -> pl.Expr:
    """Lower-cased e-mail, or null when it does not look like one."""
    s = expr.str.to_lowercase()
    return pl.when(s.str.contains(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")).then(s)


def phone(expr: pl.Expr) -> pl.Expr:
    """Phone as ``+`` and digits; Russian ``8XXXXXXXXXX`` and 10-digit ``9XXXXXXXXX`` become ``+7...``."""
    digits = expr.str.replace_all(r"\D", "")
    n = digits.str.len_chars()
    norm = (
        pl.when((n == 11) & digits.str.starts_with("8"))
        .then("7" + digits.str.slice(1))
        .when((n == 10) & digits.str.starts_with("9"))
        .then("7" + digits)
        .otherwise(digits)
    )
    return pl.when(norm.str.len_chars().is_between(10, 15)).then("+" + norm)


_GENDER = {w: "m" for w in ("m", "м", "муж", "муж.", "мужской", "мужчина", "male", "man")} | {
    w: "f" for w in ("f", "ж", "жен", "жен.", "женский", "женщина", "female", "woman")
}


def gender(expr: pl.Expr) -> pl.Expr:
    """``'m'`` / ``'f'`` from Russian or English words; null otherwise."""
    return expr.str.to_lowercase().replace_strict(_GENDER, default=None, return_dtype=pl.String)


_INTERACTION = {t: t for t in INTERACTION_TYPES} | {
    "звонок": "call", "телефон": "call", "phone": "call", "входящий звонок": "call", "исходящий звонок": "call",
    "письмо": "email", "e-mail": "email", "почта": "email", "mail": "email",
    "поддержка": "support", "обращение": "support", "тикет": "support", "ticket": "support", "чат": "support",
    "жалоба": "complaint", "претензия": "complaint",
    "отзыв": "review", "оценка": "review",
    "опрос": "survey", "анкета": "survey", "nps": "survey",
    "отписка": "unsubscribe", "отписался": "unsubscribe", "отписалась": "unsubscribe",
    "отказ от рассылки": "unsubscribe", "unsubscribed": "unsubscribe", "opt-out": "unsubscribe",
}


def interaction_type(expr: pl.Expr) -> pl.Expr:
    """One of ``INTERACTION_TYPES`` from Russian or English words; null otherwise."""
    return expr.str.to_lowercase().replace_strict(_INTERACTION, default=None, return_dtype=pl.String)


def score(expr: pl.Expr) -> pl.Expr:
    """An NPS score 0..10 as Int8; null when empty, fractional or out of range."""
    x = money(expr)
    return pl.when(x.is_between(0, 10) & (x == x.floor())).then(x.cast(pl.Int8))


_CHANNEL = {
    "email": "email", "e-mail": "email", "e mail": "email", "mail": "email", "почта": "email", "письмо": "email",
    "электронная почта": "email", "емейл": "email", "имейл": "email",
    "sms": "sms", "смс": "sms", "sms-сообщение": "sms", "смс-сообщение": "sms",
    "push": "push", "пуш": "push", "push-уведомление": "push", "mobile push": "push", "web push": "push",
    "webpush": "push", "mobilepush": "push", "пуш-уведомление": "push",
    "messenger": "messenger", "мессенджер": "messenger", "viber": "messenger", "вайбер": "messenger",
    "whatsapp": "messenger", "ватсап": "messenger", "telegram": "messenger", "телеграм": "messenger",
    "vk": "messenger", "вконтакте": "messenger", "max": "messenger",
}


def channel(expr: pl.Expr) -> pl.Expr:
    """One of ``COMMUNICATION_CHANNELS`` from the words mailing services write; null for other words."""
    return expr.str.to_lowercase().str.strip_chars().replace_strict(_CHANNEL, default=None, return_dtype=pl.String)


def flag(expr: pl.Expr) -> pl.Expr:
    """A yes/no event column: the consent words, and a date or time in the cell (when it happened) as yes."""
    words = boolean(expr)
    dated = expr.str.contains(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
    return pl.when(words.is_not_null()).then(words).when(dated).then(pl.lit(True))


# Delivery statuses as Unisender (`send_result`), Sendsay, DashaMail and SMS gateways write them, as a
# level: -1 not delivered, 0 sent (outcome unknown), 1 delivered, 2 opened, 3 clicked, 4 unsubscribed
# (a spam complaint counts as an unsubscribe). A level implies every level below it from 1 up.
STATUS_LEVELS: dict[str, int] = {
    "sent": 0, "отправлено": 0, "отправлен": 0, "queued": 0, "в очереди": 0, "ok_sent": 0, "accepted": 0,
    "delivered": 1, "ok_delivered": 1, "доставлено": 1, "доставлен": 1, "delivrd": 1, "ok_spam_folder": 1,
    "opened": 2, "ok_read": 2, "read": 2, "открыто": 2, "открыл": 2, "открыто письмо": 2, "прочитано": 2,
    "прочитан": 2, "просмотрено": 2,
    "clicked": 3, "ok_link_visited": 3, "click": 3, "клик": 3, "кликнул": 3, "переход": 3, "переход по ссылке": 3,
    "unsubscribed": 4, "ok_unsubscribed": 4, "отписался": 4, "отписка": 4, "complained": 4, "spam": 4,
    "ok_fbl": 4, "жалоба": 4, "жалоба на спам": 4,
    "not delivered": -1, "undelivered": -1, "undeliv": -1, "не доставлено": -1, "не доставлен": -1,
    "bounced": -1, "bounce": -1, "hard bounce": -1, "soft bounce": -1, "hard_bounce": -1, "soft_bounce": -1, "ошибка": -1, "error": -1, "failed": -1,
    "rejected": -1, "expired": -1, "отклонено": -1, "просрочено": -1,
}


def status_level(expr: pl.Expr) -> pl.Expr:
    """The delivery level of a status word (see ``STATUS_LEVELS``); ``err_*`` codes are -1; null otherwise."""
    s = expr.str.to_lowercase().str.strip_chars()
    known = s.replace_strict(STATUS_LEVELS, default=None, return_dtype=pl.Int8)
    return pl.when(known.is_not_null()).then(known).when(s.str.starts_with("err_")).then(pl.lit(-1, dtype=pl.Int8))
