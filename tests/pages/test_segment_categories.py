"""The segments page's conditions on a chosen category through AppTest: the count, the link, the rule read aloud."""
from __future__ import annotations

from core.i18n import t
from core.segments import rules as R
from tests.conftest import publish_frames
from tests.core.test_segment_categories import CUSTOMERS, D, LINES, ORDERS
from tests.pages.apptest import run_app

PAGE = "pages/segments.py"
# e buys on D itself (no category), so the analysis date is D.
DATA = {"customers": CUSTOMERS, "order_lines": LINES,
        "orders": [*ORDERS, {"order_id": "e1", "customer_id": "e", "order_date": D, "amount": 10.0}]}


def count(app) -> str:
    return {m.label: m.value for m in app.metric}["Клиентов в сегменте"]


def says(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith(t("segments.rules.says", "ru", rules="")[:7]))


def test_bought_a_category_in_the_last_n_days_counts_and_reads_aloud(workspace, monkeypatch):
    publish_frames(workspace, DATA)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    assert count(app) == "6"
    app.selectbox(key="seg_add").set_value("category_bought").run()
    categories = next(m for m in app.multiselect if m.key.endswith("_in"))
    # The data's categories, the most bought first: shoes (a, b, f), then clothes (a) and home (c).
    assert categories.options == ["Обувь", "Дом", "Одежда"]
    categories.set_value(["Обувь"]).run()
    assert count(app) == "3"  # ever: a, b, f (d's shoes were cancelled)
    days = next(n for n in app.number_input if n.key.endswith("_days"))
    days.set_value(30).run()
    assert not app.exception
    assert count(app) == "1"  # b 10 days ago; f exactly 30 days ago is out, a 40
    assert "Покупал категорию «Обувь» за последние 30 дней" in says(app).replace("\\", "")
    days.set_value(60).run()
    assert count(app) == "3"
    assert R.decode_link(app.query_params["segment"]).conditions == (
        R.Condition("category_bought", "in", ("Обувь",), days=60),)
    next(tg for tg in app.toggle if tg.key.endswith("_not")).set_value(True).run()
    assert count(app) == "3"  # c, d, e did not buy shoes in 60 days


def test_a_share_condition_needs_its_category_then_counts(workspace, monkeypatch):
    publish_frames(workspace, DATA)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.selectbox(key="seg_add").set_value("category_share").run()
    assert count(app) == "6"  # no category chosen yet: the condition is off, and says so
    assert any(t("segments.category.empty", "ru") in c.value for c in app.caption)
    next(s for s in app.selectbox if s.key.endswith("_category")).set_value("Обувь").run()
    app.slider[0].set_value(0.6).run()
    assert not app.exception
    assert count(app) == "3"  # at least 60 %: a (300 of 500), b and f (all)
    assert R.decode_link(app.query_params["segment"]).conditions == (
        R.Condition("category_share", "gte", 0.6, category="Обувь"),)
    assert "Доля категории «Обувь» в покупках не меньше 60 %" in says(app).replace("\\", "").replace("\u00a0", " ")


def test_a_link_with_parameters_opens_the_same_segment_and_a_malformed_one_says_why(workspace, monkeypatch):
    publish_frames(workspace, DATA)
    link = R.encode_link(R.parse({"all": [{"field": "category_bought", "op": "in", "value": ["Обувь"], "days": 31}]}))
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": link})
    assert count(app) == "2"  # b and f
    assert next(n for n in app.number_input if n.key.endswith("_days")).value == 31
    bad = '{"all":[{"field":"category_bought","op":"in","value":["Обувь"],"days":0}]}'
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": bad})
    assert not app.exception
    assert any("«days» — целое число дней от 1 до" in e.value for e in app.error)
    assert count(app) == "6"
