"""Benchmark: 1M customers (~10M orders) through summary, fit and scoring, ours beside `lifetimes`.

Run: python tests/bench/bench_clv.py [--customers 1000000] [--repeat 3] [--skip-oracle]. Each side runs in
its own process so its peak memory (max RSS) is reported separately. Orders are drawn from the BG/NBD and
Gamma-Gamma processes and written once to data/bench/clv_orders_<n>.parquet.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CAL_END = date(2025, 12, 31)
SPAN_DAYS = 730  # first purchases spread over two years before the calibration end


def make_orders(n: int, path: Path) -> None:
    """Draw n customers' orders (one row per order, several per day allowed) and write them to Parquet."""
    import polars as pl

    from core.clv.bgnbd import BGNBDParams
    from core.clv.gamma_gamma import GammaGammaParams
    from core.clv.simulate import simulate_customers

    rng = np.random.default_rng(2026)
    T_days = rng.integers(1, SPAN_DAYS, n).astype(float)
    sim = simulate_customers(
        BGNBDParams(r=2.0, alpha=6.3, a=0.7, b=6.0),
        T_days / 7.0,
        rng,
        spend=GammaGammaParams(6.0, 4.0, 1500.0),
    )
    x = sim.frequency.astype(np.int64)
    first = np.datetime64(CAL_END) - T_days.astype("timedelta64[D]")
    # repeat times: x-1 uniforms on [0, t_x] plus t_x itself (order statistics of the Poisson arrivals)
    cust = np.repeat(np.arange(n), x)
    last_of = np.cumsum(x) - 1
    t = rng.uniform(0, 1, cust.size) * sim.recency[cust]
    t[last_of[x > 0]] = sim.recency[x > 0]
    days = np.floor(t * 7.0).astype("timedelta64[D]")
    ids = np.concatenate([np.arange(n), cust])
    dates = np.concatenate([first, first[cust] + days])
    nu = rng.gamma(4.0, 1.0 / 1500.0, n)
    amounts = np.round(rng.gamma(6.0, 1.0 / nu[ids]), 2)
    frame = pl.DataFrame({"customer_id": ids, "order_date": dates, "amount": amounts}).with_columns(
        pl.format("C{}", pl.col("customer_id").cast(pl.String).str.zfill(7)).alias("customer_id")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path)


def run_ours(path: Path) -> dict[str, float]:
    """DuckDB summary SQL -> predict_clv (both fits and the scores)."""
    import duckdb
    import polars  # noqa: F401  (imported before the clock starts, like pandas on the other side)

    from core.clv.clv import CLVSettings, predict_clv

    timings: dict[str, float] = {}
    start = time.perf_counter()
    con = duckdb.connect()
    con.sql(f"create view completed_orders as select * from read_parquet('{path}')")
    sql = (ROOT / "queries" / "clv__summary.sql").read_text()
    summary = con.sql(sql, params={"calibration_end": CAL_END, "days_per_unit": 7.0}).pl()
    timings["summary"] = time.perf_counter() - start
    start = time.perf_counter()
    result = predict_clv(summary, CLVSettings(time_unit="week", days_per_month=4.345 * 7))  # lifetimes' month
    timings["fit + scoring"] = time.perf_counter() - start
    assert result.ok, result.problems
    bg, gg = result.bgnbd.params, result.gamma_gamma.params
    timings["params"] = (
        f"r={bg.r:.4g} alpha={bg.alpha:.4g} a={bg.a:.4g} b={bg.b:.4g} | p={gg.p:.4g} q={gg.q:.4g} v={gg.v:.4g}"
    )
    timings["customers"] = summary.height
    timings["mean clv"] = float(result.scores["predicted_clv"].mean())
    return timings


def run_lifetimes(path: Path) -> dict[str, float]:
    """pandas read -> lifetimes.utils.summary_data_from_transaction_data -> BG/NBD, Gamma-Gamma -> scores."""
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import lifetimes
        from lifetimes.utils import summary_data_from_transaction_data

    timings: dict[str, float] = {}
    start = time.perf_counter()
    orders = pd.read_parquet(path)
    summary = summary_data_from_transaction_data(
        orders,
        "customer_id",
        "order_date",
        monetary_value_col="amount",
        observation_period_end=pd.Timestamp(CAL_END),
        freq="D",
        freq_multiplier=7,
    )
    timings["summary"] = time.perf_counter() - start
    start = time.perf_counter()
    bg = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    gg = lifetimes.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    alive = bg.conditional_probability_alive(summary["frequency"], summary["recency"], summary["T"])
    expected = bg.conditional_expected_number_of_purchases_up_to_time(
        12 * 4.345, summary["frequency"], summary["recency"], summary["T"]
    )
    clv = gg.customer_lifetime_value(
        bg, summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"], 12, 0.01, "W"
    )
    timings["fit + scoring"] = time.perf_counter() - start
    p, q = bg.params_, gg.params_
    timings["params"] = (
        f"r={p.r:.4g} alpha={p.alpha:.4g} a={p.a:.4g} b={p.b:.4g} | p={q.p:.4g} q={q.q:.4g} v={q.v:.4g}"
    )
    timings["customers"] = len(summary)
    timings["mean clv"] = float(clv.mean()) + 0 * float(alive.mean() + expected.mean())
    return timings


def child(side: str, path: Path) -> None:
    """Run one side and print its figures as JSON (with peak RSS)."""
    out = run_ours(path) if side == "ours" else run_lifetimes(path)
    out["total"] = out["summary"] + out["fit + scoring"]
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--skip-oracle", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest is shown")
    parser.add_argument("--side", choices=["ours", "lifetimes"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = ROOT / "data" / "bench" / f"clv_orders_{args.customers}.parquet"
    if args.side:
        child(args.side, path)
        return
    if not path.exists():
        start = time.perf_counter()
        make_orders(args.customers, path)
        print(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
    import polars as pl

    print(f"orders: {pl.scan_parquet(path).select(pl.len()).collect().item():,}; machine: 2 cores, 24 GiB")
    sides = ["ours"] + ([] if args.skip_oracle else ["lifetimes"])
    results: dict[str, dict] = {}
    for _ in range(args.repeat):  # sides alternate; each keeps its fastest run (the machine may be shared)
        for side in sides:
            proc = subprocess.run(
                [sys.executable, __file__, "--customers", str(args.customers), "--side", side],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(f"{side} failed:\n{proc.stderr[-2000:]}")
                continue
            run = json.loads(proc.stdout.strip().splitlines()[-1])
            if side not in results or run["total"] < results[side]["total"]:
                results[side] = run
    rows = ["customers", "summary", "fit + scoring", "total", "peak_rss_mib", "mean clv", "params"]
    print(f"{'':16}" + "".join(f"{s:>28}" for s in results))
    for row in rows:
        cells = []
        for side in results:
            v = results[side][row]
            cells.append(f"{v:>28.2f}" if isinstance(v, float) else f"{v!s:>28}")
        print(f"{row:16}" + "".join(cells))
    if len(results) == 2:
        for row in ("summary", "fit + scoring", "total"):
            print(f"speed-up {row}: {results['lifetimes'][row] / results['ours'][row]:.1f}x")


if __name__ == "__main__":
    main()
