"""A manager's figures equal the same figures computed on a workspace holding only that manager's customers."""
from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core import overview, sql
from core.access import Viewer
from core.workspace import Workspace
from tests.conftest import publish_frames

MANAGERS = ["Иванова Анна", "Соколова Мария"]


def _subset_workspace(demo_workspace: Workspace, manager: str, path) -> Workspace:
    frames = {kind: pl.concat([pl.read_parquet(demo_workspace.path / rel) for rel in demo_workspace.manifest().files(kind)])
              for kind in ("customers", "orders", "interactions", "spend")}
    customers = frames["customers"]
    assigned = set(customers.filter(pl.col("manager") == manager)["customer_id"])
    unassigned = set(customers.filter(pl.col("manager").is_null())["customer_id"])
    known = set(customers["customer_id"])
    orders = frames["orders"]
    via_orders = set(orders.filter((pl.col("manager") == manager)
                                   & (pl.col("customer_id").is_in(unassigned) | ~pl.col("customer_id").is_in(known)))
                     ["customer_id"])
    mine = assigned | via_orders
    subset = {kind: frame.filter(pl.col("customer_id").is_in(mine)) for kind, frame in frames.items() if kind != "spend"}
    subset["spend"] = frames["spend"]
    ws = Workspace(path)
    publish_frames(ws, subset)
    return ws


@pytest.mark.parametrize("manager", MANAGERS)
def test_a_managers_kpis_and_monthly_revenue_equal_those_of_their_customers_alone(demo_workspace, tmp_path, manager):
    scoped = sql.default_context(demo_workspace, viewer=Viewer("m", "manager", manager))
    alone_ws = _subset_workspace(demo_workspace, manager, tmp_path / "alone")
    try:
        alone = sql.default_context(alone_ws).replace(as_of=scoped.as_of, start=scoped.start, end=scoped.end)
        mine = overview.kpis(demo_workspace, scoped)
        assert mine == overview.kpis(alone_ws, alone)
        assert 0 < mine["customers"] < overview.kpis(demo_workspace, scoped.replace(viewer=Viewer.system()))["customers"]
        # Months, buyers and orders exactly; revenue to the last bits a sum of the same amounts in another row
        # order leaves free (the scoped side reads the month of the date through the scope's views).
        assert_frame_equal(overview.revenue_by_month(demo_workspace, scoped), overview.revenue_by_month(alone_ws, alone),
                           check_exact=False, rel_tol=1e-12, abs_tol=0.0)
    finally:
        alone_ws.close()
