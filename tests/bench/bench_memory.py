"""Peak memory of each build step and of each stored result of the warm (issue 17: bounded memory at 10M).

    KB_MEMORY_LIMIT=2GB .venv/bin/python tests/bench/bench_memory.py --workspace DIR [--fresh] [--rebuild] [--calls a,b]

A thread samples the process's resident set (/proc/self/statm) every 20 ms and DuckDB's own memory
(`duckdb_memory()`, through a cursor of its own) every 100 ms; each sample is charged to the build step or warm
call running then. The current generation is built first if this code's layout has not built it yet, or again as a
new generation with `--rebuild` (without
the build's own results phase: KB_WARM=0), then the warm runs call after call (one lane, as `python -m core
warm --periods default` does); `--fresh` removes the workspace's stored results first, so every call computes
(work on a copy of a workspace). Prints one line per part: seconds, RSS before, peak RSS, the peak above the RSS
before it, DuckDB's peak and the largest RSS beside DuckDB's memory at one sample (Python, the allocators' kept
pages, DuckDB's memory outside its buffer manager); then the whole run's peak and the machine's load. To set
main beside a branch, run this file with PYTHONPATH and the working folder at each checkout.
"""
from __future__ import annotations

import argparse
import os
import shutil
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
GIB = 1024 ** 3


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.label = "start"
        self.parts: dict[str, dict[str, float]] = {}
        self.order: list[str] = []
        self.stop = threading.Event()
        self.cursor = None
        self.lock = threading.Lock()
        self.peak = 0

    def mark(self, label: str) -> None:
        with self.lock:
            self.label = label
            if label not in self.parts:
                self.order.append(label)
                self.parts[label] = {"start": time.perf_counter(), "before": rss(), "peak": 0, "duck": 0, "outside": 0,
                                     "end": 0.0}

    def run(self) -> None:
        tick = 0
        while not self.stop.is_set():
            now = rss()
            duck = 0
            if self.cursor is not None and tick % 5 == 0:
                try:
                    duck = self.cursor.execute("select coalesce(sum(memory_usage_bytes), 0) "
                                               "from duckdb_memory()").fetchall()[0][0]
                except Exception:  # noqa: BLE001 - the connection may be busy or closing
                    duck = 0
            with self.lock:
                part = self.parts.get(self.label)
                if part is not None:
                    part["peak"] = max(part["peak"], now)
                    part["duck"] = max(part["duck"], duck)
                    if duck:
                        part["outside"] = max(part["outside"], now - duck)
                    part["end"] = time.perf_counter()
                self.peak = max(self.peak, now)
            tick += 1
            time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--periods", choices=("default", "all"), default="default")
    parser.add_argument("--fresh", action="store_true", help="move the stored results aside first")
    parser.add_argument("--no-warm", action="store_true")
    parser.add_argument("--rebuild", action="store_true",
                        help="build the data in force again as a new generation first (as `python -m core build`)")
    parser.add_argument("--calls", default="", help="comma-separated calls of the warm to run (default: all)")
    args = parser.parse_args()
    os.environ.setdefault("KB_WARM", "0")

    import core.build as build
    from core import warm
    from core.workspace import Workspace

    sampler = Sampler()
    sampler.start()
    sampler.mark("open")
    started = time.perf_counter()
    if args.fresh:
        stored = Path(args.workspace) / "results"
        if stored.exists():
            shutil.rmtree(stored)
    ws = Workspace(args.workspace)
    sampler.cursor = ws.con.cursor()

    run_step = build.DuckDBEngine._run

    def traced_run(self, ws_, cur, generation, item, values):
        sampler.mark(f"build:{item.name}")
        return run_step(self, ws_, cur, generation, item, values)

    build.DuckDBEngine._run = traced_run
    begin = warm._Progress.begin

    def traced_begin(self, name):
        sampler.mark(f"warm:{name}")
        return begin(self, name)

    warm._Progress.begin = traced_begin
    sampler.mark("build:start")
    generation = ws.publish({}) if args.rebuild else ws.generation()
    records = []
    if not args.no_warm:
        periods = (warm.DEFAULT_PERIOD,) if args.periods == "default" else warm.PERIODS
        if args.calls:
            wanted = set(args.calls.split(","))
            needed = {"clv_figures"} if wanted & {"clv_top", "clv_at_risk", "clv_validation"} else set()
            warm.CALLS = tuple(c for c in warm.CALLS if c.name in wanted | needed)
        records = warm.warm(ws, generation, periods)
    sampler.mark("end")
    time.sleep(0.1)
    sampler.stop.set()
    sampler.join()
    print(f"{'part':<34} {'s':>7} {'before':>7} {'peak':>7} {'+peak':>7} {'duckdb':>7} {'outside':>7}  (GiB)")
    for label in sampler.order:
        p = sampler.parts[label]
        if not p["peak"]:
            continue
        print(f"{label:<34} {p['end'] - p['start']:>7.1f} {p['before'] / GIB:>7.2f} {p['peak'] / GIB:>7.2f} "
              f"{(p['peak'] - p['before']) / GIB:>7.2f} {p['duck'] / GIB:>7.2f} {p['outside'] / GIB:>7.2f}")
    failed = [r for r in records if r["outcome"] != "stored"]
    print(f"whole run: {time.perf_counter() - started:.1f} s, peak RSS {sampler.peak / GIB:.2f} GiB, "
          f"calls {len(records)} (not stored: {len(failed)}), limit {os.environ.get('KB_MEMORY_LIMIT')}, "
          f"load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    for r in failed:
        print("  not stored:", r)


if __name__ == "__main__":
    main()
