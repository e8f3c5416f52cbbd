"""Readers on many threads while generations are published: each run sees one generation, never a mix."""
from __future__ import annotations

import datetime as dt
import threading

from core import sql
from core.workspace import StaleGeneration
from tests.conftest import context, publish_frames

DAY = dt.date(2026, 4, 1)


def _orders(value: float, count: int = 50) -> list[dict]:
    # Generation k holds `count` orders of amount k: any query's answer tells which generation it read.
    return [{"order_id": str(i), "customer_id": f"c{i % 7}", "order_date": DAY, "amount": value} for i in range(count)]


def test_pinned_runs_never_mix_generations_while_publishing(workspace):
    publish_frames(workspace, {"orders": _orders(1.0)})
    failures: list[str] = []
    seen: set[float] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                generation = workspace.generation()
                ctx = context(DAY, generation=generation)
                first = sql.run(workspace, "overview__kpis", ctx).row(0, named=True)
                monthly = sql.run(workspace, "overview__revenue_by_month", ctx).row(0, named=True)
            except StaleGeneration:
                continue  # the page would rerun on the current data
            except Exception as exc:  # noqa: BLE001 - any other error is a failure of the test
                failures.append(repr(exc))
                return
            amount = first["revenue"] / first["orders"]
            seen.add(amount)
            if monthly["revenue"] != first["revenue"] or amount != float(generation):
                failures.append(f"generation {generation}: {first} vs {monthly}")

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for thread in threads:
        thread.start()
    for value in range(2, 9):
        publish_frames(workspace, {"orders": _orders(float(value))})
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert len(seen) >= 2, "readers should have seen more than one generation"
