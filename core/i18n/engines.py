"""Strings of the build and its engines (core/workspace, core/engines): why a build could not run."""

STRINGS: dict[str, tuple[str, str]] = {
    "engine.unknown": (
        "Неизвестный движок сборки «{engine}»: возможны {engines}.",
        "Unknown build engine «{engine}»: the choices are {engines}.",
    ),
    "engine.variant.step": (
        "Spark считает данные для выбранных даты и настроек: шаг {i} из {n} — {step}",
        "Spark is computing the data for the chosen date and settings: step {i} of {n}: {step}",
    ),
    "engine.spark.no_remote": (
        "Для сборки на Spark укажите адрес Spark Connect: на странице «Источники данных», переменной {variable} "
        "(например sc://host:15002) или --spark-remote. Данные в работе не изменились.",
        "To build on Spark, give the Spark Connect address: on the «Data sources» page, with the {variable} "
        "variable (e.g. sc://host:15002) or --spark-remote. The data in use is unchanged.",
    ),
    "engine.spark.bad_remote": (
        "Адрес Spark Connect «{remote}» не распознан: ожидается sc://хост:порт. Данные в работе не изменились.",
        "The Spark Connect address «{remote}» is not understood: sc://host:port is expected. The data in use "
        "is unchanged.",
    ),
    "engine.spark.unreachable": (
        "Spark Connect по адресу {remote} не отвечает ({reason}). Проверьте, что сервер запущен и доступен "
        "с этой машины. Данные в работе не изменились.",
        "Spark Connect at {remote} does not answer ({reason}). Check that the server is running and reachable "
        "from this machine. The data in use is unchanged.",
    ),
    "engine.spark.not_spark_connect": (
        "По адресу {remote} отвечает не Spark Connect ({reason}). Проверьте порт: Spark Connect обычно "
        "слушает 15002. Данные в работе не изменились.",
        "What answers at {remote} is not Spark Connect ({reason}). Check the port: Spark Connect usually "
        "listens on 15002. The data in use is unchanged.",
    ),
    "engine.spark.missing_path": (
        "Spark не может прочитать данные: файла или каталога {path} нет. Данные в работе не изменились.",
        "Spark cannot read the data: {path} does not exist. The data in use is unchanged.",
    ),
    "engine.spark.missing_columns": (
        "В наборе «{dataset}» для Spark нет столбцов: {columns}. Данные в работе не изменились.",
        "The «{dataset}» dataset read by Spark lacks the columns: {columns}. The data in use is unchanged.",
    ),
    "engine.spark.missing_source": (
        "Spark не может прочитать набор «{dataset}»: по пути {path} ничего нет (проверьте путь на странице "
        "«Источники данных» или в python -m core engine source). Данные в работе не изменились.",
        "Spark cannot read the «{dataset}» dataset: nothing is at {path} (check the path on the «Data sources» "
        "page or with python -m core engine source). The data in use is unchanged.",
    ),
    "engine.spark.missing_table": (
        "Spark не может прочитать набор «{dataset}»: таблицы {table} нет в каталоге ({reason}). Данные в работе "
        "не изменились.",
        "Spark cannot read the «{dataset}» dataset: the catalog has no table {table} ({reason}). The data in use "
        "is unchanged.",
    ),
    "engine.source.bad_path": (
        "Источник набора «{dataset}» не принят: «{path}» — не путь вида схема://… без пробелов и кавычек "
        "(схемы: {schemes}).",
        "The source of the «{dataset}» dataset is not taken: «{path}» is not a scheme://… path without spaces "
        "or quotes (schemes: {schemes}).",
    ),
    "engine.source.bad_table": (
        "Источник набора «{dataset}» не принят: «{table}» — не имя таблицы каталога (таблица, база.таблица или "
        "каталог.база.таблица из латинских букв, цифр и _).",
        "The source of the «{dataset}» dataset is not taken: «{table}» is not a catalog table name (table, "
        "db.table or catalog.db.table of Latin letters, digits and _).",
    ),
    "engine.source.unknown_dataset": (
        "Набора «{dataset}» нет: возможны {datasets}.",
        "There is no «{dataset}» dataset: the choices are {datasets}.",
    ),
    "engine.source.both": (
        "Для набора «{dataset}» укажите либо путь, либо таблицу, не оба.",
        "For the «{dataset}» dataset give either a path or a table, not both.",
    ),
    "engine.source.bad_entry": (
        "Источник набора «{dataset}» в файле {file} испорчен: задайте его заново. Данные в работе не изменились.",
        "The source of the «{dataset}» dataset in {file} is damaged: set it again. The data in use is unchanged.",
    ),
    "engine.source.erased": (
        "Источник набора «{dataset}» содержит клиентов, удалённых по запросу ({count}): удалите их данные в "
        "источнике. Данные в работе не изменились.",
        "The source of the «{dataset}» dataset holds customers erased on request ({count}): erase their data at "
        "the source. The data in use is unchanged.",
    ),
    "engine.cli.source_set": (
        "Набор «{dataset}» читается из {source} при сборке на Spark (начиная со следующей).",
        "The «{dataset}» dataset is read from {source} by builds on Spark (from the next one on).",
    ),
    "engine.cli.source_cleared": (
        "Набор «{dataset}» читается из файлов рабочей области.",
        "The «{dataset}» dataset is read from the workspace's files.",
    ),
    "engine.cli.source_usage": (
        "Укажите набор и одно из: путь, --table ИМЯ или --clear (без аргументов — список источников).",
        "Give a dataset and one of: a path, --table NAME or --clear (without arguments: the list of sources).",
    ),
    "audit.action.engine_source": ("источник набора для Spark изменён", "dataset source for Spark changed"),
    "engine.source.page_line": (
        "«{dataset}»: сборка на Spark читает набор из {source} и хранит его снимок здесь; загрузка этого набора "
        "действует до следующей сборки на Spark.",
        "«{dataset}»: a build on Spark reads the dataset from {source} and keeps a snapshot of it here; an upload "
        "of this dataset holds until the next build on Spark.",
    ),
    "engine.cli.source_none": (
        "Все наборы читаются из файлов рабочей области.",
        "Every dataset is read from the workspace's files.",
    ),
    "engine.cli.source_line": (
        "{dataset}: {source} (сборка на Spark читает его и сохраняет снимок в рабочей области)",
        "{dataset}: {source} (a build on Spark reads it and keeps a snapshot in the workspace)",
    ),
    "workspace.error.missing_file": (
        "Не удалось собрать данные: файла набора «{dataset}» нет на месте ({path}). Данные в работе не изменились.",
        "The data could not be built: a file of the «{dataset}» dataset is gone ({path}). The data in use is "
        "unchanged.",
    ),
    "workspace.error.memory_limit": (
        "{variable}={value} не распознано: укажите размер памяти процесса, например 8GB, 6GiB или 1500MB "
        "(KB, MB, GB, TB — степени 1000; KiB, MiB, GiB, TiB — степени 1024).",
        "{variable}={value} is not understood: give the process's memory as a size such as 8GB, 6GiB or 1500MB "
        "(KB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB: powers of 1024).",
    ),
    "workspace.error.missing_columns": (
        "Не удалось собрать данные: в файлах набора «{dataset}» нет столбцов {columns}. Данные в работе не "
        "изменились.",
        "The data could not be built: the files of the «{dataset}» dataset lack the columns {columns}. The data "
        "in use is unchanged.",
    ),
    "engine.cli.built": (
        "Версия данных {generation} собрана на {engine} за {seconds} с.",
        "Generation {generation} built on {engine} in {seconds} s.",
    ),
    "engine.built_by": (
        "Версия данных {generation} собрана на {engine}.",
        "Generation {generation} was built on {engine}.",
    ),
    "engine.name.duckdb": ("DuckDB (на этой машине)", "DuckDB (on this machine)"),
    "engine.name.spark": ("Apache Spark (Spark Connect)", "Apache Spark (Spark Connect)"),
    "engine.spark.unreadable_source": (
        "Spark не может прочитать набор «{dataset}» из {source} ({reason}). Данные в работе не изменились.",
        "Spark cannot read the «{dataset}» dataset from {source} ({reason}). The data in use is unchanged.",
    ),
    "engine.source.changed_meanwhile": (
        "Источник набора «{dataset}» не изменён: его только что изменил другой администратор (сейчас: {source}). "
        "Посмотрите новое значение и задайте источник снова, если нужно.",
        "The source of the «{dataset}» dataset is not changed: another admin has just changed it (now: {source}). "
        "Look at the new value and set the source again if need be.",
    ),
    "engine.setting.engine_fixed": (
        "Движок сборки задан на сервере переменной окружения ({engine}) и здесь не меняется.",
        "The build engine is set on the server by an environment variable ({engine}) and cannot be changed here.",
    ),
    "engine.setting.remote_fixed": (
        "Адрес Spark Connect задан на сервере переменной {variable} ({remote}) и здесь не меняется.",
        "The Spark Connect address is set on the server by the {variable} variable ({remote}) and cannot be "
        "changed here.",
    ),
    "engine.setting.no_remote": (
        "Для сборки на Spark укажите адрес Spark Connect (например sc://host:15002). Настройки не изменились.",
        "To build on Spark, give the Spark Connect address (e.g. sc://host:15002). The settings are unchanged.",
    ),
    "engine.setting.changed_meanwhile": (
        "Настройки движка не изменены: их только что изменил другой администратор (сейчас: {engine}, {remote}). "
        "Посмотрите новые значения и сохраните снова, если нужно.",
        "The engine settings are not changed: another admin has just changed them (now: {engine}, {remote}). "
        "Look at the new values and save again if need be.",
    ),
    "audit.action.engine_setting": ("движок сборки изменён", "build engine changed"),
    "audit.action.engine_build": ("сборка из источников", "build from the sources"),
    "nav.sources": ("Источники данных", "Data sources"),
    "sources.title": ("Источники данных и движок сборки", "Data sources and the build engine"),
    "sources.intro": (
        "Где сборка читает данные и на чём она считает. DuckDB считает на этой машине по файлам рабочей области; "
        "Apache Spark — на кластере через Spark Connect и может читать наборы из озера данных (s3a://, hdfs://, "
        "таблица каталога). Страницы всегда читают готовую версию данных здесь.",
        "Where the build reads the data and what computes it. DuckDB computes on this machine from the workspace's "
        "files; Apache Spark computes on a cluster through Spark Connect and can read datasets from a data lake "
        "(s3a://, hdfs://, a catalog table). The pages always read the finished generation here.",
    ),
    "sources.engine.title": ("Движок сборки", "Build engine"),
    "sources.engine.now": ("Сейчас сборка идёт на {engine}.", "Builds now run on {engine}."),
    "sources.engine.remote_now": ("Адрес Spark Connect: {remote}.", "Spark Connect address: {remote}."),
    "sources.engine.no_remote": ("Адрес Spark Connect не задан.", "No Spark Connect address is set."),
    "sources.engine.fixed": (
        "Задано на сервере переменными окружения ({variables}): они важнее настроек этой страницы; изменить их "
        "может тот, кто запускает дашборд.",
        "Set on the server by environment variables ({variables}): they take precedence over this page's "
        "settings; whoever runs the dashboard can change them.",
    ),
    "sources.engine.choice": ("Движок", "Engine"),
    "sources.engine.remote": ("Адрес Spark Connect", "Spark Connect address"),
    "sources.engine.remote.help": (
        "sc://хост:порт, например sc://spark-master:15002 (Spark Connect слушает порт 15002). Параметры "
        "подключения — после /;, например sc://host:15002/;use_ssl=true.",
        "sc://host:port, e.g. sc://spark-master:15002 (Spark Connect listens on port 15002). Connection "
        "parameters follow /;, e.g. sc://host:15002/;use_ssl=true.",
    ),
    "sources.engine.save": ("Сохранить движок", "Save the engine"),
    "sources.engine.saved": (
        "Движок сборки: {engine}. Действует со следующей сборки.",
        "Build engine: {engine}. It applies from the next build on.",
    ),
    "sources.lake.title": ("Источники наборов для Spark", "Dataset sources for Spark"),
    "sources.lake.intro": (
        "Набор с источником сборка на Spark читает оттуда и сохраняет его снимок (только сопоставленные "
        "столбцы) в рабочей области; остальные наборы читаются из загруженных файлов. Сборка на DuckDB "
        "источники не читает.",
        "A dataset with a source is read from it by a build on Spark, which keeps a snapshot of it (the mapped "
        "columns only) in the workspace; the other datasets are read from the uploaded files. A build on DuckDB "
        "does not read the sources.",
    ),
    "sources.lake.duckdb_note": (
        "Сейчас движок — DuckDB: источники ниже не читаются, пока не выбран Spark.",
        "The engine is DuckDB now: the sources below are not read until Spark is chosen.",
    ),
    "sources.lake.kind": ("Откуда читать", "Read from"),
    "sources.lake.kind.files": ("файлы рабочей области", "the workspace's files"),
    "sources.lake.kind.path": ("путь", "a path"),
    "sources.lake.kind.table": ("таблица каталога", "a catalog table"),
    "sources.lake.value": ("Путь или таблица", "Path or table"),
    "sources.lake.value.help": (
        "Путь к каталогу или файлу Parquet: {schemes}. Таблица каталога: таблица, база.таблица или "
        "каталог.база.таблица. В наборе должны быть столбцы с именами и типами загрузки.",
        "A path to a folder or file of Parquet files: {schemes}. A catalog table: table, db.table or "
        "catalog.db.table. The dataset must hold the columns by the names and types an upload writes.",
    ),
    "sources.lake.now": ("Сейчас: {source}.", "Now: {source}."),
    "sources.lake.save": ("Сохранить источник", "Save the source"),
    "sources.lake.saved": ("«{dataset}»: {source}.", "«{dataset}»: {source}."),
    "sources.lake.empty_value": (
        "Для набора «{dataset}» укажите путь или имя таблицы либо выберите файлы рабочей области.",
        "For the «{dataset}» dataset give a path or a table name, or choose the workspace's files.",
    ),
    "sources.check.title": ("Проверка перед сборкой", "Check before a build"),
    "sources.check.help": (
        "Подключается к Spark Connect и читает схему каждого источника: есть ли путь или таблица и все ли "
        "сопоставленные столбцы в ней есть. Ничего не меняет.",
        "Connects to Spark Connect and reads each source's schema: whether the path or table exists and holds "
        "every mapped column. Changes nothing.",
    ),
    "sources.check.run": ("Проверить настройки", "Check the settings"),
    "sources.check.running": ("Проверяю: подключение к Spark и схемы источников…",
                              "Checking: the connection to Spark and the sources' schemas…"),
    "sources.check.ok": (
        "Всё готово к сборке на Spark: {remote} отвечает, источников: {count}, в каждом есть нужные столбцы.",
        "Ready to build on Spark: {remote} answers; sources: {count}, each holding the columns needed.",
    ),
    "sources.check.duckdb": (
        "Движок — DuckDB и адрес Spark Connect не задан: сборка читает файлы рабочей области, проверять нечего.",
        "The engine is DuckDB and no Spark Connect address is set: the build reads the workspace's files, "
        "there is nothing to check.",
    ),
    "sources.check.problems": (
        "Найдено проблем: {count}. Настройки и данные в работе не изменились.",
        "Problems found: {count}. The settings and the data in use are unchanged.",
    ),
    "sources.build.title": ("Сборка", "Build"),
    "sources.build.from": ("Прочитаны источники: {sources}.", "Sources read: {sources}."),
    "sources.build.from_files": ("Прочитаны файлы рабочей области.", "Read from the workspace's files."),
    "sources.build.run": ("Собрать заново из источников", "Build again from the sources"),
    "sources.build.help": (
        "Новая версия данных из тех же наборов, на выбранном движке; на Spark — с чтением источников. Пока "
        "сборка идёт, страницы показывают текущую версию; при ошибке она остаётся в работе.",
        "A new generation of the same datasets on the engine set; on Spark, reading the sources. While it runs "
        "the pages show the current generation; on a failure it stays in use.",
    ),
    "sources.build.spark_step": ("Spark: шаг {i} из {n} — {step}", "Spark: step {i} of {n}: {step}"),
    "sources.build.step": ("Сборка версии: шаг {i} из {n} — {step}", "Building the generation: step {i} of {n}: {step}"),
    "sources.build.running": ("Сборка на {engine}…", "Building on {engine}…"),
    "sources.build.failed": ("Сборка остановлена", "The build stopped"),
    "sources.build.done": (
        "Версия данных {generation} собрана на {engine} за {seconds} с.",
        "Generation {generation} built on {engine} in {seconds} s.",
    ),
    "engine.cli.read_line": (
        "версия {generation} собрана по {dataset} из {source}",
        "generation {generation} read {dataset} from {source}",
    ),
    "engine.cli.next_engine": (
        "следующая сборка: {engine}, Spark Connect: {remote}",
        "next build: {engine}, Spark Connect: {remote}",
    ),
    "engine.cli.fixed": (" (задано переменными окружения)", " (set by environment variables)"),
    "engine.cli.memory": (
        "память процесса ({variable}): {total} — DuckDB {duckdb}, Python {python}",
        "process memory ({variable}): {total}: DuckDB {duckdb}, Python {python}",
    ),
    "engine.cli.gib": ("{value} ГиБ", "{value} GiB"),
    "engine.cli.memory_unset": (
        "память процесса не ограничена ({variable} не задана): DuckDB берёт до {duckdb}",
        "process memory not bounded ({variable} not set): DuckDB takes up to {duckdb}",
    ),
    "sources.link": ("Движок сборки и источники наборов", "The build engine and the datasets' sources"),
}
