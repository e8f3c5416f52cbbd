"""Shared widgets: KPI cards with their definitions, tables, and the empty state."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from core import display
from ui.i18n import lang, tr

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
    """A table across the page, without the index, every column read in the session's language.

    Numbers and dates stay values, so a click on a column's heading sorts by value (9 before 10); each
    column is given the grid's format for its kind (`core.display.grid`): numbers `1 234 567,89` with one
    number of decimals down a column (money with its sign in the heading: «Выручка, ₽»), per cent
    `83,1 %`, dates `02.11.2026`, in English `1,234,567.89`, `Nov 2, 2026`; phones in groups, a missing
    value `—`. `formats` names a column's kind where its type does not say it, e.g. `{"share": "share"}`.

    The grid formats numbers in the browser's language (`Intl`): the page's script (`ui.streamlit_ru`)
    makes that the session's language, and writes the grid's accessible copy (what a screen reader reads,
    by default the raw value «1234567.89») as the grid draws it, by the column kinds this table leaves
    on its container.
    """
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(data, strict=False)
    values, columns = display.grid(frame, formats, lang())
    config: dict[str, Any] = {name: _column(name, column) for name, column in columns.items() if column.kind != "auto"}
    for name, given in dict(options.pop("column_config", None) or {}).items():
        if isinstance(given, dict) and isinstance(config.get(name), dict):
            given = {**config[name], **given, "type_config": {**config[name].get("type_config", {}),
                                                              **given.get("type_config", {})}}
        config[name] = given
    holder = st.container(key=_grid_key(columns))
    return holder.dataframe(values, column_config=config,
                            **({"hide_index": True, "width": "stretch", "placeholder": MISSING} | options))


def _grid_key(columns: Mapping[str, display.GridColumn]) -> str:
    """The key of a table's container: the column kinds (`GridColumn.spec`, read by the page's script),
    then what tells apart tables of the same kinds in one run (stable from run to run: the grid keeps its
    sort order while the page reruns)."""
    spec = "-".join(column.spec for column in columns.values())
    digest = hashlib.blake2s("\x1f".join(columns).encode(), digest_size=4).hexdigest()
    base = f"kbgrid_{spec}__{digest}"
    ctx = get_script_run_ctx()
    used = ctx.shared.widget_user_keys_this_run if ctx is not None else ()
    n = 0
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


def _column(name: str, column: display.GridColumn) -> Any:
    """The Streamlit column config of one grid column."""
    label = f"{name}, {column.unit}" if column.unit else name
    if column.kind == "number":
        return st.column_config.NumberColumn(label, format="localized", step=10 ** -column.decimals)
    if column.kind == "percent":
        return st.column_config.NumberColumn(label, format="percent", step=10 ** -(column.decimals + 2))
    if column.kind == "plain":
        return st.column_config.NumberColumn(label, format="%d", step=1)
    if column.kind == "date":
        return st.column_config.DateColumn(label, format=column.moment)
    if column.kind == "datetime":
        return st.column_config.DatetimeColumn(label, format=column.moment)
    return st.column_config.TextColumn(label)
