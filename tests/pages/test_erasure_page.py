"""Erasing a customer on the administration page through AppTest, for a person whose duplicates were merged."""
from __future__ import annotations

from core import erasure, merges
from core.access import Viewer
from tests.core.test_erasure import _data, _rows
from tests.pages.apptest import run_app, shown

ADMIN = Viewer("admin", "admin")


def test_the_page_says_a_merged_person_is_erased_under_every_id(workspace, monkeypatch):
    _data(workspace)  # a: two orders, a complaint; b: one order; b merged into a
    merges.merge(workspace, ADMIN, ["b"], "a")
    app = run_app(workspace.path, monkeypatch, page="pages/admin_users.py")
    app.text_input(key="erase_customer").set_value("b").run()
    assert not app.exception
    assert any("объединён с дублями (a, b)" in shown(i.value) for i in app.info)
    assert any("клиенты: 2, обращения: 1, заказы: 3" in m.value for m in app.markdown)
    app.checkbox(key="erase_sure").check().run()
    next(b for b in app.button if b.label == "Удалить персональные данные").click().run()
    assert not app.exception
    assert not {"a", "b"} & set(_rows(workspace, "orders")["customer_id"])
    assert erasure.person_ids(workspace, "b") == ["b"]  # the merge is forgotten
