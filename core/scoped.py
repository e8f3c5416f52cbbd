"""A context variable set for the length of a block (in this thread, or this task), then put back."""
from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def setting(variable: contextvars.ContextVar[T], value: T) -> Iterator[None]:
    """`variable` is `value` within the block; afterwards what it was before (also when the block raises)."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)
