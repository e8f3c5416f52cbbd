"""Blocks that notice whether something was looked up inside them (the viewer's rights, the language), so a
result computed without looking can be shared by everyone it could not differ for (core/results.py)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar


class Noticing:
    """Open blocks (per thread and task) told by `note()` that the thing was looked up."""

    def __init__(self, name: str) -> None:
        self._open: ContextVar[tuple[list[bool], ...]] = ContextVar(name, default=())

    @contextlib.contextmanager
    def block(self) -> Iterator[list[bool]]:
        """A block whose list is non-empty afterwards when `note()` was called inside it (nested blocks too)."""
        noted: list[bool] = []
        token = self._open.set((*self._open.get(), noted))
        try:
            yield noted
        finally:
            self._open.reset(token)

    def note(self) -> None:
        """Tell every open block."""
        for noted in self._open.get():
            if not noted:
                noted.append(True)
