"""The Campaigns page through AppTest: results of the demo's campaigns against control, the weaker comparisons,
a campaign made from a segment and its two lists."""
from __future__ import annotations

from core import campaigns
from tests.pages.apptest import run_app, texts

PAGE = "pages/campaigns.py"


def test_page_shows_each_demo_campaign_with_its_interval(demo_workspace, monkeypatch):
    app = run_app(demo_workspace.path, monkeypatch, page=PAGE)
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["Кампания"]) == {"Реактивация: скидка 15%", "Новинки осени", "День рождения: подарок",
                                      "Ранний доступ к распродаже"}
    assert len(app.get("plotly_chart")) == 1
    assert "слабое свидетельство" in texts(app)
    assert "Летняя рассылка без контроля" in set(app.dataframe[1].value["Кампания"])


def test_a_campaign_made_on_the_page_is_stored_with_both_lists(demo_workspace, monkeypatch):
    app = run_app(demo_workspace.path, monkeypatch, page=PAGE)
    app.session_state["camp_tab"] = "Новая кампания"
    app.run()
    assert "Повторная продажа" in texts(app)  # the first ready-made segment's recommended action
    app.text_input(key="camp_name").input("Проверка")
    app.get("button")[0].click().run()
    assert not app.exception
    (made,) = campaigns.all_campaigns(demo_workspace)
    assert made.name == "Проверка" and made.control > 0 and made.author == "admin"
    assert app.success[0].value.startswith("Кампания «Проверка» создана")
    app.session_state["camp_tab"] = "Созданные кампании"
    app.run()
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert labels == [f"Скачать: получатели ({made.recipients:,})".replace(",", "\u00a0"),
                      f"Скачать: контроль ({made.control:,})".replace(",", "\u00a0")]


def test_the_customer_card_shows_the_communications_history(demo_workspace, monkeypatch):
    with demo_workspace.reading() as cur:
        (customer, campaigns_sent), = cur.sql(
            "select customer_id, count(*) from contact_events group by all order by 2 desc, 1 limit 1").fetchall()
    app = run_app(demo_workspace.path, monkeypatch, page="pages/customer_card.py", query={"customer": customer})
    assert not app.exception
    assert "История рассылок" in texts(app)
    history = app.dataframe[-1].value
    assert len(history) == campaigns_sent and "Кампания" in history.columns


def test_a_dashamail_report_uploads_on_the_upload_page_with_no_manual_mapping(workspace, monkeypatch):
    from pathlib import Path

    from tests.conftest import publish_frames

    publish_frames(workspace, {"customers": [{"customer_id": "C-1", "email": "ivanov@mail.ru"}]})
    name = "dashamail_report_cp1251.csv"
    data = (Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / name).read_bytes()
    app = run_app(workspace.path, monkeypatch, page="pages/upload.py")
    app.selectbox(key="upload_kind").set_value("communications").run()
    app.file_uploader(key="upload_file").set_value((name, data, "text/csv")).run()
    assert not app.exception
    mapped = {w.key: w.value for w in app.selectbox if w.key and w.key.startswith("map_communications_")}
    assert any(k.startswith("map_communications_delivery_") and v == "Статус" for k, v in mapped.items())
    next(b for b in app.button if b.label == "Загрузить").click().run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Загружено"], metrics["Отклонено"]) == ("4", "1")
    with workspace.reading() as cur:
        assert cur.sql("select count(*) from contact_events where customer_id = 'C-1'").fetchall() == [(1,)]
