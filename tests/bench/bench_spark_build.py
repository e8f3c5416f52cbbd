"""Benchmark: one generation's build of a workspace on DuckDB beside the same build on Spark (Spark Connect).

Run: python tests/bench/bench_spark_build.py --workspace DIR [--cluster | --remote sc://host:15002]
                                            [--no-duckdb-build] [--no-other-date]
Without --cluster or --remote a local Spark Connect server (`local[2]`) is started; with --cluster a standalone
master, two one-core workers and a Connect server (tests/bench/spark_cluster.py). Each side publishes the data
in force again (a new generation, the same files); Spark's steps are timed one by one, and the server's event
log gives each step's stages, tasks and shuffle bytes (tests/bench/spark_eventlog.py). Hold the heavy lock.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--cluster", action="store_true", help="a standalone cluster of two workers on this machine")
    parser.add_argument("--remote", help="an existing Spark Connect server")
    parser.add_argument("--no-duckdb-build", action="store_true",
                        help="skip the DuckDB side (its figure from an earlier run on the same workspace)")
    parser.add_argument("--no-other-date", action="store_true",
                        help="skip another analysis date on both engines (at 10M it runs for tens of minutes)")
    args = parser.parse_args()

    from core import engines
    from core.engines import spark as spark_engine
    from core.workspace import Workspace
    from tests.bench import spark_eventlog
    from tests.bench.spark_cluster import standalone

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("py4j").setLevel(logging.WARNING)
    ws = Workspace(args.workspace)
    orders = sum(1 for _ in ws.manifest().files("orders"))
    print(f"workspace {args.workspace}: {orders} orders file(s); machine: {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")
    if not args.no_duckdb_build:
        with engines.chosen("duckdb"):
            started = time.perf_counter()
            ws.publish({})
            print(f"duckdb build: {time.perf_counter() - started:.1f} s")

    events = Path(tempfile.mkdtemp(prefix="kb-spark-events-"))
    logged = {"spark.eventLog.enabled": "true", "spark.eventLog.dir": events.as_uri(),
              "spark.eventLog.compress": "false"}
    with contextlib.ExitStack() as stack:
        if args.remote:
            address = args.remote
        elif args.cluster:
            started = time.perf_counter()
            address = stack.enter_context(standalone(workers=2, cores=1, worker_memory="3g",
                                                     executor_memory="2g", driver_memory="2g", conf=logged))
            print(f"cluster start: {time.perf_counter() - started:.1f} s")
        else:
            from pyspark.sql import SparkSession

            started = time.perf_counter()
            builder = SparkSession.builder.remote("local[2]").config("spark.ui.enabled", "false") \
                .config("spark.driver.memory", "4g")
            for key, value in logged.items():
                builder = builder.config(key, value)
            with warnings.catch_warnings():
                # static settings start the server with them; the client then warns it cannot set them again
                warnings.filterwarnings("ignore", r".*CANNOT_MODIFY_(STATIC_)?CONFIG", UserWarning)
                local = builder.getOrCreate()
            stack.callback(local.stop)
            address = f"sc://localhost:{local.conf.get('spark.connect.grpc.binding.port', '15002')}"
            print(f"local server start: {time.perf_counter() - started:.1f} s")
        steps: list[spark_engine.Output] = []
        original = spark_engine.run_steps

        def timed(*a, **k):
            steps.extend(original(*a, **k))
            return steps

        spark_engine.run_steps = timed
        with engines.chosen("spark", address):
            started = time.perf_counter()
            ws.publish({})
            total = time.perf_counter() - started
        for step in steps:
            print(f"  spark step {step.name}: {step.seconds:.1f} s")
        print(f"spark build ({'cluster' if args.cluster else args.remote or 'local[2]'}): {total:.1f} s "
              f"(of which Spark steps {sum(s.seconds for s in steps):.1f} s)")
        # another analysis date on the generation Spark built: its variants on Spark, then (a day earlier, so
        # nothing is reused) on DuckDB from the generation's files
        from core.build import ORDER
        from core.sql import default_context
        from core.workspace import engine

        ctx = default_context(ws)
        text = "select * from " + ", ".join(s.output for s in ORDER if s.varies)
        for days, name in () if args.no_other_date else ((30, "spark"), (31, "duckdb")):
            values = ctx.replace(as_of=ctx.as_of - dt.timedelta(days=days)).params()
            with engines.chosen(name, address if name == "spark" else None):
                started = time.perf_counter()
                engine().sources(ws, ws.generation(), text, values)
                print(f"another analysis date ({values['as_of']}) on {name}: {time.perf_counter() - started:.1f} s")
    # the server has stopped: its event log is whole (an existing --remote logs where its own settings say)
    costs = spark_eventlog.read(events)
    if costs:
        print("spark's work per step (its event log):")
        print("\n".join(spark_eventlog.report(costs)))
    elif not args.remote:
        print(f"no tagged jobs in the event log at {events}")
    shutil.rmtree(events, ignore_errors=True)
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
