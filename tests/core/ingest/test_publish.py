"""Publishing uploads: replace, idempotent append, updates by key, nothing half-written, history, mappings."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from core import demo
from core.cli import main
from core.ingest import publish
from core.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parents[3]


def _rows(ws: Workspace, sql: str) -> list[tuple]:
    with ws.reading() as cur:
        return cur.sql(sql).fetchall()


def _csv(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_replace_loads_exactly_the_valid_rows_of_the_bitrix_export(workspace):
    report = publish.upload(workspace, FIXTURES / "bitrix24_deals_cp1251.csv", "orders", "replace")
    assert report.published and report.generation == 1
    # Loaded: 101 (12 500), 102 (3 200,50), 103 cancelled, 104 return, 112 (1 234 567,89), 113 (15 000).
    assert _rows(workspace, "select count(*), count(*) filter (where completed) from orders") == [(6, 4)]
    revenue = _rows(workspace, "select sum(amount) from completed_orders")[0][0]
    assert revenue == pytest.approx(12500 + 3200.50 + 1234567.89 + 15000)


def test_appending_the_same_file_twice_changes_nothing_the_second_time(workspace):
    first = publish.upload(workspace, FIXTURES / "orders_export.csv", "orders")
    files = workspace.manifest().files("orders")
    second = publish.upload(workspace, FIXTURES / "orders_export.csv", "orders")
    assert (first.published, first.added) == (True, 5)
    assert (second.published, second.unchanged, second.added) == (False, True, 0)
    assert workspace.manifest().generation == 1
    assert workspace.manifest().files("orders") == files
    assert _rows(workspace, "select count(*) from orders") == [(5,)]


def test_append_updates_known_order_ids_and_adds_new_ones(workspace, tmp_path):
    head = "Номер;Клиент;Дата;Сумма;Статус"
    publish.upload(workspace, _csv(tmp_path, "a.csv", [head, "1;c1;01.03.2024;100;Выполнен",
                                                       "2;c2;02.03.2024;200;Выполнен"]), "orders")
    report = publish.upload(workspace, _csv(tmp_path, "b.csv", [head, "2;c2;02.03.2024;200;Отменён",
                                                                "3;c3;03.03.2024;300;Выполнен"]), "orders")
    assert (report.added, report.replaced) == (1, 1)
    got = _rows(workspace, "select order_id, completed from orders order by order_id")
    assert got == [("1", True), ("2", False), ("3", True)]


def test_append_without_order_ids_keeps_repeated_purchases_as_a_multiset(workspace, tmp_path):
    head = "Клиент;Дата;Сумма"
    two = _csv(tmp_path, "two.csv", [head, "c1;01.03.2024;100", "c1;01.03.2024;100"])
    three = _csv(tmp_path, "three.csv", [head, "c1;01.03.2024;100", "c1;01.03.2024;100", "c1;01.03.2024;100"])
    assert publish.upload(workspace, two, "orders").added == 2
    assert publish.upload(workspace, two, "orders").unchanged
    assert publish.upload(workspace, three, "orders").added == 1
    assert _rows(workspace, "select count(*) from orders") == [(3,)]


def _counts(ws: Workspace) -> dict[str, int]:
    return {kind: _rows(ws, f"select count(*) from {kind}")[0][0]
            for kind in ("orders", "customers", "interactions", "spend")}


def test_the_first_upload_replaces_the_demo_a_fresh_workspace_was_given(workspace, tmp_path):
    demo.load_as_default(workspace, customers=200)
    assert demo.default_in_force(workspace) == 200
    assert all(count > 0 for count in _counts(workspace).values())
    head = "Номер;Клиент;Дата;Сумма"
    report = publish.upload(workspace, _csv(tmp_path, "a.csv", [head, "1;c1;01.03.2024;100", "2;c2;02.03.2024;200"]),
                            "orders")  # "add to the data": the demo is still not kept
    assert report.published and report.demo_removed and (report.added, report.replaced) == (2, 0)
    assert _counts(workspace) == {"orders": 2, "customers": 0, "interactions": 0, "spend": 0}
    assert demo.default_in_force(workspace) is None
    # From then on uploads add to the user's data as usual.
    second = publish.upload(workspace, _csv(tmp_path, "b.csv", [head, "3;c3;03.03.2024;300"]), "orders")
    assert not second.demo_removed and second.added == 1
    assert _rows(workspace, "select order_id from orders order by order_id") == [("1",), ("2",), ("3",)]


def test_demo_data_loaded_on_purpose_is_added_to_not_replaced(workspace, tmp_path):
    counts = demo.load_into(workspace, customers=200)  # `python -m core demo`: the user's choice
    report = publish.upload(workspace, _csv(tmp_path, "a.csv", ["Номер;Клиент;Дата;Сумма", "x1;c1;01.03.2024;100"]),
                            "orders")
    assert not report.demo_removed and report.added == 1
    assert _counts(workspace)["orders"] == counts["orders"] + 1
    assert _counts(workspace)["customers"] == counts["customers"]


def test_a_failed_first_upload_keeps_the_demo(workspace, tmp_path):
    demo.load_as_default(workspace, customers=200)
    before = _counts(workspace)
    report = publish.upload(workspace, _csv(tmp_path, "bad.csv", ["Номер;Клиент;Дата;Сумма", "1;c1;01.03.2024;сто"]), "orders")
    assert report.error == "nothing_loaded" and not report.demo_removed
    assert _counts(workspace) == before
    assert demo.default_in_force(workspace) == 200


def test_replace_makes_the_dataset_exactly_the_file(workspace, tmp_path):
    publish.upload(workspace, FIXTURES / "orders_export.csv", "orders")
    publish.upload(workspace, _csv(tmp_path, "r.csv", ["id;client;date;amount", "9;z;01.01.2024;1"]), "orders",
                   "replace", mapping_overrides={"customer_id": "client"})
    assert _rows(workspace, "select order_id, customer_id from orders") == [("9", "z")]


def test_a_file_with_no_loadable_row_changes_nothing(workspace, tmp_path):
    publish.upload(workspace, FIXTURES / "orders_export.csv", "orders")
    before = workspace.manifest()
    bad = _csv(tmp_path, "bad.csv", ["Номер;Клиент;Дата;Сумма", "1;;01.03.2024;100", "2;c;31.02.2024;100"])
    report = publish.upload(workspace, bad, "orders", "replace")
    assert (report.loaded, report.error, report.published) == (0, "nothing_loaded", False)
    assert workspace.manifest() == before
    assert _left_over(workspace) == []


def _left_over(ws: Workspace) -> list[str]:
    """Files of the workspace's datasets and staging areas that the data in force does not use."""
    used = ws.manifest().kept_files()
    files = [*(ws.path / "datasets").rglob("*"), *(ws.path / "staging").rglob("*")]
    return sorted(str(p.relative_to(ws.path)) for p in files if p.is_file()
                  and str(p.relative_to(ws.path)) not in used)


def test_history_and_remembered_mapping(workspace, tmp_path):
    path = _csv(tmp_path, "odd.csv", ["Покупатель ID;Когда;Деньги", "c1;01.03.2024;100"])
    report = publish.upload(workspace, path, "orders", user="anna",
                            mapping_overrides={"customer_id": "Покупатель ID", "order_date": "Когда",
                                               "amount": "Деньги"})
    assert report.loaded == 1
    record = publish.history(workspace)[0]
    assert (record["user"], record["file"], record["loaded"], record["rejected"]) == ("anna", "odd.csv", 1, 0)
    assert publish.remembered_mapping(workspace, "orders", ["Покупатель ID", "Когда", "Деньги"]) == {
        "customer_id": "Покупатель ID", "order_date": "Когда", "amount": "Деньги"}
    again = _csv(tmp_path, "odd2.csv", ["Покупатель ID;Когда;Деньги", "c2;02.03.2024;50"])
    assert publish.upload(workspace, again, "orders").added == 1  # mapped by memory, no overrides


def test_an_upload_reports_its_steps_in_order_as_it_goes(workspace):
    from core.ingest import pipeline

    seen: list[tuple[float, str]] = []
    publish.upload(workspace, FIXTURES / "bitrix24_deals_cp1251.csv", "orders",
                   progress=lambda fraction, stage, **_details: seen.append((fraction, stage)))
    steps = [pipeline.STEP_OF.get(stage, stage) for _, stage in seen]
    # Each step once, in the order the user is told, after decoding the windows-1251 file: no step comes back.
    assert [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]] == [
        "read", "check", "write", "publish", "done"]
    run = [f for f, _ in seen[[stage for _, stage in seen].index("read"):]]  # decoding is the inspection's own bar
    assert run == sorted(run) and seen[-1] == (1.0, "done")


def test_rejected_rows_download_opens_in_russian_excel(workspace):
    report = publish.upload(workspace, FIXTURES / "bitrix24_deals_cp1251.csv", "orders")
    data = publish.rejected_csv_bytes(publish.rejected_file(workspace, report.upload_id), "ru")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Строка", "Причина", "ID"]
    assert len(lines) == 1 + 8
    # Deal 105 stands on the file's sixth line (the header is line 1), as Excel numbers it.
    assert "6;Сумма — не число;105" in lines[1]


@pytest.mark.parametrize("argv_tail, code", [
    (["--kind", "orders", "--json"], 0),
    (["--kind", "orders", "--map", "amount"], 2),
    (["--kind", "nonsense"], 2),
])
def test_cli_exit_codes(workspace, capsys, argv_tail, code):
    argv = ["--workspace", str(workspace.path), "ingest", str(FIXTURES / "bitrix24_deals_cp1251.csv"), *argv_tail]
    assert main(argv) == code
    if code == 0:
        report = json.loads(capsys.readouterr().out)
        assert {k: report[k] for k in ("rows_read", "loaded", "rejected", "duplicates")} == {
            "rows_read": 14, "loaded": 6, "rejected": 7, "duplicates": 1}
        assert report["rejected_by_reason"] == {"customer_missing": 1, "date_missing": 1, "date_invalid": 1,
                                                "amount_missing": 1, "amount_invalid": 1, "amount_negative": 1,
                                                "date_out_of_range": 1}


def test_cli_exits_1_when_nothing_loads_and_says_why_in_english(workspace, tmp_path, capsys):
    bad = _csv(tmp_path, "bad.csv", ["Номер;Клиент;Дата;Сумма", "1;;01.03.2024;100"])
    code = main(["--workspace", str(workspace.path), "--lang", "en", "ingest", str(bad), "--kind", "orders"])
    assert code == 1
    assert "No row passed the checks" in capsys.readouterr().err


def test_cli_ambiguous_dates_exit_1_until_the_order_is_given(workspace, capsys):
    argv = ["--workspace", str(workspace.path), "ingest", str(FIXTURES / "ambiguous_dates.csv"), "--kind", "orders"]
    assert main(argv) == 1
    assert "--date-order" in capsys.readouterr().err
    assert main([*argv, "--date-order", "dmy"]) == 0


@pytest.mark.slow
def test_killing_an_upload_mid_write_leaves_the_old_data(workspace, tmp_path):
    publish.upload(workspace, FIXTURES / "orders_export.csv", "orders", "replace")
    before = workspace.manifest()
    big = tmp_path / "big.csv"
    i = pl.int_range(0, 600_000, eager=True)
    pl.DataFrame({
        "Номер": i.cast(pl.String),
        "Клиент": "c" + (i % 5000).cast(pl.String),
        "Дата": (1 + i % 28).cast(pl.String).str.zfill(2) + "." + (1 + i % 12).cast(pl.String).str.zfill(2) + ".2024",
        "Сумма": (i % 9000).cast(pl.String) + ",50",
    }).write_csv(big, separator=";")
    staging = workspace.path / "staging"
    proc = subprocess.Popen([sys.executable, "-m", "core", "--workspace", str(workspace.path), "ingest", str(big),
                             "--kind", "orders", "--mode", "replace"], cwd=ROOT, env={**os.environ},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(p.stat().st_size > 0 for p in staging.glob("*/*orders.parquet")):
        assert proc.poll() is None, "the upload finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _left_over(workspace) != []  # the killed upload's staged rows
    fresh = Workspace(workspace.path)  # a restart sweeps them away
    try:
        assert fresh.manifest() == before
        assert _rows(fresh, "select count(*) from orders") == [(5,)]
        assert _left_over(fresh) == []
    finally:
        fresh.close()
    # The workspace still works: the same upload now goes through.
    assert publish.upload(workspace, FIXTURES / "bitrix24_deals_cp1251.csv", "orders", "replace").loaded == 6


def test_derived_tables_are_rebuilt_on_the_uploaded_data(workspace):
    publish.upload(workspace, FIXTURES / "orders_export.csv", "orders")
    # Completed orders: #1001 anna 1250, #1003 clara 99.90, #1004 by phone 2400 (#1002 refunded, #1005 voided).
    rows = _rows(workspace, "select customer_id, revenue from customer_model where orders > 0 order by customer_id")
    assert rows == [("+79123456789", 2400.0), ("anna@example.ru", 1250.0), ("clara@example.ru", 99.9)]


def test_an_upload_reports_each_step_of_the_build_in_order(workspace):
    from core import build

    seen = []
    report = publish.upload(workspace, FIXTURES / "bitrix24_deals_cp1251.csv", "orders", "replace",
                            progress=lambda fraction, stage, **details: seen.append((fraction, stage, details)))
    assert report.published
    steps = [(f, d) for f, stage, d in seen if stage == "build"]
    n = len(build.ORDER)
    assert [d for _, d in steps] == [{"step": i + 1, "steps": n, "name": s.name} for i, s in enumerate(build.ORDER)]
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and 0.95 <= fractions[0] and fractions[-1] < 0.99
    after = [stage for _, stage, _ in seen[seen.index((steps[-1][0], "build", steps[-1][1])) + 1:]]
    assert after[0] == "publish" and after[-1] == "done"
