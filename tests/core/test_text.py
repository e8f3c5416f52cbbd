"""Data values as literal text in Markdown and in Plotly charts."""
from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from core import text
from core.charts import style

PAYLOADS = [
    "![x](http://host.invalid/p.png)",
    "[ссылка](http://host.invalid/)",
    "<img src=x onerror=alert(1)>",
    "**жирный** _курсив_ `код` ~~зачёркнуто~~",
    "# заголовок",
    "- пункт\n1. пункт",
    ":red[красный] :material/home: $x^2$",
    "http://host.invalid/a www.host.invalid a@host.invalid",
    "Иванов И.И. (ООО «Ромашка»), г. Москва",
]


@pytest.mark.parametrize("value", PAYLOADS)
def test_every_markdown_character_of_a_value_is_escaped_and_the_value_reads_back(value):
    # CommonMark reads `\\` + any ASCII punctuation as that character, as text: with every one escaped no
    # image, link, emphasis, code, heading, list, HTML, directive or math can start; one line, no blocks.
    escaped = text.md(value)
    assert "\n" not in escaped
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped))
    assert unescaped.replace("\u2060", "") == value.replace("\n", " ")


def test_bare_addresses_get_a_word_joiner_so_they_are_not_linked():
    escaped = text.md("http://h.ru www.h.ru a@h.ru")
    assert "://" not in escaped.replace("\\", "") and "www." not in escaped.replace("\\", "")
    assert "@\u2060" in escaped


def test_plotly_text_escapes_html_and_leaves_other_values():
    assert text.plotly('<a href="http://h">x</a> & <b>') == '&lt;a href="http://h"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    assert text.plotly(["<b>", 3, None]) == ["&lt;b&gt;", 3, None]
    assert text.plotly(None) is None


def test_every_chart_shows_categories_legend_names_and_hover_data_as_text():
    fig = go.Figure(go.Bar(x=["<a href='http://h'>a</a>", "Москва"], y=[1, 2], name="<b>канал</b>",
                           customdata=[["<i>x</i>", 1], ["y", 2]], hovertemplate="%{x}<br>%{y}<extra></extra>"))
    style(fig)
    trace = fig.data[0]
    assert list(trace.x) == ["&lt;a href='http://h'&gt;a&lt;/a&gt;", "Москва"]
    assert trace.name == "&lt;b&gt;канал&lt;/b&gt;"
    assert [list(row) for row in trace.customdata] == [["&lt;i&gt;x&lt;/i&gt;", 1], ["y", 2]]
    assert trace.hovertemplate == "%{x}<br>%{y}<extra></extra>"  # the chart's own markup stays
