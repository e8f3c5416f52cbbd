"""Strings of the data-quality page, its command and merges."""

STRINGS: dict[str, tuple[str, str]] = {
    "quality.merge.error.denied": (
        "Объединять клиентов могут только аналитик и администратор (ваша роль: {role}).",
        "Only analysts and administrators may merge customers (your role: {role}).",
    ),
    "quality.merge.error.nothing": (
        "Выберите дубликаты и клиента, который останется.",
        "Choose the duplicates and the customer who stays.",
    ),
    "quality.merge.error.self": (
        "Клиента {id} нельзя объединить с самим собой.",
        "Customer {id} cannot be merged into themselves.",
    ),
    "quality.merge.error.unknown": (
        "В текущих данных нет клиентов: {ids} (возможно, они уже объединены).",
        "The current data has no customers: {ids} (perhaps they were merged already).",
    ),
    "quality.merge.error.merged": (
        "Клиент {id} уже объединён с {to}.",
        "Customer {id} is already merged into {to}.",
    ),
    "quality.merge.error.not_merged": (
        "Клиент {id} не объединён ни с кем.",
        "Customer {id} is not merged into anyone.",
    ),
}
