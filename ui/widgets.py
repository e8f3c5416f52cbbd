"""Shared widgets: KPI cards with their definitions, tables, and the empty state."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st

from core import display
from ui.i18n import tr

MISSING = "—"


def kpi(column, label_key: str, value: str, delta: str | None = None, **options) -> None:
    """A metric card whose help text is the figure's definition (`<label_key>.help`); `options` go to st.metric."""
    column.metric(tr(label_key), value, delta=delta, help=tr(f"{label_key}.help"), **options)


def empty_state(key: str = "common.empty") -> None:
    """The message shown where there is nothing to show (by default: the chosen period has no data)."""
    st.info(tr(key), icon=":material/hourglass_empty:")


def multiselect(container: Any, label: str, options: Any, **options_: Any) -> list:
    """`st.multiselect` without the bulk actions («Select all», «Select 2 matches»): typing a value and
    pressing Enter adds that one option, never every option it matches; typing filters by substring."""
    placeholder = options_.pop("placeholder", tr("common.choose"))
    return container.multiselect(label, options, placeholder=placeholder,
                                 **({"select_all": False, "filter_mode": "contains"} | options_))


def table(data: Any, formats: Mapping[str, str] | None = None, **options: Any):
    """A table across the page, without the index, every column written in the session's language.

    Dates read `02.11.2026`, numbers `1 234,56` with one number of decimals down a column, phones in
    groups, a missing value `—` (see `core.display`; `formats` names a column's kind where its type
    does not say it, e.g. `{"share": "share"}`); figures are right-aligned. The cells hold that text,
    not the raw values, because the grid's accessible copy (what a screen reader reads) and its copy
    to the clipboard use the cell's value: a Styler's formatting would reach only the drawn canvas.
    """
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(data, strict=False)
    shown = display.as_text(frame, formats)
    figures = {name: st.column_config.TextColumn(alignment="right") for name in display.figures(frame, formats)}
    config = figures | dict(options.pop("column_config", None) or {})
    for name, column in figures.items():  # a page's label for a figure column keeps the alignment
        if name in config and config[name] is not column and isinstance(config[name], dict):
            config[name] = {**config[name], "alignment": "right"}
    return st.dataframe(shown, column_config=config,
                        **({"hide_index": True, "width": "stretch", "placeholder": MISSING} | options))
