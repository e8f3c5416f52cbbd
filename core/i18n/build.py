"""Strings of the build of a new data version: the name of each step, shown in the upload's progress."""

STRINGS: dict[str, tuple[str, str]] = {
    "build.step.contact_events": ("Сопоставление рассылок с клиентами", "Matching the messages to customers"),
    "build.step.daily_margin": ("Маржа строк заказов по дням и категориям", "The order lines' margin by day and category"),
    "build.step.monthly_sales": ("Выручка и покупатели по месяцам", "Revenue and buyers by month"),
    "build.step.customer_days": ("Заказы каждого клиента по дням", "Each customer's orders by day"),
    "build.step.customer_categories": ("Покупки каждого клиента по категориям", "Each customer's purchases by category"),
    "build.step.customer_activity": ("Заказы и обращения каждого клиента", "Each customer's orders and interactions"),
    "build.step.customer_acquisition": ("Первые заказы и каналы привлечения", "First orders and acquisition channels"),
    "build.step.customer_model": ("Модель клиентов (типы базы, RFM, ABC)", "The customer model (base types, RFM, ABC)"),
    "build.step.clv_scores": ("Прогноз LTV (подбор модели, оценки клиентов)",
                              "Predicted LTV (fitting the model, scoring customers)"),
    "build.step.segment_model": ("Таблица конструктора сегментов", "The segment builder's table"),
    "build.step.results": ("Показатели страниц, чтобы они открывались сразу",
                           "The pages' figures, so they open at once"),
    "build.step.other": ("Подготовка данных", "Preparing the data"),
}
