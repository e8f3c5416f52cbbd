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
    """A table across the page, without the index, every column formatted in the session's language.

    Dates read `02.11.2026`, numbers `1 234,56` with one number of decimals down a column, phones in
    groups, a missing value `—` (see `core.display`; `formats` names a column's kind where its type
    does not say it, e.g. `{"share": "share"}`). Values stay numbers and dates: columns sort by value.
    """
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(data, strict=False)
    functions = display.formatters(frame, formats)
    shown = frame.to_pandas()
    if functions:
        shown = shown.style.format(functions, na_rep=MISSING)
    return st.dataframe(shown, **({"hide_index": True, "width": "stretch", "placeholder": MISSING} | options))
