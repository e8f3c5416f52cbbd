"""Staging areas: folders of files being written (an upload's raw copy and checked rows, an erasure's
rewritten files) before they are published or thrown away, removed even when their writer is killed.

An area is `<workspace>/staging/<token>/` with a lock file `<token>.lock` beside it, held (flock) by its
owner from before the folder exists until after it is gone. The operating system releases the lock of a
process that dies, however it dies, so a sweep that can take an area's lock knows nobody writes there
and removes it, and one that cannot leaves it alone: an upload in progress in another process or in
another session of the dashboard never loses its files. An area of a session that ends without closing
it is removed when the session's state is collected (a finalizer), or by the next sweep.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import uuid
import weakref
from pathlib import Path

STAGING_DIR = "staging"
LOCK_SUFFIX = ".lock"


def _same_file(path: Path, fd: int) -> bool:
    """True while `path` is the file open as `fd` (a sweep may have removed it in between)."""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _release(folder: Path, lock_path: Path, fd: int, owner: int) -> None:
    """Remove an area: its folder first, then its lock file, the lock held throughout (only in the process
    that made it: a forked child exiting leaves its parent's area alone)."""
    if os.getpid() != owner:
        return
    try:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock_path)
    finally:
        os.close(fd)


class Area:
    """A staging folder owned while this object lives (or until `close`)."""

    def __init__(self, root: Path) -> None:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        while True:
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
            token = f"{stamp}-{os.getpid()}-{uuid.uuid4().hex[:12]}"
            lock_path = root / f"{token}{LOCK_SUFFIX}"
            fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            # A sweep may have taken the fresh lock file before us and removed it: start again then.
            if _same_file(lock_path, fd):
                break
            os.close(fd)
        self.path = root / token
        self.path.mkdir(mode=0o700)
        self._finalizer = weakref.finalize(self, _release, self.path, lock_path, fd, os.getpid())

    def file(self, name: str) -> Path:
        """A fresh path in the area, its name ending with `name` (e.g. `orders.parquet`)."""
        return self.path / f"{uuid.uuid4().hex[:12]}-{name}"

    @property
    def closed(self) -> bool:
        """True once the area is removed."""
        return not self._finalizer.alive

    def close(self) -> None:
        """Remove the area and every file still in it."""
        self._finalizer()

    def __enter__(self) -> Area:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sweep(root: Path) -> list[str]:
    """Remove the areas under `root` that nobody holds (their writer finished or died); return their names.

    An area whose lock is held is in use and left as it is. A folder without a lock file cannot be in use
    (an owner locks before making its folder and removes the folder before its lock file) and goes too.
    """
    removed: list[str] = []
    if not root.is_dir():
        return removed
    for lock_path in sorted(root.glob(f"*{LOCK_SUFFIX}")):
        try:
            fd = os.open(lock_path, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its owner is at work
            if not _same_file(lock_path, fd):
                continue  # removed meanwhile by another sweep
            name = lock_path.name[: -len(LOCK_SUFFIX)]
            shutil.rmtree(root / name, ignore_errors=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(lock_path)
            removed.append(name)
        finally:
            os.close(fd)
    for folder in root.iterdir():
        if folder.is_dir() and not (root / f"{folder.name}{LOCK_SUFFIX}").exists():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed
