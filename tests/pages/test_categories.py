"""The page «Что покупают» through AppTest: categories computed by hand, cross-sell pairs, the line check."""
from __future__ import annotations

from tests.core.test_categories import END, START, lines_ws  # noqa: F401
import pytest

from tests.pages.apptest import column_formats, run_app

MARCH = {"as_of": END.isoformat(), "start": START.isoformat(), "end": END.isoformat()}


def test_categories_page(lines_ws, monkeypatch):  # noqa: F811
    app = run_app(lines_ws.path, monkeypatch, page="pages/categories.py", query=MARCH)
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    assert list(table["Категория"]) == ["Обувь", "Одежда", "Дом"]
    # Values stay numbers (a percentage as its fraction) and the grid is told to show them as per cent.
    assert list(table["Повторные покупатели"]) == [0.5, 0.0, 0.0]
    assert list(table["Валовая маржа"])[0] == pytest.approx(140 / 340, abs=5e-4)
    formats = column_formats(app.dataframe[0])
    assert formats["Повторные покупатели"] == ("Повторные покупатели", "percent")
    assert formats["Выручка"] == ("Выручка, ₽", "localized")
    assert any("Нет пар категорий" in i.value for i in app.info)  # two shared buyers, the minimum is 5
    app.number_input(key="categories_min").set_value(2).run()
    pairs = app.dataframe[1].value
    assert list(pairs["Пара"]) == ["Обувь + Одежда"] and list(pairs["Lift"]) == [1.5]
    text = "\n".join(m.value for m in app.markdown)
    assert "Строк неизвестных заказов: 2 (номеров заказов: 1, например zz)" in text
    assert any("Заказ b1: сумма 250,00" in c.value for c in app.caption)


def test_without_order_lines_the_page_says_how_to_add_them(workspace, monkeypatch):
    from tests.conftest import publish_frames

    publish_frames(workspace, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": END, "amount": 1.0}]})
    app = run_app(workspace.path, monkeypatch, page="pages/categories.py", query=MARCH)
    assert not app.exception
    assert any("нет состава заказов" in i.value for i in app.info)
