"""Bad files: random bytes, truncated, wrong or mixed encodings and separators, huge fields, formulas,
path-like names; each ends in a clear message in both languages and the workspace is unchanged."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.ingest import publish
from core.ingest.errors import IngestError, message
from core.workspace import Workspace
from tests.conftest import publish_frames

GOOD_HEADER = "Номер заказа;Код клиента;Дата;Сумма"


def _baseline(ws: Workspace) -> None:
    publish_frames(ws, {"orders": [{"order_id": "1", "customer_id": "a", "order_date": dt.date(2026, 1, 5),
                                    "amount": 100.0}]})


def _attempt(ws: Workspace, path: Path, name: str | None = None) -> str:
    """Upload `path` as orders; return the user's message; assert nothing changed unless rows loaded."""
    before = (ws.manifest().generation, dict(ws.manifest().datasets))
    try:
        report = publish.upload(ws, path, "orders", "append", file_name=name or path.name)
    except IngestError as error:
        texts = [message(error, lang) for lang in ("ru", "en")]
        assert all(t.strip() and "Traceback" not in t for t in texts)
        assert (ws.manifest().generation, dict(ws.manifest().datasets)) == before
        return texts[0]
    if report.loaded == 0:
        assert report.error == "nothing_loaded"
        assert (ws.manifest().generation, dict(ws.manifest().datasets)) == before
        return "nothing_loaded"
    return f"loaded {report.loaded}"


CASES: dict[str, bytes] = {
    "empty": b"",
    "only_spaces": b"   \n\n  \n",
    "header_only": (GOOD_HEADER + "\r\n").encode("utf-8"),
    "truncated_quote": (GOOD_HEADER + '\n1;"a;05.01.2026;100\n2;b;06.01').encode("utf-8"),
    "binary_zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "mixed_encodings": (GOOD_HEADER + "\n").encode() + "1;Иван;05.01.2026;100\n".encode("cp1251")
    + "2;Пётр;06.01.2026;200\n".encode("utf-8"),
    "mixed_separators": b"id,customer;date|amount\n1,a;05.01.2026|100\n2\tb,06.01.2026;x\n",
    "no_required_columns": "Цвет;Размер\nкрасный;M\n".encode("utf-8"),
    "all_rows_bad": (GOOD_HEADER + "\n1;;31.02.2024;abc\n2;;;\n").encode("utf-8"),
    "thousands_of_columns": (";".join(f"c{i}" for i in range(3000)) + "\n" + ";".join("1" for _ in range(3000))
                             + "\n").encode(),
    "enormous_field": (GOOD_HEADER + "\n1;" + "x" * 5_000_000 + ";05.01.2026;100\n").encode(),
    "formulas_only": (GOOD_HEADER + '\n=1+1;=HYPERLINK("x");=NOW();=SUM(A1:A9)\n').encode(),
    "utf16_without_bom": GOOD_HEADER.encode("utf-16-le") + b"\n\x00",
    "nul_bytes": b"\x00" * 1000,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_named_bad_file_gets_a_message_and_changes_nothing(workspace, tmp_path, name):
    _baseline(workspace)
    path = tmp_path / f"{name}.csv"
    path.write_bytes(CASES[name])
    outcome = _attempt(workspace, path)
    assert not outcome.startswith("loaded"), outcome


def test_one_good_row_among_bad_ones_loads_only_it(workspace, tmp_path):
    _baseline(workspace)
    path = tmp_path / "mostly_bad.csv"
    path.write_text(GOOD_HEADER + "\n7;b;06.01.2026;250\n8;;31.02.2024;x\n", encoding="utf-8")
    assert _attempt(workspace, path) == "loaded 1"


@pytest.mark.parametrize("name", ["../../../etc/passwd.csv", "..\\..\\boot.ini", "a/b/c.xlsx", "<script>.csv",
                                  "con.csv", "имя файла с пробелами.csv"])
def test_path_like_file_names_are_only_recorded(workspace, tmp_path, name):
    _baseline(workspace)
    path = tmp_path / "plain.csv"
    path.write_text(GOOD_HEADER + "\n9;c;07.01.2026;300\n", encoding="utf-8")
    outside = {p for p in tmp_path.parent.rglob("*") if workspace.path not in p.parents}
    assert _attempt(workspace, path, name) == "loaded 1"
    assert {p for p in tmp_path.parent.rglob("*") if workspace.path not in p.parents} == outside
    assert publish.history(workspace)[0]["file"] == name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.text(alphabet=st.sampled_from(list(";,\t|\"'\r\n=+-@ 0123456789.,:/абвгдАБВ₽$ xyz")), max_size=600)
    .map(lambda s: s.encode("utf-8")),
    st.text(max_size=300).map(lambda s: (GOOD_HEADER + "\n" + s).encode("utf-8", "surrogatepass")),
))
def test_random_files_never_crash_and_never_half_write(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("fuzz")
    ws = Workspace(root / "ws")
    try:
        _baseline(ws)
        path = root / "random.csv"
        path.write_bytes(data)
        _attempt(ws, path)
    finally:
        ws.close()
