"""Translations in the language of this session."""
from __future__ import annotations

from typing import Any

import streamlit as st

from core import fmt
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

LANG_KEY = "lang"


def lang() -> str:
    """The session's interface language ('ru' by default)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, **values: Any) -> str:
    """The string `key` in the session's language."""
    return t(key, lang(), **values)


# core.fmt formats numbers and dates in the session's language wherever a page calls it.
fmt.follow(lang)
