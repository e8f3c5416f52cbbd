"""Shared fixtures: on-disk workspaces (empty, hand-made, and a small demo) and contexts."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from core import build, datasets, demo, engines, settings, users  # noqa: F401 - build, engines: the engine of the generations
from core.context import QueryContext, Thresholds
from core.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def no_warming(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests build generations without storing the pages' default results (core/warm.py: seconds
    per generation); the tests of that work turn it on, and the served app of the browser tests has it on."""
    monkeypatch.setenv("KB_WARM", "0")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """bcrypt with 4 rounds in tests (production uses users.BCRYPT_ROUNDS = 12), so accounts are quick to make."""
    monkeypatch.setattr(users, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """An empty workspace on disk."""
    ws = Workspace(tmp_path / "ws")
    yield ws
    ws.close()


def publish_frames(ws: Workspace, frames: dict[str, pl.DataFrame | list[dict]]) -> int:
    """Publish hand-made rows (frames or lists of dicts) as datasets; missing columns become nulls."""
    staged = {}
    for kind, rows in frames.items():
        frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(rows, infer_schema_length=None)
        if kind == "orders" and "completed" not in frame.columns:
            status = frame["status"] if "status" in frame.columns else pl.Series([None] * frame.height, dtype=pl.String)
            frame = frame.with_columns(completed=~pl.Series([datasets.is_cancel_status(s) for s in status]))
        path = ws.staging_file(kind)
        datasets.conform(kind, frame).write_parquet(path)
        staged[kind] = [path]
    return ws.publish(staged)


def publish_elsewhere(path: Path, *amounts: float, order_date: dt.date = dt.date(2026, 3, 1)) -> None:
    """Publish orders with these amounts from a second process (the command line while the dashboard runs)."""
    code = (
        "import sys, datetime as dt, polars as pl; from core import build, datasets;"
        "from core.workspace import Workspace;"
        "ws = Workspace(sys.argv[1]); p = ws.staging_file('orders');"
        "amounts = [float(a) for a in sys.argv[3:]];"
        "datasets.conform('orders', pl.DataFrame({'order_id': [str(i) for i in range(len(amounts))],"
        "'customer_id': ['c1'] * len(amounts), 'order_date': [dt.date.fromisoformat(sys.argv[2])] * len(amounts),"
        "'amount': amounts, 'completed': [True] * len(amounts)})).write_parquet(p); ws.publish({'orders': [p]})"
    )
    subprocess.run([sys.executable, "-c", code, str(path), order_date.isoformat(), *map(str, amounts)], check=True,
                   cwd=settings.PROJECT_ROOT)


@pytest.fixture
def held_builds(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every generation build waits until the returned event is set: a build caught in progress."""
    release = threading.Event()
    original = Workspace._build

    def held(self: Workspace, cur, manifest, *args) -> None:
        assert release.wait(timeout=60)
        original(self, cur, manifest, *args)

    monkeypatch.setattr(Workspace, "_build", held)
    return release


def context(as_of: dt.date, start: dt.date | None = None, end: dt.date | None = None, **changes) -> QueryContext:
    """A context for hand-computed tests (period defaults to the analysis date alone)."""
    changes.setdefault("thresholds", Thresholds())
    return QueryContext(as_of=as_of, start=start or as_of, end=end or as_of, **changes)


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A small demo workspace (2,000 contacts), shared by the whole session: do not change it."""
    ws = Workspace(tmp_path_factory.mktemp("demo_ws"))
    demo.load_into(ws, customers=2_000)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def spark_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a local Spark Connect server (pyspark's jars, Debian's OpenJDK 17), shared by the session.

    `remote("local[2]")` starts the server (about 15 s) on two cores, the machine's size; the engine then
    connects to it as to any cluster, by its `sc://` address. Tests using it are marked `spark`. Its catalog's
    warehouse is a temporary folder (by default Spark makes `spark-warehouse` in the current folder, the
    repository, on the first catalog call).
    """
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    from tests.browser.harness import free_port

    warehouse = tmp_path_factory.mktemp("spark-warehouse").as_uri()
    # On a free port, not Spark Connect's 15002: another server on this machine (a benchmark's, another test run)
    # may hold that one, and `remote("local[2]")` would fail to start, or (once the client only knows
    # `sc://localhost`) talk to the other server. So the server is started as `remote("local[2]")` starts it,
    # with the port given, and the session reaches it by its address.
    port = free_port()
    saved = {name: os.environ.get(name) for name in ("SPARK_LOCAL_REMOTE", "SPARK_CONNECT_MODE_ENABLED")}
    os.environ["SPARK_LOCAL_REMOTE"] = "1"  # what `remote("local…")` sets: `stop()` then stops the server too
    ConnectSession._start_connect_server("local[2]", {"spark.sql.warehouse.dir": warehouse,
                                                      "spark.connect.grpc.binding.port": str(port)})
    os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"
    address = f"sc://localhost:{port}"
    spark = ConnectSession.builder.remote(address).getOrCreate()
    try:
        yield address
    finally:
        spark.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
