"""Benchmark: build the customer model from the demo's 1M customers (~8.6M orders) beside a bare
DuckDB GROUP BY over the same Parquet and the same aggregation in pandas, each in its own process
(peak RSS measured there), run side by side in turns. The model is built from the Parquet files with
every derived table it reads (customer_activity), each step timed; a threshold
change, which reuses the generation's customer_activity, is timed beside it, and so are all the
customer tables a new generation builds from the orders (customer_activity, customer_acquisition,
customer_model). Beside the bare GROUP BY runs a plain GROUP BY of the order facts the model's
definitions need (count, revenue, first, second and last date, 365-day count and revenue, discounted
orders, first channel, last manager): what computing them from the orders costs before any
classification.

    python tests/bench/bench_customer_model.py [--customers 1000000] [--data DIR] [--rounds 2]
        [--memory-limit 1GB] [--threads 2]

Targets (issue 4): the model within 1.5× of the bare GROUP BY, at least 4× faster than pandas,
peak memory under 1.5 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def prepare(data: Path, customers: int) -> Path:
    """A workspace holding the demo for `customers` contacts (generated once, reused afterwards)."""
    from core import demo
    from core import build  # noqa: F401 - the engine of the generations
    from core.workspace import Workspace

    ws_path = data / f"ws_{customers}"
    if (ws_path / "manifest.json").exists():
        return ws_path
    started = time.perf_counter()
    frames = demo.generate(customers)
    took = time.perf_counter() - started
    print(f"demo.generate({customers:,}): {took:.1f} s; rows: "
          + ", ".join(f"{k} {v.height:,}" for k, v in frames.items()), flush=True)
    ws = Workspace(ws_path)
    staged = {}
    for kind, frame in frames.items():
        path = ws.staging_file(kind)
        frame.write_parquet(path)
        staged[kind] = [path]
    del frames
    started = time.perf_counter()
    ws.publish(staged)
    print(f"publish (views + derived tables): {time.perf_counter() - started:.1f} s", flush=True)
    ws.close()
    return ws_path


def orders_files(ws_path: Path) -> list[str]:
    """The Parquet files of the orders dataset."""
    manifest = json.loads((ws_path / "manifest.json").read_text())
    return [str(ws_path / rel) for rel in manifest["datasets"]["orders"]]


def model_inputs(name: str = "customer_model") -> list:
    """The derived tables the model is built from (those its query reads, and theirs), in build order."""
    from core import build

    target = build.step_named(name)
    earlier = build.ORDER[:build.ORDER.index(target)]
    read = [s for s in earlier if s.query and s.output in target.inputs]
    deeper = {s.name for r in read for s in model_inputs(r.name)}
    return [s for s in earlier if s in read or s.name in deeper]


def child(kind: str, ws_path: Path, memory_limit: str, threads: int) -> None:
    """Run one contender in this process and print its wall time and peak RSS as JSON."""
    files = orders_files(ws_path)
    step_times: dict[str, float] = {}
    if kind == "pandas":
        import pandas as pd

        started = time.perf_counter()
        frame = pd.concat([pd.read_parquet(f, columns=["customer_id", "order_date", "amount", "completed"])
                           for f in files])
        frame = frame[frame["completed"]]
        result = frame.groupby("customer_id").agg(orders=("amount", "size"), revenue=("amount", "sum"),
                                                  first=("order_date", "min"), last=("order_date", "max"))
        rows = len(result)
    else:
        from core import build, sql
        from core.workspace import Workspace

        model = build.step_named("customer_model")
        ws = Workspace(ws_path, memory_limit=memory_limit, threads=threads)
        with ws.reading() as cur:
            if kind == "groupby":
                listing = ", ".join("'" + f + "'" for f in files)
                text = ("select customer_id, count(*) as orders, sum(amount) as revenue, min(order_date) as first, "
                        f"max(order_date) as last from read_parquet([{listing}]) where completed group by customer_id")
                steps = [("bench_result", text, {})]
            elif kind == "aggregates":
                # The order facts the model's definitions need, as one plain GROUP BY over the same Parquet
                # (no RFM, ABC, interactions or profile): what computing them from the orders costs as
                # it is usually written.
                listing = ", ".join("'" + f + "'" for f in files)
                moment = "order_date::timestamp + coalesce(order_ts - order_ts::date, interval 1 day)"
                text = ("select customer_id, count(*) as orders, sum(amount) as revenue, min(order_date) as first, "
                        "min(order_date, 2)[2] as second, max(order_date) as last, "
                        "count(*) filter (where order_date > $as_of - 365) as orders_365, "
                        "sum(amount) filter (where order_date > $as_of - 365) as revenue_365, "
                        "count(*) filter (where discount > 0) as discount_orders, "
                        f"arg_min(nullif(trim(channel), ''), {moment}) as first_channel, "
                        f"arg_max(manager, {moment}) filter (where manager is not null) as last_manager "
                        f"from read_parquet([{listing}]) where completed group by customer_id")
                steps = [("bench_result", text, {"as_of": build.default_values(sql.default_as_of(cur))["as_of"]})]
            elif kind == "model":
                # From the Parquet files: the derived tables the model reads are built here too, as temp
                # tables shadowing the generation's, so nothing the generation precomputed is reused.
                values = build.default_values(sql.default_as_of(cur))
                steps = [("bench_result" if d is model else d.name, *build.step_sql(d, values))
                         for d in [*model_inputs(), model]]
            elif kind == "tables":
                # What a new generation builds for its customers: every derived query up to the model.
                values = build.default_values(sql.default_as_of(cur))
                built = build.ORDER[:build.ORDER.index(model) + 1]
                steps = [("bench_result" if d is model else d.name, *build.step_sql(d, values))
                         for d in built if d.query]
            else:
                # A threshold change: the model again, from the generation's date-only tables.
                values = build.default_values(sql.default_as_of(cur)) | {"vip_share": 0.1, "inactive_days": 120}
                steps = [("bench_result", *build.step_sql(model, values))]
            started = time.perf_counter()
            for table, text, params in steps:
                step_started = time.perf_counter()
                cur.execute(f"create temp table {table} as {text}", params)
                step_times[table] = time.perf_counter() - step_started
            rows = cur.execute("select count(*) from bench_result").fetchall()[0][0]
        ws.close()
    took = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "seconds": took, "peak_mb": peak_mb, "rows": rows, "steps": step_times}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kb_bench")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", choices=("model", "variant", "tables", "groupby", "aggregates", "pandas"))
    parser.add_argument("--ws", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.ws, args.memory_limit, args.threads)
        return
    args.data.mkdir(parents=True, exist_ok=True)
    ws_path = prepare(args.data, args.customers)
    # The current generation (derived tables, CLV fit) is built before timing, in a process of its own,
    # so no contender's time or peak memory includes it.
    subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                    "from core import build; from core.workspace import Workspace; Workspace(sys.argv[2]).generation()",
                    str(ROOT), str(ws_path)], check=True)
    results: dict[str, list[dict]] = {"groupby": [], "aggregates": [], "model": [], "variant": [], "tables": [], "pandas": []}
    loads = []
    for _ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for kind in results:
            out = subprocess.run([sys.executable, __file__, "--child", kind, "--ws", str(ws_path),
                                  "--memory-limit", args.memory_limit, "--threads", str(args.threads)],
                                 capture_output=True, text=True, check=True)
            results[kind].append(json.loads(out.stdout.strip().splitlines()[-1]))
    loads.append(os.getloadavg()[0])
    from core import settings
    budget = settings.memory_budget(args.memory_limit)
    print(f"\nmachine: {os.cpu_count()} cores; the workspace's memory budget {args.memory_limit} (DuckDB "
          f"{budget.duckdb / 1024 ** 3:.2f} GiB of it), threads {args.threads}; "
          f"load average (1 min) before each round and at the end: {', '.join(f'{x:.1f}' for x in loads)}")
    print(f"{'contender':<44} {'median s':>9} {'best s':>8} {'peak RSS MB':>12} {'rows':>10}")
    label = {"groupby": "bare DuckDB GROUP BY (4 aggregates)",
             "aggregates": "the model's order facts, one plain GROUP BY",
             "model": "customer model from Parquet (full table)",
             "variant": "customer model, other thresholds, same date",
             "tables": "a generation's customer tables (3), Parquet",
             "pandas": "pandas groupby (same 4 aggregates)"}
    median = {}
    for kind, runs in results.items():
        times = [r["seconds"] for r in runs]
        median[kind] = statistics.median(times)
        print(f"{label[kind]:<44} {median[kind]:>9.2f} {min(times):>8.2f} {max(r['peak_mb'] for r in runs):>12.0f} "
              f"{runs[-1]['rows']:>10,}")
    for kind in ("model", "tables"):
        for table in results[kind][-1]["steps"]:
            took = statistics.median(r["steps"][table] for r in results[kind])
            print(f"  {kind} step {'customer_model' if table == 'bench_result' else table:<{37 - len(kind)}} {took:>9.2f}")
    print(f"\nmodel / bare GROUP BY: {median['model'] / median['groupby']:.2f}× (target ≤ 1.5×)")
    print(f"the model's order facts alone / bare GROUP BY: {median['aggregates'] / median['groupby']:.2f}× "
          f"(before any classification, profile or write); model / them: "
          f"{median['model'] / median['aggregates']:.2f}×")
    print(f"pandas / model: {median['pandas'] / median['model']:.2f}× (target ≥ 4×)")
    print(f"threshold change / bare GROUP BY: {median['variant'] / median['groupby']:.2f}×")
    peak = max(r["peak_mb"] for r in results["model"])
    print(f"model peak RSS: {peak:.0f} MB (target < 1536 MB)")


if __name__ == "__main__":
    main()
