"""JSON text from outside (links, rule files) decoded within limits: size, nesting depth, number length.

`json.loads` on hostile text fails in ways a caller does not expect: 20,000 nested brackets raise
`RecursionError`, a 5,000-digit integer raises a plain `ValueError` (Python's 4,300-digit limit), and
a huge number of digits or a deep structure costs time and memory further on. `loads` checks the
limits before and while decoding and raises `TooComplex` naming the limit that was passed:

    from core import jsontext
    try:
        value = jsontext.loads(text)
    except jsontext.TooComplex as exc:     # exc.limit: "size" | "depth" | "number"; exc.maximum
        ...
    except json.JSONDecodeError:           # not JSON at all
        ...
"""
from __future__ import annotations

import json
import re
from typing import Any

MAX_BYTES = 1_000_000      # a segment's rules: 50 conditions of up to 500 values of up to 200 characters fit
MAX_DEPTH = 32             # nested objects and lists; rules need a handful
MAX_NUMBER_CHARS = 1_000   # characters of one number; Python refuses integers over 4,300 digits with a ValueError

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class TooComplex(ValueError):
    """JSON text over one of the limits: `limit` is "size", "depth" or "number"; `maximum` its value."""

    def __init__(self, limit: str, maximum: int) -> None:
        self.limit = limit
        self.maximum = maximum
        super().__init__(f"JSON {limit} over the limit of {maximum}")


def depth(text: str) -> int:
    """The deepest nesting of objects and lists in `text` (brackets inside strings do not count)."""
    deepest = level = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        level += 1 if match.group() in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def loads(text: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH,
          max_number_chars: int = MAX_NUMBER_CHARS) -> Any:
    """`json.loads(text)` within the limits; raises `TooComplex` over a limit, `json.JSONDecodeError` or
    `UnicodeDecodeError` for text that is not JSON."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > max_bytes:
            raise TooComplex("size", max_bytes)
        text = bytes(text).decode("utf-8")
    if len(text) > max_bytes:
        raise TooComplex("size", max_bytes)
    if depth(text) > max_depth:
        raise TooComplex("depth", max_depth)

    def number(kind: type) -> Any:
        def convert(literal: str) -> Any:
            if len(literal) > max_number_chars:
                raise TooComplex("number", max_number_chars)
            return kind(literal)
        return convert

    return json.loads(text, parse_int=number(int), parse_float=number(float))
