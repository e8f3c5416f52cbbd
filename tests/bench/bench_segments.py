"""Benchmark of the segment builder: the core segment query at 1M customers, and slider-to-count in Chromium.

Run from the project root: `python tests/bench/bench_segments.py [--customers 1000000] [--workspace DIR]`.
A workspace folder given with --workspace is reused when it already holds data (generating 1M demo
customers takes a few minutes). Prints:

1. the median time of the core segment query (count and revenue, base-type composition, recency and
   revenue distributions: `results.figures`, one scan of the model through the loader; the base's
   totals are computed once per context) for several rules, next to the same query run on a bare
   DuckDB cursor without the loader, and the same figures computed by Polars over the model held in
   memory; then every other query a slider move runs (R x F grid, top cities, the sample);
2. in a real browser (Playwright + Debian's Chromium), the time from releasing a slider thumb to the
   updated count on the page, at `--browser-customers` (default: the same workspace).
Targets: 30 ms and 300 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from core import build, demo, sql  # noqa: E402, F401 - build: the engine of the generations
from core.segments import ready, results  # noqa: E402
from core.segments.rules import Condition, Rules  # noqa: E402
from core.workspace import Workspace  # noqa: E402

BENCH_USER = "bench_marketer"
RULES = {
    "whole base": Rules(),
    "recency 0-90 & active/vip & e-mail consent": Rules((
        Condition("recency_days", "between", (0.0, 90.0)), Condition("base_type", "in", ("active", "vip")),
        Condition("consent_email", "eq", True))),
    "came from social networks": ready.READY["social"],
    "VIP at risk": ready.READY["vip_at_risk"],
    "birthday within 7 days": ready.READY["birthday_week"],
}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def prepare(path: Path, customers: int) -> None:
    ws = Workspace(path)
    try:
        if ws.is_empty():
            started = time.perf_counter()
            frames = demo.generate(customers)
            print(f"generated {customers:,} demo customers in {time.perf_counter() - started:.0f} s")
            staged = {}
            for kind, frame in frames.items():
                staged[kind] = [ws.staging_file(kind)]
                frame.write_parquet(staged[kind][0])
            started = time.perf_counter()
            ws.publish(staged)
            print(f"published (customer model built) in {time.perf_counter() - started:.0f} s")
    finally:
        ws.close()


def core_query(path: Path, repeat: int) -> None:
    ws = Workspace(path)
    try:
        ctx = sql.default_context(ws)
        model = results.members(ws, ctx, Rules())  # the model with the CLV scores
        print(f"\ncore segment query at {model.height:,} customers (median of {repeat}; analysis date {ctx.as_of})")
        print(f"{'rules':<46}{'core query':>14}{'CPU time':>12}{'bare cursor':>14}{'Polars in memory':>20}{'customers':>12}"
              f"{'R x F':>10}{'cities':>10}{'sample':>10}")
        totals = results.base(ws, ctx)
        results.figures(ws, ctx, Rules(), totals)  # warm up: the first run reads the table into memory
        medians = []
        for label, rules in RULES.items():
            core = _median(repeat, lambda: results.figures(ws, ctx, rules, totals))
            cpu = _median(repeat, lambda: results.figures(ws, ctx, rules, totals), clock=time.process_time)
            plain = _median(repeat, lambda: _bare_cursor(ws, ctx, rules))
            frame_time = _median(max(3, repeat // 5), lambda: _polars(model, rules))
            others = [_median(repeat, lambda fn=fn: fn(ws, ctx, rules))
                      for fn in (results.rf_grid, results.top_cities, results.sample)]
            size = results.figures(ws, ctx, rules, totals).summary["customers"]
            medians.append(core)
            print(f"{label:<46}{ms(core):>14}{ms(cpu):>12}{ms(plain):>14}{ms(frame_time):>20}{size:>12,}"
                  + "".join(f"{ms(t):>10}" for t in others))
        print(f"{'median over the rules':<46}{ms(statistics.median(medians)):>14}   (target: under 30 ms)")
    finally:
        ws.close()


def _median(repeat: int, work, clock=time.perf_counter) -> float:
    """The median time of `work` (wall clock; or CPU time of this process's threads with time.process_time)."""
    times = []
    for _ in range(repeat):
        started = clock()
        work()
        times.append(clock() - started)
    return statistics.median(times)


def _bare_cursor(ws: Workspace, ctx, rules: Rules) -> None:
    """The same query on a cursor, without the loader's per-run preparation (scope, variants)."""
    from core.segments.rules import where

    text, bound = sql.prepare("segments__profile", ctx.params(), fragments={"where": where(rules)})
    with ws.reading(ctx.generation) as cur:
        cur.sql(text, params=bound or None).pl()


def _polars(model: pl.DataFrame, rules: Rules) -> None:
    """Count, revenue, composition and recency bins with Polars over the model in memory."""
    part = model.filter(_polars_mask(rules)) if rules.conditions else model
    part.select(pl.len(), pl.col("revenue").sum(), pl.col("orders").sum())
    part.group_by("base_type").agg(pl.len(), pl.col("revenue").sum())
    for column, edges in (("recency_days", (30, 60, 90, 180, 365, 730)), ("revenue", (0, 1000, 3000, 10000))):
        part.group_by(pl.sum_horizontal([pl.col(column) > edge for edge in edges]).alias("bin")).len()


def _polars_mask(rules: Rules) -> pl.Expr:
    """The rules as a Polars filter (missing values fail a condition, as in SQL)."""
    exprs = []
    for c in rules.conditions:
        col = pl.col(c.field)
        if c.op == "between":
            e = col.is_between(*c.value)
        elif c.op == "gte":
            e = col >= c.value
        elif c.op == "lte":
            e = col <= c.value
        elif c.op == "eq":
            e = col == c.value
        elif c.op == "in":
            e = col.is_in(list(c.value))
        else:
            needles = c.value if isinstance(c.value, tuple) else (c.value,)
            e = col.str.to_lowercase().str.contains_any([n.lower() for n in needles])
        e = e.fill_null(False)
        exprs.append(~e if c.negate else e)
    return pl.all_horizontal(exprs)


def bench_account(ws: Workspace) -> str:
    """A marketer (the builder's main user) with a password of this run; returns the password."""
    from core import users
    from core.access import Viewer

    password = users.generate_password()
    if users.get(ws, BENCH_USER):
        users.reset_password(ws, Viewer.system(), BENCH_USER, password)
    else:
        users.add(ws, Viewer.system(), BENCH_USER, "marketer", password=password)
    return password


def browser(path: Path, drags: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import harness, segments_ui
    from tests.browser.conftest import login

    if harness.chromium_missing():
        print(f"\nbrowser: skipped ({harness.chromium_missing()})")
        return
    ws = Workspace(path)
    customers = ws.manifest().generation and results.summary(ws, sql.default_context(ws), Rules())["customers"]
    password = bench_account(ws)
    ws.close()
    with harness.streamlit_server(path, timeout=600) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        started = time.perf_counter()
        login(page, url, BENCH_USER, password, timeout=600_000)  # then the overview's first run at this size
        page.goto(url + segments_ui.link(1100), timeout=600_000)
        harness.wait_for_app(page, timeout=600_000)
        page.get_by_text("Клиентов в сегменте").first.wait_for(timeout=600_000)
        print(f"\nbrowser at {customers:,} customers: first page load {time.perf_counter() - started:.1f} s")
        times, before, after = segments_ui.drag_times(page, drags)
        print(f"slider release -> updated count: median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f}, max {max(times):.0f} over {drags} drags (target: under 300 ms); "
              f"count {before} -> {after}")
        assert harness.exceptions(page) == []
        chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--workspace", type=Path, help="workspace folder (reused when it holds data)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--drags", type=int, default=10)
    parser.add_argument("--browser-customers", type=int,
                        help="run the browser part on a separate demo of this size (default: the same workspace)")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; DuckDB threads {os.environ.get('KB_THREADS', 'default')}; "
          f"load average {os.getloadavg()[0]:.1f} (other processes share the cores: wall times grow with it, "
          "CPU time does not)")
    path = args.workspace or Path(tempfile.mkdtemp(prefix="bench_segments_"))
    prepare(path, args.customers)
    core_query(path, args.repeat)
    if not args.skip_browser:
        browser_path = path
        if args.browser_customers:
            browser_path = Path(tempfile.mkdtemp(prefix="bench_segments_browser_"))
            prepare(browser_path, args.browser_customers)
        browser(browser_path, args.drags)


if __name__ == "__main__":
    main()
