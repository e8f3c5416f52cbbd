"""Communications uploads: the exports of Unisender, Sendsay, Mindbox, DashaMail and an SMS gateway map with no
manual work, load through the one publish path and match the customers by id, e-mail or phone."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.cli import main
from core.ingest import pipeline, publish
from core.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


def _rows(ws: Workspace, sql: str) -> list[tuple]:
    with ws.reading() as cur:
        return cur.sql(sql).fetchall()


@pytest.mark.parametrize(("name", "mapped"), [
    ("unisender_autumn_sale.csv", {"email": "email", "sent_at": "last_update_datetime", "delivery": "send_result"}),
    ("sendsay_issue_members.csv", {"email": "member.email", "campaign": "issue.name", "sent_at": "issue.dt",
                                   "opened": "read.dt", "clicked": "click.dt", "unsubscribed": "unsub.dt"}),
    ("mindbox_mailing_messages.csv", {
        "customer_id": "Идентификатор на сайте", "email": "Email", "phone": "Мобильный телефон",
        "campaign": "Рассылка", "channel": "Канал", "sent_at": "Дата отправки", "delivered": "Доставлено",
        "opened": "Открыто", "clicked": "Клик", "unsubscribed": "Отписка", "promo_code": "Промокод",
        "cost": "Стоимость", "control": "Контрольная группа"}),
    ("dashamail_report_cp1251.csv", {"email": "Email", "campaign": "Рассылка", "sent_at": "Дата отправки",
                                     "delivery": "Статус"}),
    ("sms_gateway_history.csv", {"phone": "Телефон", "campaign": "Текст сообщения", "sent_at": "Дата отправки",
                                 "cost": "Стоимость", "delivery": "Статус"}),
])
def test_each_service_export_maps_without_manual_work(name, mapped):
    insp = pipeline.inspect(FIXTURES / name, "communications")
    try:
        assert insp.mapping == mapped
        assert not insp.missing and not insp.ambiguous_dates
    finally:
        insp.cleanup()


@pytest.fixture
def loaded(workspace):
    publish.upload(workspace, FIXTURES / "customers.parquet", "customers", "replace")
    reports = {name: publish.upload(workspace, FIXTURES / name, "communications", "append") for name in (
        "unisender_autumn_sale.csv", "sendsay_issue_members.csv", "mindbox_mailing_messages.csv",
        "dashamail_report_cp1251.csv", "sms_gateway_history.csv")}
    return workspace, reports


def test_rows_load_and_the_report_counts_them(loaded):
    ws, reports = loaded
    counts = {name: (r.loaded, r.rejected) for name, r in reports.items()}
    # DashaMail's last row has no e-mail: rejected as customer_missing; every other row loads.
    assert counts == {"unisender_autumn_sale.csv": (5, 0), "sendsay_issue_members.csv": (3, 0),
                      "mindbox_mailing_messages.csv": (5, 0), "dashamail_report_cp1251.csv": (4, 1),
                      "sms_gateway_history.csv": (3, 0)}
    assert reports["dashamail_report_cp1251.csv"].rejected_by_reason == {"customer_missing": 1}
    assert _rows(ws, "select count(*) from communications") == [(20,)]


def test_messages_are_matched_to_customers_by_email_and_phone(loaded):
    ws, _ = loaded
    per_customer = dict(_rows(ws, "select customer_id, count(*) from contact_events group by all"))
    # C-001 ivanov@mail.ru / +79123456789: Unisender, Sendsay, Mindbox (2: e-mail and Viber), DashaMail, SMS.
    assert per_customer["C-001"] == 6
    # C-002 olga@example.ru / +79120001122: Unisender, Sendsay, Mindbox SMS, DashaMail, SMS (not delivered).
    assert per_customer["C-002"] == 5
    # C-003 has no e-mail in the customers file: only Mindbox, which names the id.
    assert per_customer["C-003"] == 1
    # Not in the customers file: kept under their own address.
    assert per_customer["kozlov@example.ru"] == 3 and per_customer["+79035554433"] == 1


def test_the_status_column_fills_the_event_flags(loaded):
    ws, _ = loaded
    rows = _rows(ws, "select customer_id, delivered, opened, clicked, unsubscribed from contact_events "
                     "where campaign = 'unisender_autumn_sale' order by customer_id")
    assert rows == [("C-001", True, True, False, False), ("C-002", True, True, True, False),
                    ("C-004", False, False, False, False), ("kozlov@example.ru", True, True, True, True),
                    ("new.subscriber@example.ru", True, False, False, False)]
    # DashaMail's COMPLAINED counts as an unsubscribe; an SMS gateway's rows are SMS at 3,45 ₽.
    assert _rows(ws, "select unsubscribed from contact_events where campaign = 'Новинки весны' "
                     "and customer_id = 'C-002'") == [(True,)]
    assert _rows(ws, "select distinct channel, cost from contact_events where phone = '+79035554433'") == [
        ("sms", 3.45)]
    assert _rows(ws, "select sent_at from contact_events where customer_id = 'C-004' and control") == [
        (dt.datetime(2024, 3, 25, 12, 0),)]


def test_the_command_line_uploads_communications(workspace, capsys):
    code = main(["--workspace", str(workspace.path), "ingest", str(FIXTURES / "sms_gateway_history.csv"),
                 "--kind", "communications", "--json"])
    assert code == 0
    assert '"loaded": 3' in capsys.readouterr().out
