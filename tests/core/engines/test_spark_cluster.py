"""The build through a real Spark standalone cluster on this machine: a master, two workers, Spark Connect in front.

Marked `cluster` (three more JVMs: about 100 s on this 2-core machine): `make test` runs it with the rest,
`make test-cluster` alone, `-m "not cluster"` leaves it out."""
from __future__ import annotations

from pathlib import Path

import pytest

from core import demo, engines, info
from core.engines import spark as spark_engine
from core.workspace import Workspace
from tests.bench.spark_cluster import standalone
from tests.core.engines.test_spark import assert_same_tables


@pytest.mark.spark
@pytest.mark.cluster
@pytest.mark.slow
def test_a_build_through_a_two_worker_cluster_equals_duckdbs(
        tmp_path: Path, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engines.ENV_ENGINE, raising=False)
    with standalone(workers=2, cores=1, worker_memory="1g", executor_memory="768m") as address:
        monkeypatch.setenv(spark_engine.ENV_REMOTE, address)
        ws = Workspace(tmp_path / "cluster")
        try:
            demo.load_into(ws, customers=2_000)
            assert info.describe(ws)["engine"] == "spark"
            assert_same_tables(ws, demo_workspace)
        finally:
            ws.close()
