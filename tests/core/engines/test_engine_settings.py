"""The engine and lake sources as workspace settings (core/engines/choice.py, sources.py): the environment wins,
admins only, malformed values refused in both languages, a change made from a stale view refused instead of
overwriting another admin's, the check's problems one by one, the build from the sources audited."""
from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from core import audit, engines
from core.access import Viewer
from core.engines import choice, sources
from core.engines import spark as spark_engine
from core.workspace import LocalizedError, Workspace
from tests.conftest import publish_frames

ROOT = Viewer(username="root", role="admin")
ANN = Viewer(username="ann", role="admin")
DEAD = "sc://127.0.0.1:9"  # the discard port: nothing listens, the connection is refused at once


@pytest.fixture(autouse=True)
def no_engine_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(choice.ENV_REMOTE, raising=False)
    monkeypatch.delenv(choice.ENV_ENGINE, raising=False)


def _log(ws: Workspace, action: str) -> list[str]:
    return audit.read(ws).filter(pl.col("action") == action)["what"].to_list()


def test_the_workspace_setting_chooses_the_engine_and_address_unless_the_environment_sets_them(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    assert engines.selected(workspace) == "duckdb" and spark_engine.remote(workspace) is None
    choice.set_engine(workspace, ROOT, "spark", "sc://lake-spark:15002", expected=(None, None))
    assert engines.selected(workspace) == "spark"
    assert spark_engine.remote(workspace) == "sc://lake-spark:15002"
    assert spark_engine.remote(workspace.path) == "sc://lake-spark:15002"  # by its folder too (the build's root)
    # a process without a workspace (another workspace) is not affected
    assert engines.selected() == "duckdb"
    # the operator's environment wins, and says so
    monkeypatch.setenv(choice.ENV_REMOTE, "sc://operator:15002")
    now = choice.current(workspace)
    assert (now.engine, now.remote, now.engine_fixed, now.remote_fixed) == ("spark", "sc://operator:15002", True, True)
    assert now.stored == ("spark", "sc://lake-spark:15002")
    monkeypatch.setenv(choice.ENV_ENGINE, "duckdb")
    assert engines.selected(workspace) == "duckdb"


def test_only_an_admin_sets_the_engine_and_a_bad_value_is_refused_in_both_languages_leaving_the_setting(
        workspace: Workspace) -> None:
    with pytest.raises(PermissionError):
        choice.set_engine(workspace, Viewer(username="an", role="analyst"), "spark", "sc://x:1", expected=(None, None))
    choice.set_engine(workspace, ROOT, "spark", "sc://good:15002", expected=(None, None))
    for engine, remote, key, named in [
        ("spark", "http://spark:15002", "engine.spark.bad_remote", "http://spark:15002"),
        ("spark", "sc://host:15002; rm -rf", "engine.spark.bad_remote", "rm -rf"),
        ("spark", "", "engine.setting.no_remote", "sc://host:15002"),
        ("presto", "sc://good:15002", "engine.unknown", "presto"),
    ]:
        with pytest.raises(LocalizedError) as caught:
            choice.set_engine(workspace, ROOT, engine, remote, expected=("spark", "sc://good:15002"))
        assert caught.value.key == key
        assert named in caught.value.message("ru") and named in caught.value.message("en")
        assert choice.current(workspace).stored == ("spark", "sc://good:15002")
    assert _log(workspace, "engine_setting") == ["engine: spark; remote: sc://good:15002"]
    # an address with Spark Connect's parameters, and an IPv6 host, are taken; duckdb keeps the address
    choice.set_engine(workspace, ROOT, "duckdb", "sc://[::1]:15002/;use_ssl=true;token=abc",
                      expected=("spark", "sc://good:15002"))
    assert choice.current(workspace).stored == ("duckdb", "sc://[::1]:15002/;use_ssl=true;token=abc")


def test_a_part_the_environment_fixes_cannot_be_changed_from_the_page(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(choice.ENV_REMOTE, "sc://operator:15002")
    with pytest.raises(choice.EngineSettingError) as caught:
        choice.set_engine(workspace, ROOT, "spark", None, expected=(None, None))
    assert caught.value.key == "engine.setting.engine_fixed"
    with pytest.raises(choice.EngineSettingError) as caught:
        choice.set_engine(workspace, ROOT, "duckdb", "sc://mine:15002", expected=(None, None))
    assert caught.value.key == "engine.setting.remote_fixed"
    assert "sc://operator:15002" in caught.value.message("en")
    assert not (workspace.meta_dir / "engine.json").exists()
    monkeypatch.setenv(choice.ENV_ENGINE, "spark")
    monkeypatch.delenv(choice.ENV_REMOTE)
    with pytest.raises(choice.EngineSettingError) as caught:
        choice.set_engine(workspace, ROOT, "spark", "sc://mine:15002", expected=(None, None))
    assert caught.value.key == "engine.setting.engine_fixed"
    # the engine fixed, the address free: the address is stored, the engine as stored
    choice.set_engine(workspace, ROOT, "duckdb", "sc://mine:15002", expected=(None, None))
    assert choice.current(workspace).remote == "sc://mine:15002"
    assert not (workspace.meta_dir / "engine.json").read_text().count("spark")


def test_two_admins_changing_the_settings_from_the_same_view_the_second_is_told_not_overwritten(
        workspace: Workspace) -> None:
    shown = choice.current(workspace).stored
    choice.set_engine(workspace, ROOT, "spark", "sc://a:15002", expected=shown)
    with pytest.raises(choice.EngineSettingError) as caught:
        choice.set_engine(workspace, ANN, "spark", "sc://b:15002", expected=shown)
    assert caught.value.key == "engine.setting.changed_meanwhile"
    assert "sc://a:15002" in caught.value.message("ru")
    assert choice.current(workspace).remote == "sc://a:15002"
    # sources: each dataset changed from what its form showed; another dataset's change is kept
    sources.set_source(workspace, ROOT, "orders", path="s3a://lake/orders/", expected=None)
    with pytest.raises(sources.SourceError) as caught:
        sources.set_source(workspace, ANN, "orders", table="db.orders", expected=None)
    assert caught.value.key == "engine.source.changed_meanwhile"
    assert "s3a://lake/orders/" in caught.value.message("en")
    sources.set_source(workspace, ANN, "spend", table="mkt.spend", expected=None)
    assert sources.sources(workspace) == {"orders": sources.Source("orders", path="s3a://lake/orders/"),
                                          "spend": sources.Source("spend", table="mkt.spend")}
    # cleared from the value shown
    sources.set_source(workspace, ANN, "orders", expected=sources.Source("orders", path="s3a://lake/orders/"))
    assert set(sources.sources(workspace)) == {"spend"}
    assert _log(workspace, "engine_source") == ["orders: s3a://lake/orders/", "spend: table mkt.spend",
                                                "orders: workspace files"][::-1]


def _small(ws: Workspace) -> int:
    day = dt.date(2026, 5, 31)
    return publish_frames(ws, {
        "customers": [{"customer_id": "a"}, {"customer_id": "b"}],
        "orders": [{"order_id": "1", "customer_id": "a", "order_date": day, "amount": 100.0},
                   {"order_id": "2", "customer_id": "b", "order_date": day, "amount": 900.0}],
    })


def test_the_check_lists_each_problem_and_changes_nothing(workspace: Workspace) -> None:
    generation = _small(workspace)
    assert engines.check(workspace) == []  # DuckDB, no address: nothing to reach
    sources.set_source(workspace, ROOT, "orders", path="s3a://lake/orders/")
    assert [p.key for p in engines.check(workspace)] == ["engine.spark.no_remote"]
    (workspace.meta_dir / sources.SOURCES_FILE).write_text(json.dumps(
        {"orders": {"path": "s3a://lake/orders/"}, "spend": {"table": "x; drop"}}))
    choice.set_engine(workspace, ROOT, "spark", DEAD, expected=(None, None))
    problems = engines.check(workspace)
    # the damaged entry, then the server that does not answer (nothing else is asked of it)
    assert [p.key for p in problems] == ["engine.source.bad_table", "engine.spark.unreachable"]
    assert DEAD in problems[1].message("ru") and "не отвечает" in problems[1].message("ru")
    assert workspace.generation() == generation


def test_the_build_from_the_sources_on_duckdb_makes_a_new_generation_audited_for_admins_only(
        workspace: Workspace) -> None:
    generation = _small(workspace)
    with pytest.raises(PermissionError):
        engines.build_from_sources(workspace, Viewer(username="an", role="analyst"))
    steps: list[tuple[int, int, str]] = []
    assert engines.build_from_sources(workspace, ROOT, progress=lambda i, n, s: steps.append((i, n, s))) \
        == generation + 1
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    assert engines.lake_sources_of(workspace, generation + 1) == {}
    assert _log(workspace, "engine_build") == [f"generation {generation + 1} on duckdb"]
    # on Spark with a dead address: refused, the generation stays, nothing audited
    choice.set_engine(workspace, ROOT, "spark", DEAD, expected=(None, None))
    with pytest.raises(spark_engine.SparkEngineError) as caught:
        engines.build_from_sources(workspace, ROOT)
    assert caught.value.key == "engine.spark.unreachable"
    assert workspace.generation() == generation + 1
    assert len(_log(workspace, "engine_build")) == 1


@pytest.mark.spark
@pytest.mark.slow
def test_on_spark_the_check_names_each_bad_source_and_the_build_reads_the_good_one_reporting_its_steps(
        tmp_path, spark_remote: str) -> None:
    from core import demo

    ws = Workspace(tmp_path / "ws")
    try:
        demo.load_into(ws, customers=200)
        with ws.reading() as cur:
            orders = cur.sql("select * from orders").pl()
            spend = cur.sql("select * from spend").pl()
        good = tmp_path / "lake" / "orders"
        good.mkdir(parents=True)
        orders.write_parquet(good / "part-0.parquet")
        lacking = tmp_path / "lake" / "spend"
        lacking.mkdir(parents=True)
        spend.drop("channel").write_parquet(lacking / "part-0.parquet")
        choice.set_engine(ws, ROOT, "spark", spark_remote, expected=(None, None))
        sources.set_source(ws, ROOT, "orders", path=good.as_uri())
        assert engines.check(ws) == []
        sources.set_source(ws, ROOT, "customers", path=(tmp_path / "lake" / "none").as_uri())
        sources.set_source(ws, ROOT, "spend", path=lacking.as_uri())
        sources.set_source(ws, ROOT, "interactions", table="default.kb_no_such_table")
        before = ws.manifest()
        problems = engines.check(ws)
        assert [(p.key, p.values["dataset"]) for p in problems] == [
            ("engine.spark.missing_source", "customers"), ("engine.spark.missing_table", "interactions"),
            ("engine.spark.missing_columns", "spend")]
        assert problems[2].values["columns"] == "channel"
        assert ws.manifest() == before
        for kind in ("customers", "spend", "interactions"):
            sources.set_source(ws, ROOT, kind)
        spark_steps: list[tuple[int, int, str]] = []
        generation = engines.build_from_sources(ws, ROOT, spark_progress=lambda i, n, s: spark_steps.append((i, n, s)))
        names = [s.name for s in spark_engine.spark_steps()]
        assert spark_steps == [(i, len(names), name) for i, name in enumerate(names)] + [(len(names),) * 2 + ("",)]
        assert engines.generation_engine(ws) == (generation, "spark")
        assert engines.lake_sources_of(ws, generation) == {"orders": good.as_uri()}
        assert _log(ws, "engine_build") == [f"generation {generation} on spark; orders: {good.as_uri()}"]
    finally:
        ws.close()


def test_a_token_in_the_address_is_hidden_in_the_audit_log_and_info_says_the_next_engine(
        workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    from core.cli import main

    _small(workspace)
    choice.set_engine(workspace, ROOT, "duckdb", "sc://h:15002/;use_ssl=true;token=s3cr3t", expected=(None, None))
    assert _log(workspace, "engine_setting") == ["engine: duckdb; remote: sc://h:15002/;use_ssl=true;token=***"]
    path = str(workspace.path)
    workspace.close()
    assert main(["--workspace", path, "--lang", "en", "info"]) == 0
    out = capsys.readouterr().out
    assert "next build: duckdb, Spark Connect: sc://h:15002/;use_ssl=true;token=***" in out
    assert "s3cr3t" not in out
