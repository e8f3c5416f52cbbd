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

STRINGS.update({
    "nav.quality": ("Качество данных", "Data quality"),
    "quality.title": ("Качество данных", "Data quality"),
    "quality.caption": (
        "Дубликаты, неверные контакты, устаревшие записи, покрытие согласиями и аномалии заказов в "
        "версии данных № {generation} на дату анализа {as_of}.",
        "Duplicates, invalid contacts, stale records, consent coverage and order anomalies in data "
        "version {generation} as of {as_of}.",
    ),
    "quality.stale_days": ("Контакт устарел после, дней без активности", "A contact is stale after days without activity"),
    "quality.stale_days.help": (
        "Активность — заказ в любом статусе, обращение или регистрация не позже даты анализа.",
        "Activity is an order of any status, an interaction or the registration, on or before the analysis date.",
    ),
    "quality.scores": ("Оценка качества", "Quality score"),
    "quality.scores.help": (
        "Оценка набора = 100 × (1 − строки с проблемой / все строки). Заказы: нет номера, клиента, даты или "
        "суммы; нулевая или выбросная сумма; дата позже сегодняшней. Клиенты (по одному на id): нет id; нет "
        "ни e-mail, ни телефона; неверный e-mail или телефон; дубликат (кроме остающегося); регистрация позже "
        "сегодняшней. Обращения: нет клиента, даты или типа; NPS вне 0–10; дата позже сегодняшней. Расходы: "
        "нет даты, канала или суммы; отрицательная сумма; дата позже сегодняшней. Состав заказов: строка заказа, "
        "которого нет в заказах. Общая — среднее по наборам "
        "с данными. От даты анализа не зависит.",
        "Dataset score = 100 × (1 − rows with a problem / all rows). Orders: no id, customer, date or amount; "
        "a zero or outlying amount; a date after today. Customers (one per id): no id; neither e-mail nor "
        "phone; an invalid e-mail or phone; a duplicate (other than the one who stays); registered after "
        "today. Interactions: no customer, date or type; NPS outside 0–10; a date after today. Spend: no "
        "date, channel or amount; a negative amount; a date after today. Order lines: a line of an order the data "
        "does not hold. Overall: the mean over datasets "
        "holding rows. Does not depend on the analysis date.",
    ),
    "quality.score.overall": ("Общая оценка", "Overall score"),
    "quality.score.delta": ("к версии данных № {generation}", "vs data version {generation}"),
    "quality.dataset.orders": ("Заказы", "Orders"),
    "quality.dataset.customers": ("Клиенты", "Customers"),
    "quality.dataset.interactions": ("Обращения", "Interactions"),
    "quality.dataset.spend": ("Расходы", "Spend"),
    "quality.dataset.order_lines": ("Состав заказов", "Order lines"),
    "quality.dataset.overall": ("Общая", "Overall"),
    "quality.trend": ("Оценка по загрузкам", "Score across uploads"),
    "quality.trend.help": (
        "Оценка каждой версии данных (каждая загрузка и каждое объединение клиентов создают новую версию), "
        "записанная при первом расчёте отчёта для неё.",
        "The score of each version of the data (every upload and every customer merge makes a new "
        "version), recorded when the report is first computed for it.",
    ),
    "quality.trend.generation": ("Версия данных", "Data version"),
    "quality.trend.score": ("Оценка", "Score"),
    "quality.problems": ("Списки проблем", "Problem lists"),
    "quality.list.duplicates": ("Дубликаты: одинаковый e-mail или телефон", "Duplicates: same e-mail or phone"),
    "quality.list.duplicates.help": (
        "Клиенты с разными id и одинаковым нормализованным e-mail (без пробелов, строчными) или телефоном "
        "(E.164, Россия по умолчанию), объединённые в группы. Остаётся клиент с наибольшим числом выполненных "
        "заказов, затем с самой ранней регистрацией.",
        "Customers with different ids sharing a normalised e-mail (trimmed, lower-case) or phone (E.164, "
        "Russia by default), joined into groups. The one who stays has the most completed orders, then the "
        "earliest registration.",
    ),
    "quality.list.similar_names": ("Похожие имена в одном городе", "Similar names in the same city"),
    "quality.list.similar_names.help": (
        "Слабый признак: слова имени совпадают или почти совпадают (сходство Джаро — Винклера ≥ 0,95), город "
        "тот же; пары с разными датами рождения, полом или с разными и e-mail, и телефоном не показываются, "
        "как и слишком частые в городе имена (более 30 клиентов с тем же началом имени). Проверьте вручную.",
        "A weaker signal: the name's words are the same or nearly so (Jaro-Winkler similarity ≥ 0.95) in "
        "the same city; pairs with different birth dates or genders, or with both e-mails and phones "
        "different, are left out, and so are names too common in the city (more than 30 customers starting "
        "alike). Check by hand.",
    ),
    "quality.list.invalid_emails": ("Неверные e-mail", "Invalid e-mails"),
    "quality.list.invalid_emails.help": (
        "Адрес указан, но его синтаксис неверен (проверка без обращения к сети).",
        "The address is present but its syntax is invalid (checked without network lookups).",
    ),
    "quality.list.invalid_phones": ("Неверные телефоны", "Invalid phones"),
    "quality.list.invalid_phones.help": (
        "Номер указан, но не распознаётся как действующий номер (без кода страны считается российским).",
        "The number is present but is not a valid number (numbers without a country code are read as Russian).",
    ),
    "quality.list.no_contact": ("Нет пригодного контакта", "No usable contact"),
    "quality.list.no_contact.help": (
        "Профиль без верного e-mail и без верного телефона: с клиентом нельзя связаться.",
        "A profile with neither a valid e-mail nor a valid phone: the customer cannot be reached.",
    ),
    "quality.list.stale": ("Устаревшие контакты", "Stale contacts"),
    "quality.list.stale.help": (
        "Последняя активность (заказ в любом статусе, обращение или регистрация) — более {days} дней до даты анализа.",
        "The last activity (an order of any status, an interaction or the registration) is more than {days} "
        "days before the analysis date.",
    ),
    "quality.list.consent_without_address": ("Согласие без адреса", "Consent without an address"),
    "quality.list.consent_without_address.help": (
        "Клиент согласился на рассылку по каналу, но верного адреса для него нет.",
        "The customer consented to a channel but has no valid address for it.",
    ),
    "quality.list.order_amounts": ("Нулевые и выбросные суммы заказов", "Zero and outlying order amounts"),
    "quality.list.order_amounts.help": (
        "Выполненные заказы с суммой ≤ 0 и выше границы exp(Q3 + 3 × IQR) логарифма положительных сумм "
        "выполненных заказов (дальняя граница Тьюки на логарифмической шкале: суммы заказов скошены вправо).",
        "Completed orders with an amount ≤ 0, and above the fence exp(Q3 + 3 × IQR) of the logarithm of "
        "completed positive amounts (Tukey's far-out fence on the log scale: order values are right-skewed).",
    ),
    "quality.list.future_dates": ("Даты в будущем", "Dates in the future"),
    "quality.list.future_dates.help": (
        "Строки любого набора с датой позже даты анализа или позже сегодняшнего дня.",
        "Rows of any dataset dated after the analysis date or after today.",
    ),
    "quality.list.all_cancelled": ("Все заказы отменены", "All orders cancelled"),
    "quality.list.all_cancelled.help": (
        "Клиенты, у которых есть заказы, но ни одного выполненного (все отменены или возвращены).",
        "Customers with orders but no completed one (all cancelled or returned).",
    ),
    "quality.missing": ("Незаполненные ключевые поля", "Missing key fields"),
    "quality.missing.help": (
        "Сколько строк каждого набора не содержат ключевого поля; «контакт» — нет ни e-mail, ни телефона.",
        "How many rows of each dataset lack a key field; «contact» means neither e-mail nor phone.",
    ),
    "quality.consent": ("Покрытие согласиями", "Consent coverage"),
    "quality.consent.help": (
        "По каналам среди профилей клиентов: согласие, верный адрес для канала и оба сразу (пригодны для рассылки).",
        "By channel among customer profiles: consent, a valid address for the channel, and both (usable for a mailing).",
    ),
    "quality.rows_shown": ("Показаны первые {shown} из {total}; скачайте CSV, чтобы получить все.",
                           "The first {shown} of {total} are shown; download the CSV for all of them."),
    "quality.none": ("Проблем не найдено.", "No problems found."),
    "quality.personal_hidden": (
        "Имена и контакты скрыты: у вашей роли нет доступа к персональным данным.",
        "Names and contacts are hidden: your role has no access to personal data.",
    ),
    "quality.no_customer_level": (
        "Списки клиентов доступны ролям с доступом к данным на уровне клиентов; показано только количество.",
        "Customer lists are for roles with customer-level access; only the count is shown.",
    ),
    "quality.download": ("Скачать CSV", "Download CSV"),
    "quality.merge.title": ("Объединить дубликаты", "Merge duplicates"),
    "quality.merge.help": (
        "Объединение записывает соответствие «дубликат → остающийся клиент»: заказы, обращения и профиль "
        "дубликата переходят к остающемуся во всех показателях. Файлы данных не меняются, объединение можно отменить.",
        "A merge records «duplicate → customer who stays»: the duplicate's orders, interactions and profile go "
        "to the one who stays in every figure. The data files are not changed; a merge can be undone.",
    ),
    "quality.merge.group": ("Группа", "Group"),
    "quality.merge.group_option": ("Группа {group}: {ids}", "Group {group}: {ids}"),
    "quality.merge.survivor": ("Остаётся клиент", "Customer who stays"),
    "quality.merge.reason": ("Комментарий (необязательно)", "Comment (optional)"),
    "quality.merge.button": ("Объединить", "Merge"),
    "quality.merge.done": ("Объединено: {ids} → {survivor}. Данные обновлены.",
                           "Merged: {ids} → {survivor}. The data has been updated."),
    "quality.merge.readonly": (
        "Объединять клиентов могут аналитик и администратор.",
        "Analysts and administrators can merge customers.",
    ),
    "quality.unmerge.title": ("Выполненные объединения", "Merges in force"),
    "quality.unmerge.select": ("Отменить объединение клиента", "Undo the merge of customer"),
    "quality.unmerge.button": ("Отменить объединение", "Undo merge"),
    "quality.unmerge.done": ("Объединение {id} отменено. Данные обновлены.",
                             "The merge of {id} was undone. The data has been updated."),
    "quality.unmerge.none": ("Объединений нет.", "No merges."),
    "quality.cli.header": ("Качество данных: версия данных № {generation}, дата анализа {as_of}, общая оценка {overall}",
                           "Data quality: data version {generation}, analysis date {as_of}, overall score {overall}"),
    "quality.cli.bad_days": ("--stale-days должно быть положительным числом.", "--stale-days must be a positive number."),
    "quality.value.zero": ("нулевая", "zero"),
    "quality.value.outlier": ("выброс", "outlier"),
    "quality.value.sms": ("SMS", "SMS"),
    "quality.value.email": ("e-mail", "e-mail"),
    "quality.value.phone": ("телефон", "phone"),
})

# Column headers of the tables and downloads.
STRINGS.update({f"quality.col.{name}": pair for name, pair in {
    "group": ("Группа", "Group"), "customer_id": ("ID клиента", "Customer ID"),
    "survivor": ("Остаётся", "Stays"), "matched_on": ("Совпадение", "Matched on"), "name": ("Имя", "Name"),
    "email": ("E-mail", "E-mail"), "phone": ("Телефон", "Phone"), "city": ("Город", "City"),
    "completed_orders": ("Выполненных заказов", "Completed orders"), "registered_at": ("Регистрация", "Registered"),
    "left_id": ("ID 1", "ID 1"), "right_id": ("ID 2", "ID 2"), "left_name": ("Имя 1", "Name 1"),
    "right_name": ("Имя 2", "Name 2"), "similarity": ("Сходство", "Similarity"),
    "last_activity_date": ("Последняя активность", "Last activity"), "days_inactive": ("Дней без активности",
                                                                                      "Days inactive"),
    "channel": ("Канал", "Channel"), "address": ("Адрес", "Address"), "order_id": ("Номер заказа", "Order ID"),
    "order_date": ("Дата заказа", "Order date"), "amount": ("Сумма", "Amount"), "status": ("Статус", "Status"),
    "problem": ("Проблема", "Problem"), "fence": ("Граница", "Fence"), "dataset": ("Набор", "Dataset"),
    "record": ("Запись", "Record"), "date": ("Дата", "Date"), "after_as_of": ("Позже даты анализа",
                                                                           "After the analysis date"),
    "after_today": ("Позже сегодняшнего дня", "After today"), "all_orders": ("Заказов", "Orders"),
    "field": ("Поле", "Field"), "rows": ("Строк", "Rows"), "missing": ("Не заполнено", "Missing"),
    "share": ("Доля", "Share"), "profiles": ("Профилей", "Profiles"), "consented": ("Согласие", "Consented"),
    "valid_address": ("Верный адрес", "Valid address"), "usable": ("Пригодны", "Usable"),
    "consent_without_address": ("Согласие без адреса", "Consent without an address"),
    "usable_share": ("Доля пригодных", "Usable share"), "problem_rows": ("Строк с проблемой", "Problem rows"),
    "score": ("Оценка", "Score"), "from_id": ("Дубликат", "Duplicate"), "to_id": ("Объединён с", "Merged into"),
    "survivor_id": ("Остающийся", "Stays as"), "merged_at": ("Когда", "When"), "merged_by": ("Кто", "By"),
    "reason": ("Комментарий", "Comment"),
}.items()})
