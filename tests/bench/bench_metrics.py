"""Benchmark of the period metrics behind the overview's cards and the metric pages, at 1M customers.

Run from the project root: `python tests/bench/bench_metrics.py [--customers 1000000] [--workspace DIR]`.
A workspace folder given with --workspace is reused when it already holds data.

For 8 quarters (the overview's cards and sparklines) and 30 months (a metric page's monthly series) it
times `core.metrics.table` (orders, revenue, buyers, S/E retention counts and the LTV inputs of every
period: one pass over the orders per query, queries/macros__date_segments.sql) beside the same
per-customer window counts written as a range join of the periods and the orders, grouped by period
and customer (how both queries were written before), in turns; both must give the same counts.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from core import build, composition, metrics  # noqa: E402, F401 - build: the engine of the generations
from core.access import Viewer  # noqa: E402
from core.context import QueryContext, Thresholds  # noqa: E402
from core.metrics.periods import Period, previous_period  # noqa: E402
from core.workspace import Workspace  # noqa: E402
from tests.bench.bench_segments import prepare  # noqa: E402

WINDOW = 90

# The comparison: every period joined with the orders of its windows, one row per period and customer.
RANGE_JOIN = f"""
with periods as (
    select unnest($starts::date[]) as period_start, unnest($ends::date[]) as period_end
),
activity as (
    select periods.period_start, periods.period_end, o.customer_id,
        count(*) filter (where o.order_date >= periods.period_start) as orders,
        sum(o.amount) filter (where o.order_date >= periods.period_start) as revenue,
        bool_or(o.order_date < periods.period_start and o.order_date >= periods.period_start - {WINDOW}) as in_s,
        bool_or(o.order_date > periods.period_end - {WINDOW}) as in_e,
    from periods
    join completed_orders as o on o.order_date between periods.period_start - {WINDOW} and periods.period_end
    group by all
),
years as (
    select periods.period_end, o.customer_id,
        count(*) filter (where o.order_date >= periods.period_end - 364) as ltv_orders,
        bool_or(o.order_date <= periods.period_end - 365) as in_b1,
    from periods
    join completed_orders as o on o.order_date between periods.period_end - 729 and periods.period_end
    group by all
)
select period_start, period_end, sum(orders)::bigint as orders, count(*) filter (where orders > 0) as buyers,
    count(*) filter (where in_s) as crr_s, count(*) filter (where in_e) as crr_e,
    (select sum(ltv_orders)::bigint from years where years.period_end = activity.period_end) as ltv_orders,
    (select count(*) filter (where in_b1) from years where years.period_end = activity.period_end) as ltv_b1,
from activity
group by all
order by period_start
"""


def quarters(end: dt.date) -> list[Period]:
    chosen = [Period(end - dt.timedelta(days=89), end)]
    while len(chosen) < 8:
        chosen.append(previous_period(chosen[-1].start, chosen[-1].end))
    return chosen


def months(end: dt.date, count: int = 30) -> list[Period]:
    out = []
    first = end.replace(day=1)
    while len(out) < count:
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        out.append(Period(first, last))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out


def counts(ws: Workspace, ctx: QueryContext, periods: list[Period], table: pl.DataFrame) -> pl.DataFrame:
    """The counts the range join gives, from our table and LTV inputs (fetched again, untimed)."""
    inputs = metrics.ltv_inputs(ws, ctx, [p.end for p in periods])
    years = inputs.group_by("period_end").agg(pl.col("ltv_orders", "ltv_b1").sum())
    return (table.select("period_start", "period_end", "orders", "buyers", "crr_s", "crr_e")
            .join(years, on="period_end", how="left").sort("period_start"))


def compare(path: Path, rounds: int) -> None:
    ws = Workspace(path)
    try:
        generation = ws.generation()
        with ws.reading() as cur:
            as_of = cur.sql("select max(order_date) from completed_orders").fetchall()[0][0]
        ctx = QueryContext(as_of=as_of, start=as_of, end=as_of, thresholds=Thresholds(),
                           viewer=Viewer.system(), generation=generation)
        print(f"{'periods':<12} {'contender':<36} {'median s':>9} {'best s':>8}")
        for label, periods in (("8 quarters", quarters(as_of)), ("30 months", months(as_of))):
            times: dict[str, list[float]] = {"one pass (ours)": [], "range join": []}
            results = {}
            for _ in range(rounds):
                started = time.perf_counter()
                table = metrics.table(ws, ctx, periods, window_days=WINDOW)  # the LTV inputs included
                times["one pass (ours)"].append(time.perf_counter() - started)
                results["ours"] = counts(ws, ctx, periods, table)
                started = time.perf_counter()
                with ws.reading() as cur:
                    results["range"] = cur.sql(RANGE_JOIN, params={"starts": [p.start for p in periods],
                                                                   "ends": [p.end for p in periods]}).pl()
                times["range join"].append(time.perf_counter() - started)
            same = results["ours"].select(results["range"].columns).cast(pl.Int64, strict=False).equals(
                results["range"].cast(pl.Int64, strict=False))
            for name, values in times.items():
                print(f"{label:<12} {name:<36} {statistics.median(values):>9.2f} {min(values):>8.2f}")
            print(f"{label:<12} same counts: {'yes' if same else 'NO'}; range join / ours: "
                  f"{statistics.median(times['range join']) / statistics.median(times['one pass (ours)']):.1f}×")
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            history = composition.over_time(ws, ctx, 24)
            times.append(time.perf_counter() - started)
        last = {r["base_type"]: r["customers"] for r in history.filter(pl.col("snapshot") == as_of).iter_rows(named=True)}
        model = composition.counts(ws, ctx)
        print(f"{'24 months':<12} {'composition at month ends':<36} {statistics.median(times):>9.2f} {min(times):>8.2f}")
        print(f"{'24 months':<12} last month end equals the model: {'yes' if all(last[k] == model[k] for k in model) else 'NO'}")
    finally:
        ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--workspace", type=Path, help="workspace folder (reused when it holds data)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    path = args.workspace or Path(tempfile.mkdtemp(prefix="bench_metrics_"))
    prepare(path, args.customers)
    compare(path, args.rounds)


if __name__ == "__main__":
    main()
