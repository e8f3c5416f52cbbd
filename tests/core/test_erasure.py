"""Erasing a customer: every dataset anonymised in a new generation, totals unchanged, audited, kept out of uploads."""
from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from core import audit, erasure, merges, sql
from core.ingest import publish
from core.access import Viewer
from tests.conftest import context, publish_frames

DAY = dt.date(2026, 5, 31)
ADMIN = Viewer("boss", "admin")


def _data(workspace):
    publish_frames(workspace, {
        "customers": [
            {"customer_id": "a", "name": "Иванов Иван", "email": "ivan@mail.ru", "phone": "+79161234567",
             "birth_date": dt.date(1980, 1, 1), "city": "Казань", "consent_email": True, "source": "Рекомендация"},
            {"customer_id": "b", "name": "Петров Пётр", "email": "petr@mail.ru"},
        ],
        "orders": [
            {"order_id": "1", "customer_id": "a", "order_date": DAY, "amount": 1000.0},
            {"order_id": "2", "customer_id": "a", "order_date": DAY, "amount": 500.0},
            {"order_id": "3", "customer_id": "b", "order_date": DAY, "amount": 70.0},
        ],
        "interactions": [{"customer_id": "a", "date": DAY, "type": "complaint", "score": 3, "text": "Иван, тел. 8916"}],
    })


def _rows(workspace, kind):
    return pl.concat([pl.read_parquet(workspace.path / rel) for rel in workspace.manifest().files(kind)])


def test_erasure_anonymises_every_dataset_and_keeps_totals(workspace):
    _data(workspace)
    ctx = context(DAY)
    before = sql.run(workspace, "overview__kpis", ctx.replace(generation=workspace.generation()))
    assert erasure.preview(workspace, "a") == {"customers": 1, "interactions": 1, "orders": 2, "communications": 0}
    done = erasure.erase(workspace, ADMIN, "a")
    assert done.rows == {"customers": 1, "interactions": 1, "orders": 2, "communications": 0}
    assert done.generation == workspace.generation() == 2
    after = sql.run(workspace, "overview__kpis", ctx.replace(generation=done.generation))
    assert after.to_dicts() == before.to_dicts() == [
        {"customers": 2, "buyers": 2, "orders": 3, "revenue": 1570.0, "aov": 1570.0 / 3}]
    customers, orders, notes = (_rows(workspace, k) for k in ("customers", "orders", "interactions"))
    for frame in (customers, orders, notes):
        assert "a" not in frame["customer_id"].to_list()
    pseudonym = notes["customer_id"][0]
    assert pseudonym.startswith("erased-")
    assert set(orders.filter(pl.col("order_id").is_in(["1", "2"]))["customer_id"]) == {pseudonym}
    erased = customers.filter(pl.col("customer_id") == pseudonym).row(0, named=True)
    assert [erased[c] for c in ("name", "email", "phone", "birth_date", "city")] == [None] * 5
    assert erased["consent_email"] is False and erased["source"] == "Рекомендация"
    assert notes["text"].to_list() == [None] and notes["score"].to_list() == [3]
    assert customers.filter(pl.col("customer_id") == "b")["email"].to_list() == ["petr@mail.ru"]
    entry = audit.read(workspace).row(0, named=True)
    assert (entry["action"], entry["username"], entry["what"], entry["rows"]) == ("erase", "boss", "customer a", 4)


def test_an_erased_customer_is_kept_out_of_later_uploads(workspace):
    _data(workspace)
    erasure.erase(workspace, ADMIN, "a")
    incoming = pl.DataFrame({"customer_id": ["a", "b", "c"]})
    assert erasure.drop_erased(workspace, incoming)["customer_id"].to_list() == ["b", "c"]


def test_a_new_export_does_not_bring_an_erased_customer_back(workspace, tmp_path):
    _data(workspace)
    erasure.erase(workspace, ADMIN, "a")
    export = tmp_path / "orders.csv"  # the CRM still has the person: two of a's orders, one of b's
    export.write_text("Номер;Клиент;Дата;Сумма\n10;a;01.06.2026;300\n11;b;01.06.2026;40\n12;a;02.06.2026;5\n",
                      encoding="utf-8")
    report = publish.upload(workspace, export, "orders", "append")
    assert (report.rows_read, report.erased, report.loaded, report.published) == (3, 2, 1, True)
    orders = _rows(workspace, "orders")
    assert "a" not in orders["customer_id"].to_list()
    assert orders.filter(pl.col("order_id") == "11")["amount"].to_list() == [40.0]


def test_an_export_of_only_erased_customers_changes_nothing(workspace, tmp_path):
    _data(workspace)
    erasure.erase(workspace, ADMIN, "a")
    generation = workspace.generation()
    export = tmp_path / "customers.csv"
    export.write_text("id,ФИО,Email\na,Иванов Иван,ivan@mail.ru\n", encoding="utf-8")
    report = publish.upload(workspace, export, "customers", "replace")
    assert (report.erased, report.loaded, report.error) == (1, 0, "nothing_loaded")
    assert workspace.generation() == generation
    assert "ivan@mail.ru" not in _rows(workspace, "customers")["email"].to_list()


@pytest.mark.parametrize("customer_id,actor,key", [
    ("zzz", ADMIN, "erase.error.not_found"), ("  ", ADMIN, "erase.error.empty"),
    ("a", Viewer("x", "analyst"), "erase.error.not_allowed"),
])
def test_refusals_change_nothing(workspace, customer_id, actor, key):
    _data(workspace)
    with pytest.raises(erasure.ErasureError) as error:
        erasure.erase(workspace, actor, customer_id)
    assert error.value.key == key
    assert workspace.generation() == 1


@pytest.mark.parametrize("named", ["a", "b"])
def test_a_merged_person_is_erased_under_every_id(workspace, named):
    # b (Петров, one order of 70) was found to be the same person as a and merged into a: erasing the person,
    # by either id, anonymises both ids' rows under one pseudonym and forgets the merge.
    _data(workspace)
    merges.merge(workspace, ADMIN, ["b"], "a", reason="тот же телефон, Петров = Иванов")
    assert erasure.preview(workspace, named) == {"customers": 2, "interactions": 1, "orders": 3, "communications": 0}
    done = erasure.erase(workspace, ADMIN, named)
    assert done.rows == {"customers": 2, "interactions": 1, "orders": 3, "communications": 0}
    customers, orders = _rows(workspace, "customers"), _rows(workspace, "orders")
    assert not {"a", "b"} & (set(customers["customer_id"]) | set(orders["customer_id"]))
    assert len(set(orders["customer_id"])) == 1 and orders["amount"].sum() == 1570.0
    assert customers["email"].to_list() == [None, None] and customers["name"].to_list() == [None, None]
    assert dict(workspace.manifest().merges) == {}
    log = (workspace.meta_dir / merges.MERGE_LOG).read_text(encoding="utf-8")
    assert '"a"' not in log and '"b"' not in log and "Петров" not in log
    assert erasure.drop_erased(workspace, pl.DataFrame({"customer_id": ["a", "b", "c"]}))["customer_id"].to_list() == ["c"]


def _strings_in_parquet(root) -> set[str]:
    """Every text value of every Parquet file under `root` (datasets, stored uploads, staging)."""
    values: set[str] = set()
    for path in root.rglob("*.parquet"):
        frame = pl.read_parquet(path)
        for name, dtype in frame.schema.items():
            if dtype == pl.String:
                values |= {v.strip() for v in frame[name].drop_nulls().to_list()}
    return values


def test_erasure_reaches_rejected_rows_of_earlier_uploads_and_older_generations(workspace, tmp_path):
    _data(workspace)
    export = tmp_path / "orders.csv"  # rows rejected for their amount, or for naming no customer
    export.write_text(
        "Номер;Клиент;Дата;Сумма;Комментарий\n"
        "10;a;01.03.2026;сто;\n"                        # a's id
        "11;b;01.03.2026;сто;\n"                        # b's: stays
        "12;;01.03.2026;100;ivan@mail.ru\n"              # a's e-mail in another column
        "13; 8 (916) 123-45-67 ;01.03.2026;-5;\n"      # a's phone as the customer, written otherwise
        "14;c;01.03.2026;100;\n",                       # loaded
        encoding="utf-8")
    report = publish.upload(workspace, export, "orders", "append")
    assert (report.loaded, report.rejected) == (1, 4)
    sql.run(workspace, "overview__kpis", sql.default_context(workspace))  # derived tables built
    stored = publish.rejected_file(workspace, report.upload_id)
    assert {"a", "ivan@mail.ru", "8 (916) 123-45-67"} <= _strings_in_parquet(stored.parent)
    done = erasure.erase(workspace, ADMIN, "a")
    assert done.rejected_rows == 3
    assert pl.read_parquet(stored)["Номер"].to_list() == ["11"]
    everything = _strings_in_parquet(workspace.path)
    # Nothing of a's left in any file: datasets of every generation kept, stored uploads, staging areas.
    assert not {"a", "Иванов Иван", "ivan@mail.ru", "+79161234567", "8 (916) 123-45-67", "Иван, тел. 8916"} & everything
    assert "petr@mail.ru" in everything and "11" in everything
    # Nor in any other file, byte for byte: logs, JSON, the DuckDB file with its derived tables.
    workspace.con.execute("checkpoint")
    for path in (p for p in workspace.path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for value in ("ivan@mail.ru", "Иванов Иван", "+79161234567", "8 (916) 123-45-67"):
            assert value.encode() not in data, (value, path)
    with workspace.reading() as cur:  # the older generations' tables in DuckDB went too
        schemas = cur.sql("select schema_name from information_schema.schemata where schema_name like 'g%'").fetchall()
    assert [generation for (name,) in schemas if (generation := int(name[1:].split("_")[0]))] == [done.generation]


def test_rejected_rows_of_an_erased_customer_are_not_kept_by_later_uploads(workspace, tmp_path):
    _data(workspace)
    erasure.erase(workspace, ADMIN, "a")
    export = tmp_path / "orders.csv"
    export.write_text("Номер;Клиент;Дата;Сумма\n20; a ;01.03.2026;сто\n21;b;01.03.2026;сто\n22;b;01.03.2026;10\n",
                      encoding="utf-8")
    report = publish.upload(workspace, export, "orders", "append")
    assert (report.loaded, report.rejected) == (1, 2)
    assert pl.read_parquet(publish.rejected_file(workspace, report.upload_id))["Номер"].to_list() == ["21"]
