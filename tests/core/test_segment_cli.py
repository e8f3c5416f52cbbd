"""`python -m core segment list|export`: files written, rows left out, clear errors and exit codes."""
from __future__ import annotations

import io

import polars as pl
import pytest

from core.access import Viewer
from core.cli import main
from core.segments import saved
from core.segments.rules import Condition, Rules
from tests import segments_data as data


@pytest.fixture
def cli_ws(workspace):
    data.publish(workspace)
    saved.save(workspace, Viewer("anna", "marketer"), "Москва", "", Rules((Condition("city", "eq", "Москва"),)))
    path = workspace.path
    workspace.close()
    return path


def test_list_shows_ready_made_and_saved_segments(cli_ws, capsys):
    assert main(["--workspace", str(cli_ws), "segment", "list"]) == 0
    out = capsys.readouterr().out
    assert "vip_at_risk" in out and "VIP в зоне риска" in out
    assert "Москва" in out and '{"field":"city","op":"eq","value":"Москва"}' in out


def test_export_by_name_for_email_prints_rows_written_and_left_out(cli_ws, tmp_path, capsys):
    out_file = tmp_path / "out.csv"
    code = main(["--workspace", str(cli_ws), "--lang", "en", "segment", "export", "--name", "москва",
                 "--out", str(out_file), "--channel", "email"])
    assert code == 0
    # a consented with a usable address; d's address is a's in capitals.
    assert out_file.read_bytes().decode("utf-8-sig") == "Customer ID;Name;E-mail\na;Анна Смирнова;anna@mail.ru\n"
    assert capsys.readouterr().out.splitlines() == [f"Rows written: 1 to {out_file}", "Rows left out: 1",
                                                    "  duplicate address: 1"]
    assert '"action": "download"' in (cli_ws / "meta" / "audit.jsonl").read_text(encoding="utf-8")


def test_export_rules_file_to_xlsx(cli_ws, tmp_path):
    rules_file = tmp_path / "rules.json"
    rules_file.write_text('{"all": [{"field": "orders", "op": "gte", "value": 1}]}', encoding="utf-8")
    out_file = tmp_path / "buyers.xlsx"
    code = main(["--workspace", str(cli_ws), "segment", "export", "--rules", str(rules_file), "--out", str(out_file),
                 "--columns", "customer_id,orders"])
    assert code == 0
    back = pl.read_excel(io.BytesIO(out_file.read_bytes()), engine="calamine")
    assert back.rows() == [("a", 2), ("b", 1), ("d", 1), ("e", 1)]


def test_export_rules_file_with_an_or_group(cli_ws, tmp_path):
    rules_file = tmp_path / "rules.json"
    # Bought at least once AND (from Moscow OR no e-mail consent): a, d (Moscow) and b (no consent).
    rules_file.write_text('{"all": [{"field": "orders", "op": "gte", "value": 1}, {"any": ['
                          '{"field": "city", "op": "eq", "value": "Москва"}, '
                          '{"field": "consent_email", "op": "eq", "value": false}]}]}', encoding="utf-8")
    out_file = tmp_path / "picked.csv"
    assert main(["--workspace", str(cli_ws), "segment", "export", "--rules", str(rules_file), "--out", str(out_file),
                 "--columns", "customer_id"]) == 0
    assert sorted(out_file.read_bytes().decode("utf-8-sig").splitlines()[1:]) == ["a", "b", "d"]


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "нет такого"], "не найден"),
    (["--rules", "{bad}"], "не JSON"),
    (["--rules", "missing.json"], "Не удалось прочитать"),
    (["--name", "Москва", "--columns", "password"], "password"),
])
def test_export_errors_exit_1_with_a_message_and_write_nothing(cli_ws, tmp_path, capsys, args, message):
    if args[0] == "--rules" and args[1] == "{bad}":
        (tmp_path / "bad.json").write_text("{bad}", encoding="utf-8")
        args = ["--rules", str(tmp_path / "bad.json")]
    elif args[0] == "--rules":
        args = ["--rules", str(tmp_path / args[1])]
    out_file = tmp_path / "x.csv"
    assert main(["--workspace", str(cli_ws), "segment", "export", *args, "--out", str(out_file)]) == 1
    assert message in capsys.readouterr().err
    assert not out_file.exists()


@pytest.mark.parametrize(("rules", "russian", "english"), [
    ('{"all":' + "[" * 20_000 + "]" * 20_000 + "}", "слишком глубокая вложенность", "nested too deeply"),
    ('{"all":[{"field":"orders","op":"gte","value":' + "9" * 5_000 + "}]}", "слишком длинное число",
     "number that is too long"),
    ('{"all":[{"field":"city","op":"in","value":["' + "x" * 1_000_000 + '"]}]}', "слишком длинные", "too long"),
])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_export_of_rules_too_complex_to_decode_exits_1_with_a_message(cli_ws, tmp_path, capsys, rules, russian,
                                                                      english, lang):
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(rules, encoding="utf-8")
    out_file = tmp_path / "x.csv"
    assert main(["--workspace", str(cli_ws), "--lang", lang, "segment", "export", "--rules", str(rules_file),
                 "--out", str(out_file)]) == 1
    err = capsys.readouterr().err
    assert (russian if lang == "ru" else english) in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_export_needs_a_name_or_rules(cli_ws, tmp_path):
    assert main(["--workspace", str(cli_ws), "segment", "export", "--out", str(tmp_path / "x.csv")]) == 2


def test_export_rules_with_a_category_condition_and_its_parameter_errors(workspace, tmp_path, capsys):
    from tests.conftest import publish_frames
    from tests.core.test_segment_categories import CUSTOMERS, LINES, ORDERS

    publish_frames(workspace, {"customers": CUSTOMERS, "orders": ORDERS, "order_lines": LINES})
    path = workspace.path
    workspace.close()
    rules_file = tmp_path / "shoes.json"
    # The analysis date is the latest order, five days before D: b bought shoes 5 days before it, f 25, a 35.
    rules_file.write_text('{"all": [{"field": "category_bought", "op": "in", "value": ["Обувь"], "days": 30}]}',
                          encoding="utf-8")
    out_file = tmp_path / "shoes.csv"
    assert main(["--workspace", str(path), "segment", "export", "--rules", str(rules_file), "--out", str(out_file),
                 "--columns", "customer_id"]) == 0
    assert out_file.read_bytes().decode("utf-8-sig").splitlines() == ["ID клиента", "b", "f"]
    rules_file.write_text('{"all": [{"field": "category_share", "op": "gte", "value": 0.5}]}', encoding="utf-8")
    capsys.readouterr()
    assert main(["--workspace", str(path), "--lang", "en", "segment", "export", "--rules", str(rules_file),
                 "--out", str(tmp_path / "none.csv")]) == 1
    assert "Condition 1: the field «category_share» needs the parameter «category»" in capsys.readouterr().err
    assert not (tmp_path / "none.csv").exists()


def test_list_reads_each_segment_aloud(cli_ws, capsys):
    assert main(["--workspace", str(cli_ws), "segment", "list"]) == 0
    assert "Город: «Москва»" in capsys.readouterr().out
