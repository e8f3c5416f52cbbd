"""The upload page through AppTest: upload a real export, confirm the mapping, read the report and history."""
from __future__ import annotations

from pathlib import Path

from core import demo
from core.access import Viewer
from core.ingest import publish
from core.workspace import Workspace
from tests.conftest import publish_frames
from tests.pages.apptest import run_app, shown, texts
from ui import nav

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PAGE = "pages/upload.py"


def _seed(workspace) -> None:
    publish_frames(workspace, {"customers": [{"customer_id": "x"}]})


def _upload(app, name: str, mime: str = "text/csv"):
    app.file_uploader(key="upload_file").set_value((name, (FIXTURES / name).read_bytes(), mime))
    return app.run()


def _button(app, label: str):
    return next(b for b in app.button if b.label == label)


def test_bitrix_export_is_uploaded_and_the_report_shown(workspace, monkeypatch):
    _seed(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    assert not app.exception
    app = _upload(app, "bitrix24_deals_cp1251.csv")
    assert not app.exception
    assert "Windows-1251" in texts(app)
    assert app.selectbox(key=next(k for k in _keys(app) if k.startswith("map_orders_amount_"))).value == "Сумма"
    app = _button(app, "Загрузить").click().run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Прочитано строк"] == "14"
    assert metrics["Загружено"] == "6"
    assert metrics["Отклонено"] == "7"
    assert metrics["Повторы"] == "1"
    assert any("Данные обновлены" in s.value for s in app.success)
    reasons = app.dataframe[-2].value
    assert len(reasons) == 8  # seven rejection reasons and the duplicate
    history = app.dataframe[-1].value
    assert list(history["Файл"]) == ["bitrix24_deals_cp1251.csv"]
    ws = Workspace(workspace.path)
    with ws.reading() as cur:
        assert cur.sql("select count(*) from orders").fetchall() == [(6,)]
    ws.close()


def _keys(app) -> list[str]:
    return [w.key for w in app.selectbox if w.key]


def test_ambiguous_dates_need_a_choice_before_upload(workspace, monkeypatch):
    _seed(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app = _upload(app, "ambiguous_dates.csv")
    assert not app.exception
    assert _button(app, "Загрузить").disabled
    order = next(r for r in app.radio if r.label == "Порядок дня и месяца в датах")
    app = order.set_value("mdy").run()
    assert not _button(app, "Загрузить").disabled
    app = _button(app, "Загрузить").click().run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Загружено"] == "4"
    ws = Workspace(workspace.path)
    with ws.reading() as cur:
        first = cur.sql("select min(order_date) from orders").fetchall()[0][0]
    ws.close()
    assert first.isoformat() == "2024-01-02"


def test_unreadable_file_gets_a_message_instead_of_a_traceback(workspace, monkeypatch):
    _seed(workspace)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.file_uploader(key="upload_file").set_value(("old.xls", b"\xd0\xcf\x11\xe0 binary", "application/vnd.ms-excel"))
    app = app.run()
    assert not app.exception
    assert any("старом формате Excel" in e.value for e in app.error)


def test_only_roles_with_the_upload_permission_see_the_page():
    allowed = {p.path for p in nav.pages_for(Viewer("a", "analyst"))}
    denied = {p.path for p in nav.pages_for(Viewer("m", "marketer"))}
    assert PAGE in allowed and PAGE not in denied


def test_history_lists_earlier_uploads(workspace, monkeypatch):
    _seed(workspace)
    publish.upload(workspace, FIXTURES / "orders_export.csv", "orders", user="anna")
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    history = app.dataframe[-1].value
    assert list(history["Кто"]) == ["anna"]
    assert list(history["Загружено"]) == [5]  # a number the grid formats and sorts as a number


def test_the_stand_in_demo_is_announced_and_replaced_by_the_first_upload(workspace, monkeypatch):
    demo.load_as_default(workspace, customers=200)
    app = run_app(workspace.path, monkeypatch)
    assert any("первая загрузка заменит демонстрационные данные" in i.value for i in app.info)  # every page
    app.switch_page(PAGE)
    app.run()
    infos = [i.value for i in app.info]
    assert any("Первая загрузка заменит их целиком" in i for i in infos)
    assert not any("Рабочая область была пустой" in i for i in infos)  # one notice, the upload page's own
    app = _upload(app, "orders_export.csv")
    app = _button(app, "Загрузить").click().run()
    assert not app.exception
    assert any("Демонстрационные данные удалены" in i.value for i in app.info)
    assert not any("Первая загрузка" in i.value for i in app.info)
    ws = Workspace(workspace.path)
    with ws.reading() as cur:
        # The export's five orders (see test_publish) and nothing of the demo.
        assert cur.sql("select (select count(*) from orders), (select count(*) from customers), "
                       "(select count(*) from interactions), (select count(*) from spend)").fetchall() == [(5, 0, 0, 0)]
    ws.close()


def test_tables_show_a_missing_value_as_a_dash(workspace, monkeypatch):
    _seed(workspace)
    app = _upload(run_app(workspace.path, monkeypatch, page=PAGE), "orders_export.csv")  # e-mail empty in row 5
    previews = app.dataframe
    assert previews and previews[0].value.isna().any().any()  # the export has empty cells
    assert {frame.proto.placeholder for frame in previews} == {"—"}  # drawn as «—», not «None»


def _raw_copies(workspace, name: str) -> list:
    return sorted((workspace.path / "staging").glob(f"*/{name}"))


def test_the_raw_upload_is_kept_in_the_workspace_only_while_the_session_needs_it(workspace, monkeypatch):
    import gc

    _seed(workspace)
    app = _upload(run_app(workspace.path, monkeypatch, page=PAGE), "bitrix24_deals_cp1251.csv")
    assert not app.exception
    first = _raw_copies(workspace, "bitrix24_deals_cp1251.csv")
    assert len(first) == 1  # in a staging area of the workspace (owner-only, swept after a crash), not /tmp
    assert list(first[0].parent.glob("ingest-*/*.csv"))  # the UTF-8 copy of the windows-1251 text beside it
    app = _upload(app, "orders_export.csv")  # another file: the first one's copies go
    assert not first[0].parent.exists()
    second = _raw_copies(workspace, "orders_export.csv")
    assert len(second) == 1
    app = _button(app, "Загрузить").click().run()
    assert not app.exception
    del app  # the session ends: its state is collected, and its area with it
    gc.collect()
    assert not second[0].parent.exists()
    seeding = workspace._area.path  # the test's own, where `_seed` wrote
    assert [p for p in (workspace.path / "staging").iterdir() if p.is_dir() and p != seeding] == []


def test_an_excel_bomb_gets_a_message_and_is_not_read(workspace, monkeypatch, tmp_path):
    from core.ingest import read
    from tests.core.ingest.test_limits import _bomb

    _seed(workspace)
    bomb = _bomb(tmp_path / "выгрузка.xlsx", 2 * read.XLSX_MAX_UNPACKED)
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    app.file_uploader(key="upload_file").set_value(
        ("выгрузка.xlsx", bomb.read_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    app = app.run()
    assert not app.exception
    assert [shown(e.value) for e in app.error] == [
        "Книга Excel «выгрузка.xlsx» в распакованном виде занимает 201 МБ, а читаются книги до 100 МБ "
        "(около 300 000 строк по десять столбцов): Excel читается в память целиком. Сохраните лист как CSV "
        "(«Файл → Сохранить как → CSV UTF-8») — CSV читается по частям, любого размера."]
    assert not app.dataframe  # no preview
    assert _raw_copies(workspace, "выгрузка.xlsx") == []  # and its copy is gone at once


def _progress_script() -> None:
    import streamlit as st

    from ui import upload as ui_upload

    st.session_state["lang"] = st.query_params.get("lang", "ru")
    with ui_upload.upload_steps() as report:
        report(0.96, "build", step=4, steps=6, name="customer_model")


def test_the_progress_bar_names_the_build_step_in_the_users_language():
    from streamlit.testing.v1 import AppTest

    expected = {"ru": "Новая версия данных, шаг 4 из 6: Модель клиентов (типы базы, RFM, ABC)…",
                "en": "New data version, step 4 of 6: The customer model (base types, RFM, ABC)…"}
    for lang, text in expected.items():
        app = AppTest.from_function(_progress_script)
        app.query_params["lang"] = lang
        app.run(timeout=30)
        bars = [e for e in app.get("progress")]
        assert [b.proto.text for b in bars] == [text]
        assert abs(bars[0].proto.value - 96) <= 1


def test_the_page_names_the_datasets_a_spark_build_reads_from_a_lake(workspace, monkeypatch):
    from core import audit
    from core.engines import sources

    _seed(workspace)
    sources.set_source(workspace, audit.cli_actor(), "orders", path="s3a://lake/orders/")
    app = run_app(workspace.path, monkeypatch, page=PAGE)
    assert ("«Заказы»: сборка на Spark читает набор из s3a://lake/orders/ и хранит его снимок здесь; загрузка "
            "этого набора действует до следующей сборки на Spark.") in [c.value for c in app.caption]
