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
    # The quality page's missing fields: a customer without e-mail and phone.
    "quality.value.contact": ("Контакт (e-mail или телефон)", "Contact (e-mail or phone)"),
    # The upload page's column mapping.
    "upload.mapping.one_of": ("Чтобы узнать клиента, достаточно одного из полей: {fields}.",
                              "One of these fields is enough to know the customer: {fields}."),
    "upload.mapping.required_mark": ("* — обязательное поле.", "* — a required field."),
    # The audit log's descriptions of events (core/audit.describe).
    "audit.what.upload": ("{kind}, {mode}: {file}{demo}", "{kind}, {mode}: {file}{demo}"),
    "audit.what.mode.append": ("добавление", "appended"),
    "audit.what.mode.replace": ("замена набора", "replaced"),
    "audit.what.demo_removed": ("; демо-данные удалены", "; demo data removed"),
    "audit.what.user_add": ("{user} ({role})", "{user} ({role})"),
    "audit.what.user_role": ("{user} → {role}{manager}", "{user} → {role}{manager}"),
    "audit.what.erase": ("клиент {customer}{merged}", "customer {customer}{merged}"),
    "audit.what.merged": (" (объединённых кодов: {count})", " (merged ids: {count})"),
    "audit.what.segment": ("сегмент «{segment}»", "segment «{segment}»"),
    "audit.what.metrics_report": ("отчёт по показателям ({grain})", "metrics report ({grain})"),
    "audit.what.quality_list": ("список проверки качества: {list}", "data quality list: {list}"),
    "audit.what.rejected": ("отклонённые строки файла {file}", "rejected rows of {file}"),
    "audit.what.customer_chart": ("график заказов клиента {customer}", "orders chart of customer {customer}"),
}
