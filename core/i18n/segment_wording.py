"""Strings of segment rules read aloud (core/segments/wording.py) and of the conditions on a chosen category."""

STRINGS: dict[str, tuple[str, str]] = {
    "segments.say.all": ("И", "AND"),
    "segments.say.any": ("ИЛИ", "OR"),
    "segments.say.not": ("НЕ ({text})", "NOT ({text})"),
    "segments.say.yes": ("да", "yes"),
    "segments.say.no": ("нет", "no"),
    "segments.say.eq": ("{field}: {value}", "{field}: {value}"),
    "segments.say.in": ("{field}: одно из {values}", "{field}: any of {values}"),
    "segments.say.contains": ("{field} содержит {values}", "{field} contains {values}"),
    "segments.say.gte": ("{field} не меньше {value}", "{field} at least {value}"),
    "segments.say.lte": ("{field} не больше {value}", "{field} at most {value}"),
    "segments.say.between": ("{field} от {low} до {high}", "{field} from {low} to {high}"),
    "segments.say.share_of": ("Доля категории {category} в покупках", "Share of {category} in purchases"),
    "segments.say.days.one": ("за последний {n} день", "in the last {n} day"),
    "segments.say.days.few": ("за последние {n} дня", "in the last {n} days"),
    "segments.say.days.many": ("за последние {n} дней", "in the last {n} days"),
    "segments.say.days.other": ("за последние {n} дня", "in the last {n} days"),
    "segments.say.bought.yes.one": ("Покупал категорию {categories} {period}", "Bought {categories} {period}"),
    "segments.say.bought.yes.many": ("Покупал одну из категорий {categories} {period}",
                                     "Bought any of {categories} {period}"),
    "segments.say.bought.not.one": ("Не покупал категорию {categories} {period}",
                                    "Did not buy {categories} {period}"),
    "segments.say.bought.not.many": ("Не покупал ни одной из категорий {categories} {period}",
                                     "Bought none of {categories} {period}"),
    "segments.say.bought.yes.ever.one": ("Покупал категорию {categories}", "Bought {categories}"),
    "segments.say.bought.yes.ever.many": ("Покупал одну из категорий {categories}", "Bought any of {categories}"),
    "segments.say.bought.not.ever.one": ("Никогда не покупал категорию {categories}", "Never bought {categories}"),
    "segments.say.bought.not.ever.many": ("Никогда не покупал ни одной из категорий {categories}",
                                          "Never bought any of {categories}"),
    "segments.rules.says": ("Сегмент: {rules}", "Segment: {rules}"),
    # The builder's widgets for the conditions on a chosen category.
    "segments.category": ("Категория", "Category"),
    "segments.category.placeholder": ("Выберите категорию…", "Choose a category…"),
    "segments.category.empty": (
        "Выберите категорию — пока условие не действует.", "Choose a category; until then the condition is off."),
    "segments.categories.none": (
        "В данных нет категорий покупок: загрузите строки заказов (или заказы с категорией).",
        "The data holds no purchase categories: upload order lines (or orders with a category)."),
    "segments.days": ("За последние, дней", "In the last, days"),
    "segments.days.placeholder": ("за всё время", "any time"),
    "segments.days.help": (
        "Пусто — за всё время до даты анализа. N — покупка категории не раньше чем N − 1 дней до даты анализа "
        "(30: покупка 29 дней назад считается, 30 дней назад — уже нет).",
        "Empty: any time up to the analysis date. N: a purchase of the category at most N − 1 days before the "
        "analysis date (30: a purchase 29 days ago counts, 30 days ago does not)."),
    # «Определения»: the conditions on a chosen category.
    "def.categories": ("Категории в сегментах", "Categories in segments"),
    "def.categories.intro": (
        "Условия сегмента на выбранную категорию и категории в карточке клиента считаются так.",
        "Segment conditions on a chosen category and the categories of the customer model are computed so."),
    "def.categories.source": ("Что покупал клиент", "What a customer bought"),
    "def.categories.source.text": (
        "строки его выполненных заказов до даты анализа, по категории верхнего уровня (первая часть пути "
        "«Обувь / Кроссовки»); выполненный заказ без строк — по своей категории и сумме.",
        "the lines of their completed orders up to the analysis date, by top-level category (the first part of "
        "the path «Shoes / Sneakers»); a completed order without lines counts with its own category and amount."),
    "def.categories.bought": ("Покупал категорию X за последние N дней", "Bought category X in the last N days"),
    "def.categories.bought.text": (
        "есть покупка X не раньше чем за N − 1 дней до даты анализа (покупка ровно N дней назад уже не "
        "считается: при N = 30 покупка 29 дней назад — да, 30 дней назад — нет); без N — за всё время. "
        "Несколько категорий — любая из них. «НЕ» — не покупал за эти дни (без N — никогда).",
        "a purchase of X at most N − 1 days before the analysis date (a purchase exactly N days ago no longer "
        "counts: with N = 30, 29 days ago yes, 30 days ago no); without N, at any time. Several categories: any of "
        "them. «NOT»: did not buy in those days (without N, never)."),
    "def.categories.share": ("Доля категории X в покупках", "Share of category X in purchases"),
    "def.categories.share.text": (
        "сумма покупок X / сумма покупок всех категорий клиента, 0–100 %; у покупавшего только другие "
        "категории — 0 %, у клиента без покупок с категорией доли нет (условие не выполнено, «НЕ» — выполнено).",
        "the purchases of X / the purchases of every category of the customer, 0–100%; 0% for one who bought "
        "other categories only; a customer without categorised purchases has no share (the condition fails, its "
        "«NOT» holds)."),
    "def.categories.top": ("Главная категория", "Top category"),
    "def.categories.top.text": (
        "категория с наибольшей суммой покупок (при равенстве — первая по алфавиту), её доля считается так же; "
        "«разных категорий» — сколько категорий покупал клиент.",
        "the category with the largest sum (ties: the first alphabetically), its share computed as above; "
        "«distinct categories» — how many categories the customer bought."),
}
