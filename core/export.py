"""Downloads that open correctly in Russian Excel: CSV in UTF-8 with a BOM, `;` separators, decimal commas."""

from __future__ import annotations

import polars as pl


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """`frame` as CSV bytes for Russian Excel (UTF-8 BOM, `;`, decimal comma, dates as DD.MM.YYYY)."""
    text = frame.write_csv(separator=";", decimal_comma=True, date_format="%d.%m.%Y", include_bom=False)
    return "\ufeff".encode() + text.encode("utf-8")
