"""Downloads: what a viewer may download, and CSV files that open in Russian Excel.

Every customer-level download goes through `prepare(frame, viewer)` (permission check, then
`privacy.present`), and the caller records it with `audit.record(ws, viewer, "download", what, rows)`;
`ui/downloads.py::download_button` does all three for pages.
"""
from __future__ import annotations

import polars as pl

from core import privacy
from core.access import Viewer


def can_download(viewer: Viewer) -> bool:
    """True when the viewer's role may download anything (executives may not)."""
    return viewer.can("download")


def prepare(frame: pl.DataFrame, viewer: Viewer) -> pl.DataFrame:
    """The rows `viewer` may download: refused without the download permission, personal data masked per role."""
    if not can_download(viewer):
        raise privacy.NotAllowed(f"role {viewer.role!r} may not download")
    return privacy.present(frame, viewer)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV for Russian Excel: UTF-8 with a BOM, `;` between fields, decimal commas, dates as 31.12.2026."""
    text = frame.write_csv(separator=";", decimal_comma=True, date_format="%d.%m.%Y",
                           datetime_format="%d.%m.%Y %H:%M:%S")
    return ("\ufeff" + text).encode("utf-8")
