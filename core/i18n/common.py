"""Strings shared by the whole interface: app frame, sidebar, navigation, common messages."""

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("Клиентская база", "Customer Base"),
    "app.tagline": (
        "Из кого состоит база, кто в сегменте и как меняются удержание, средний чек и LTV",
        "What the base consists of, who is in a segment, and how retention, average check and LTV move",
    ),
    "sidebar.language": ("Язык", "Language"),
    "sidebar.as_of": ("Дата анализа", "Analysis date"),
    "sidebar.as_of.help": (
        "Все показатели считаются на эту дату. По умолчанию — дата последнего заказа в данных; пока дату не "
        "выбрали (в календаре или ссылкой), она следует за новыми данными.",
        "Every figure is computed as of this date. Defaults to the latest order date in the data; until a date "
        "is chosen (in the calendar or by a link), it follows new data.",
    ),
    "sidebar.period": ("Период", "Period"),
    "sidebar.period.help": (
        "Отчётный период; обе границы включаются.",
        "The reporting period; both ends are included.",
    ),
    "sidebar.period.month": ("Последние 30 дней", "Last 30 days"),
    "sidebar.period.quarter": ("Последние 90 дней", "Last 90 days"),
    "sidebar.period.year": ("Последние 365 дней", "Last 365 days"),
    "sidebar.period.this_month": ("Этот месяц", "This month"),
    "sidebar.period.this_quarter": ("Этот квартал", "This quarter"),
    "sidebar.period.this_year": ("С начала года", "Year to date"),
    "sidebar.period.last_month": ("Прошлый месяц", "Previous month"),
    "sidebar.period.last_quarter": ("Прошлый квартал", "Previous quarter"),
    "sidebar.period.last_year": ("Прошлый год", "Previous year"),
    "sidebar.period.custom": ("Свой период", "Custom period"),
    "sidebar.period.range": ("Начало и конец периода", "Period start and end"),
    "sidebar.data": ("Версия данных № {generation}", "Data version {generation}"),
    "sidebar.data.since": ("Версия данных № {generation} от {created}", "Data version {generation} of {created}"),
    "sidebar.data.pending": (
        "Готовится версия № {pending} с новыми данными; пока показана прежняя. "
        "Новая появится при следующем действии на странице.",
        "Version {pending} with new data is being prepared; the previous one is shown meanwhile. "
        "The new one appears with your next action on the page.",
    ),
    "sidebar.data.failed": (
        "Новые данные (версия № {generation}) не удалось подготовить, поэтому показаны прежние. "
        "Сообщите администратору: подробности в журнале сервера.",
        "The new data (version {generation}) could not be prepared, so the previous data is shown. "
        "Tell an administrator: the server log has the details.",
    ),
    "sidebar.bad_link": (
        "В ссылке неверный параметр «{name}»: {value}. Использовано значение по умолчанию.",
        "The link has an invalid «{name}»: {value}. The default is used instead.",
    ),
    "nav.section.overview": ("Обзор", "Overview"),
    "nav.section.analysis": ("Анализ", "Analysis"),
    "nav.section.data": ("Данные", "Data"),
    "nav.section.admin": ("Администрирование", "Administration"),
    "nav.overview": ("Обзор", "Overview"),
    "banner.demo": (
        "Рабочая область была пустой, поэтому загружены демонстрационные данные ({customers} клиентов). "
        "Загрузите свои выгрузки на странице «Загрузка данных»: первая загрузка заменит демонстрационные данные.",
        "The workspace was empty, so demo data was loaded ({customers} customers). "
        "Upload your own exports on the «Data upload» page: the first upload replaces the demo data.",
    ),
    "common.computing": (
        "Считаю для выбранных даты, периода и настроек (в первый раз; потом — сразу)…",
        "Computing for the chosen date, period and settings (the first time; then at once)…",
    ),
    "common.out_of_memory": (
        "Этот расчёт не уместился в память, отведённую базе данных (часть KB_MEMORY_LIMIT), и остановлен; "
        "данные не изменились. Повторите позже, когда сервер менее занят, или увеличьте KB_MEMORY_LIMIT.",
        "This computation did not fit in the memory given to the database (a share of KB_MEMORY_LIMIT) and was "
        "stopped; no data changed. Try again later, when the server is less busy, or raise KB_MEMORY_LIMIT.",
    ),
    "common.empty": ("Нет данных за выбранный период.", "No data for the chosen period."),
    "common.stale": (
        "Данные только что обновились — страница перестроена по новым данным.",
        "The data has just been updated; the page was rebuilt on the new data.",
    ),
    "common.definition": ("Определение", "Definition"),
    "common.download_csv": ("Скачать CSV", "Download CSV"),
    "common.choose": ("Выберите…", "Choose…"),
    "common.month": ("Месяц", "Month"),
    "common.customers": ("Клиенты", "Customers"),
    "common.orders": ("Заказы", "Orders"),
    "common.revenue": ("Выручка", "Revenue"),
    "common.aov": ("Средний чек", "Average check"),
    "common.buyers": ("Покупатели", "Buyers"),
    "overview.title": ("Обзор клиентской базы", "Customer base overview"),
    "overview.period": ("Период: {start} — {end}", "Period: {start} — {end}"),
    "overview.kpi.customers": ("Клиентов в базе", "Customers in the base"),
    "overview.kpi.customers.help": (
        "Все контакты на дату анализа: клиенты из справочника и все, у кого есть выполненный заказ до этой даты.",
        "Every contact as of the analysis date: customers in the customer list plus everyone with a "
        "completed order on or before that date.",
    ),
    "overview.kpi.buyers": ("Покупателей за период", "Buyers in the period"),
    "overview.kpi.buyers.help": (
        "Различные клиенты с выполненным заказом в периоде.",
        "Distinct customers with a completed order dated in the period.",
    ),
    "overview.kpi.revenue": ("Выручка за период", "Revenue in the period"),
    "overview.kpi.revenue.help": (
        "Сумма выполненных заказов в периоде (отменённые и возвраты не учитываются).",
        "Sum of completed orders dated in the period (cancellations and returns excluded).",
    ),
    "overview.kpi.aov": ("Средний чек", "Average check"),
    "overview.kpi.aov.help": (
        "Выручка периода / число выполненных заказов периода.",
        "Revenue of the period / completed orders of the period.",
    ),
    "overview.chart.revenue": ("Выручка и покупатели по месяцам", "Revenue and buyers by month"),
    "overview.chart.revenue.help": (
        "Сумма выполненных заказов и число различных покупателей в каждом календарном месяце.",
        "Sum of completed orders and distinct buyers in each calendar month.",
    ),
    "cli.warm.done": (
        "Версия данных № {generation}: сохранено показателей — {calls}, не удалось — {failed}, за {seconds} с.",
        "Data version {generation}: {calls} results stored, {failed} failed, in {seconds} s.",
    ),
    "cli.error.workspace": ("Рабочая область недоступна: {error}", "The workspace is unavailable: {error}"),
    "cli.demo.chunk": (
        "Демо-данные: записано {done} из {total} клиентов",
        "Demo data: {done} of {total} customers written",
    ),
}
