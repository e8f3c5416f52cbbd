"""Strings of the data upload: the page, the report, the reasons rows are rejected, errors, the CLI."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.upload": ("Загрузка данных", "Data upload"),
    "upload.title": ("Загрузка данных", "Data upload"),
    "upload.intro": (
        "Загрузите выгрузку из CRM, 1С или интернет-магазина: CSV (любой разделитель, UTF-8, UTF-16 или "
        "Windows-1251), Excel (.xlsx) или Parquet. Каждая строка либо загружается, либо попадает в отчёт "
        "с причиной; данные обновляются целиком или не обновляются вовсе.",
        "Upload an export from a CRM, 1C or a web store: CSV (any separator, UTF-8, UTF-16 or Windows-1251), "
        "Excel (.xlsx) or Parquet. Every row is either loaded or listed in the report with its reason; the "
        "data is updated as a whole or not at all.",
    ),
    "upload.kind": ("Что загружаем", "What is uploaded"),
    "upload.kind.orders": ("Заказы", "Orders"),
    "upload.kind.customers": ("Клиенты", "Customers"),
    "upload.kind.interactions": ("Обращения и опросы", "Interactions and surveys"),
    "upload.kind.spend": ("Расходы на маркетинг", "Marketing spend"),
    "upload.kind.order_lines": ("Состав заказов (товары)", "Order lines (products)"),
    "upload.file": ("Файл выгрузки", "Export file"),
    "upload.sheet": ("Лист Excel", "Excel sheet"),
    "upload.source_info": (
        "Формат: {format}; кодировка: {encoding}; разделитель: {separator}; столбцов: {columns}.",
        "Format: {format}; encoding: {encoding}; separator: {separator}; columns: {columns}.",
    ),
    "upload.separator.tab": ("табуляция", "tab"),
    "upload.preview": ("Первые строки файла", "First rows of the file"),
    "upload.parsed_preview": (
        "Так эти строки будут загружены",
        "How these rows will load",
    ),
    "upload.parsed_preview.help": (
        "Первые строки после разбора: даты, суммы и признаки в том виде, в каком они попадут в данные, и "
        "причина, если строка будет отклонена. Повторы и выход дат за диапазон проверяются по всему файлу "
        "при загрузке.",
        "The first rows after parsing: dates, amounts and flags as they will be stored, and the reason if a "
        "row will be rejected. Repeats and dates outside the range are checked over the whole file on upload.",
    ),
    "upload.mapping": ("Сопоставление столбцов", "Column mapping"),
    "upload.mapping.help": (
        "Какой столбец файла заполняет каждое поле. Поля со звёздочкой обязательны; для клиента достаточно "
        "одного из: код клиента, e-mail или телефон. Подтверждённое сопоставление запоминается для файлов "
        "с такими же заголовками.",
        "Which column of the file fills each field. Starred fields are required; for the customer one of "
        "customer ID, e-mail or phone is enough. A confirmed mapping is remembered for files with the same "
        "header.",
    ),
    "upload.mapping.none": ("— не загружать —", "— do not load —"),
    "upload.mapping.remembered": (
        "Сопоставление взято из прошлой загрузки файла с такими же заголовками.",
        "The mapping comes from an earlier upload of a file with the same header.",
    ),
    "upload.mapping.missing": (
        "Не сопоставлены обязательные поля: {fields}.",
        "Required fields are not mapped: {fields}.",
    ),
    "upload.mapping.key_group": ("код клиента, e-mail или телефон", "customer ID, e-mail or phone"),
    "upload.date_format": ("Формат дат «{field}»: {format}", "Date format of «{field}»: {format}"),
    "upload.date_order": ("Порядок дня и месяца в датах", "Order of day and month in dates"),
    "upload.date_order.help": (
        "Все даты столбца «{fields}» подходят под оба порядка (например, 03/04/2024 — это и 3 апреля, и "
        "4 марта). Выберите, как их читать: угадывать мы не будем.",
        "Every date of «{fields}» fits both orders (03/04/2024 is 3 April or March 4). Choose how to read "
        "them: we will not guess.",
    ),
    "upload.date_order.dmy": ("день/месяц/год (03/04/2024 = 3 апреля)", "day/month/year (03/04/2024 = 3 April)"),
    "upload.date_order.mdy": ("месяц/день/год (03/04/2024 = 4 марта)", "month/day/year (03/04/2024 = March 4)"),
    "upload.date_mixed": (
        "В столбце «{field}» есть даты только в порядке день/месяц и только в порядке месяц/день; "
        "выбран более частый, остальные строки будут отклонены.",
        "«{field}» holds dates that only fit day/month and others that only fit month/day; the more common "
        "order is used and the other rows are rejected.",
    ),
    "upload.mode": ("Режим", "Mode"),
    "upload.mode.append": ("Добавить к данным", "Append to the data"),
    "upload.mode.replace": ("Заменить набор целиком", "Replace the whole dataset"),
    "upload.mode.help": (
        "«Добавить»: новые строки добавляются, строки с уже известным номером заказа (или кодом клиента) "
        "обновляются; повторная загрузка того же файла ничего не меняет. «Заменить»: набор данных "
        "становится ровно содержимым файла.",
        "«Append»: new rows are added, rows whose order number (or customer ID) is already known are "
        "updated; uploading the same file again changes nothing. «Replace»: the dataset becomes exactly "
        "the file's content.",
    ),
    "upload.submit": ("Загрузить", "Upload"),
    "upload.progress.decode": ("Перекодирование файла…", "Decoding the file…"),
    "upload.progress.read": ("Подсчёт столбцов в каждой строке…", "Counting the columns of every row…"),
    "upload.progress.write": ("Запись строк в данные…", "Writing the rows into the data…"),
    "upload.step": ("Шаг {i} из {n}: {step}", "Step {i} of {n}: {step}"),
    "upload.step.read": ("чтение файла", "reading the file"),
    "upload.step.check": ("проверка строк", "checking the rows"),
    "upload.step.write": ("запись", "writing"),
    "upload.step.publish": ("публикация новой версии данных", "publishing the new data version"),
    "upload.step.finished": ("{step} — {seconds} с", "{step}: {seconds} s"),
    "upload.steps.done": ("Файл загружен", "The file is uploaded"),
    "upload.steps.failed": ("Загрузка остановлена: данные не изменились", "The upload stopped: the data did not change"),
    "upload.progress.profile": ("Проверка дат и повторов…", "Checking dates and repeats…"),
    "upload.progress.validate": ("Разбор и проверка строк…", "Parsing and checking rows…"),
    "upload.progress.report": ("Подготовка отчёта…", "Preparing the report…"),
    "upload.progress.publish": ("Обновление данных…", "Updating the data…"),
    "upload.progress.build": ("Новая версия данных, шаг {step} из {steps}: {name}…",
                              "New data version, step {step} of {steps}: {name}…"),
    "upload.progress.done": ("Готово", "Done"),
    "upload.report.title": ("Отчёт о загрузке", "Upload report"),
    "upload.report.rows_read": ("Прочитано строк", "Rows read"),
    "upload.report.rows_read.help": ("Строк данных в файле (без заголовка).", "Data rows in the file (header excluded)."),
    "upload.report.loaded": ("Загружено", "Loaded"),
    "upload.report.loaded.help": (
        "Строк, прошедших все проверки и записанных в данные.",
        "Rows that passed every check and were written to the data.",
    ),
    "upload.report.rejected": ("Отклонено", "Rejected"),
    "upload.report.rejected.help": (
        "Строк с ошибкой (причины ниже); их можно скачать, исправить и загрузить снова.",
        "Rows with an error (reasons below); download them, fix and upload again.",
    ),
    "upload.report.duplicates": ("Повторы", "Duplicates"),
    "upload.report.duplicates.help": (
        "Строки с номером заказа (для клиентов — с кодом клиента), который уже встречался выше в файле: "
        "загружается первая такая строка.",
        "Rows whose order number (for customers, customer ID) appeared earlier in the file: the first such "
        "row is loaded.",
    ),
    "upload.report.reason": ("Причина", "Reason"),
    "upload.report.count": ("Строк", "Rows"),
    "upload.report.examples": ("Примеры (строка файла: значение)", "Examples (row of the file: value)"),
    "upload.report.examples.help": (
        "Строки пронумерованы, как в Excel: заголовок — строка 1, первая строка данных — строка 2.",
        "Rows are numbered as in Excel: the header is row 1, the first data row is row 2.",
    ),
    "upload.report.published": (
        "Данные обновлены (версия данных № {generation}): добавлено {added}, обновлено {replaced}.",
        "The data was updated (data version {generation}): {added} added, {replaced} updated.",
    ),
    "upload.report.unchanged": (
        "Все строки файла уже есть в данных — ничего не изменилось.",
        "Every row of the file is already in the data; nothing changed.",
    ),
    "upload.report.blanked": (
        "Не распознаны и оставлены пустыми: {items}.",
        "Not recognised and left empty: {items}.",
    ),
    "upload.report.range": ("Даты в файле: {start} — {end}.", "Dates in the file: {start} to {end}."),
    "upload.download_rejected": ("Скачать отклонённые строки (CSV)", "Download the rejected rows (CSV)"),
    "upload.reason.empty_row": ("Пустая строка", "Blank line"),
    "upload.reason.too_few_columns": (
        "Не хватает столбцов: в строке меньше полей, чем в заголовке",
        "Too few columns: the row has fewer fields than the header",
    ),
    "upload.reason.too_many_columns": (
        "Лишние столбцы: в строке больше полей, чем в заголовке (разделитель внутри значения без кавычек?)",
        "Too many columns: the row has more fields than the header (a separator inside an unquoted value?)",
    ),
    "upload.reason.columns_found": ("{row}: столбцов {found} из {expected}", "{row}: {found} columns of {expected}"),
    "upload.reason.customer_missing": ("Нет клиента (кода, e-mail или телефона)", "No customer (ID, e-mail or phone)"),
    "upload.reason.date_missing": ("Нет даты", "No date"),
    "upload.reason.date_invalid": ("Дата не читается или невозможна (например, 31.02)", "Unreadable or impossible date (e.g. 31.02)"),
    "upload.reason.date_out_of_range": (
        "Дата далеко за пределами остальных дат файла",
        "Date far outside the range of the file's other dates",
    ),
    "upload.reason.order_missing": ("Нет номера заказа", "No order number"),
    "upload.reason.line_negative": (
        "Отрицательная сумма строки (возвраты и скидки загружайте в заказы)",
        "Negative line sum (load returns and discounts with the orders)",
    ),
    "upload.reason.product_missing": (
        "Нет товара (ни артикула, ни названия, ни категории)", "No product (no SKU, name or category)"),
    "upload.reason.amount_missing": ("Нет суммы", "No amount"),
    "upload.reason.amount_invalid": ("Сумма — не число", "Amount is not a number"),
    "upload.reason.amount_negative": (
        "Отрицательная сумма у выполненного заказа",
        "Negative amount on a completed order",
    ),
    "upload.reason.duplicate": ("Повтор номера заказа (загружена первая строка)", "Repeated order number (the first row is loaded)"),
    "upload.history": ("История загрузок", "Upload history"),
    "upload.history.empty": ("Загрузок ещё не было.", "There have been no uploads yet."),
    "upload.history.at": ("Когда", "When"),
    "upload.history.user": ("Кто", "Who"),
    "upload.history.file": ("Файл", "File"),
    "upload.history.kind": ("Набор", "Dataset"),
    "upload.history.mode": ("Режим", "Mode"),
    "upload.history.loaded": ("Загружено", "Loaded"),
    "upload.history.rejected": ("Отклонено", "Rejected"),
    "upload.history.duplicates": ("Повторы", "Duplicates"),
    "upload.history.result": ("Итог", "Result"),
    "upload.history.row": ("Строка", "Row"),
    "upload.history.result.published": ("данные обновлены", "data updated"),
    "upload.history.result.unchanged": ("без изменений", "no change"),
    "upload.history.result.failed": ("не загружено", "not loaded"),
    "upload.field.order_id": ("Номер заказа", "Order ID"),
    "upload.field.customer_id": ("Код клиента", "Customer ID"),
    "upload.field.email": ("E-mail", "E-mail"),
    "upload.field.phone": ("Телефон", "Phone"),
    "upload.field.order_date": ("Дата заказа", "Order date"),
    "upload.field.order_ts": ("Дата и время заказа", "Order date and time"),
    "upload.field.completed": ("Выполнен", "Completed"),
    "upload.field.amount": ("Сумма", "Amount"),
    "upload.field.status": ("Статус", "Status"),
    "upload.field.channel": ("Канал", "Channel"),
    "upload.field.discount": ("Скидка", "Discount"),
    "upload.field.category": ("Категория", "Category"),
    "upload.field.category_top": ("Категория верхнего уровня", "Top-level category"),
    "upload.field.subcategory": ("Подкатегория", "Subcategory"),
    "upload.field.product_id": ("Артикул (SKU)", "Product ID (SKU)"),
    "upload.field.product_name": ("Товар", "Product"),
    "upload.field.quantity": ("Количество", "Quantity"),
    "upload.field.price": ("Цена", "Price"),
    # `cost` means a line's cost of goods in order lines and a message's price in communications: the
    # mapping names it per kind (core.ingest.errors.field_label), other places by this common word.
    "upload.field.cost": ("Стоимость", "Cost"),
    "upload.field.order_lines.cost": ("Себестоимость строки", "Cost of the line"),
    "upload.field.unit_cost": ("Закупочная цена (за единицу)", "Unit cost"),
    "upload.field.brand": ("Бренд", "Brand"),
    "upload.field.manager": ("Менеджер", "Manager"),
    "upload.field.name": ("Имя", "Name"),
    "upload.field.birth_date": ("Дата рождения", "Birth date"),
    "upload.field.gender": ("Пол", "Gender"),
    "upload.field.city": ("Город", "City"),
    "upload.field.region": ("Регион", "Region"),
    "upload.field.source": ("Источник", "Source"),
    "upload.field.registered_at": ("Дата регистрации", "Registration date"),
    "upload.field.consent_email": ("Согласие на e-mail", "E-mail consent"),
    "upload.field.consent_sms": ("Согласие на SMS", "SMS consent"),
    "upload.field.interests": ("Интересы", "Interests"),
    "upload.field.profession": ("Профессия", "Profession"),
    "upload.field.marital_status": ("Семейное положение", "Marital status"),
    "upload.field.date": ("Дата", "Date"),
    "upload.field.type": ("Тип", "Type"),
    "upload.field.score": ("Оценка (0–10)", "Score (0–10)"),
    "upload.field.text": ("Текст", "Text"),
    "upload.error.empty_file": ("Файл «{detail}» пустой.", "The file «{detail}» is empty."),
    "upload.error.xls_unsupported": (
        "Файл «{detail}» в старом формате Excel (.xls). Сохраните его как .xlsx или CSV.",
        "«{detail}» is in the old Excel format (.xls). Save it as .xlsx or CSV.",
    ),
    "upload.error.xlsx_too_large": (
        "Книга Excel «{file}» в распакованном виде занимает {size} МБ, а читаются книги до {limit} МБ "
        "(около 300 000 строк по десять столбцов): Excel читается в память целиком. Сохраните лист как CSV "
        "(«Файл → Сохранить как → CSV UTF-8») — CSV читается по частям, любого размера.",
        "The Excel workbook «{file}» takes {size} MB unpacked; workbooks are read up to {limit} MB (about "
        "300,000 rows of ten columns), since Excel is read into memory whole. Save the sheet as CSV (File → "
        "Save As → CSV UTF-8): CSV is read in parts, at any size.",
    ),
    "upload.error.unreadable": ("Файл не удалось прочитать: {detail}", "The file could not be read: {detail}"),
    "upload.error.no_header": ("В файле «{detail}» нет строки заголовков.", "«{detail}» has no header row."),
    "upload.error.no_sheets": ("В книге «{detail}» нет листов.", "The workbook «{detail}» has no sheets."),
    "upload.error.no_such_sheet": ("В книге нет листа «{detail}».", "The workbook has no sheet «{detail}»."),
    "upload.error.empty_sheet": ("Лист «{detail}» пустой.", "The sheet «{detail}» is empty."),
    "upload.error.unknown_kind": ("Неизвестный набор данных «{kind}».", "Unknown dataset «{kind}»."),
    "upload.error.no_rows": ("В файле «{file}» нет строк с данными.", "«{file}» has no data rows."),
    "upload.error.bad_mapping": (
        "Неверное сопоставление: {item} (нет такого поля или столбца).",
        "Invalid mapping: {item} (no such field or column).",
    ),
    "upload.error.missing_required": (
        "Не сопоставлены обязательные поля: {fields}. Ничего не загружено.",
        "Required fields are not mapped: {fields}. Nothing was loaded.",
    ),
    "upload.error.ambiguous_dates": (
        "Даты в «{fields}» подходят и под день/месяц, и под месяц/день — выберите порядок "
        "(в командной строке: --date-order dmy или mdy). Ничего не загружено.",
        "The dates in «{fields}» fit both day/month and month/day: choose the order (on the command line: "
        "--date-order dmy or mdy). Nothing was loaded.",
    ),
    "upload.error.date_format_unknown": (
        "В столбце «{column}» не удалось распознать даты. Ничего не загружено.",
        "No dates could be recognised in «{column}». Nothing was loaded.",
    ),
    "upload.error.nothing_loaded": (
        "Ни одна строка не прошла проверку — данные не изменились. Причины — в отчёте.",
        "No row passed the checks; the data did not change. See the report for the reasons.",
    ),
    "upload.error.publish_failed": (
        "Данные не обновлены, прежние данные остались в силе: {detail}",
        "The data was not updated; the previous data stays in force: {detail}",
    ),
    "upload.error.bad_mode": ("Неизвестный режим «{mode}».", "Unknown mode «{mode}»."),
    "upload.error.map_syntax": (
        "Сопоставление задаётся как ПОЛЕ=СТОЛБЕЦ, получено: «{item}».",
        "A mapping is given as FIELD=COLUMN, got «{item}».",
    ),
    "upload.report.erased": (
        "{count} строк(и) клиентов, чьи данные удалены по их запросу (152-ФЗ, GDPR), не загружены: "
        "удалённые данные не возвращаются с новой выгрузкой.",
        "{count} rows of customers whose data was erased at their request (152-FZ, GDPR) were not loaded: "
        "erased data does not come back with a new export.",
    ),
    "upload.demo_in_force": (
        "Сейчас в рабочей области демонстрационные данные ({customers} клиентов). Первая загрузка заменит их "
        "целиком: демонстрационные заказы, клиенты, взаимодействия и расходы будут удалены, останутся только "
        "ваши данные. Остальные выгрузки затем добавляйте как обычно.",
        "The workspace holds demo data now ({customers} customers). The first upload replaces all of it: the demo "
        "orders, customers, interactions and spend are removed and only your data remains. Add your other "
        "exports afterwards as usual.",
    ),
    "upload.report.demo_removed": (
        "Демонстрационные данные удалены: в рабочей области теперь только загруженные вами данные.",
        "The demo data was removed: the workspace now holds only the data you uploaded.",
    ),
    "cli.ingest.summary": (
        "{file}: прочитано {rows_read}, загружено {loaded}, отклонено {rejected}, повторов {duplicates}.",
        "{file}: {rows_read} read, {loaded} loaded, {rejected} rejected, {duplicates} duplicates.",
    ),
    "cli.ingest.mapping": ("Сопоставление: {mapping}", "Mapping: {mapping}"),
    "cli.ingest.reason": ("  {reason}: {count} (например, {examples})", "  {reason}: {count} (e.g. {examples})"),
    "cli.ingest.rejected_file": ("Отклонённые строки: {path}", "Rejected rows: {path}"),
}
