"""Benchmark (a plain script, not collected by pytest): ingest a 10-million-row CSV export.

    python tests/bench/bench_ingest.py [--rows 10000000] [--rounds 2] [--code CHECKOUT ...] [--no-cp1251]

Side by side, alternating, each run in its own process: DuckDB's own `read_csv(all_varchar) -> Parquet`
of the UTF-8 file followed by a per-customer GROUP BY over that Parquet (orders, revenue, first and last
date: the bare baseline of an upload to a ready dashboard), our full upload of the same file (sniff,
sample, profile, parse, validate, write, publish a workspace generation with what it builds, and store the
default results the dashboard stores before it serves a generation: the upload to every page ready), and our
upload of the same rows encoded in windows-1251. `--code` runs our upload with another checkout of the
code (repeat it to run two versions side by side; default: this one). Prints wall time and the peak
resident memory of each process. Targets: the ingest in UTF-8 within 1.5x of DuckDB's read_csv ->
Parquet, windows-1251 within 3x, peak memory under 2 GB; the whole upload against read_csv -> Parquet
plus the GROUP BY.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "data" / "bench"


def make_csv(path: Path, rows: int) -> None:
    """An orders export: id, customer, dd.mm.yyyy date, decimal-comma amount, an occasional status."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(7)
    chunk = 2_000_000
    with open(path, "wb") as fh:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            i = pl.int_range(start, start + n, eager=True)
            days = pl.Series(rng.integers(0, 4 * 365, n)).cast(pl.Int32)
            status = pl.Series(rng.choice(["", "", "", "", "", "", "", "", "отменён", "возврат"], n))
            df = pl.DataFrame({
                "Номер заказа": i.cast(pl.String),
                "Код клиента": pl.Series(rng.integers(0, 1_000_000, n)).cast(pl.String),
                "Дата заказа": pl.select((pl.date(2021, 1, 1) + pl.duration(days=days)).dt.strftime("%d.%m.%Y")).to_series(),
                "Сумма": (pl.Series(rng.integers(100, 5_000_000, n)) / 100).cast(pl.String).str.replace(".", ",", literal=True),
                "Статус": status,
            })
            df.write_csv(fh, separator=";", include_header=start == 0)


def to_cp1251(src: Path, dest: Path) -> None:
    """The same file re-encoded as windows-1251 (what Russian Excel saves)."""
    with open(src, encoding="utf-8", newline="") as fin, open(dest, "w", encoding="cp1251", newline="") as fout:
        while block := fin.read(1 << 22):
            fout.write(block)


CHILD = r"""
import json, resource, sys, time, tempfile
sys.path.insert(0, {root!r})
which, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if which == "duckdb":
    import duckdb
    out = tempfile.mkdtemp(prefix="bench-duck-") + "/out.parquet"
    con = duckdb.connect()
    con.execute("set memory_limit = '2GB'")
    con.sql(f"copy (select * from read_csv('{{path}}', all_varchar = true)) to '{{out}}' (format parquet)")
    copied = time.perf_counter() - start
    rows = con.sql(f"select count(*) from read_parquet('{{out}}')").fetchall()[0][0]
    con.execute(f'''create table per_customer as select "Код клиента" as customer, count(*) as orders,
        sum(replace("Сумма", ',', '.')::double) as revenue, min(strptime("Дата заказа", '%d.%m.%Y')) as first,
        max(strptime("Дата заказа", '%d.%m.%Y')) as last from read_parquet('{{out}}') group by all''')
    detail = {{"ingest_seconds": copied, "group_by_seconds": time.perf_counter() - start - copied,
              "customers": con.sql("select count(*) from per_customer").fetchall()[0][0]}}
else:
    from core.ingest import publish
    import importlib.util
    if importlib.util.find_spec("core.build") is not None:  # a checkout before it has no build module
        importlib.import_module("core.build")  # the engine of the generations
    from core.workspace import Workspace
    # Opened as the dashboard opens it: its upload stores the pages' default results before it names the new
    # generation (in a checkout that has them), so the time is the upload's to every page ready.
    ws = Workspace(tempfile.mkdtemp(prefix="bench-ws-"), background=True)
    stages = {{}}
    report = publish.upload(ws, path, "orders", "replace",
                            progress=lambda f, s, **_: stages.setdefault(s, round(time.perf_counter() - start, 2)))
    rows = report.loaded
    detail = {{"ingest_seconds": stages["publish"], "stages": stages, "rejected": report.rejected,
              "duplicates": report.duplicates}}
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"which": which, "seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "rows": rows, **detail}}))
"""


def run(which: str, path: Path, root: Path = ROOT) -> dict:
    """One measured run in a fresh process (our upload: with the checkout at `root`)."""
    code = CHILD.format(root=str(root))
    # DuckDB inside the workspace (derived tables built on publish) gets a bounded memory budget, as a
    # deployment on this machine class would set it.
    env = {**os.environ, "KB_MEMORY_LIMIT": os.environ.get("KB_MEMORY_LIMIT", "1GB")}
    out = subprocess.run([sys.executable, "-c", code, which, str(path)], capture_output=True, text=True,
                         env=env, cwd=root)
    if out.returncode != 0:
        raise SystemExit(f"the {which} run with {root} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--code", type=Path, action="append", help="a checkout of the code for our upload "
                        "(repeat for side by side; default: this one)")
    parser.add_argument("--no-cp1251", action="store_true", help="skip the windows-1251 upload")
    args = parser.parse_args()
    codes = [c.resolve() for c in (args.code or [ROOT])]
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    utf8 = BENCH_DIR / f"orders_{args.rows}.csv"
    cp1251 = BENCH_DIR / f"orders_{args.rows}_cp1251.csv"
    if not utf8.exists():
        t = time.perf_counter()
        make_csv(utf8, args.rows)
        print(f"generated {utf8.name} in {time.perf_counter() - t:.1f} s")
    if not cp1251.exists() and not args.no_cp1251:
        to_cp1251(utf8, cp1251)
    print(f"machine: {os.cpu_count()} cores, {platform.python_version()}, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
          f"file: {args.rows:,} rows, {utf8.stat().st_size / 2**20:.0f} MiB (UTF-8), "
          + (f"{cp1251.stat().st_size / 2**20:.0f} MiB (windows-1251)" if cp1251.exists() else "no windows-1251 copy"))
    plan = [("duckdb", utf8, ROOT)]
    for code in codes:
        tag = "" if len(codes) == 1 else f"@{code.name}"
        plan.append((f"ours_utf8{tag}", utf8, code))
        if not args.no_cp1251:
            plan.append((f"ours_cp1251{tag}", cp1251, code))
    for code in codes:
        print(f"code {code}: {_commit(code)}")
    results: dict[str, list[dict]] = {which: [] for which, _, _ in plan}
    for r in range(args.rounds):
        for which, path, code in plan:
            res = run("duckdb" if which == "duckdb" else "ours", path, code)
            results[which].append(res)
            extra = f" stages={res['stages']}" if "stages" in res else ""
            print(f"round {r + 1} {which:<12} {res['seconds']:7.2f} s  cpu {res['cpu']:7.2f} s  "
                  f"peak {res['peak_mb']:7.0f} MB  "
                  f"rows {res['rows']:,}{extra}", flush=True)
    # "ingest" = read, parse, validate, write Parquet (what DuckDB's read_csv -> Parquet also does);
    # "upload" adds publishing the generation, which rebuilds the derived tables over 10M orders.
    ingest = {k: statistics.median(x.get("ingest_seconds", x["seconds"]) for x in v) for k, v in results.items()}
    total = {k: statistics.median(x["seconds"] for x in v) for k, v in results.items()}
    peak = {k: max(x["peak_mb"] for x in v) for k, v in results.items()}
    print("\nmedian seconds (ingest / whole upload incl. derived tables) and peak MB:")
    for k in results:
        print(f"  {k:<12} {ingest[k]:7.2f} s / {total[k]:7.2f} s  {peak[k]:7.0f} MB")
    cpu = {k: statistics.median(x["cpu"] for x in v) for k, v in results.items()}
    print(f"cpu seconds (whole process, median): " + ", ".join(f"{k} {v:.2f}" for k, v in cpu.items()))
    group_by = statistics.median(x["group_by_seconds"] for x in results["duckdb"])
    print(f"duckdb: read_csv -> Parquet {ingest['duckdb']:.2f} s, per-customer GROUP BY {group_by:.2f} s, "
          f"both {total['duckdb']:.2f} s; load average {os.getloadavg()[0]:.2f}")
    for k in results:
        if k == "duckdb":
            continue
        print(f"ratio {k}/duckdb: ingest {ingest[k] / ingest['duckdb']:.2f}x of read_csv -> Parquet (target <= "
              f"{'3' if 'cp1251' in k else '1.5'}x); whole upload {total[k] / total['duckdb']:.2f}x of read_csv -> "
              f"Parquet + GROUP BY")


def _commit(code: Path) -> str:
    out = subprocess.run(["git", "-C", str(code), "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
