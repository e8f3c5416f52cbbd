"""The segments page through AppTest: live count, a link opening the same segment, bad links, saving, rights."""
from __future__ import annotations

import pytest

from core.access import Viewer
from core.i18n import t
from core.segments import rules as R
from core.segments import saved
from core.segments.rules import Condition, Rules
from tests import segments_data as data
from tests.pages.apptest import run_app
from ui import nav

PAGE = "pages/segments.py"
LINK = R.encode_link(Rules((Condition("city", "in", ("Москва",)), Condition("orders", "gte", 1.0))))


def metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def open_tab(app, tab: str, lang: str = "ru"):
    """Select a tab of the results (only the open one runs) and rerun."""
    app.session_state["seg_tab"] = t(f"segments.tab.{tab}", lang)
    return app.run()


def test_the_whole_base_then_a_condition_narrows_it(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    assert not app.exception
    assert metrics(app)["Клиентов в сегменте"] == "5"
    app.selectbox(key="seg_add").set_value("recency_days").run()
    slider = app.slider[0]
    # Buyers only (c never bought), full range 5..400 days.
    assert metrics(app)["Клиентов в сегменте"] == "4"
    slider.set_value((0, 30)).run()
    assert not app.exception
    assert metrics(app)["Клиентов в сегменте"] == "2"
    assert metrics(app)["Выручка сегмента"] == "1\u00a0550\u00a0₽"
    assert R.decode_link(app.query_params["segment"]) == Rules((Condition("recency_days", "between",
                                                                                   (0.0, 30.0)),))


def test_the_count_follows_the_rules_whichever_tab_is_open(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.selectbox(key="seg_add").set_value("recency_days").run()
    open_tab(app, "sample")
    app.slider[0].set_value((0, 30)).run()
    assert not app.exception
    # Recency 0..30 days: the two recent buyers, as on the results tab (test above).
    assert metrics(app)["Клиентов в сегменте"] == "2"
    assert len(app.dataframe) == 1  # the sample tab is the one drawn


def test_a_yes_no_condition_reads_its_toggle(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.selectbox(key="seg_add").set_value("consent_email").run()
    # Consented to e-mail: a, c, d, e (b did not).
    assert metrics(app)["Клиентов в сегменте"] == "4"
    next(t for t in app.toggle if not t.key.endswith("_not")).set_value(False).run()
    assert metrics(app)["Клиентов в сегменте"] == "1"


def test_an_emptied_list_leaves_its_condition_out_and_says_so(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": LINK})
    next(m for m in app.multiselect if m.key.endswith("_in")).set_value([]).run()
    assert not app.exception
    # Only "at least one order" is left: a, b, d, e.
    assert metrics(app)["Клиентов в сегменте"] == "4"
    assert any(t("segments.values.empty", "ru") in c.value for c in app.caption)
    assert [c.field for c in R.decode_link(app.query_params["segment"]).conditions] == ["orders"]


def test_a_date_range_condition_and_an_unfinished_range(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.selectbox(key="seg_add").set_value("first_order_date").run()
    # The whole range of first orders: every buyer (a 40, b 100, d 400, e 5 days before D).
    assert metrics(app)["Клиентов в сегменте"] == "4"
    app.date_input[0].set_value((data.ago(100), data.ago(10))).run()
    assert metrics(app)["Клиентов в сегменте"] == "2"  # a and b
    app.date_input[0].set_value((data.ago(100),)).run()
    assert not app.exception
    assert metrics(app)["Клиентов в сегменте"] == "5"  # an unfinished range is left out: the whole base
    assert any(t("segments.dates.incomplete", "ru") in c.value for c in app.caption)


def test_negating_a_condition(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": LINK})
    assert metrics(app)["Клиентов в сегменте"] == "2"
    not_moscow = next(t for t in app.toggle if t.key.endswith("_not"))
    not_moscow.set_value(True).run()
    # Not in Moscow (b, e; c has no city but never bought) and bought at least once.
    assert metrics(app)["Клиентов в сегменте"] == "2"
    assert set(R.decode_link(app.query_params["segment"]).conditions[0].__dict__.items()) >= {("negate", True)}


def test_a_link_opens_the_same_segment_in_english(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": LINK})
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    # a and d live in Moscow and bought: 1500 + 2000.
    assert metrics(app)["Customers in the segment"] == "2"
    assert metrics(app)["Segment revenue"] == "₽3,500"  # English order and separators
    assert [m.value for m in app.multiselect if m.key.endswith("_in")] == [["Москва"]]


def test_a_damaged_link_gets_a_message_and_the_whole_base(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": "eyJhbGwiOiBbeyJmaWVsZCI6ICJub3BlIn1dfQ"})
    assert not app.exception
    assert any("Ссылка на сегмент повреждена" in e.value for e in app.error)
    assert metrics(app)["Клиентов в сегменте"] == "5"


def test_a_ready_made_segment_loads_and_saves_under_a_new_name(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, viewer=Viewer("mia", "marketer"))
    app.selectbox(key="seg_start").set_value("never_bought").run()
    app.button(key="seg_load").click().run()
    assert metrics(app)["Клиентов в сегменте"] == "1"
    assert not [b for b in app.button if b.label == "Сохранить как новый"]  # a hidden tab does not run
    open_tab(app, "save")
    app.text_input(key="seg_name").input("Мой сегмент")
    next(b for b in app.button if b.label == "Сохранить как новый").click().run()
    assert not app.exception
    assert any("сохранён" in s.value for s in app.success)
    stored = saved.find(workspace, "Мой сегмент", "ru")
    assert (stored.owner, stored.rules) == ("mia", Rules((Condition("orders", "eq", 0.0),)))


def test_a_marketer_sees_masked_personal_data_in_the_sample(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, viewer=Viewer("mia", "marketer"), query={"segment": LINK})
    table = open_tab(app, "sample").dataframe[0].value
    # Marketers see a contact the customer consented to and a masked one otherwise: both Moscow buyers
    # consented to e-mail; only d consented to SMS, so a's phone (+7 495 123-45-67) is masked.
    assert sorted(table["E-mail"].dropna().tolist()) == ["ANNA@mail.ru", "anna@mail.ru"]
    assert sorted(table["Телефон"].dropna().tolist()) == ["+7 *** ***-45-67", "+79161234567"]


@pytest.mark.parametrize(("role", "listed"), [("executive", False), ("marketer", True), ("analyst", True)])
def test_the_page_is_listed_only_for_roles_that_build_segments(role, listed):
    viewer = Viewer("x", role)
    assert ("pages/segments.py" in [p.path for p in nav.pages_for(viewer)]) is listed


def test_comparing_the_current_segment_with_a_ready_made_one(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": LINK})
    open_tab(app, "compare")
    app.multiselect(key="seg_compare").set_value(["", "never_bought"]).run()
    assert not app.exception
    table = app.dataframe[-1].value
    # Current: a and d (3 500 ₽ of 3 850 ₽); never bought: c alone.
    assert list(table.columns) == ["Показатель", "Текущий сегмент", "Ни разу не покупали"]
    assert table.iloc[0].tolist() == ["Клиентов в сегменте", "2", "1"]
    assert table.iloc[3].tolist()[2] == "0,0\u00a0%"


def test_an_or_group_beside_an_and_condition(workspace, monkeypatch):
    data.publish(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.selectbox(key="seg_add").set_value("consent_email").run()
    assert metrics(app)["Клиентов в сегменте"] == "4"  # a, c, d, e consented to e-mail
    app.button(key="seg_group_new").click().run()
    group_add = next(s for s in app.selectbox if s.key.startswith("g") and s.key.endswith("_add"))
    gid = group_add.key[1:-len("_add")]
    assert app.radio(key=f"g{gid}_mode").value == "any"
    group_add.set_value("city").run()
    next(m for m in app.multiselect if m.key.endswith("_in")).set_value(["Москва"]).run()
    app.selectbox(key=f"g{gid}_add").set_value("orders").run()
    orders_eq = next(n for n in app.number_input if n.key.endswith("_lo"))
    orders_eq.set_value(0).run()
    next(n for n in app.number_input if n.key.endswith("_hi")).set_value(0).run()
    assert not app.exception
    # consent (a, c, d, e) AND (Moscow (a, d) OR no orders (c)): a, c, d.
    assert metrics(app)["Клиентов в сегменте"] == "3"
    rules = R.decode_link(app.query_params["segment"])
    assert rules.mode == "all" and [c.field for c in rules.conditions] == ["consent_email"]
    assert [(g.mode, [c.field for c in g.conditions]) for g in rules.groups] == [("any", ["city", "orders"])]
    # Everything as OR: consent OR (Moscow OR no orders) = a, c, d, e.
    app.radio(key="seg_mode").set_value("any").run()
    assert metrics(app)["Клиентов в сегменте"] == "4"
    # The group as AND: consent OR (Moscow AND no orders) = a, c, d, e still (consent covers them).
    app.radio(key=f"g{gid}_mode").set_value("all").run()
    assert R.decode_link(app.query_params["segment"]).groups[0].mode == "all"
    app.button(key=f"g{gid}_rm").click().run()
    assert not R.decode_link(app.query_params["segment"]).groups


def test_a_link_with_groups_opens_them_in_the_builder(workspace, monkeypatch):
    data.publish(workspace)
    link = R.encode_link(R.parse({"any": [{"field": "orders", "op": "eq", "value": 0},
                                          {"all": [{"field": "city", "op": "in", "value": ["Москва"]},
                                                   {"field": "consent_sms", "op": "eq", "value": True}]}]}))
    app = run_app(workspace.path, monkeypatch, page=PAGE, query={"segment": link})
    assert not app.exception
    # Never bought (c) OR (Moscow AND SMS consent: d): c, d.
    assert metrics(app)["Клиентов в сегменте"] == "2"
    assert app.radio(key="seg_mode").value == "any"
    assert [r.value for r in app.radio if r.key != "seg_mode" and r.key.endswith("_mode")] == ["all"]
