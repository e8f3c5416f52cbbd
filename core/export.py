"""Downloads that open correctly in Russian Excel: CSV in UTF-8 with a BOM, `;` separators, decimal commas.

`to_csv` also neutralises text cells a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, a tab or a carriage return): they get a leading apostrophe, so a customer named
`=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import polars as pl

BOM = "\ufeff"
FORMULA_START = r"^[=+\-@\t\r]"


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that starts like a formula prefixed by an apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items() if dtype == pl.String
    )


def to_csv(frame: pl.DataFrame, headers: dict[str, str] | None = None) -> bytes:
    """CSV bytes for Excel: BOM, `;` separator, decimal comma, dates as 31.12.2026, safe text cells.

    `headers` renames columns for the reader (column -> visible header).
    """
    safe = neutralise(frame)
    if headers:
        safe = safe.rename({k: v for k, v in headers.items() if k in safe.columns})
    text = safe.write_csv(separator=";", decimal_comma=True, date_format="%d.%m.%Y",
                          datetime_format="%d.%m.%Y %H:%M:%S", quote_style="necessary")
    return (BOM + text).encode("utf-8")


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """`frame` as CSV bytes for Russian Excel (UTF-8 BOM, `;`, decimal comma, dates as DD.MM.YYYY)."""
    text = frame.write_csv(separator=";", decimal_comma=True, date_format="%d.%m.%Y", include_bom=False)
    return "\ufeff".encode() + text.encode("utf-8")
