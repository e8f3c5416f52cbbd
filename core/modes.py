"""Owner-only files: the workspace holds personal data, so nobody but the account running the product
may read it (files 0600, folders 0700), as `users.json` always was.

`owner_only` sets the process's umask, so every file created afterwards is private whoever writes it:
Polars' Parquet files, the JSON stores and logs, DuckDB's database, WAL and temporary files.
`tighten` corrects what an older version (or a copy made by hand) left readable to others.
"""
from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


def owner_only() -> None:
    """Make files and folders created from now on by this process readable by their owner only."""
    os.umask(os.umask(UMASK) | UMASK)


def tighten(root: Path) -> list[Path]:
    """Take every permission of group and others off `root` and everything under it; return what changed.

    Files owned by another account (which this process could not change) are left as they are.
    """
    changed: list[Path] = []

    def fix(path: Path, wanted: int) -> None:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):
            return
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            with contextlib.suppress(PermissionError, FileNotFoundError):
                os.chmod(path, mode & wanted)
                changed.append(path)

    fix(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs:
            fix(base / name, DIR_MODE)
        for name in files:
            fix(base / name, FILE_MODE)
    return changed
