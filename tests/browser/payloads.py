"""A workspace whose every text field holds Markdown and HTML payloads, uploaded through core ingest.

Each payload names the host `kb-payload.invalid` or the marker `kbinjected`: a page that renders any of
them as Markdown or HTML makes an image, a link or an element the test can find, or a request to that
host the browser reports.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from core import demo, users
from core.access import Viewer
from core.ingest import publish
from core.workspace import Workspace

HOST = "kb-payload.invalid"
MARKER = "kbinjected"
PAYLOADS = (
    f"![x](http://{HOST}/md.png)",
    f"[ссылка](http://{HOST}/md-link)",
    f'<img src="http://{HOST}/html.png">',
    f'<a href="http://{HOST}/html-link">a</a> <b class="{MARKER}">b</b>',
    f"http://{HOST}/autolink www.{HOST}",
    f"**{MARKER}** :red[{MARKER}] $x^2$ # {MARKER}",
)
CUSTOMER_IDS = tuple(f"p{i}" for i in range(len(PAYLOADS)))


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def build(path: Path, password: str) -> Path:
    """A small demo workspace plus customers, orders, interactions and spend carrying the payloads."""
    ws = Workspace(path)
    demo.load_into(ws, customers=300)
    users.add(ws, Viewer.system(), "admin", "admin", password=password)
    day = dt.date(2026, 10, 1)
    files = path / "payload_files"
    files.mkdir()
    customers = _write(files / "customers.csv",
                       ["customer_id", "name", "email", "phone", "gender", "city", "region", "source", "registered_at",
                        "consent_email", "consent_sms", "manager", "interests", "profession", "marital_status"],
                       [[cid, p, p, p, p, p, p, p, "01.01.2025", "да", "да", p, p, p, p]
                        for cid, p in zip(CUSTOMER_IDS, PAYLOADS)])
    orders = _write(files / "orders.csv",
                    ["order_id", "customer_id", "order_date", "amount", "status", "channel", "category", "manager"],
                    [[f"po{i}-{k}", cid, (day - dt.timedelta(days=40 * k)).strftime("%d.%m.%Y"), 900_000, p, p, p, p]
                     for i, (cid, p) in enumerate(zip(CUSTOMER_IDS, PAYLOADS)) for k in range(3)])
    interactions = _write(files / "interactions.csv", ["customer_id", "date", "type", "score", "text", "manager"],
                          [[cid, day.strftime("%d.%m.%Y"), "review", 9, p, p] for cid, p in zip(CUSTOMER_IDS, PAYLOADS)])
    spend = _write(files / "spend.csv", ["date", "channel", "amount"],
                   [[(day - dt.timedelta(days=30 * k)).strftime("%d.%m.%Y"), p, 50_000] for p in PAYLOADS
                    for k in range(3)])
    for kind, file in (("customers", customers), ("orders", orders), ("interactions", interactions), ("spend", spend)):
        report = publish.upload(ws, file, kind, "append", user="admin", file_name=f"{PAYLOADS[0]}.csv")
        assert report.loaded, (kind, report)
    ws.close()
    return path
