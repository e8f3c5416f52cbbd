"""Datasets a build on Spark reads from a lake path or a catalog table (the workspace settings): the same tables
as DuckDB's build of the same rows, a snapshot of the rows in the workspace, and clear refusals."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from core import audit, demo, engines, erasure, info
from core.access import Viewer
from core.cli import main
from core.engines import sources
from core.engines import spark as spark_engine
from core.workspace import LocalizedError, Workspace
from tests.core.engines.test_spark import _served, assert_same_tables

CUSTOMERS = 300
CUTOFF = "2026-04-01"  # about 70 % of the demo's orders (they run from November 2023)


@pytest.fixture
def no_engine_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)


@pytest.fixture
def pair(tmp_path: Path, no_engine_env: None) -> Iterator[tuple[Workspace, Workspace, pl.DataFrame]]:
    """Two demo workspaces of the same rows built on DuckDB, and the orders before `CUTOFF` (the "lake" rows):
    the first workspace's orders are replaced by exactly those, the second keeps every order in its files."""
    duck, lake_ws = Workspace(tmp_path / "duck"), Workspace(tmp_path / "lake_ws")
    try:
        demo.load_into(duck, customers=CUSTOMERS)
        demo.load_into(lake_ws, customers=CUSTOMERS)
        with duck.reading() as cur:
            lake = cur.sql(f"select * from orders where order_date < date '{CUTOFF}' order by order_id").pl()
            everything = cur.execute("select count(*) from orders").fetchall()[0][0]
        # the lake holds fewer orders than the workspace's files: a build that read the files would differ
        assert 0 < lake.height < everything
        staged = duck.staging_file("orders")
        lake.write_parquet(staged)
        duck.publish({"orders": [staged]})
        yield duck, lake_ws, lake
    finally:
        duck.close()
        lake_ws.close()


def _lake_folder(root: Path, lake: pl.DataFrame) -> Path:
    """The rows as an export of another system would hold them: two files, other column order, an extra column."""
    folder = root / "lake" / "orders"
    folder.mkdir(parents=True)
    shaped = lake.with_columns(pl.lit("x").alias("warehouse_note")).select(["warehouse_note", *reversed(lake.columns)])
    half = shaped.height // 2
    shaped[:half].write_parquet(folder / "part-0.parquet")
    shaped[half:].write_parquet(folder / "part-1.parquet")
    return folder


def _orders(ws: Workspace) -> pl.DataFrame:
    with ws.reading() as cur:
        return cur.sql("select * from orders order by order_id").pl()


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("kind_of_source", ["path", "table"])
def test_orders_read_from_a_lake_path_or_a_catalog_table_build_as_duckdb_builds_the_same_rows(
        tmp_path: Path, spark_remote: str, pair: tuple[Workspace, Workspace, pl.DataFrame],
        kind_of_source: str) -> None:
    duck, ws, lake = pair
    folder = _lake_folder(tmp_path, lake)
    table = f"kb_lake_orders_{tmp_path.name[-8:].replace('-', '_')}"
    spark = spark_engine.session(spark_remote)
    try:
        if kind_of_source == "path":
            # a file:// folder outside the workspace stands in for s3a:// or hdfs:// (Spark reads them alike)
            sources.set_source(ws, audit.cli_actor(), "orders", path=folder.resolve().as_uri() + "/")
        else:
            # a table of the session's catalog, in the local warehouse
            spark.read.parquet(folder.resolve().as_uri()).write.saveAsTable(f"default.{table}")
            sources.set_source(ws, audit.cli_actor(), "orders", table=f"default.{table}")
        old_files = set(ws.manifest().files("orders"))
        with engines.chosen("spark", spark_remote):
            generation = ws.publish({})
        assert ws.generation() == generation
        assert info.describe(ws)["engine"] == "spark"
        # every derived table equals DuckDB's build of the lake's rows
        assert_same_tables(ws, duck)
        # the generation's orders are the snapshot Spark took: the lake's rows and mapped columns, in the workspace
        files = ws.manifest().files("orders")
        assert files and not set(files) & old_files
        assert all((ws.path / f).is_file() and f.startswith("datasets/orders/") for f in files)
        assert _orders(ws).equals(_orders(duck))
        assert "warehouse_note" not in _orders(ws).columns
        # a later build on DuckDB keeps the snapshot (it cannot read the lake)
        ws.publish({})
        assert ws.manifest().files("orders") == files
        assert_same_tables(ws, duck)
    finally:
        if kind_of_source == "table":
            spark.sql(f"drop table if exists default.{table}")
        spark_engine.close(spark)


@pytest.mark.spark
def test_a_lake_source_spark_cannot_use_is_refused_in_both_languages_and_the_generation_stays(
        tmp_path: Path, spark_remote: str, no_engine_env: None) -> None:
    ws = Workspace(tmp_path / "ws")
    try:
        demo.load_into(ws, customers=CUSTOMERS)
        before = _served(ws)
        manifest = ws.manifest()
        lacking = tmp_path / "lacking"
        lacking.mkdir()
        pl.DataFrame({"order_id": ["1"], "customer_id": ["C1"], "amount": [1.0]}).write_parquet(lacking / "a.parquet")
        cases = [
            ({"path": (tmp_path / "no-such-folder").as_uri()}, "engine.spark.missing_source", "no-such-folder"),
            ({"path": lacking.as_uri()}, "engine.spark.missing_columns", "order_date"),
            ({"table": "default.kb_no_such_table"}, "engine.spark.missing_table", "kb_no_such_table"),
            # the settings file edited by hand: the name is checked again before Spark sees it
            ({"table": "orders; drop table x"}, "engine.source.bad_table", "orders; drop table x"),
        ]
        for entry, key, named in cases:
            (ws.meta_dir / sources.SOURCES_FILE).write_text(json.dumps({"orders": entry}))
            with pytest.raises(LocalizedError) as caught, engines.chosen("spark", spark_remote):
                ws.publish({})
            assert caught.value.key == key, entry
            for lang in ("ru", "en"):
                assert named in caught.value.message(lang)
                assert "orders" in caught.value.message(lang)
            assert "Данные в работе не изменились" in caught.value.message("ru") or key.startswith("engine.source")
            assert ws.manifest() == manifest
            assert _served(ws) == before
        # a customer erased here and still in the lake: refused, the dashboard does not bring them back
        with ws.reading() as cur:
            orders = cur.sql("select * from orders").pl()
        erased = orders["customer_id"][0]
        holding = tmp_path / "holding"
        holding.mkdir()
        orders.write_parquet(holding / "orders.parquet")
        erasure.erase(ws, audit.cli_actor(), erased)
        before, manifest = _served(ws), ws.manifest()
        sources.set_source(ws, audit.cli_actor(), "orders", path=holding.as_uri())
        with pytest.raises(LocalizedError) as caught, engines.chosen("spark", spark_remote):
            ws.publish({})
        assert caught.value.key == "engine.source.erased"
        assert "удалённых по запросу (1)" in caught.value.message("ru")
        assert "orders" in caught.value.message("en")
        assert ws.manifest() == manifest and _served(ws) == before
        # nothing the refused builds wrote is left in the workspace
        assert sorted(p.name for p in (ws.path / "datasets" / "orders").iterdir()) == \
            sorted(Path(f).name for f in manifest.files("orders"))
    finally:
        ws.close()


@pytest.mark.parametrize(("path", "table"), [
    ("/data/orders", None),               # no scheme: the cluster's default file system is not assumed
    ("ftp://host/orders", None),          # a scheme Spark's readers are not set up for here
    ("s3a://bucket/it's", None),          # a quote
    ("s3a://bucket/a b", None),           # a space
    (None, "orders; drop table x"),
    (None, "a.b.c.d"),                    # four parts
    (None, "`orders`"),
    (None, "1orders"),
])
def test_a_malformed_source_is_refused_when_set_and_the_setting_stays(
        tmp_path: Path, path: str | None, table: str | None) -> None:
    ws = Workspace(tmp_path / "ws")
    try:
        sources.set_source(ws, audit.cli_actor(), "orders", path="s3a://bucket/orders/")
        with pytest.raises(sources.SourceError) as caught:
            sources.set_source(ws, audit.cli_actor(), "orders", path=path, table=table)
        assert "orders" in caught.value.message("ru") and "orders" in caught.value.message("en")
        assert str(path or table) in caught.value.message("en")
        assert sources.sources(ws) == {"orders": sources.Source("orders", path="s3a://bucket/orders/")}
    finally:
        ws.close()


def test_only_an_admin_sets_a_source_and_each_change_is_audited(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    try:
        with pytest.raises(PermissionError):
            sources.set_source(ws, Viewer(username="ann", role="analyst"), "orders", table="db.orders")
        assert sources.sources(ws) == {}
        sources.set_source(ws, Viewer(username="root", role="admin"), "spend", table="lake.marketing.spend")
        assert sources.sources(ws)["spend"].describe() == "table lake.marketing.spend"
        log = audit.read(ws).filter(pl.col("action") == "engine_source")
        assert log["what"].to_list() == ["spend: table lake.marketing.spend"]
        assert log["username"].to_list() == ["root"]
    finally:
        ws.close()


def test_the_command_line_sets_lists_and_clears_a_source_and_info_shows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_engine_env: None) -> None:
    path = str(tmp_path / "ws")
    assert main(["--workspace", path, "demo", "--customers", "200"]) == 0
    capsys.readouterr()
    assert main(["--workspace", path, "engine", "source", "orders", "s3a://lake/orders/"]) == 0
    assert "s3a://lake/orders/" in capsys.readouterr().out
    assert main(["--workspace", path, "--lang", "en", "engine", "source", "customers", "--table", "crm.customers"]) == 0
    assert "The «customers» dataset is read from table crm.customers" in capsys.readouterr().out
    assert main(["--workspace", path, "engine", "source"]) == 0
    listed = capsys.readouterr().out
    assert "orders: s3a://lake/orders/" in listed and "customers: table crm.customers" in listed
    assert main(["--workspace", path, "--lang", "en", "info"]) == 0
    shown = capsys.readouterr().out
    assert "orders: s3a://lake/orders/ (a build on Spark reads it" in shown
    assert main(["--workspace", path, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sources"] == {"orders": "s3a://lake/orders/",
                                                             "customers": "table crm.customers"}
    # a malformed name: refused in the user's language, exit code 1, the setting unchanged
    assert main(["--workspace", path, "engine", "source", "orders", "--table", "x; drop"]) == 1
    assert "не имя таблицы каталога" in capsys.readouterr().err
    # neither or both of a path and --clear: a usage error
    assert main(["--workspace", path, "engine", "source", "orders"]) == 1
    assert main(["--workspace", path, "engine", "source", "orders", "s3a://x/y", "--clear"]) == 1
    capsys.readouterr()
    assert main(["--workspace", path, "engine", "source", "orders", "--clear"]) == 0
    assert main(["--workspace", path, "engine", "source", "customers", "--clear"]) == 0
    capsys.readouterr()
    assert main(["--workspace", path, "engine", "source"]) == 0
    assert "Все наборы читаются из файлов рабочей области" in capsys.readouterr().out
    # on DuckDB the sources are not read: the build uses the workspace's files as before
    assert main(["--workspace", path, "engine", "source", "orders", "s3a://lake/orders/"]) == 0
    assert main(["--workspace", path, "build"]) == 0
