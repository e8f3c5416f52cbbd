"""Benchmark of the segment conditions on a chosen category: the count with them against the count without.

Run from the project root: `python tests/bench/bench_segment_categories.py [--customers 100000] [--workspace DIR]`.
A workspace folder given with --workspace is reused when it already holds data. Prints, side by side:

1. the median time of the builder's count (`results.figures`, what a slider move waits for) for rules without
   the new conditions (a recency range; the older category conditions on the model's columns) and with them
   («bought shoes in the last 30 days», «shoes' share of the spend ≥ 30 %», both, inside an OR group), for the
   whole base and for a manager's scope; beside each, the same count with the category condition answered by
   a scan of the order lines instead of the per-customer-per-category table (what the table saves);
2. the cost the table adds to a generation: building `customer_categories`, and `customer_activity` as it
   is now (reading that table) beside the version before it (scanning the lines itself);
3. in Chromium (unless --skip-browser), slider release -> updated count for a recency slider (before) and for
   a slider on the share of a category (after).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core import sql  # noqa: E402
from core.access import Viewer  # noqa: E402
from core.segments import results  # noqa: E402
from core.segments import rules as R  # noqa: E402
from core.workspace import Workspace  # noqa: E402
from tests.bench.bench_segments import BENCH_USER, _median, bench_account, ms, prepare  # noqa: E402

CATEGORY = "Обувь"
BEFORE = "d0d528d"  # the commit before the category table: customer_activity scanning the lines itself
RULES: dict[str, tuple[R.Rules, str | None]] = {
    # label: (rules, the category condition's line-scan equivalent as SQL over segment_model, or None)
    "before: recency 0-90": (R.parse({"all": [{"field": "recency_days", "op": "between", "value": [0, 90]}]}), None),
    "before: categories contains Обувь": (
        R.parse({"all": [{"field": "categories", "op": "contains", "value": CATEGORY}]}), None),
    "before: top category share >= 0.3": (
        R.parse({"all": [{"field": "top_category_share", "op": "gte", "value": 0.3}]}), None),
    "after: bought Обувь in the last 30 days": (
        R.parse({"all": [{"field": "category_bought", "op": "in", "value": [CATEGORY], "days": 30}]}), "bought"),
    "after: Обувь share >= 0.3": (
        R.parse({"all": [{"field": "category_share", "category": CATEGORY, "op": "gte", "value": 0.3}]}), "share"),
    "after: both + recency 0-90": (R.parse({"all": [
        {"field": "recency_days", "op": "between", "value": [0, 90]},
        {"field": "category_bought", "op": "in", "value": [CATEGORY], "days": 30},
        {"field": "category_share", "category": CATEGORY, "op": "gte", "value": 0.3}]}), None),
    "after: e-mail AND (bought Обувь 30 d OR VIP)": (R.parse({"all": [
        {"field": "consent_email", "op": "eq", "value": True},
        {"any": [{"field": "category_bought", "op": "in", "value": [CATEGORY], "days": 30},
                 {"field": "base_type", "op": "eq", "value": "vip"}]}]}), None),
}

# The same conditions answered from the order lines on every count (what the per-customer table avoids).
LINE_SCAN = {
    "bought": """
        select segment_cell, count(*), coalesce(sum(revenue), 0), cast(coalesce(sum(orders), 0) as bigint)
        from segment_model
        where customer_id in (
            select o.customer_id from order_lines l join completed_orders o using (order_id)
            where l.category_top = $category and o.order_date <= $as_of and o.order_date > $as_of - 30)
        group by segment_cell""",
    "share": """
        with spend as (
            select o.customer_id, sum(l.amount) filter (where l.category_top = $category) as mine, sum(l.amount) as total
            from order_lines l join completed_orders o using (order_id)
            where o.order_date <= $as_of and l.category_top is not null
            group by o.customer_id)
        select segment_cell, count(*), coalesce(sum(revenue), 0), cast(coalesce(sum(orders), 0) as bigint)
        from segment_model
        where customer_id in (select customer_id from spend where coalesce(mine, 0) / nullif(total, 0) >= 0.3)
        group by segment_cell""",
}


def counts(path: Path, repeat: int, manager: str | None) -> None:
    ws = Workspace(path)
    try:
        ctx = sql.default_context(ws)
        scopes = [("whole base", ctx)]
        if manager:
            scopes.append((f"manager {manager}", ctx.replace(viewer=Viewer("m", "manager", manager))))
        for scope, scoped in scopes:
            totals = results.base(ws, scoped)
            results.figures(ws, scoped, R.Rules(), totals)  # warm up
            print(f"\ncount (results.figures) over {scope}: {totals[0]:,} customers, median of {repeat}, "
                  f"analysis date {ctx.as_of}")
            print(f"{'rules':<48}{'count time':>12}{'customers':>12}{'line scan instead':>20}")
            for label, (rules, scan) in RULES.items():
                results.figures(ws, scoped, rules, totals)  # the first run builds what a new date needs
                took = _median(repeat, lambda: results.figures(ws, scoped, rules, totals))
                size = results.figures(ws, scoped, rules, totals).summary["customers"]
                other = ""
                if scan and scope == "whole base":
                    other = ms(_median(repeat, lambda: _line_scan(ws, ctx, scan)))
                print(f"{label:<48}{ms(took):>12}{size:>12,}{other:>20}")
    finally:
        ws.close()


def _line_scan(ws: Workspace, ctx, which: str) -> None:
    with ws.reading(ctx.generation) as cur:
        cur.sql(LINE_SCAN[which], params={"category": CATEGORY, "as_of": ctx.as_of}).pl()


def build_cost(path: Path, repeat: int) -> None:
    """Time the derived queries on a cursor of the generation (temporary tables, nothing kept)."""
    ws = Workspace(path)
    try:
        ctx = sql.default_context(ws)
        params = {"as_of": ctx.as_of}
        old_activity = subprocess.run(["git", "show", f"{BEFORE}:queries/derived__customer_activity.sql"], cwd=ROOT,
                                      capture_output=True, text=True, check=True).stdout
        queries = {
            "customer_categories (new table)": sql.text("derived__customer_categories"),
            "customer_activity now (reads customer_categories)": sql.text("derived__customer_activity"),
            "customer_activity before (scans the lines itself)": old_activity,
        }
        print(f"\ngeneration build cost (median of {repeat}, create temp table as ...)")
        with ws.reading(ctx.generation) as cur:
            for label, text in queries.items():
                def build(text=text) -> None:
                    cur.execute(f"create or replace temp table bench_t as {text}", params)
                print(f"{label:<56}{ms(_median(repeat, build)):>12}")
            rows = cur.sql("select count(*), count(distinct customer_id) from customer_categories").fetchall()[0]
            print(f"customer_categories: {rows[0]:,} rows for {rows[1]:,} customers")
    finally:
        ws.close()


def browser(path: Path, drags: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import harness, segments_ui
    from tests.browser.conftest import login

    if harness.chromium_missing():
        print(f"\nbrowser: skipped ({harness.chromium_missing()})")
        return
    ws = Workspace(path)
    password = bench_account(ws)
    ws.close()
    share = R.parse({"all": [{"field": "category_share", "category": CATEGORY, "op": "between", "value": [0, 1]}]})
    links = {"before: recency slider": segments_ui.link(1100),
             "after: share of Обувь slider": "/segments?segment=" + R.encode_link(share)}
    with harness.streamlit_server(path, timeout=600) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        login(page, url, BENCH_USER, password, timeout=600_000)
        print("\nslider release -> updated count in Chromium")
        for label, link in links.items():
            page.goto(url + link, timeout=600_000)
            harness.wait_for_app(page, timeout=600_000)
            page.get_by_text("Клиентов в сегменте").first.wait_for(timeout=600_000)
            times, _, _ = segments_ui.drag_times(page, drags, back=True)
            print(f"{label:<40} median {statistics.median(times):6.0f} ms, min {min(times):.0f}, "
                  f"max {max(times):.0f} over {drags} drags")
            assert harness.exceptions(page) == []
        chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--workspace", type=Path, help="workspace folder (reused when it holds data)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--drags", type=int, default=8)
    parser.add_argument("--manager", default="Иванова Анна", help="a manager id of the demo, for the scoped count")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} (shared: wall times grow with it)")
    with tempfile.TemporaryDirectory() as scratch:
        path = args.workspace or Path(scratch) / "ws"
        prepare(path, args.customers)
        counts(path, args.repeat, args.manager)
        build_cost(path, max(3, args.repeat // 4))
        if not args.skip_browser:
            browser(path, args.drags)


if __name__ == "__main__":
    main()
