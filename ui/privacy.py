"""Customer-level tables and downloads on pages, with personal data masked per role and downloads audited.

    from ui import privacy
    privacy.table(frame)                                      # st.dataframe of what this viewer may see
    privacy.download_button(frame, "segment.csv", "segment «VIP»")   # CSV for Russian Excel, audited

Keep the canonical column names (`name`, `email`, `phone`, `birth_date`, `text`, `consent_email`,
`consent_sms`) in the frame you pass; rename columns for display with `column_config` only.
"""
from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from core import audit, export
from core import privacy as core_privacy
from ui import db, state, widgets
from ui.i18n import tr


def table(frame: pl.DataFrame, **dataframe_args: Any) -> None:
    """`st.dataframe` of `frame` as the signed-in viewer may see it, with a note when values are masked."""
    viewer = state.viewer()
    shown = core_privacy.present(frame, viewer)
    if core_privacy.is_customer_level(frame) and not viewer.can("personal_data"):
        st.caption(tr("privacy.masked_consent" if viewer.can("consented_contacts") else "privacy.masked"))
    widgets.table(shown, **dataframe_args)


def download_button(frame: pl.DataFrame, file_name: str, what: str, label_key: str = "common.download_csv",
                    key: str | None = None) -> None:
    """A CSV download of `frame` (masked per role) recorded in the audit log when clicked; nothing for
    roles that may not download."""
    viewer = state.viewer()
    if not export.can_download(viewer):
        return
    data = export.csv_bytes(export.downloadable(frame, viewer))
    st.download_button(tr(label_key), data, file_name=file_name, mime="text/csv", key=key,
                       icon=":material/download:", on_click=_record, args=(viewer, what, frame.height))


def audited_download(container: Any, label: str, data: bytes, file_name: str, what: str, rows: int,
                     **button_args: Any) -> None:
    """`container.download_button` (st or a column) whose click is recorded in the audit log."""
    container.download_button(label, data, file_name=file_name, on_click=_record,
                              args=(state.viewer(), what, rows), **button_args)


def _record(viewer, what: str, rows: int) -> None:
    audit.record(db.workspace(), viewer, "download", what, rows)


def record_download(viewer, what: str, rows: int) -> None:
    """Record a download of `rows` rows of `what` by `viewer` in the audit log (a button's `on_click`)."""
    _record(viewer, what, rows)
