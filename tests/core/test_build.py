"""The build's declared steps: their order from inputs and outputs, the inputs each query really reads, the
build log and progress, a build interrupted at any step, and variants equal to a build with their values."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import re

import polars as pl
import pytest
import sqlglot
from sqlglot import exp

from core import build, sql
from core.build import BuildError, Phase, Step
from core.context import Thresholds
from core.workspace import BASE_RELATIONS, Workspace, schema_name
from tests.conftest import context, publish_frames

D = dt.date(2026, 3, 31)


def _orders(amounts: dict[str, list[tuple[dt.date, float]]]) -> list[dict]:
    return [{"order_id": f"{cid}-{i}", "customer_id": cid, "order_date": day, "amount": amount, "channel": "web"}
            for cid, rows in amounts.items() for i, (day, amount) in enumerate(rows)]


FIRST = {"a": [(dt.date(2026, 1, 5), 100.0), (D, 50.0)], "b": [(dt.date(2026, 2, 1), 30.0)]}
SECOND = {**FIRST, "c": [(D, 700.0)]}


def _valid(ordered: list[Step], base=BASE_RELATIONS) -> bool:
    written = set(base)
    for step in ordered:
        if not set(step.inputs) <= written:
            return False
        written |= set(step.outputs)
    return True


# ----------------------------------------------------------------------------- order


def test_the_declared_steps_run_in_an_order_of_their_inputs():
    assert _valid(build.ORDER)
    assert sorted(s.name for s in build.ORDER) == sorted(s.name for s in build.STEPS)
    names = [s.name for s in build.ORDER]
    # By hand from the declarations: the model after what it reads, the segment table after the model and scores.
    assert names.index("contact_events") < names.index("customer_activity") < names.index("customer_model")
    assert names.index("customer_activity") < names.index("customer_acquisition")
    assert names.index("clv_scores") < names.index("segment_model") and names.index("customer_model") < names.index(
        "segment_model")


@pytest.mark.parametrize("seed", range(20))
def test_a_shuffled_declaration_gives_a_valid_order(seed):
    shuffled = list(build.STEPS)
    random.Random(seed).shuffle(shuffled)
    ordered = build.order(shuffled)
    assert _valid(ordered) and sorted(map(id, ordered)) == sorted(map(id, shuffled))


def test_the_reversed_declaration_gives_a_valid_order():
    assert _valid(build.order(list(reversed(build.STEPS))))


def test_every_permutation_of_a_chain_gives_the_chain():
    chain = [Step("x", query="q", inputs=("orders",), outputs=("x",)),
             Step("y", query="q", inputs=("x",), outputs=("y",)),
             Step("z", query="q", inputs=("y", "orders"), outputs=("z",))]
    for perm in itertools.permutations(chain):
        assert [s.name for s in build.order(list(perm))] == ["x", "y", "z"]


def test_a_cycle_is_refused_with_the_steps_named():
    steps = [Step("x", query="q", inputs=("y",), outputs=("x",)), Step("y", query="q", inputs=("x",), outputs=("y",))]
    with pytest.raises(BuildError, match=r"cycle.*x <- \['y'\].*y <- \['x'\]"):
        build.order(steps)


def test_a_missing_input_is_refused():
    with pytest.raises(BuildError, match=r"'x' reads \['nowhere'\]"):
        build.order([Step("x", query="q", inputs=("orders", "nowhere"), outputs=("x",))])


def test_two_steps_writing_one_table_are_refused():
    with pytest.raises(BuildError, match="'x' and 'y' both write 't'"):
        build.order([Step("x", query="q", outputs=("t",)), Step("y", query="q", outputs=("t",))])


def test_a_step_cannot_overwrite_a_relation_of_the_workspace_or_lack_a_query():
    with pytest.raises(BuildError, match="relation of the workspace"):
        build.order([Step("x", query="q", outputs=("orders",))])
    with pytest.raises(BuildError, match="either a query or a builder"):
        build.order([Step("x", outputs=("x",))])


# ----------------------------------------------------------------------------- declarations


def _statement_tables(sql_text: str) -> set[str]:
    """Relations the statements of a SQL text read (their own CTEs left out)."""
    found: set[str] = set()
    for statement in sqlglot.parse(re.sub(r"\{\{\s*(\w+)\s*\}\}", r'"\1"', sql_text), read="duckdb"):
        if statement is None:
            continue
        ctes = {cte.alias for cte in statement.find_all(exp.CTE)}
        found |= {t.name for t in statement.find_all(exp.Table) if t.name and t.name not in ctes}
    return found


def _tables_read(sql_text: str) -> set[str]:
    """Relations a SQL text reads, through the table macros of the generation it calls too."""
    found = _statement_tables(sql_text)
    for macro in build.MACROS:
        text = sql.text(macro)
        for name in re.findall(r"create or replace macro (\w+)\([^)]*\) as table", text):
            if re.search(rf"\b{name}\s*\(", sql_text):
                found |= _statement_tables(text)
    return found


KNOWN = set(BASE_RELATIONS) | {t for s in build.STEPS for t in s.outputs}


@pytest.mark.parametrize("step", build.STEPS, ids=lambda s: s.name)
def test_a_steps_inputs_are_exactly_the_relations_its_query_reads(step):
    text = sql.text(step.query) if step.query else sql.text("clv__summary")  # the CLV builder's one query
    assert set(step.inputs) == _tables_read(text) & KNOWN


@pytest.mark.parametrize("step", build.STEPS, ids=lambda s: s.name)
def test_a_step_varies_when_it_binds_a_date_or_threshold_or_reads_a_step_that_varies(step):
    if step.builder:
        assert not step.varies  # fitted once per generation
        return
    binds = bool(sql.parameters(sql.text(step.query)))
    reads_varying = any(s.varies for s in build.STEPS if set(s.outputs) & set(step.inputs))
    if binds:
        assert step.varies
    if step.varies:
        assert binds or reads_varying
    # Not varying while reading a step that varies: built from the generation's own table (over every order).


def test_the_step_sql_binds_the_given_values():
    model = build.step_named("customer_model")
    values = build.default_values(D) | {"vip_share": 0.25}
    text, bound = build.step_sql(model, values)
    assert text == sql.prepare("derived__customer_model", values)[0]
    assert bound["as_of"] == D and bound["vip_share"] == 0.25 and set(bound) == set(sql.parameters(text))
    with pytest.raises(BuildError, match="Python"):
        build.step_sql(build.step_named("clv_scores"), values)


# ----------------------------------------------------------------------------- running


def test_the_build_is_logged_step_by_step_and_reports_progress(workspace):
    calls = []
    generation = publish_frames(workspace, {"orders": _orders(FIRST)})
    second = workspace.publish({}, progress=lambda i, n, name: calls.append((i, n, name)))
    n = len(build.ORDER)
    assert calls == [(i, n, s.name) for i, s in enumerate(build.ORDER)] + [(n, n, "")]
    log = build.build_log(workspace)
    assert [r["generation"] for r in log] == [generation] * n + [second] * n
    assert [r["step"] for r in log] == [s.name for s in build.ORDER] * 2
    assert {r["engine"] for r in log} == {"duckdb"} and {r["status"] for r in log} == {"ok"}
    assert all(r["seconds"] >= 0 for r in log)
    rows = {r["step"]: r["rows"] for r in log if r["generation"] == second}
    # Two customers bought (a, b), no profiles, messages, lines or categories: two rows per customer table, none
    # of contact_events, daily_margin or customer_categories; orders in January, February and D's month; a bought
    # on two days, b on one (customer_days).
    assert rows == {"contact_events": 0, "daily_margin": 0, "monthly_sales": 3, "customer_days": 3,
                    "customer_categories": 0,
                    "customer_activity": 2, "customer_acquisition": 2, "customer_model": 2, "clv_scores": 2,
                    "segment_model": 2}


def test_a_phase_runs_after_the_steps_in_the_build_and_is_logged(workspace, monkeypatch):
    _SEEN.clear()
    monkeypatch.setattr(build, "PHASES", (Phase("warm", "tests.core.test_build:_phase"),))
    calls = []
    generation = publish_frames(workspace, {"orders": _orders(FIRST)})
    workspace.publish({}, progress=lambda i, n, name: calls.append((i, name)))
    assert _SEEN == [(generation, 2), (generation + 1, 2)]  # the finished segment table, read in the build
    assert calls[-2:] == [(len(build.ORDER), "warm"), (len(build.ORDER) + 1, "")]
    assert [r["step"] for r in build.build_log(workspace)][-1] == "warm"


_SEEN: list = []


def _phase(ws: Workspace, cur, generation: int) -> None:
    _SEEN.append((generation, cur.execute("select count(*) from segment_model").fetchall()[0][0]))


def _revenue(ws: Workspace, generation: int | None = None) -> float:
    ctx = context(D, dt.date(2026, 1, 1), D)
    if generation is not None:
        ctx = ctx.replace(generation=generation)
    return sql.run(ws, "overview__kpis", ctx)["revenue"].to_list()[0]


@pytest.mark.parametrize("written", [False, True], ids=["before writing", "after writing"])
@pytest.mark.parametrize("failing", [*build.ORDER, "after the last step"],
                         ids=lambda s: s if isinstance(s, str) else s.name)
def test_a_build_interrupted_at_any_step_leaves_the_previous_generation_serving(workspace, monkeypatch, failing,
                                                                                 written):
    first = publish_frames(workspace, {"orders": _orders(FIRST)})
    assert _revenue(workspace) == 180.0
    original = build.DuckDBEngine._run

    def interrupted(self, ws, cur, generation, item, values):
        dies = failing != "after the last step" and item.name == failing.name
        if dies and not written:
            raise RuntimeError(f"killed at the start of {item.name}")
        rows = original(self, ws, cur, generation, item, values)
        if dies:  # the step wrote its table, then the build dies
            raise RuntimeError(f"killed during {item.name}")
        return rows

    monkeypatch.setattr(build.DuckDBEngine, "_run", interrupted)
    if failing == "after the last step":
        monkeypatch.setattr(build, "PHASES", (Phase("dies", "tests.core.test_build:_dies"),))
    with pytest.raises(RuntimeError, match="killed"):
        publish_frames(workspace, {"orders": _orders(SECOND)})
    assert workspace.manifest().generation == first and workspace.generation() == first
    assert not workspace.has_generation(first + 1)
    assert _revenue(workspace) == 180.0
    with workspace.reading() as cur:
        assert cur.sql("select count(*) from customer_model").fetchall()[0][0] == 2
    reopened = Workspace(workspace.path)  # another process opening it afterwards reads the same
    try:
        assert reopened.generation() == first and _revenue(reopened) == 180.0
    finally:
        reopened.close()
    failed = [r for r in build.build_log(workspace) if r["status"] != "ok"]
    assert [(r["generation"], r["step"]) for r in failed] == [
        (first + 1, "dies" if failing == "after the last step" else failing.name)]
    monkeypatch.undo()
    second = publish_frames(workspace, {"orders": _orders(SECOND)})
    assert second == first + 1 and workspace.generation() == second and _revenue(workspace) == 880.0


def _dies(ws: Workspace, cur, generation: int) -> None:
    raise RuntimeError("killed after the steps")


# ----------------------------------------------------------------------------- variants


def _fresh(ws: Workspace, generation: int, step: Step, values: dict) -> pl.DataFrame:
    """`step`'s table built from scratch with `values`: every varying step it depends on run again as a temp
    table (shadowing the generation's), the others read from the generation."""
    with ws.reading(generation) as cur:
        for s in build.ORDER:
            if s.varies and (s is step or s in _depends(step)):
                text, params = build.step_sql(s, values)
                cur.execute(f"create temp table {s.output} as {text}", params)
        return cur.sql(f"select * from temp.{step.output}").pl()


def _depends(step: Step) -> set[Step]:
    ups = set(build.upstream(step))
    return ups.union(*(_depends(u) for u in ups)) if ups else ups


# Per change: each varying step -> (a variant, not the generation's own table; its rows), by hand: a, b and c
# bought (Jan 5 and D, Feb 1, D), d has a profile registered on 2025-12-01, a one with a city. Activity holds
# the buyers up to the date; the model the buyers and the registered profiles; no order names a category.
VARIANT_CASES = [
    ({"as_of": dt.date(2026, 2, 15)},
     {"customer_categories": (True, 0), "customer_activity": (True, 2), "customer_model": (True, 3),
      "segment_model": (True, 3)}),
    ({"thresholds": Thresholds(vip_share=0.5, inactive_days=30)},  # same date: the activity is the generation's
     {"customer_categories": (False, 0), "customer_activity": (False, 3), "customer_model": (True, 4),
      "segment_model": (True, 4)}),
    ({"as_of": dt.date(2026, 1, 31), "thresholds": Thresholds(hot_days=10)},
     {"customer_categories": (True, 0), "customer_activity": (True, 1), "customer_model": (True, 2),
      "segment_model": (True, 2)}),
]


@pytest.mark.parametrize(("changes", "expected"), VARIANT_CASES)
def test_a_variant_equals_a_fresh_build_with_the_same_values(workspace, changes, expected):
    generation = publish_frames(workspace, {"orders": _orders(SECOND), "customers": [
        {"customer_id": "a", "city": "Омск"}, {"customer_id": "d", "registered_at": dt.date(2025, 12, 1)}]})
    values = context(D).replace(generation=generation, **changes).params()
    found = {}
    for step in build.ORDER:
        if not step.varies:
            continue
        source = build.ENGINE.source(workspace, generation, step, values)
        with workspace.reading(generation) as cur:
            variant = cur.sql(f"select * from {source}").pl()
        fresh = _fresh(workspace, generation, step, values)
        assert variant.sort("customer_id").equals(fresh.sort("customer_id")), step.name
        found[step.name] = (source != f"{schema_name(generation)}.{step.output}", variant.height)
    assert found == expected


def test_the_own_tables_are_the_variant_of_the_default_values(workspace):
    generation = publish_frames(workspace, {"orders": _orders(SECOND)})
    values = context(D).replace(generation=generation).params()
    for step in build.ORDER:
        if step.varies:
            assert build.ENGINE.source(workspace, generation, step, values) == \
                f"{schema_name(generation)}.{step.output}"


def test_steps_are_plain_data():
    # Nothing but names and flags: another engine reads the same declarations.
    for step in build.STEPS:
        assert all(isinstance(v, (str, bool, tuple, type(None))) for v in dataclasses.asdict(step).values())


@pytest.mark.parametrize("step", build.STEPS, ids=lambda s: s.name)
def test_every_step_is_named_for_the_uploader_in_both_languages(step):
    from core.i18n import t

    russian, english = t(f"build.step.{step.name}", "ru"), t(f"build.step.{step.name}", "en")
    assert russian and english and russian != english
    assert re.search("[а-яё]", russian.lower()) and not re.search("[а-яё]", english.lower())


def test_the_workspace_reaches_the_build_only_through_the_installed_engine(tmp_path):
    import subprocess
    import sys

    from core import settings, workspace

    # the build's engine, or core.engines' extension of it (the same steps, some run on Spark when set)
    assert isinstance(workspace.engine(), build.DuckDBEngine)
    # A process that never imported the build cannot make or read a generation, and says why.
    code = ("import sys; from core.workspace import Workspace, WorkspaceError; ws = Workspace(sys.argv[1])\n"
            "try:\n    ws.publish({})\nexcept WorkspaceError as exc:\n    print(exc)\n"
            "print('core.build' in sys.modules, 'core.sql' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ws")], capture_output=True, text=True,
                         cwd=settings.PROJECT_ROOT, check=True).stdout.splitlines()
    assert out == ["no build engine installed: import core.build before opening a workspace", "False False"]


def test_the_last_interaction_of_a_day_with_several_is_the_same_whatever_the_row_order(workspace):
    # Two customers with the same interactions on their last date, in opposite row orders: the type and the
    # score that sort last are theirs (`survey`, 9), not whichever row the engine met first.
    day = dt.date(2026, 6, 2)
    rows = [("a", "email", None), ("a", "survey", 3), ("a", "survey", 9),
            ("b", "survey", 9), ("b", "survey", 3), ("b", "email", None),
            ("a", "complaint", 1), ("b", "complaint", 1)]
    interactions = [{"customer_id": c, "date": day if kind != "complaint" else day - dt.timedelta(days=1),
                     "type": kind, "score": score} for c, kind, score in rows]
    orders = [{"order_id": c, "customer_id": c, "order_date": day, "amount": 10.0} for c in "ab"]
    publish_frames(workspace, {"customers": [{"customer_id": c} for c in "ab"], "orders": orders,
                               "interactions": interactions})
    with workspace.reading() as cur:
        got = cur.execute("select customer_id, last_interaction_type, last_nps from customer_activity "
                          "order by customer_id").fetchall()
    assert got == [("a", "survey", 9), ("b", "survey", 9)]


def test_only_a_builder_reading_relations_of_the_workspace_starts_early():
    with pytest.raises(BuildError, match="starts early"):
        build.order([Step("x", query="q", outputs=("t",), start="m:f")])
    with pytest.raises(BuildError, match="starts early"):
        build.order([Step("x", query="q", outputs=("t",)),
                     Step("y", builder="m:b", inputs=("t",), outputs=("u",), start="m:f")])
    assert build.order([Step("y", builder="m:b", inputs=("orders",), outputs=("u",), start="m:f")])


def test_the_clv_fit_is_begun_before_the_first_step_and_made_beside_the_steps(workspace, monkeypatch):
    import threading

    from core.clv import service

    events: list[str] = []
    original_start, original_predict = service.start_scores, service.predict_clv

    def start(cur):
        events.append("start")
        return original_start(cur)

    def predict(frame, settings=None):
        events.append(f"fit in {threading.current_thread().name}")
        return original_predict(frame, settings)

    monkeypatch.setattr(service, "start_scores", start)
    monkeypatch.setattr(service, "predict_clv", predict)
    publish_frames(workspace, {"orders": _orders(SECOND)})
    events.clear()
    workspace.publish({}, progress=lambda i, n, step: events.append(step))  # built again, the same data
    steps = [s.name for s in build.ORDER]
    assert events.index("start") < events.index(steps[0])  # begun before the first step ...
    fits = [e for e in events if e.startswith("fit")]
    assert len(fits) == 1 and fits[0].startswith("fit in clv-fit")  # ... made in a thread of its own, once
    with workspace.reading() as cur:
        table = cur.sql("select customer_id, p_alive, predicted_clv, at_risk from clv_scores order by all").fetchall()
    assert table == [("a", None, None, False), ("b", None, None, False), ("c", None, None, False)]
