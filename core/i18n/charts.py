"""Strings of the chart downloads and of the formatting shared by every page."""

STRINGS: dict[str, tuple[str, str]] = {
    "chart.data": ("Данные графика", "Chart data"),
    "chart.download_csv": ("CSV для Excel", "CSV for Excel"),
    "chart.download_xlsx": ("Книга Excel (XLSX)", "Excel workbook (XLSX)"),
    "chart.col.series": ("Ряд", "Series"),
    "chart.col.x": ("Подпись", "Label"),
    "chart.col.y": ("Значение", "Value"),
    "chart.col.value": ("Значение", "Value"),
    "chart.col.from": ("Откуда", "From"),
    "chart.col.to": ("Куда", "To"),
}
