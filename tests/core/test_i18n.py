"""The translation table: every key in both languages, placeholders alike in both."""
import re

import pytest

from core import i18n

KEYS = sorted(i18n.TABLE)


@pytest.mark.parametrize("key", KEYS)
def test_every_key_has_russian_and_english_with_the_same_placeholders(key):
    ru, en = i18n.TABLE[key]
    assert ru.strip() and en.strip()
    assert set(re.findall(r"\{(\w+)\}", ru)) == set(re.findall(r"\{(\w+)\}", en))


def test_russian_is_the_default_and_fields_are_filled():
    assert i18n.t("app.title") == "Клиентская база"
    assert i18n.t("overview.period", "en", start="a", end="b") == "Period: a — b"


def test_a_key_defined_twice_is_an_error(monkeypatch):
    import types

    fake = types.ModuleType("core.i18n.zz_dup")
    fake.STRINGS = {"app.title": ("x", "y")}
    monkeypatch.setitem(__import__("sys").modules, "core.i18n.zz_dup", fake)
    monkeypatch.setattr(i18n.pkgutil, "iter_modules", lambda path: [types.SimpleNamespace(name="common"),
                                                                     types.SimpleNamespace(name="zz_dup")])
    with pytest.raises(ValueError, match="twice"):
        i18n._load()
