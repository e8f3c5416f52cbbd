"""The one translation table: every visible string, in Russian (the default) and English.

Each area keeps its strings in a module of this package (`core/i18n/<area>.py`) as
`STRINGS: dict[str, tuple[str, str]]` mapping a key to (Russian, English); they are merged here
and a key defined twice is an error.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any

LANGUAGES: tuple[str, ...] = ("ru", "en")
DEFAULT_LANGUAGE = "ru"


def _load() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        strings = importlib.import_module(f"{__name__}.{module.name}").STRINGS
        for key, pair in strings.items():
            if key in table:
                raise ValueError(f"translation key {key!r} is defined twice")
            table[key] = pair
    return table


TABLE: dict[str, tuple[str, str]] = _load()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The string `key` in `lang`, with `{name}` fields filled from `values`."""
    pair = TABLE[key]
    text = pair[LANGUAGES.index(lang) if lang in LANGUAGES else 0]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """True when the table has `key`."""
    return key in TABLE
