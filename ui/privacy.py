"""Customer-level tables and downloads on pages, with personal data masked per role and downloads audited.

    from ui import privacy
    privacy.table(frame)                                      # st.dataframe of what this viewer may see
    privacy.download_button(frame, "segment.csv", "segment «VIP»")   # CSV for Russian Excel, made on the click
    privacy.audited_download(st, label, lambda: make_bytes(), "file.xlsx", "what", rows)   # any file, the same way

Keep the canonical column names (`name`, `email`, `phone`, `birth_date`, `text`, `consent_email`,
`consent_sms`) in the frame you pass; rename columns for display with `column_config` only.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from core import audit, export
from core import privacy as core_privacy
from core.access import Viewer
from ui import client, db, media, state, widgets
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
    """A CSV download of `frame` (masked per role), made and recorded in the audit log on the click; nothing
    for roles that may not download."""
    viewer = state.viewer()
    if not export.can_download(viewer):
        return
    audited_download(st, tr(label_key), lambda: export.csv_bytes(export.downloadable(frame, viewer)), file_name,
                     what, frame.height, mime="text/csv", key=key, icon=":material/download:")


def audited_download(container: Any, label: str, make: Callable[[], bytes], file_name: str, what: str, rows: int,
                     viewer: Viewer | None = None, **button_args: Any) -> None:
    """`container.download_button` (st or a column) whose file `make()` is made only when it is clicked.

    On the click the file is made, the download is recorded in the audit log (who, when, from where, what,
    rows) and Streamlit serves it once at a URL only that click learns (`ui/media.py`); drawing the button
    stores nothing and publishes no URL. The click does not rerun the page. Inside a fragment pass `viewer`
    (`ctx.viewer`): `state.viewer()` belongs to a full run of the page.
    """
    media.install()
    # The click's callable runs in a thread of its own, outside the session: who and from where are taken now.
    ws, viewer, address = db.workspace(), viewer or state.viewer(), client.address()

    def on_click() -> bytes:
        data = make()
        audit.record(ws, viewer, "download", what, rows, address=address)
        return media.hand_over(data)

    container.download_button(label, on_click, file_name=file_name, on_click="ignore", **button_args)
