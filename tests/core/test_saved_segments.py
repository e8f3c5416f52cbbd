"""Saved segments: stored in the workspace, surviving a restart, owned, with ready-made ones editable."""
from __future__ import annotations

import datetime as dt

import pytest

from core.access import Viewer
from core.segments import ready, saved
from core.segments import rules as R
from core.segments.rules import Condition, Rules
from core.workspace import Workspace

ANNA = Viewer("anna", "marketer")
BORIS = Viewer("boris", "analyst")
ADMIN = Viewer("root", "admin")
RULES = Rules((Condition("recency_days", "between", (0.0, 90.0)), Condition("city", "in", ("Москва",), True)))
T1 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.timezone.utc)


def test_a_saved_segment_survives_a_restart(workspace):
    made = saved.save(workspace, ANNA, "  Недавние вне Москвы ", "для рассылки", RULES, now=T1)
    reopened = Workspace(workspace.path)
    try:
        found = saved.find(reopened, "недавние вне москвы", "ru")
    finally:
        reopened.close()
    assert found == made
    assert (found.name, found.owner, found.rules, found.created_at) == (
        "Недавние вне Москвы", "anna", RULES, "2026-03-01T10:00:00+00:00")


def test_a_saved_segment_keeps_its_or_groups(workspace):
    rules = Rules((Condition("consent_email", "eq", True),),
                  (R.Group("any", (Condition("base_type", "eq", "vip"), Condition("revenue_365", "gte", 50000.0))),))
    made = saved.save(workspace, ANNA, "VIP или крупные", "", rules, now=T1)
    reopened = Workspace(workspace.path)
    try:
        found = saved.find(reopened, "VIP или крупные", "ru")
    finally:
        reopened.close()
    assert found.rules == rules == made.rules


def test_changing_keeps_the_creation_date_and_owner(workspace):
    made = saved.save(workspace, ANNA, "Недавние", "", RULES, now=T1)
    changed = saved.save(workspace, ADMIN, "Недавние покупатели", "новое", Rules(), made.id, now=T2)
    assert (changed.owner, changed.created_at, changed.changed_at, changed.rules) == (
        "anna", "2026-03-01T10:00:00+00:00", "2026-03-02T11:00:00+00:00", Rules())
    assert [s.name for s in saved.all_segments(workspace, "ru") if not s.ready] == ["Недавние покупатели"]


def test_only_the_owner_or_an_admin_may_change_or_delete(workspace):
    made = saved.save(workspace, ANNA, "Мой", "", RULES)
    with pytest.raises(saved.SegmentError) as caught:
        saved.save(workspace, BORIS, "Мой", "", Rules(), made.id)
    assert caught.value.key == "not_owner" and "anna" in caught.value.message("en")
    with pytest.raises(saved.SegmentError):
        saved.delete(workspace, BORIS, made.id)
    saved.delete(workspace, ADMIN, made.id)
    assert [s for s in saved.all_segments(workspace, "ru") if not s.ready] == []


@pytest.mark.parametrize(("name", "key"), [("", "name"), ("   ", "name"), ("x" * 121, "name"),
                                            ("Ни разу не покупали", "name_taken"), ("never bought", "name_taken")])
def test_bad_or_taken_names_are_refused_and_nothing_is_written(workspace, name, key):
    with pytest.raises(saved.SegmentError) as caught:
        saved.save(workspace, ANNA, name, "", RULES)
    assert caught.value.key == key
    assert [s for s in saved.all_segments(workspace, "ru") if not s.ready] == []


def test_ready_made_segments_are_listed_and_editable_like_any_other(workspace):
    listed = saved.all_segments(workspace, "en")
    assert [s.id for s in listed] == list(ready.READY)
    assert listed[1].name == "Never bought" and listed[1].rules == ready.READY["never_bought"]
    edited = Rules((Condition("orders", "eq", 0.0), Condition("consent_email", "eq", True)))
    saved.save(workspace, BORIS, "Не покупали, есть согласие", "", edited, "never_bought")
    changed = saved.find(workspace, "never_bought", "ru")
    assert (changed.name, changed.rules, changed.ready) == ("Не покупали, есть согласие", edited, True)
    assert [s.id for s in saved.all_segments(workspace, "ru")] == list(ready.READY)
    saved.delete(workspace, ANNA, "never_bought")
    assert saved.find(workspace, "Never bought", "ru").rules == ready.READY["never_bought"]


def test_an_unknown_segment_is_reported(workspace):
    with pytest.raises(saved.SegmentError) as caught:
        saved.find(workspace, "нет такого", "ru")
    assert caught.value.message("ru") == "Сегмент «нет такого» не найден."
