"""core.scoped: a context variable set for a block and put back."""
from __future__ import annotations

import contextvars

import pytest

from core import scoped

VARIABLE: contextvars.ContextVar[str | None] = contextvars.ContextVar("kb_test_scoped", default=None)


def test_the_value_holds_in_the_block_and_the_previous_one_returns_after_it():
    with scoped.setting(VARIABLE, "outer"):
        assert VARIABLE.get() == "outer"
        with scoped.setting(VARIABLE, "inner"):
            assert VARIABLE.get() == "inner"
        assert VARIABLE.get() == "outer"
    assert VARIABLE.get() is None


def test_the_previous_value_returns_when_the_block_raises():
    with pytest.raises(RuntimeError), scoped.setting(VARIABLE, "set"):
        raise RuntimeError("stop")
    assert VARIABLE.get() is None
