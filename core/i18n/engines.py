"""Strings of the build and its engines (core/workspace, core/engines): why a build could not run."""

STRINGS: dict[str, tuple[str, str]] = {
    "engine.unknown": (
        "Неизвестный движок сборки «{engine}»: возможны {engines}.",
        "Unknown build engine «{engine}»: the choices are {engines}.",
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
