"""Numbers, money, percentages, dates and plural forms in the interface's language, by CLDR (Babel).

Russian reads `1 234 567,89 ₽`, `12,3 %`, `15 млн`, `02.11.2026`; English `₽1,234,567.89`, `12.3%`,
`15M`, `Nov 2, 2026`. Group separators are non-breaking spaces (CLDR's), a negative number has a
typographic minus (`−1 500`).

Every function takes `lang`; without it the *current* language is used: the one set with
`using(lang)` (the command line, tests), else the one the interface reports through `follow()`
(the dashboard's session language), else Russian.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from core import settings
from core.noticing import Noticing

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "—"
LANGUAGES = ("ru", "en")

_explicit: ContextVar[str | None] = ContextVar("kb_fmt_language", default=None)
# Whether the current language was looked up inside a block: a result computed without it is the same in
# every language (see core/results.py).
_looked_up = Noticing("kb_fmt_language_asked")
consulted = _looked_up.block
_source: Callable[[], str] | None = None


def follow(source: Callable[[], str] | None) -> Callable[[], str] | None:
    """Take the current language from `source()` (the interface registers its session language); returns
    the source followed until now, to give back."""
    global _source
    previous, _source = _source, source
    return previous


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Format in `lang` inside the block (whatever the interface's language)."""
    token = _explicit.set(lang)
    try:
        yield
    finally:
        _explicit.reset(token)


def language(lang: str | None = None) -> str:
    """`lang` if given, else the current language ('ru' or 'en')."""
    if lang in LANGUAGES:
        return lang
    _looked_up.note()
    chosen = _explicit.get()
    if chosen is None and _source is not None:
        try:
            chosen = _source()
        except Exception:  # noqa: BLE001 - outside a session (a background thread): the default
            chosen = None
    return chosen if chosen in LANGUAGES else "ru"


@functools.lru_cache(maxsize=64)
def _locale_pattern(code: str, kind: str) -> str:
    """The locale's CLDR pattern of a kind (decimal, percent, currency)."""
    locale = Locale.parse(code)
    if kind == "currency":
        return locale.currency_formats["standard"].pattern.split(";")[0]
    return (locale.decimal_formats if kind == "decimal" else locale.percent_formats)[None].pattern


@functools.lru_cache(maxsize=256)
def _decimal_pattern(code: str, decimals: int) -> str:
    return _pattern(_locale_pattern(code, "decimal"), decimals)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pattern(base: str, decimals: int) -> str:
    """A CLDR pattern with exactly `decimals` fraction digits (`#,##0.###` -> `#,##0.00`)."""
    integer, _, rest = base.partition(".")
    suffix = rest.lstrip("0#") if rest else ""
    if not rest:  # `#,##0 %`: the suffix follows the integer part
        digits = integer.rstrip(" \u00a0%¤")
        suffix, integer = integer[len(digits):], digits
    return integer + ("." + "0" * decimals if decimals > 0 else "") + suffix


def _signed(text: str) -> str:
    return text.replace("-", MINUS)


def _round(value: float | int, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: float | int | None, decimals: int = 0, lang: str | None = None) -> str:
    """`1234567.891` -> `1 234 567,89` (ru) / `1,234,567.89` (en) with `decimals` places; `—` when missing."""
    if _missing(value):
        return MISSING
    code = language(lang)
    pattern = _decimal_pattern(code, decimals)
    rounded = _round(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no «−0»
    return _signed(babel_numbers.format_decimal(rounded, format=pattern, locale=code, decimal_quantization=True))


def money(value: float | int | None, currency: str | None = None, decimals: int = 2, lang: str | None = None) -> str:
    """`1234567.891` -> `1 234 567,89 ₽` (ru) / `₽1,234,567.89` (en); the currency sign is a setting."""
    if _missing(value):
        return MISSING
    code = language(lang)
    sign = currency or settings.currency()
    pattern = _locale_pattern(code, "currency")
    amount = number(value, decimals, code)
    if pattern.startswith("¤"):
        return f"{MINUS}{sign}{amount[1:]}" if amount.startswith(MINUS) else f"{sign}{amount}"
    return f"{amount}{NBSP}{sign}"


def percent(value: float | None, decimals: int = 1, lang: str | None = None) -> str:
    """A percentage given from 0 to 100: `12.345` -> `12,3 %` (ru) / `12.3%` (en)."""
    if _missing(value):
        return MISSING
    code = language(lang)
    spaced = "\u00a0%" in _locale_pattern(code, "percent")
    return f"{number(value, decimals, code)}{NBSP if spaced else ''}%"


def points(value: float | None, decimals: int = 1, lang: str | None = None, ascii_sign: bool = False) -> str:
    """A signed change of a percentage in percentage points: `+0,4 п. п.` (ru) / `+0.4 pp` (en).

    `ascii_sign` writes `-` for a fall (Streamlit's metric decides its arrow by that character).
    """
    if _missing(value):
        return MISSING
    code = language(lang)
    unit = {"ru": "п. п.", "en": "pp"}[code]
    return f"{signed(value, decimals, code, ascii_sign)}{NBSP}{unit}"


def signed(value: float | None, decimals: int = 1, lang: str | None = None, ascii_sign: bool = False) -> str:
    """A number with its sign always written: `+1,2`, `−3,4` (or `-3,4` with `ascii_sign`)."""
    if _missing(value):
        return MISSING
    text = number(value, decimals, lang)
    if not text.startswith(MINUS):
        return "+" + text
    return "-" + text[1:] if ascii_sign else text


def compact(value: float | int | None, decimals: int = 1, lang: str | None = None) -> str:
    """A large number shortened the CLDR way: `15 млн`, `15,4 тыс.` (ru) / `15M`, `15.4K` (en)."""
    if _missing(value):
        return MISSING
    code = language(lang)
    if abs(value) < 1000:
        return number(value, decimals if value != int(value) else 0, code)
    text = babel_numbers.format_compact_decimal(value, locale=code, fraction_digits=decimals)
    return _signed(text)


def compact_money(value: float | int | None, decimals: int = 1, lang: str | None = None) -> str:
    """`39 412 000` -> `39,4 млн ₽` (ru) / `₽39.4M` (en)."""
    if _missing(value):
        return MISSING
    code = language(lang)
    text = compact(value, decimals, code)
    sign = settings.currency()
    return f"{sign}{text}" if code == "en" else f"{text}{NBSP}{sign}"


def date(value: dt.date | None, lang: str | None = None) -> str:
    """`2026-11-02` -> `02.11.2026` (ru) / `Nov 2, 2026` (en); `—` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, dt.datetime):
        value = value.date()
    code = language(lang)
    return babel_dates.format_date(value, "short" if code == "ru" else "medium", locale=code)


def datetime(value: dt.datetime | None, lang: str | None = None, seconds: bool = False) -> str:
    """`2026-11-02 13:05` -> `02.11.2026 13:05` (ru) / `Nov 2, 2026, 13:05` (en)."""
    if value is None:
        return MISSING
    code = language(lang)
    clock = value.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{date(value.date(), code)}{', ' if code == 'en' else ' '}{clock}"


def month(value: dt.date | None, lang: str | None = None, short: bool = True) -> str:
    """A month: `11.2026` (ru) / `Nov 2026` (en); with `short=False` the name in Russian too (`нояб. 2026`)."""
    if value is None:
        return MISSING
    code = language(lang)
    if code == "ru":
        if short:
            return value.strftime("%m.%Y")
        name = babel_dates.format_date(value, "LLL", locale=code)
        return f"{name} {value.year}"
    return babel_dates.format_skeleton("yMMM", value, locale=code)


def plural(count: int, forms: Mapping[str, str], lang: str | None = None) -> str:
    """The form of a word for `count` by CLDR's plural rules (`forms`: one/few/many/other -> text).

    Russian: 1 клиент, 2 клиента, 5 клиентов (`{"one": "клиент", "few": "клиента", "many": "клиентов"}`).
    """
    code = language(lang)
    form = Locale.parse(code).plural_form(abs(count))
    return forms.get(form) or forms.get("other") or forms.get("many") or next(iter(forms.values()))


def phone(value: str | None) -> str:
    """A Russian number in its usual groups: `+79171543433` -> `+7 917 154-34-33`; others unchanged."""
    if not value:
        return MISSING if value is None else value
    digits = value[1:] if value.startswith("+") else ""
    if len(digits) == 11 and digits.isdigit() and digits[0] == "7":
        return f"+7{NBSP}{digits[1:4]}{NBSP}{digits[4:7]}-{digits[7:9]}-{digits[9:]}"
    return value


def change(current: float | None, previous: float | None) -> float | None:
    """Relative change in percent from `previous` to `current` (None when undefined)."""
    if current is None or previous is None or previous == 0:
        return None
    return 100.0 * (current - previous) / abs(previous)
