"""The stored results (core/results.py): values kept exactly, computed once per key, shared only where the
result cannot differ (roles that were never asked about, languages never looked up), bounded, pruned, and
gone with an erasure."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import customers, fmt, results, warm
from core.access import Viewer
from core.context import QueryContext, Thresholds
from core.workspace import Workspace
from tests.conftest import publish_frames

D = dt.date
CALLS: list[str] = []


# ---------------------------------------------------------------------------------------- encoding
def same(a, b, rel: float = 0.0) -> bool:
    """Equal values, frames by content and dtype, NaN equal to NaN, types kept (a tuple is not a list);
    floats to `rel` relative (0: exactly; DuckDB's parallel sums differ in the last bits between runs)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, pl.DataFrame):
        if not rel:
            return a.schema == b.schema and a.equals(b, null_equal=True)
        try:
            assert_frame_equal(a, b, rel_tol=rel, abs_tol=0.0)
        except AssertionError:
            return False
        return True
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or a == b or abs(a - b) <= rel * max(abs(a), abs(b))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y, rel) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k], rel) for k in a)
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and (
            np.allclose(a, b, rtol=rel, atol=0.0, equal_nan=True) if rel else np.array_equal(a, b, equal_nan=True))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name), rel) for f in dataclasses.fields(a))
    return a == b


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2 ** 62), 2 ** 62), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.dates(), st.datetimes(),
)
frames = st.builds(
    lambda ints, texts: pl.DataFrame({"n": ints, "s": (texts * len(ints))[:len(ints)] or None},
                                     schema={"n": pl.Int64, "s": pl.String}),
    st.lists(st.one_of(st.none(), st.integers(-1000, 1000)), max_size=8), st.lists(st.text(max_size=5), max_size=3))
values = st.recursive(
    st.one_of(scalars, frames),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=6).filter(lambda k: not k.startswith("~")), inner, max_size=4),
        st.dictionaries(st.integers(0, 9), inner, max_size=3),
    ),
    max_leaves=12,
)


@given(values)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_every_value_comes_back_as_it_was_stored(value):
    assert same(results.decode(results.encode(value)), value)


def test_dataclasses_of_the_product_and_arrays_come_back():
    ctx = QueryContext(D(2026, 3, 1), D(2026, 1, 1), D(2026, 3, 1), Thresholds(vip_min_revenue=5000.0),
                       Viewer("olga", "manager", "m7"), generation=4)
    back = results.decode(results.encode({"ctx": ctx, "array": np.arange(6, dtype="float32").reshape(2, 3),
                                          "when": dt.timedelta(hours=3), "nan": float("nan")}))
    assert back["ctx"] == ctx and isinstance(back["ctx"].viewer, Viewer)
    assert back["array"].dtype == np.float32 and back["array"].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert back["when"] == dt.timedelta(hours=3) and math.isnan(back["nan"])


def test_what_cannot_be_stored_is_refused_not_pickled():
    @dataclasses.dataclass
    class Outside:  # a class outside core: never imported back from a file
        x: int = 1

    for value in (object(), Outside(), np.array(["a"], dtype=object), lambda: 1):
        with pytest.raises(results.Unstorable):
            results.encode(value)
    with pytest.raises(ValueError):
        results.decode(b"not a result")


# --------------------------------------------------------------------------------------- the store
ORDERS = [{"order_id": str(i), "customer_id": f"c{i % 3}", "order_date": D(2026, 3, 1 + i), "amount": 100.0 + i}
          for i in range(6)]


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    publish_frames(workspace, {
        "orders": ORDERS,
        "customers": [{"customer_id": f"c{i}", "name": f"Иван {i}", "email": f"ivan{i}@mail.ru"} for i in range(3)],
    })
    CALLS.clear()
    return workspace


def ctx_of(ws: Workspace, viewer: Viewer | None = None, **changes) -> QueryContext:
    ctx = QueryContext(D(2026, 3, 6), D(2026, 3, 1), D(2026, 3, 6), Thresholds(), viewer or Viewer.system(),
                       generation=ws.generation())
    return ctx.replace(**changes) if changes else ctx


def total_amount(ws: Workspace, ctx: QueryContext, factor: int = 1) -> pl.DataFrame:
    """An aggregate: asks neither the viewer's rights nor the language."""
    CALLS.append("total")
    with ws.reading(ctx.generation) as cur:
        value = cur.execute("select sum(amount) from orders where order_date between $s and $e",
                            {"s": ctx.start, "e": ctx.end}).fetchall()[0][0]
    return pl.DataFrame({"total": [value * factor]})


def names(ws: Workspace, ctx: QueryContext) -> pl.DataFrame:
    """A customer list: masked by the viewer's rights."""
    CALLS.append("names")
    return customers.present(pl.DataFrame({"customer_id": ["c1"], "name": ["Иван Петров"]}), ctx.viewer)


def spoken(ws: Workspace, ctx: QueryContext) -> str:
    """Text in the current language."""
    CALLS.append("spoken")
    return fmt.number(1234.5, 1)


def test_a_result_is_computed_once_and_read_back_after_a_restart(ws):
    first = results.get(ws, total_amount, ctx_of(ws))
    again = results.get(ws, total_amount, ctx_of(ws))
    restarted = Workspace(ws.path)
    after_restart = results.get(restarted, total_amount, ctx_of(restarted))
    assert CALLS == ["total"]
    assert first["total"].to_list() == again["total"].to_list() == after_restart["total"].to_list() == [615.0]


def test_the_key_holds_the_context_and_the_arguments(ws):
    results.get(ws, total_amount, ctx_of(ws))
    assert results.get(ws, total_amount, ctx_of(ws), (2,))["total"].to_list() == [1230.0]
    # 2026-03-01..03: amounts 100, 101, 102
    assert results.get(ws, total_amount, ctx_of(ws, end=D(2026, 3, 3)))["total"].to_list() == [303.0]
    results.get(ws, total_amount, ctx_of(ws, thresholds=Thresholds(inactive_days=30)))
    results.get(ws, total_amount, ctx_of(ws, as_of=D(2026, 3, 7)))
    assert CALLS == ["total"] * 5


def test_an_aggregate_is_shared_by_every_role_a_customer_list_is_not(ws):
    executive, marketer, analyst = Viewer("e", "executive"), Viewer("m", "marketer"), Viewer("a", "analyst")
    results.get(ws, total_amount, ctx_of(ws, viewer=analyst))
    results.get(ws, total_amount, ctx_of(ws, viewer=executive))
    assert CALLS == ["total"]
    shown = results.get(ws, names, ctx_of(ws, viewer=analyst))
    masked = results.get(ws, names, ctx_of(ws, viewer=marketer))
    assert shown["name"].to_list() == ["Иван Петров"] and masked["name"].to_list() == ["И. П."]
    with pytest.raises(customers.NotAllowed):
        results.get(ws, names, ctx_of(ws, viewer=executive))
    # The administrator has the analyst's data rights: the same view of the list.
    assert results.get(ws, names, ctx_of(ws, viewer=Viewer.system()))["name"].to_list() == ["Иван Петров"]
    assert CALLS == ["total", "names", "names", "names", "names"]


def test_a_manager_reads_only_results_of_their_scope(ws):
    results.get(ws, total_amount, ctx_of(ws))
    results.get(ws, total_amount, ctx_of(ws, viewer=Viewer("m1", "manager", "M1")))
    results.get(ws, total_amount, ctx_of(ws, viewer=Viewer("m2", "manager", "M2")))
    results.get(ws, total_amount, ctx_of(ws, viewer=Viewer("m1b", "manager", "M1")))
    assert CALLS == ["total"] * 3


def test_text_in_one_language_is_not_served_in_the_other(ws):
    assert results.get(ws, spoken, ctx_of(ws), lang="ru") == "1\u00a0234,5"
    assert results.get(ws, spoken, ctx_of(ws), lang="en") == "1,234.5"
    assert results.get(ws, spoken, ctx_of(ws), lang="ru") == "1\u00a0234,5"
    results.get(ws, total_amount, ctx_of(ws), lang="ru")
    results.get(ws, total_amount, ctx_of(ws), lang="en")
    assert CALLS == ["spoken", "spoken", "total"]


def test_asked_results_are_bounded_the_least_recently_read_go_first(ws, monkeypatch):
    generation = ws.generation()
    for factor in range(1, 6):
        results.get(ws, total_amount, ctx_of(ws), (factor,))
    files = sorted((generation_dir := results.folder(ws, generation) / results.ASKED).glob("*.kbr"))
    size = files[0].stat().st_size
    results.get(ws, total_amount, ctx_of(ws), (1,))  # read again: the most recent now
    monkeypatch.setenv(results.ENV_MAX_MB, str(2.5 * size / 1024 / 1024))
    results.get(ws, total_amount, ctx_of(ws), (6,), kind=results.DEFAULT)  # default entries do not count
    results.get(ws, total_amount, ctx_of(ws), (7,))
    assert len(list(generation_dir.glob("*.kbr"))) == 2
    CALLS.clear()
    results.get(ws, total_amount, ctx_of(ws), (1,))
    results.get(ws, total_amount, ctx_of(ws), (7,))
    results.get(ws, total_amount, ctx_of(ws), (6,))
    assert CALLS == []
    results.get(ws, total_amount, ctx_of(ws), (2,))
    assert CALLS == ["total"]


def test_results_of_other_generations_and_other_code_go(ws, monkeypatch):
    old = ws.generation()
    results.get(ws, total_amount, ctx_of(ws))
    publish_frames(ws, {"orders": ORDERS[:2]})
    new = ws.generation()
    assert results.get(ws, total_amount, ctx_of(ws))["total"].to_list() == [201.0]
    assert results.prune(ws, [new]) == [results.folder(ws, old).name]
    assert [p.name for p in results.root(ws).iterdir()] == [results.folder(ws, new).name]
    monkeypatch.setattr(results, "code_version", lambda: "other")
    CALLS.clear()
    results.get(ws, total_amount, ctx_of(ws))
    assert CALLS == ["total"]


def test_a_result_of_a_generation_no_longer_kept_is_not_stored(ws):
    ctx = ctx_of(ws)
    publish_frames(ws, {"orders": ORDERS[:2]})
    ws._drop_old_schemas(ws.manifest())  # noqa: SLF001 - as if every older generation had gone
    kept = results.kept_generations(ws)
    stored = results.store(ws, total_amount, ctx, (), {}, "ru", pl.DataFrame({"total": [1.0]}))
    assert stored is (ctx.generation in kept and ws.has_generation(ctx.generation))


def test_an_erasure_removes_every_stored_result(ws):
    from core import erasure

    listed = results.get(ws, names, ctx_of(ws))
    assert listed.height == 1 and any(results.root(ws).rglob("*.kbr"))
    erasure.erase(ws, Viewer.system(), "c1")
    assert not any(results.root(ws).rglob("*.kbr"))


def test_a_damaged_entry_is_computed_again(ws):
    results.get(ws, total_amount, ctx_of(ws))
    for path in results.root(ws).rglob("*.kbr"):
        path.write_bytes(b"KBR1 damaged")
    assert results.get(ws, total_amount, ctx_of(ws))["total"].to_list() == [615.0]
    assert CALLS == ["total", "total"]


# ------------------------------------------------------------------ stored equals on demand
def test_every_default_result_equals_the_computation_on_demand(demo_workspace):
    generation = demo_workspace.generation()
    records = warm.warm(demo_workspace, generation, (warm.DEFAULT_PERIOD,))
    assert [r["call"] for r in records if r["outcome"] != "stored"] == []
    ctx = warm.default_context(demo_workspace, generation)
    got: dict = {}
    for call in warm.CALLS:
        args, kwargs = call.arguments(demo_workspace, ctx, got, "ru")
        found, stored = results.lookup(demo_workspace, call.fn, ctx, args, kwargs, "ru")
        assert found, call.name
        with fmt.using("ru"):
            fresh = call.fn(demo_workspace, ctx, *args, **kwargs)
        # Exactly what was computed comes back; a computation run again agrees to the last bits DuckDB's
        # parallel sums (and the CLV fit's optimiser on them) leave free.
        assert same(results.decode(results.encode(fresh)), fresh), call.name
        assert same(stored, fresh, rel=1e-6), call.name
        got[call.name] = stored


@given(day=st.integers(0, 700), inactive=st.integers(30, 720), vip=st.sampled_from([0.01, 0.05, 0.2]),
       period=st.sampled_from(warm.PERIODS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_stored_results_equal_the_computation_for_any_date_and_thresholds(demo_workspace, day, inactive, vip,
                                                                          period):
    from core.composition import by_dimension, rfm_grid
    from core.metrics import check, retention

    generation = demo_workspace.generation()
    base = warm.default_context(demo_workspace, generation, period)
    as_of = base.as_of - dt.timedelta(days=day)
    ctx = warm.default_context(demo_workspace, generation, period).replace(
        as_of=as_of, start=min(base.start, as_of), end=as_of,
        thresholds=Thresholds(inactive_days=inactive, vip_share=vip))
    for fn, args in ((by_dimension, ("base_type",)), (rfm_grid, ()), (check.orders_per_customer, ()),
                     (retention.cohorts, ())):
        first = results.get(demo_workspace, fn, ctx, args)
        _, stored = results.lookup(demo_workspace, fn, ctx, args)
        assert same(stored, fn(demo_workspace, ctx, *args), rel=1e-9) and same(first, stored), fn.__qualname__
