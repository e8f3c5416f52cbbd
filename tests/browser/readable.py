"""What a page may not show a Russian (or English) reader: the rules the every-page browser test applies
to a page's visible text, its screen-reader labels and its charts' tick labels.

Each rule returns the offending fragments, so a failure names them.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.ingest.mapping import FIELDS

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b00:00:00\b")
# Five or more digits in a row, not part of a word or code (C000123, #1001, a file name) or a phone.
UNGROUPED = re.compile(r"(?<![\w#+/.,\-–:])\d{5,}(?![\w])")
MONTH = re.compile(r"\b(0[1-9]|1[0-2])\.\d{4}\b")
DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
# Streamlit's own English texts (widgets, uploader, multiselect, screen-reader labels).
STREAMLIT_WORDS = (
    "Upload", "Browse files", "Drag and drop", "per file", "Limit ", "Select all", " matches", "Choose an option",
    "Choose options", "No results", "No options", "Help for", "Clear all", "Press Enter", "Running...",
    "Download", "Fullscreen", "Show password", "Hide password", "Remove", "Search", "Close", "Deploy",
)
RAW_FIELDS = tuple(sorted({f.name for fields in FIELDS.values() for f in fields if "_" in f.name}))
RUSSIAN_ONLY_WORDS = ("поколени",)  # «версия данных» is the word


def iso_dates(text: str) -> list[str]:
    """ISO dates and midnight times («2026-10-25», «00:00:00»)."""
    return ISO_DATE.findall(text)


def ungrouped_numbers(text: str) -> list[str]:
    """Numbers of five or more digits written without a space between thousands («175890»)."""
    return UNGROUPED.findall(text)


def decimal_points(text: str) -> list[str]:
    """Numbers with a decimal point in Russian text («9393554.77»), dates and months aside."""
    cleaned = MONTH.sub(" ", DATE.sub(" ", text))
    return DECIMAL_POINT.findall(cleaned)


def english_words(text: str) -> list[str]:
    """Streamlit's English defaults left in Russian text."""
    return [w for w in STREAMLIT_WORDS if w in text]


def raw_fields(text: str) -> list[str]:
    """Canonical field names (`order_id`, `registered_at`) shown instead of the names the upload page uses."""
    return [f for f in RAW_FIELDS if re.search(rf"(?<![\w.]){f}(?!\w)", text)]


def russian_words(text: str) -> list[str]:
    """Words the interface does not use («поколение»)."""
    lowered = text.lower()
    return [w for w in RUSSIAN_ONLY_WORDS if w in lowered]


def _value(label: str) -> tuple[Decimal, Decimal] | None:
    """A tick label's number and unit: «1 234,5» / «1,234.5» → (1234.5, 1); «15 млн» → (15, 10⁶); «40 %»
    → (40, 1); None when it is not a number."""
    text = label.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ").replace("−", "-").strip()
    scale = Decimal(1)
    for suffix, factor in (("тыс.", 10**3), ("млн", 10**6), ("млрд", 10**9), ("K", 10**3), ("M", 10**6),
                           ("B", 10**9)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)].strip(), Decimal(factor)
            break
    text = text.lstrip("₽$€").rstrip("%₽$€").strip().replace(" ", "")
    if "," in text and "." not in text and not re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
        text = text.replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        return Decimal(text), scale
    except InvalidOperation:
        return None


def _decimals(number: str) -> int:
    """Decimals written in a label («0,50» → 2; «1 000» and «1,000» → 0)."""
    digits = re.sub(r"[^\d,.]", "", number.replace("\u00a0", ""))
    match = re.search(r"[.,](\d+)$", digits)
    return len(match.group(1)) if match and not re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits) else 0


def tick_problems(labels: list[str]) -> list[str]:
    """Problems of one axis's tick labels: a label twice, uneven or not round steps (202 / 404 / 606 / 807;
    0,428 / 0,855), or more decimals than the step needs (0,50 / 1,00 / 1,50 with a step of 0,5)."""
    labels = [label for label in labels if label.strip()]
    problems = []
    if len(set(labels)) < len(labels):
        problems.append(f"repeated labels {labels}")
    parsed = [_value(label) for label in labels]
    if len(parsed) < 2 or any(p is None for p in parsed) or all(MONTH.fullmatch(x.strip()) for x in labels):
        return problems
    values = [number * scale for number, scale in parsed]
    steps = [b - a for a, b in zip(values, values[1:])]
    step = steps[0]
    if step <= 0:
        return problems
    if any(abs(s - step) > abs(step) * Decimal("1e-9") for s in steps):
        problems.append(f"uneven steps: {labels}")
    mantissa = (step / Decimal(10) ** step.adjusted()).normalize()
    if mantissa not in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        problems.append(f"a step of {step} is not round: {labels}")
    unit = max(scale for _, scale in parsed)
    needed = max(0, -(step / unit).normalize().as_tuple().exponent)
    shown = max(_decimals(label) for label in labels)
    if shown > needed:
        problems.append(f"{shown} decimals where a step of {step} needs {needed}: {labels}")
    return problems


def page_problems(text: str, lang: str, labels: list[str] | None = None) -> dict[str, list[str]]:
    """Every rule's findings on a page's visible text (and its screen-reader `labels`), by rule."""
    found = {
        "ISO date or 00:00:00": iso_dates(text),
        "number without thousands separator": ungrouped_numbers(text),
        "raw field name": raw_fields(text),
    }
    if lang == "ru":
        found["decimal point in Russian"] = decimal_points(text)
        found["Streamlit's English"] = english_words(text + "\n" + "\n".join(labels or []))
        found["word not used"] = russian_words(text)
    return {rule: hits for rule, hits in found.items() if hits}
