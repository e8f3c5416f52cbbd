"""The one error type of the ingest package: a code (an i18n key suffix) and the values for its message."""

from __future__ import annotations


class IngestError(ValueError):
    """Bad input the user must fix; shown as ``t("upload.error." + code, lang, **params)``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


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
