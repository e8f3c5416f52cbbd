"""Every chart of the dashboard is drawn here: Plotly's toolbar in the session's language with a PNG
download, and the chart's numbers as CSV or Excel (made only when clicked; recorded in the audit log
when they are one customer's data)."""
from __future__ import annotations

import hashlib
import re
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from core import charts, export
from core.access import Viewer
from ui import state
from ui.i18n import lang, tr

# Plotly's own texts in Russian (its toolbar and hover), given with each chart rather than registered.
PLOTLY_RU: dict[str, Any] = {
    "dictionary": {
        "Download plot as a PNG": "Скачать график (PNG)",
        "Download plot": "Скачать график",
        "Zoom": "Увеличить область",
        "Pan": "Сдвиг",
        "Box Select": "Выделить прямоугольником",
        "Lasso Select": "Выделить лассо",
        "Zoom in": "Приблизить",
        "Zoom out": "Отдалить",
        "Autoscale": "Автомасштаб",
        "Reset axes": "Сбросить оси",
        "Reset view": "Сбросить вид",
        "Toggle Spike Lines": "Линии к осям",
        "Show closest data on hover": "Ближайшая точка",
        "Compare data on hover": "Сравнить точки",
        "Taking snapshot - this may take a few seconds": "Сохраняем изображение…",
        "Snapshot succeeded": "Изображение сохранено",
        "Sorry, there was a problem downloading your image!": "Не удалось сохранить изображение",
        "Double-click to zoom back out": "Двойной щелчок — исходный масштаб",
        "Fullscreen": "Во весь экран",
    },
    "format": {
        "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
        "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
        "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                   "октябрь", "ноябрь", "декабрь"],
        "shortMonths": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": "\u00a0",
    },
}


def config(name: str) -> dict[str, Any]:
    """Plotly's settings for a chart: the toolbar's texts in the session's language, PNG named after the chart."""
    return {
        "displaylogo": False,
        "locale": lang(),
        "locales": {"ru": PLOTLY_RU},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2},
    }


def _name(fig: go.Figure) -> str:
    """A file name from what the chart shows: its value axis's title, else its first series' name."""
    title = getattr(fig.layout.yaxis.title, "text", None) or next((t.name for t in fig.data if t.name), None)
    return re.sub(r"[^\w]+", "_", title or "chart").strip("_").lower()[:40] or "chart"


def show(container: Any, fig: go.Figure, name: str | None = None, personal: str | None = None,
         **options: Any) -> Any:
    """Draw `fig` in `container` (st or a column) with its data downloads; returns Streamlit's chart result
    (the selection event when `on_select` is given).

    `name` names the files (by default the value axis's title); `personal` says whose data a chart of one
    customer shows: its download is recorded in the audit log.
    """
    where = container
    name = name or _name(fig)
    digest = hashlib.sha1(repr((name, options.get("key"), [(t.type, t.name) for t in fig.data],
                                fig.layout.xaxis.title.text)).encode()).hexdigest()[:10]
    event = where.plotly_chart(fig, config=config(name) | options.pop("config", {}), **options)
    # The signed-in viewer as the router stored it (not `state.viewer()`: inside a fragment's rerun that would
    # route the whole app again and draw the sidebar from within the fragment).
    viewer = st.session_state.get(state.VIEWER_KEY)
    if isinstance(viewer, Viewer) and export.can_download(viewer):
        with where.popover(tr("chart.data"), icon=":material/download:"):
            columns = {"series": tr("chart.col.series"), "x": tr("chart.col.x"), "y": tr("chart.col.y"),
                       "value": tr("chart.col.value"), "from": tr("chart.col.from"), "to": tr("chart.col.to")}
            make_csv = lambda: export.csv_bytes(charts.data(fig, columns))  # noqa: E731
            make_xlsx = lambda: export.xlsx_bytes(charts.data(fig, columns), sheet=name[:31])  # noqa: E731
            xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if personal:
                # One customer's data: made on the click, recorded in the audit log, served once (ui/privacy.py).
                from ui import privacy  # privacy draws tables with ui.widgets; imported here, when needed

                points = sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)
                privacy.audited_download(st, tr("chart.download_csv"), make_csv, f"{name}.csv", personal, points,
                                         viewer=viewer, mime="text/csv", key=f"chart_csv_{digest}",
                                         icon=":material/table:")
                privacy.audited_download(st, tr("chart.download_xlsx"), make_xlsx, f"{name}.xlsx", personal, points,
                                         viewer=viewer, mime=xlsx, key=f"chart_xlsx_{digest}",
                                         icon=":material/grid_on:")
            else:
                st.download_button(tr("chart.download_csv"), make_csv, file_name=f"{name}.csv", mime="text/csv",
                                   key=f"chart_csv_{digest}", icon=":material/table:", on_click="ignore")
                st.download_button(tr("chart.download_xlsx"), make_xlsx, file_name=f"{name}.xlsx", mime=xlsx,
                                   key=f"chart_xlsx_{digest}", icon=":material/grid_on:", on_click="ignore")
    return event


PREFETCH_KEY = "kb_prefetch_charts"


def prefetch() -> None:
    """Have the browser load Plotly's code now, unseen: Streamlit fetches and parses it (a few MB of
    JavaScript) when a page first draws a chart, which made the overview after «Войти» wait for it. The
    login page draws an empty chart in a hidden container, so it is loaded while the visitor types."""
    with st.container(key=PREFETCH_KEY):
        st.plotly_chart(go.Figure(), config={"displayModeBar": False, "staticPlot": True}, key="kb_prefetch_chart")
    st.html(f"<style>.st-key-{PREFETCH_KEY} {{display: none}}</style>")
