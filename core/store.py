"""Small metadata files in the workspace: JSON documents and JSON-lines logs, safe across processes.

The dashboard keeps its DuckDB file open, so the command line cannot write into it while the
dashboard runs; users, the audit log, saved segments and the upload history therefore live in
`<workspace>/meta/` as files, each change made under an exclusive lock and written atomically.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def file_lock(path: Path, blocking: bool = True) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (created if missing) for the duration of the block.

    Without `blocking`, raises BlockingIOError at once when someone else holds it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry so a rename survives a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JsonStore:
    """A JSON document on disk, read whole and changed under a lock."""

    def __init__(self, path: Path, default: Callable[[], Any] = dict) -> None:
        self.path = path
        self._default = default

    def read(self) -> Any:
        """The current document (the default when the file does not exist yet)."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return self._default()

    def update(self, change: Callable[[Any], Any]) -> Any:
        """Apply `change` to the document under the lock and write the result; returns it."""
        with file_lock(self.path.with_name(self.path.name + ".lock")):
            document = change(self.read())
            write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1, default=str).encode())
            return document


def append_jsonl(path: Path, record: dict[str, Any]) -> None:
    """Append one record to a JSON-lines log under the lock, flushed to disk."""
    line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    with file_lock(path.with_name(path.name + ".lock")):
        with open(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


def rewrite_jsonl(path: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Replace every record of a JSON-lines log by `change(record)`, under the log's lock, atomically."""
    with file_lock(path.with_name(path.name + ".lock")):
        records = [change(record) for record in read_jsonl(path)]
        write_atomic(path, "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records).encode())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON-lines log (a torn last line from a crash is skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    records = []
    for line in lines:
        with contextlib.suppress(json.JSONDecodeError):
            records.append(json.loads(line))
    return records
