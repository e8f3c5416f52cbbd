"""Property tests: for odd values (quotes, semicolons, Unicode, huge numbers) the SQL count equals a plain Python filter."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.build import ENGINE, STEPS
from core.segments import results
from core.segments import rules as R
from core.workspace import Workspace
from tests.conftest import context, publish_frames

D = dt.date(2026, 6, 30)
# Characters whose lower case is the same single character in Python and DuckDB.
ALPHABET = ("abcXYZ019 '\";--%_\\/*()[]{}|&=+@\t"
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖЯ" "日本語中文" "😀🎉" "ÄÖÜäöü")
ODD = ["Москва", "O'Brien", "a;b", "x'); drop table orders; --", "日本", "😀", "\"quoted\"", "%_like", "", "Ёлка",
       "= 1+1", "back\\slash"]
text = st.one_of(st.sampled_from(ODD), st.text(alphabet=ALPHABET, max_size=8))
CUSTOMERS = [
    {"customer_id": f"c{i}", "city": ODD[i % len(ODD)] or None, "source": ODD[(i * 5) % len(ODD)],
     "consent_email": i % 3 == 0, "interests": ", ".join(ODD[i % 4: i % 4 + 2])}
    for i in range(30)
]
ORDERS = [{"order_id": f"o{i}", "customer_id": f"c{i % 24}", "order_date": D - dt.timedelta(days=(i * 37) % 500),
           "amount": [0.01, 1e9, 123.45, 5.0, 99999.99, 1.5e12][i % 6],
           "category": ODD[(i * 7) % len(ODD)] or None} for i in range(60)]
# Lines for two orders in three (the others count with their own category): odd category names, odd sums.
LINES = [{"order_id": f"o{i}", "product_name": "x", "category": ODD[(i + k) % len(ODD)] or "Ёлка",
          "category_top": ODD[(i + k) % len(ODD)] or "Ёлка", "quantity": 1.0, "price": 1.0,
          "amount": [3.5, 1e9, 0.01][k]} for i in range(60) if i % 3 for k in range(i % 3 + 1)]
categories = st.one_of(st.sampled_from([c for c in ODD if c] + ["a", "Нет такой"]), st.text(alphabet=ALPHABET, max_size=4))

numbers = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from([0, 1, 2, 1e9, 1.5e12, 123.45]))
numeric_fields = st.sampled_from(["revenue", "orders", "recency_days", "aov", "tenure_days"])
text_fields = st.sampled_from(["city", "source"])


@st.composite
def condition(draw) -> dict:
    kind = draw(st.sampled_from(["number", "text", "contains", "flag", "bought", "share"]))
    negate = draw(st.booleans())
    if kind == "number":
        op = draw(st.sampled_from(["eq", "gte", "lte", "between", "in"]))
        if op == "between":
            value = sorted([draw(numbers), draw(numbers)])
        elif op == "in":
            value = draw(st.lists(numbers, min_size=1, max_size=4))
        else:
            value = draw(numbers)
        return {"field": draw(numeric_fields), "op": op, "value": value, "not": negate}
    if kind == "text":
        op = draw(st.sampled_from(["eq", "in"]))
        value = draw(text.filter(bool)) if op == "eq" else draw(st.lists(text.filter(bool), min_size=1, max_size=4))
        return {"field": draw(text_fields), "op": op, "value": value, "not": negate}
    if kind == "contains":
        needles = st.text(alphabet=ALPHABET, min_size=1, max_size=3).filter(str.strip)
        value = draw(st.one_of(needles, st.lists(needles, min_size=1, max_size=3)))
        return {"field": draw(st.sampled_from(["city", "source", "interests"])), "op": "contains", "value": value,
                "not": negate}
    if kind == "bought":
        op = draw(st.sampled_from(["eq", "in"]))
        value = draw(categories) if op == "eq" else draw(st.lists(categories, min_size=1, max_size=3))
        item = {"field": "category_bought", "op": op, "value": value, "not": negate}
        days = draw(st.one_of(st.none(), st.integers(1, 600)))
        return item if days is None else {**item, "days": days}
    if kind == "share":
        op = draw(st.sampled_from(["gte", "lte", "between"]))
        share = st.one_of(st.sampled_from([0, 0.5, 1]), st.floats(-0.5, 1.5))
        value = sorted([draw(share), draw(share)]) if op == "between" else draw(share)
        return {"field": "category_share", "category": draw(categories), "op": op, "value": value, "not": negate}
    return {"field": "consent_email", "op": "eq", "value": draw(st.booleans()), "not": negate}


@pytest.fixture(scope="module")
def odd_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace(tmp_path_factory.mktemp("odd"))
    publish_frames(ws, {"customers": CUSTOMERS, "orders": ORDERS, "order_lines": LINES})
    yield ws
    ws.close()


class Rows(list):
    """The model's rows, shown short (Hypothesis prints a failing example's arguments)."""

    def __repr__(self) -> str:
        return f"<{len(self)} rows of the model>"


@pytest.fixture(scope="module")
def model_rows(odd_ws: Workspace) -> list[dict]:
    rows = results.members(odd_ws, context(D), R.Rules()).to_dicts()
    # What each bought by category (the table the category conditions read), for the plain definition.
    ctx = context(D, generation=odd_ws.generation())
    step = next(s for s in STEPS if s.name == "customer_categories")
    table = ENGINE.source(odd_ws, ctx.generation, step, ctx.params())
    with odd_ws.reading(ctx.generation) as cur:
        facts = cur.sql(f"select customer_id, category, days_ago, share from {table}").fetchall()
    for row in rows:
        row["bought"] = {category: (days, share) for customer, category, days, share in facts
                         if customer == row["customer_id"]}
    return Rows(rows)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mode=st.sampled_from(["all", "any"]),
       items=st.lists(st.one_of(condition(), st.builds(lambda m, c: {m: c}, st.sampled_from(["all", "any"]),
                                                       st.lists(condition(), min_size=1, max_size=3))),
                      min_size=0, max_size=3))
def test_sql_count_equals_a_python_filter(odd_ws, model_rows, mode, items):
    # Conditions and "all"/"any" groups of them under either mode: the SQL and the plain definition agree.
    try:
        rules = R.parse({mode: items})
    except R.RuleError as exc:
        # Only values outside what a rule may hold are refused: empty or overlong text (a value or a category).
        assert exc.key in ("wrong_type", "param_category")
        return
    expected = sum(R.matches(rules, row) for row in model_rows)
    assert results.summary(odd_ws, context(D), rules)["customers"] == expected


def test_the_odd_base_has_what_the_property_needs(model_rows):
    assert len(model_rows) == 30
    assert {r["city"] for r in model_rows} >= {"x'); drop table orders; --", "日本", None}
    assert max(r["revenue"] for r in model_rows) > 1e12
    bought = {category for r in model_rows for category in r["bought"]}
    assert {"x'); drop table orders; --", "日本", "Ёлка"} <= bought
    assert any(not r["bought"] for r in model_rows) and any(len(r["bought"]) > 1 for r in model_rows)
