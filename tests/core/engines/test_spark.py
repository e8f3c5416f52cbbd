"""The build on Spark (Spark Connect, a local server): the same tables as DuckDB's, and clear refusals."""
from __future__ import annotations

import http.server
import json
import math
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from core import build, demo, engines, info
from core.build import ORDER
from core.engines import spark as spark_engine
from core.workspace import LocalizedError, Workspace, schema_name

CUSTOMERS = 2_000


def _table(ws: Workspace, name: str) -> pl.DataFrame:
    with ws.reading() as cur:
        frame = cur.sql(f"select * from {schema_name(ws.generation())}.{name}").pl()
    return frame.sort(frame.columns, nulls_last=True)


def table_differences(spark_built: pl.DataFrame, duckdb_built: pl.DataFrame, name: str) -> list[str]:
    """Where the tables differ: columns and types, row counts, then per column the first differing row
    (ids and classes exactly, numbers to 1e-9 relative)."""
    if spark_built.schema != duckdb_built.schema:
        return [f"{name}: schema {dict(spark_built.schema)} != {dict(duckdb_built.schema)}"]
    if spark_built.height != duckdb_built.height:
        return [f"{name}: {spark_built.height} rows != {duckdb_built.height}"]
    found = []
    for column in duckdb_built.columns:
        left, right = spark_built[column].to_list(), duckdb_built[column].to_list()
        for row, (a, b) in enumerate(zip(left, right, strict=True)):
            if spark_built[column].dtype.is_float() and a is not None and b is not None:
                same = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
            else:
                same = a == b
            if not same:
                found.append(f"{name}.{column} row {row}: spark {a!r} != duckdb {b!r}")
                break
    return found


def assert_same_tables(spark_ws: Workspace, duckdb_ws: Workspace) -> None:
    """Every derived table of the two workspaces' generations is the same (all differences listed at once)."""
    found = [d for step in ORDER
             for d in table_differences(_table(spark_ws, step.output), _table(duckdb_ws, step.output), step.output)]
    assert not found, "\n".join(found)


@pytest.fixture
def built_on_spark(spark_remote: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Builds go to Spark; yields the names of the tables Spark's outputs became."""
    monkeypatch.setenv(spark_engine.ENV_REMOTE, spark_remote)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    loaded: list[str] = []
    original = engines.load

    def counting(cur, schema, output, text, params) -> None:
        loaded.append(output.name)
        original(cur, schema, output, text, params)

    monkeypatch.setattr(engines, "load", counting)
    yield loaded


@pytest.mark.spark
@pytest.mark.slow
def test_every_derived_table_built_on_spark_equals_duckdbs(
        tmp_path: Path, demo_workspace: Workspace, built_on_spark: list[str]) -> None:
    ws = Workspace(tmp_path / "spark")
    try:
        demo.load_into(ws, customers=CUSTOMERS)
        assert built_on_spark == [d.name for d in spark_engine.spark_steps()]
        # the build log names the engine of each step: Spark's steps, then DuckDB's (the CLV fit and after)
        logged = {r["step"]: r["engine"] for r in build.build_log(ws) if r["generation"] == ws.generation()}
        assert [step for step, engine in logged.items() if engine == "spark"] == built_on_spark
        assert logged["clv_scores"] == "duckdb"
        assert "customer_activity" in built_on_spark and "customer_model" in built_on_spark
        assert info.describe(ws)["engine"] == "spark"
        assert info.describe(demo_workspace)["engine"] == "duckdb"
        assert_same_tables(ws, demo_workspace)
    finally:
        ws.close()


@pytest.fixture
def twin_demos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Workspace, Workspace]]:
    """Two workspaces of the same 600-customer demo, built on DuckDB (the engine unset): one to stay DuckDB's, one
    for the test to build again on Spark."""
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    duck, spark_ws = Workspace(tmp_path / "duck"), Workspace(tmp_path / "spark")
    try:
        demo.load_into(duck, customers=600)
        demo.load_into(spark_ws, customers=600)
        yield duck, spark_ws
    finally:
        duck.close()
        spark_ws.close()


@pytest.mark.spark
@pytest.mark.slow
def test_merged_customers_are_built_on_spark_as_on_duckdb(
        twin_demos: tuple[Workspace, Workspace], spark_remote: str) -> None:
    duck, spark_ws = twin_demos
    with duck.reading() as cur:
        ids = [r[0] for r in cur.execute(
            "select customer_id from customers where customer_id in (select customer_id from orders) "
            "order by customer_id limit 5").fetchall()]
        # two buyers registered the same day in different cities, merged into a contact without a city:
        # the survivor's city is the larger id's (the tie's rule), on both engines
        earlier, later, later_city = cur.execute(
            "select a.customer_id, b.customer_id, b.city from customers a join customers b "
            "on a.registered_at = b.registered_at and a.customer_id < b.customer_id and a.city <> b.city "
            "where a.customer_id in (select customer_id from orders) and a.customer_id not in $ids "
            "and b.customer_id not in $ids order by all limit 1", {"ids": ids}).fetchall()[0]
        gap = cur.execute("select min(customer_id) from customers where city is null "
                          "and customer_id not in $ids", {"ids": [*ids, earlier, later]}).fetchall()[0][0]
    # two merged into one, a chain (ids[3] → ids[2] → ids[4]), and the tie
    edges = {ids[1]: ids[0], ids[3]: ids[2], ids[2]: ids[4], earlier: gap, later: gap}
    duck.publish({}, remap=lambda current: {**current, **edges})
    with engines.chosen("spark", spark_remote):
        spark_ws.publish({}, remap=lambda current: {**current, **edges})
    assert info.describe(spark_ws)["engine"] == "spark"
    with spark_ws.reading() as cur:
        assert cur.execute("select count(*) from customer_model where customer_id in ($a, $b, $c)",
                           {"a": ids[1], "b": ids[3], "c": ids[2]}).fetchall() == [(0,)]
        assert cur.execute("select city from customer_model where customer_id = $g",
                           {"g": gap}).fetchall() == [(later_city,)]
    assert_same_tables(spark_ws, duck)


def _served(ws: Workspace) -> tuple[int, list[tuple], list[tuple]]:
    """What the generation in force serves: its number, its customer model and its orders (read from its files)."""
    with ws.reading() as cur:
        model = cur.execute("select customer_id, base_type, revenue from customer_model order by all").fetchall()
        orders = cur.execute("select count(*), sum(amount::decimal(38, 6)) from orders").fetchall()
    return ws.generation(), model, orders


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
@pytest.mark.parametrize(("replacement", "key", "named"), [
    # a file of the data in force gone (removed by hand, a mount not there): refused by its name
    (None, "workspace.error.missing_file", "orders"),
    # a file whose schema lacks mapped columns (an export of another shape put in its place)
    (pl.DataFrame({"order_id": ["1"], "customer_id": ["C0000001"]}), "workspace.error.missing_columns",
     "order_date"),
], ids=["missing file", "missing columns"])
def test_data_the_build_cannot_read_is_refused_in_the_users_language_and_the_generation_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replacement: pl.DataFrame | None, key: str, named: str,
        engine: str) -> None:
    """Checked as the generation's views are made, before either engine runs a step (for Spark, before it is
    even reached: the address given here answers nothing)."""
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    ws = Workspace(tmp_path / "ws")
    try:
        demo.load_into(ws, customers=300)
        before = _served(ws)
        orders = ws.path / ws.manifest().files("orders")[0]
        away = orders.with_name(orders.name + ".away")
        orders.rename(away)
        try:
            if replacement is not None:
                replacement.write_parquet(orders)
            with pytest.raises(LocalizedError) as caught, engines.chosen(engine, "sc://127.0.0.1:9"):
                ws.publish({})
        finally:
            orders.unlink(missing_ok=True)
            away.rename(orders)
        assert caught.value.key == key
        assert named in caught.value.message("ru") and named in caught.value.message("en")
        assert "Данные в работе не изменились" in caught.value.message("ru")
        assert _served(ws) == before
        assert ws.manifest().generation == before[0]
    finally:
        ws.close()


def test_an_address_where_something_else_answers_is_refused_in_seconds_and_the_generation_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A port where something other than Spark Connect listens (here a web server, as the dashboard's own
    port or Spark's web UI would be): refused after the short first retries, not the client's ten minutes."""

    class Quiet(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"sc://127.0.0.1:{server.server_address[1]}"
    ws = Workspace(tmp_path / "ws")
    try:
        demo.load_into(ws, customers=300)
        before = _served(ws)
        monkeypatch.setenv(spark_engine.ENV_REMOTE, address)
        with pytest.raises(spark_engine.SparkEngineError) as caught:
            ws.publish({})
        assert caught.value.key == "engine.spark.not_spark_connect"
        assert f"По адресу {address} отвечает не Spark Connect" in caught.value.message("ru")
        assert "15002" in caught.value.message("en")
        assert _served(ws) == before
    finally:
        server.shutdown()
        server.server_close()
        ws.close()


@pytest.mark.spark
def test_a_dataset_missing_mapped_columns_is_refused_by_spark_before_anything_is_written(
        tmp_path: Path, spark_remote: str) -> None:
    """Spark's own checks, for what it reads that this machine did not check (a cluster's view of the files)."""
    folder = tmp_path / "datasets" / "orders"
    folder.mkdir(parents=True)
    pl.DataFrame({"order_id": ["1"], "customer_id": ["c1"]}).write_parquet(folder / "a.parquet")
    with pytest.raises(spark_engine.SparkEngineError) as caught:
        spark_engine.build(tmp_path, {"orders": ["datasets/orders/a.parquet"]}, {}, tmp_path / "out", spark_remote)
    assert caught.value.key == "engine.spark.missing_columns"
    assert "order_date" in caught.value.message("ru") and "orders" in caught.value.message("en")
    assert not (tmp_path / "out").exists()


@pytest.mark.spark
def test_a_path_spark_does_not_find_is_refused_by_name(tmp_path: Path, spark_remote: str) -> None:
    with pytest.raises(spark_engine.SparkEngineError) as caught:
        spark_engine.build(tmp_path, {"orders": ["datasets/orders/gone.parquet"]}, {}, tmp_path / "out", spark_remote)
    assert caught.value.key == "engine.spark.missing_path"
    assert "gone.parquet" in caught.value.message("ru") and "gone.parquet" in caught.value.message("en")
    assert not (tmp_path / "out").exists()


def test_an_unreachable_remote_is_refused_quickly_and_the_generation_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(tmp_path / "ws")
    try:
        demo.load_into(ws, customers=300)
        before = ws.generation()
        with ws.reading() as cur:
            customers = cur.execute("select count(*) from customer_model").fetchall()[0][0]
        # a port nothing listens on: the TCP check answers at once, without the client's minutes of retries
        monkeypatch.setenv(spark_engine.ENV_REMOTE, "sc://127.0.0.1:9")
        with pytest.raises(spark_engine.SparkEngineError) as caught:
            demo.load_into(ws, customers=400)
        assert caught.value.key == "engine.spark.unreachable"
        assert "sc://127.0.0.1:9" in caught.value.message("ru")
        assert "Spark" in caught.value.message("en")
        assert ws.generation() == before
        with ws.reading() as cur:
            assert cur.execute("select count(*) from customer_model").fetchall()[0][0] == customers
    finally:
        ws.close()


def test_the_engine_setting_is_duckdb_unless_spark_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    assert engines.selected() == "duckdb"
    monkeypatch.setenv(spark_engine.ENV_REMOTE, "sc://spark.example:15002")
    assert engines.selected() == "spark"
    monkeypatch.setenv(engines.ENV_ENGINE, "duckdb")
    assert engines.selected() == "duckdb"
    monkeypatch.setenv(engines.ENV_ENGINE, "presto")
    with pytest.raises(spark_engine.SparkEngineError) as caught:
        engines.selected()
    assert "presto" in caught.value.message("ru")


def test_the_build_command_rebuilds_on_duckdb_and_refuses_a_dead_remote_in_the_users_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from core.cli import main

    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    path = tmp_path / "ws"
    assert main(["--workspace", str(path), "demo", "--customers", "300"]) == 0
    assert main(["--workspace", str(path), "build"]) == 0
    assert "Версия данных 2 собрана на duckdb" in capsys.readouterr().out
    code = main(["--workspace", str(path), "--lang", "en", "build", "--engine", "spark",
                 "--spark-remote", "sc://127.0.0.1:9"])
    assert code == 1
    assert "Spark Connect at sc://127.0.0.1:9 does not answer" in capsys.readouterr().err
    # the command's choice held for its build only
    assert engines.ENV_ENGINE not in os.environ and spark_engine.ENV_REMOTE not in os.environ
    ws = Workspace(path)
    try:
        assert ws.generation() == 2
        assert info.describe(ws)["engine"] == "duckdb"
    finally:
        ws.close()


def test_the_parity_check_tells_a_number_off_by_more_than_1e_9_and_a_changed_class() -> None:
    base = pl.DataFrame({"customer_id": ["a", "b"], "base_type": ["vip", "active"], "revenue": [100.0, 2.5]})
    assert table_differences(base, base.clone(), "t") == []
    near = base.with_columns(revenue=pl.Series([100.0 * (1 + 1e-11), 2.5]))
    assert table_differences(near, base, "t") == []
    off = base.with_columns(revenue=pl.Series([100.0 * (1 + 1e-8), 2.5]))
    assert table_differences(off, base, "t") == [f"t.revenue row 0: spark {100.0 * (1 + 1e-8)!r} != duckdb 100.0"]
    relabelled = base.with_columns(base_type=pl.Series(["vip", "working"]))
    assert table_differences(relabelled, base, "t") == ["t.base_type row 1: spark 'working' != duckdb 'active'"]
    assert table_differences(base.head(1), base, "t") == ["t: 1 rows != 2"]


def test_outputs_written_elsewhere_become_the_generations_tables_with_duckdbs_types(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The DuckDB side of a Spark build, without Spark: each output folder loaded, cast, marked as Spark's."""
    duck = Workspace(tmp_path / "duck")
    other = Workspace(tmp_path / "other")
    try:
        demo.load_into(duck, customers=400)

        def written_by_duckdb(root, files, merges, out_dir, address, progress=None):
            outputs = {}
            with duck.reading() as cur:
                for step in spark_engine.spark_steps():
                    folder = out_dir / step.name
                    folder.mkdir(parents=True)
                    # counts as int32 and timestamps with a time zone, as another engine may write them
                    frame = cur.sql(f"select * from {schema_name(duck.generation())}.{step.name}").pl()
                    frame.with_columns(pl.col(pl.Int64).cast(pl.Int32)).write_parquet(folder / "part-0.parquet")
                    outputs[step.name] = spark_engine.Output(step.name, folder)
            return outputs

        monkeypatch.setattr(spark_engine, "build", written_by_duckdb)
        with engines.chosen("spark", "sc://spark.example:15002"):
            demo.load_into(other, customers=400)
        assert info.describe(other)["engine"] == "spark"
        assert_same_tables(other, duck)
    finally:
        duck.close()
        other.close()


def _same_answer(spark_said: object, duckdb_said: object, where: str = "") -> list[str]:
    """Where two answers differ: numbers to 1e-9 relative (a CSV cell's decimal comma read as a point), the
    rest exactly."""
    if isinstance(spark_said, dict) and isinstance(duckdb_said, dict):
        if spark_said.keys() != duckdb_said.keys():
            return [f"{where}: keys {sorted(spark_said)} != {sorted(duckdb_said)}"]
        return [d for k in duckdb_said for d in _same_answer(spark_said[k], duckdb_said[k], f"{where}.{k}")]
    if isinstance(spark_said, list) and isinstance(duckdb_said, list):
        if len(spark_said) != len(duckdb_said):
            return [f"{where}: {len(spark_said)} items != {len(duckdb_said)}"]
        return [d for i, (a, b) in enumerate(zip(spark_said, duckdb_said, strict=True))
                for d in _same_answer(a, b, f"{where}[{i}]")]
    numbers = []
    for value in (spark_said, duckdb_said):
        try:
            numbers.append(float(value.replace(",", ".")) if isinstance(value, str) else float(value))
        except (TypeError, ValueError):
            break
    if len(numbers) == 2 and not isinstance(spark_said, bool):
        same = math.isclose(*numbers, rel_tol=1e-9, abs_tol=1e-12)
    else:
        same = spark_said == duckdb_said
    return [] if same else [f"{where}: spark {spark_said!r} != duckdb {duckdb_said!r}"]


@pytest.mark.spark
@pytest.mark.slow
def test_the_command_lines_answers_are_the_same_on_a_spark_built_generation(
        tmp_path: Path, spark_remote: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """composition, metrics, clv fit and segment export (every ready-made segment, every column) read a
    generation Spark built as they read DuckDB's."""
    import csv

    from core import settings
    from core.cli import main
    from core.segments import ready

    monkeypatch.setenv(settings.ENV_WORKSPACE, str(tmp_path))  # main() sets it; restored after the test
    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    duck, spark_built = tmp_path / "duck", tmp_path / "spark"
    for path in (duck, spark_built):
        assert main(["--workspace", str(path), "demo", "--customers", "600"]) == 0
    assert main(["--workspace", str(spark_built), "build", "--engine", "spark", "--spark-remote", spark_remote]) == 0
    capsys.readouterr()
    columns = "customer_id,name,email,phone,birth_date,age,gender,city,region,source,consent_email,consent_sms," \
              "manager,interests,base_type,temperature,lifecycle,rfm_segment,abc_class,orders,revenue,aov," \
              "first_order_date,last_order_date,recency_days,tenure_days,orders_365,revenue_365,last_nps," \
              "birthday_in_days"
    commands = {
        "composition": ["composition", "--json"],
        "composition at another date": ["composition", "--json", "--as-of", "2026-04-30"],
        "metrics": ["metrics", "--start", "2026-05-01", "--end", "2026-10-31", "--json"],
        "clv fit": ["clv", "fit", "--json"],
    }
    answers: dict[Path, dict[str, object]] = {}
    for path in (duck, spark_built):
        said: dict[str, object] = {}
        for name, args in commands.items():
            assert main(["--workspace", str(path), *args]) == 0, name
            printed = capsys.readouterr().out
            # the JSON line (a workspace's first command may announce its admin account first)
            said[name] = json.loads(printed[printed.index("{"):])
        for segment in ready.READY:
            out = path / f"{segment}.csv"
            assert main(["--workspace", str(path), "segment", "export", "--name", segment, "--out", str(out),
                         "--columns", columns]) == 0, segment
            with out.open(encoding="utf-8-sig", newline="") as handle:
                said[f"segment {segment}"] = list(csv.reader(handle, delimiter=";"))
        answers[path] = said
    capsys.readouterr()
    ws = Workspace(spark_built)
    try:
        assert info.describe(ws)["engine"] == "spark"
    finally:
        ws.close()
    # the answers say something: buyers in the period, customers in the fit, members in most segments
    assert answers[duck]["metrics"]["buyers"] > 0 and answers[duck]["clv fit"]["customers"] > 0
    assert sum(len(answers[duck][f"segment {s}"]) > 1 for s in ready.READY) >= len(ready.READY) - 2
    found = [d for name in answers[duck] for d in _same_answer(answers[spark_built][name], answers[duck][name], name)]
    assert not found, "\n".join(found[:20])


def test_the_answers_check_tells_a_number_off_by_more_than_1e_9_and_a_changed_cell() -> None:
    said = {"types": {"vip": 11}, "ltv": 29665.391269039606, "rows": [["ID", "Выручка"], ["C1", "58723,86"]]}
    assert _same_answer(json.loads(json.dumps(said)), said) == []
    assert _same_answer({**said, "ltv": 29665.391269039606 * (1 + 1e-11)}, said) == []
    assert _same_answer({**said, "ltv": 29665.4}, said) == [".ltv: spark 29665.4 != duckdb 29665.391269039606"]
    assert _same_answer({**said, "types": {"vip": 12}}, said) == [".types.vip: spark 12 != duckdb 11"]
    changed = {**said, "rows": [["ID", "Выручка"], ["C2", "58723,86"]]}
    assert _same_answer(changed, said) == [".rows[1][0]: spark 'C2' != duckdb 'C1'"]
    assert _same_answer({**said, "rows": said["rows"][:1]}, said) == [".rows: 1 items != 2"]


VARYING = [step for step in ORDER if step.varies]


def _variant_frames(ws: Workspace, ctx) -> dict[str, pl.DataFrame]:
    """Each derived table that varies, for `ctx`'s date and thresholds, as a page reading them all gets it."""
    from core.workspace import engine

    generation = ws.generation()
    text = "select * from " + ", ".join(step.output for step in VARYING)
    found = engine().sources(ws, generation, text, ctx.params())
    frames = {}
    with ws.reading() as cur:
        for step in VARYING:
            assert found[step.output] != f"{schema_name(generation)}.{step.output}", "not a variant"
            frame = cur.sql(f"select * from {found[step.output]}").pl()
            frames[step.output] = frame.sort(frame.columns, nulls_last=True)
    return frames


@pytest.mark.spark
@pytest.mark.slow
def test_another_date_and_threshold_on_a_spark_built_generation_run_on_spark_with_progress_and_equal_duckdbs(
        twin_demos: tuple[Workspace, Workspace], spark_remote: str) -> None:
    import datetime as dt

    from core.context import Thresholds
    from core.sql import default_context

    duck, spark_ws = twin_demos
    ctx = default_context(duck)
    other = ctx.replace(as_of=ctx.as_of - dt.timedelta(days=75), thresholds=Thresholds(inactive_days=120))
    on_duckdb = _variant_frames(duck, other.replace(generation=duck.generation()))
    reported: list[tuple[int, int, str]] = []
    with engines.chosen("spark", spark_remote):
        spark_ws.publish({})
        assert info.describe(spark_ws)["engine"] == "spark"
        with build.reporting_variants(lambda i, n, step: reported.append((i, n, step))):
            on_spark = _variant_frames(spark_ws, other.replace(generation=spark_ws.generation()))
            # made once: asked again, the variants are read, nothing runs
            assert _variant_frames(spark_ws, other.replace(generation=spark_ws.generation())).keys() == \
                on_spark.keys()
    # one Spark run made the Spark steps' variants, each step reported (contact_events, which does not vary,
    # is computed again for the steps that read it); the segment table is then made in DuckDB as in the build
    spark_names = ["contact_events", "customer_categories", "customer_activity", "customer_model"]
    assert reported == [*[(i, len(spark_names), name) for i, name in enumerate(spark_names)],
                        (len(spark_names), len(spark_names), "")]
    with spark_ws.reading() as cur:
        marked = {name for (name,) in cur.execute(
            "select t.table_name from duckdb_tables() t where t.schema_name = $s and t.comment = $c "
            "and t.table_name like '%\\_\\_%' escape '\\'",
            {"s": schema_name(spark_ws.generation()), "c": spark_engine.ENGINE_COMMENT}).fetchall()}
    assert {name.split("__")[0] for name in marked} == {"customer_categories", "customer_activity",
                                                        "customer_model"}
    found = [d for step in VARYING
             for d in table_differences(on_spark[step.output], on_duckdb[step.output], step.output)]
    assert not found, "\n".join(found)
    assert on_duckdb["customer_model"].height > 0


def test_a_variant_runs_on_spark_the_steps_it_reads_and_theirs_and_no_other() -> None:
    def names(*targets: str) -> list[str]:
        return [s.name for s in spark_engine.needed_steps([build.step_named(t) for t in targets])]

    # customer_model reads customer_activity and contact_events; customer_activity reads customer_categories
    assert names("customer_model") == ["contact_events", "customer_categories", "customer_activity",
                                       "customer_model"]
    # the segment table is DuckDB's (after the CLV fit), its model Spark's
    assert names("segment_model") == names("customer_model")
    assert names("customer_categories") == ["customer_categories"]
    assert names("customer_categories", "customer_acquisition") == [
        "contact_events", "customer_categories", "customer_activity", "customer_acquisition"]
    # the CLV fit reads the orders only
    assert names("clv_scores") == []


def test_the_command_line_tells_another_dates_spark_steps_as_they_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`composition --as-of` on Spark: each step of the variants' Spark run on stderr, the JSON alone on stdout
    (the run itself stood in for by what it reports: the Spark tests above run it for real)."""
    from core.cli import main

    monkeypatch.delenv(spark_engine.ENV_REMOTE, raising=False)
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    path = tmp_path / "ws"
    assert main(["--workspace", str(path), "demo", "--customers", "300"]) == 0
    original = engines.EngineChoice.sources

    def reporting(self, ws, generation, sql_text, values):
        progress = build.variant_progress()
        for i, step in enumerate(["contact_events", "customer_categories"]):
            progress(i, 2, step)
        progress(2, 2, "")
        return original(self, ws, generation, sql_text, values)

    monkeypatch.setattr(engines.EngineChoice, "sources", reporting)
    capsys.readouterr()
    assert main(["--workspace", str(path), "composition", "--json", "--as-of", "2026-04-30"]) == 0
    out, err = capsys.readouterr()
    json.loads(out)
    assert err.splitlines()[:2] == [
        "Spark считает данные для выбранных даты и настроек: шаг 1 из 2 — Сопоставление рассылок с клиентами",
        "Spark считает данные для выбранных даты и настроек: шаг 2 из 2 — Покупки каждого клиента по категориям"]
