"""The one error type of the ingest package: a code (an i18n key suffix) and the values for its message."""

from __future__ import annotations


class IngestError(ValueError):
    """Bad input the user must fix; shown as ``t("upload.error." + code, lang, **params)``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params
