"""JSON from outside decoded within limits: size, nesting depth and number length, or a clear refusal."""
from __future__ import annotations

import json

import pytest

from core import jsontext


@pytest.mark.parametrize(("text", "limit"), [
    ("[" * 20_000 + "]" * 20_000, "depth"),
    ('{"a":' * 33 + "1" + "}" * 33, "depth"),
    ("9" * 5_000, "number"),
    ("-" + "9" * 1_000, "number"),
    ("0." + "1" * 5_000, "number"),
    ("1e" + "9" * 999, "number"),
    ('"' + "x" * 1_000_000 + '"', "size"),
])
def test_text_over_a_limit_is_refused_naming_the_limit(text, limit):
    with pytest.raises(jsontext.TooComplex) as caught:
        jsontext.loads(text)
    assert caught.value.limit == limit


def test_text_within_the_limits_decodes_as_json_does():
    text = '{"a":' * 31 + '[1, -2.5, "[[[[{{{{ \\" ]]"]' + "}" * 31
    assert jsontext.loads(text) == json.loads(text)
    assert jsontext.depth(text) == 32
    assert jsontext.loads("9" * 1_000) == int("9" * 1_000)
    assert jsontext.loads(("[" * 5 + "]" * 5).encode()) == [[[[[]]]]]


def test_brackets_inside_strings_do_not_count_as_depth():
    assert jsontext.depth('["' + "[" * 100 + '"]') == 1
    assert jsontext.depth(r'["\"[[[[", {"k": ["]"]}]') == 3


def test_text_that_is_not_json_still_raises_the_decode_error():
    with pytest.raises(json.JSONDecodeError):
        jsontext.loads("{bad}")
