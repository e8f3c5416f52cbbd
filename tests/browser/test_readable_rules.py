"""The every-page browser test's rules catch what the issue saw, and pass what a Russian reader expects."""
import pytest

from tests.browser import readable

S = "\u00a0"


def test_each_rule_catches_what_was_seen():
    seen = ("Оценка программ: 2024-11-01 00:00:00, 9393554.77; заказы 175890; «Upload»; 1GB per file; "
            "Select 2 matches; поле order_id; поколение 3")
    found = readable.page_problems(seen, "ru", labels=["Help for Период"])
    assert found["ISO date or 00:00:00"] == ["2024-11-01", "00:00:00"]
    assert "175890" in found["number without thousands separator"]
    assert found["decimal point in Russian"] == ["9393554.77"]
    assert {"Upload", "per file", " matches", "Help for"} <= set(found["Streamlit's English"])
    assert found["raw field name"] == ["order_id"]
    assert found["word not used"] == ["поколени"]


def test_what_a_russian_reader_expects_passes():
    fine = (f"1{S}234{S}567,89{S}₽ · 83,1{S}% · +0,4 п. п. · 02.11.2026 · 11.2026 · клиент C000123 · #1001 · "
            f"+7{S}917{S}154-34-33 · версия данных 3 · 2026")
    assert readable.page_problems(fine, "ru") == {}
    assert readable.page_problems("1,234,567.89 · Nov 2, 2026 · 12.3%", "en") == {}


@pytest.mark.parametrize("labels", [
    ["0", "1", "2"], ["0,0", "0,5", "1,0", "1,5"], ["0", f"5{S}млн", f"10{S}млн", f"15{S}млн"],
    ["0", "5K", "10K"], [f"0{S}%", f"20{S}%", f"40{S}%"], ["04.2024", "05.2024", "06.2024"],
    ["0,00", "0,25", "0,50"],
])
def test_round_ticks_pass(labels):
    assert readable.tick_problems(labels) == []


@pytest.mark.parametrize("labels", [
    ["0", "0,428", "0,855", "1,283"],  # fractions of an order, not a round step
    ["202", "404", "606", "807"],
    ["04.2024", "04.2024", "05.2024"],
    ["0,00", "0,50", "1,00", "1,50"],  # a step of 0,5 needs one decimal
    ["0", "2", "4", "6", "8", "9,01"],
])
def test_bad_ticks_are_caught(labels):
    assert readable.tick_problems(labels) != []
