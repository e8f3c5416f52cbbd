"""The one error type of the ingest package: a code (an i18n key suffix) and the values for its message."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator


class IngestError(ValueError):
    """Bad input the user must fix; shown as ``t("upload.error." + code, lang, **params)``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


def field_label(name: str, lang: str, kind: str | None = None) -> str:
    """A field's name in words, the kind's own where a field means something else in it (``cost``)."""
    from core.i18n import has, t

    specific = f"upload.field.{kind}.{name}"
    return t(specific if kind and has(specific) else f"upload.field.{name}", lang)


def field_names(groups: list[list[str]], lang: str) -> str:
    """Field groups in words: ``[["customer_id", "email"], ["amount"]]`` -> "Код клиента / E-mail, Сумма"."""
    from core.i18n import t

    return ", ".join(" / ".join(t(f"upload.field.{f}", lang) for f in group) for group in groups)


def message(error: IngestError, lang: str) -> str:
    """The error's message in the user's language."""
    from core.i18n import t

    params = dict(error.params)
    if isinstance(params.get("fields"), list):
        params["fields"] = field_names(params["fields"], lang)
    return t(f"upload.error.{error.code}", lang, **params)


@contextlib.contextmanager
def unreadable_as_error(name: str) -> Iterator[None]:
    """Turn a reader's failure on malformed content (Polars, csv, decoding) into ``IngestError("unreadable")``."""
    import polars as pl

    try:
        yield
    except IngestError:
        raise
    except (pl.exceptions.PolarsError, csv.Error, UnicodeError, ValueError, OverflowError) as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise IngestError("unreadable", detail=f"{name}: {first_line[:200]}") from exc
