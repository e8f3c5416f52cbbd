"""Streamlit's fixed English texts and labels in Russian (Streamlit has no translations of its own);
`ui/streamlit_ru.py` puts them on the page. Not part of the translation table: only Russian is needed."""

STRINGS: dict[str, tuple[str, str]] = {}

# Exact texts (visible text, `aria-label`, `title`, `placeholder`).
STREAMLIT_RU: dict[str, str] = {
    "Upload": "Выбрать файл",
    "Browse files": "Выбрать файл",
    "Drag and drop file here": "Перетащите файл сюда",
    "Drag and drop files here": "Перетащите файлы сюда",
    "Download as CSV": "Скачать CSV",
    "Search": "Поиск",
    "Fullscreen": "Во весь экран",
    "Close fullscreen": "Свернуть",
    "Show/hide columns": "Показать или скрыть столбцы",
    "Clear all": "Очистить",
    "Clear": "Очистить",
    "Clear value": "Очистить",
    "No results": "Ничего не найдено",
    "No options to select": "Нет вариантов",
    "Choose an option": "Выберите вариант",
    "Choose options": "Выберите варианты",
    "Select all": "Выбрать все",
    "Show password": "Показать пароль",
    "Hide password": "Скрыть пароль",
    "Press Enter to apply": "Нажмите Enter, чтобы применить",
    "Press Enter to submit form": "Нажмите Enter, чтобы отправить форму",
    "Help": "Справка",
    "Increment": "Больше",
    "Decrement": "Меньше",
    "Remove": "Удалить",
    "Delete": "Удалить",
    "Close": "Закрыть",
    "Running...": "Выполняется…",
    "Stop": "Остановить",
    "Copy to clipboard": "Скопировать",
    "Show data": "Показать данные",
    "Show chart": "Показать график",
    "Open": "Открыть",
    "Open sidebar": "Открыть боковую панель",
    "Close sidebar": "Закрыть боковую панель",
    "Collapse sidebar": "Свернуть боковую панель",
    "Expand sidebar": "Развернуть боковую панель",
}

# Texts with a variable part: (JavaScript regular expression, replacement).
STREAMLIT_PATTERNS: list[tuple[str, str]] = [
    (r"^Help for (.+)$", "Справка: $1"),
    (r"^Select (\d+) matches$", "Выбрать совпадения ($1)"),
    (r"^Add: (.+)$", "Добавить: $1"),
    (r"^Remove (.+)$", "Удалить $1"),
    (r"^Limit (.+) per file(.*)$", "До $1 на файл$2"),
    (r"^(\d+)GB per file(.*)$", "До $1 ГБ на файл$2"),
    (r"^(\d+)MB per file(.*)$", "До $1 МБ на файл$2"),
    (r"^(\d+)KB per file(.*)$", "До $1 КБ на файл$2"),
]
