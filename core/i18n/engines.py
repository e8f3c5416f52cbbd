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
        "Для сборки на Spark укажите адрес Spark Connect: переменная {variable} (например sc://host:15002) "
        "или --spark-remote. Данные в работе не изменились.",
        "To build on Spark, give the Spark Connect address: the {variable} variable (e.g. sc://host:15002) or "
        "--spark-remote. The data in use is unchanged.",
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
        "Spark не может прочитать набор «{dataset}»: по пути {path} ничего нет (проверьте путь в настройках: "
        "python -m core engine source). Данные в работе не изменились.",
        "Spark cannot read the «{dataset}» dataset: nothing is at {path} (check the path in the settings: "
        "python -m core engine source). The data in use is unchanged.",
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
}
