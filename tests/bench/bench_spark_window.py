"""Benchmark: the build's windows over every buyer, which Spark runs in a single task (it logs «WindowExec: No
Partition Defined for Window operation!» for them), at growing numbers of buyers: customer_activity's
`by_revenue` (the ABC order, a running revenue total and each buyer's position) beside the same rows in 2
partitions (what a window partitioned by customer gets), and customer_model's VIP cut.

Run: python tests/bench/bench_spark_window.py [--buyers 1000000 4000000]   (hold the heavy lock)
A local Spark Connect server (`local[2]`) is started. The buyers are made by Spark (`range`), written once as
Parquet, and each form is written to Spark's `noop` sink, so the figure is the window's work alone.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# the build's form (queries/derived__customer_activity.sql, by_revenue), as sqlglot writes it for Spark
GLOBAL = """
select customer_id, revenue,
       count(*) over () + 1 - row_number() over (order by revenue desc, customer_id) as position,
       coalesce(sum(revenue) over (order by revenue desc, customer_id
                                   rows between unbounded preceding and 1 preceding), 0) as revenue_above
from buyers
"""
# customer_model's VIP cut: the top 5% of the 365-day buyers by revenue (a LIMIT computed from the data, which
# the translation numbers rows for, over every such buyer: also one task)
VIP = """
select min(revenue) from (
  select revenue, row_number() over (order by revenue desc) as n from buyers
) where n <= (select cast(ceil(0.05 * count(*) - 1e-9) as bigint) from buyers)
"""
# the same windows within a partition of the customers: what a window partitioned by customer costs
PARTITIONED = """
select customer_id, revenue,
       count(*) over (partition by pmod(hash(customer_id), 2)) + 1
         - row_number() over (partition by pmod(hash(customer_id), 2) order by revenue desc, customer_id) as position,
       coalesce(sum(revenue) over (partition by pmod(hash(customer_id), 2) order by revenue desc, customer_id
                                   rows between unbounded preceding and 1 preceding), 0) as revenue_above
from buyers
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, nargs="+", default=[1_000_000, 4_000_000])
    args = parser.parse_args()
    from pyspark.sql import SparkSession

    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r".*CANNOT_MODIFY_(STATIC_)?CONFIG", UserWarning)
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        spark = (SparkSession.builder.remote("local[2]").config("spark.ui.enabled", "false")
                 .config("spark.driver.memory", "4g").getOrCreate())
    try:
        with tempfile.TemporaryDirectory(prefix="kb-window-") as folder:
            for buyers in args.buyers:
                path = Path(folder, f"buyers-{buyers}").as_uri()
                # ids as the demo writes them, revenues rounded to 4 places as customer_activity's are
                spark.sql(f"select concat('C', lpad(cast(id as string), 9, '0')) as customer_id, "
                          f"round(rand(7) * 100000, 4) as revenue from range({buyers})") \
                    .write.mode("overwrite").parquet(path)
                spark.read.parquet(path).createOrReplaceTempView("buyers")
                for name, text in (("ABC order, one partition (the build's)", GLOBAL),
                                   ("ABC order, 2 partitions", PARTITIONED),
                                   ("VIP cut, one partition (the build's)", VIP)):
                    started = time.perf_counter()
                    spark.sql(text).write.format("noop").mode("overwrite").save()
                    seconds = time.perf_counter() - started
                    print(f"{buyers:>12,} buyers, {name}: {seconds:.1f} s "
                          f"({seconds / buyers * 1e6:.2f} s per million)", flush=True)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
