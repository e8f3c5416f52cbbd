"""Data values shown as text: escaped for Markdown (Streamlit's labels, headers, captions, messages) and for
Plotly's text (titles, tick labels, legend and hover text render a few HTML tags, `<a href>` among them).

An uploaded name `![x](http://host/pixel.png)` put into `st.markdown` makes every viewer's browser fetch
that URL, `[text](http://…)` becomes a live link, `**`, `#`, `:red[...]` and `$…$` restyle the page;
`<a href="http://…">` in a chart's category is a link. Put every data value (names, cities, regions,
channels, managers, comments, statuses, file and column names, segment names, usernames, values from a
URL) through `md` before it enters Markdown and through `plotly` before it enters a chart's text:

    st.header(text.md(person["name"]))
    st.success(tr("segments.save.done", name=text.md(segment.name)))
    go.Bar(x=text.plotly(frame["channel"].to_list()), ...)
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any, overload

# Every ASCII punctuation character may be backslash-escaped in CommonMark and then stands for itself;
# escaping them all also stops Streamlit's `:color[...]` and `:material/...:` directives and `$` math.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# Streamlit links bare addresses (http://…, www.…, name@host) in the text that remains after escaping;
# an invisible word joiner inside `://`, after `www` and after `@` keeps them text.
_JOINER = "\u2060"
_BARE_LINKS = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)")


def md(value: Any) -> str:
    """`value` as literal text inside Markdown: punctuation escaped, line breaks made spaces; None as «—»."""
    if value is None:
        return "—"
    text = _BARE_LINKS.sub(_JOINER, _LINE_BREAKS.sub(" ", str(value)))
    return _PUNCTUATION.sub(r"\\\1", text)


@overload
def plotly(value: None) -> None: ...
@overload
def plotly(value: str) -> str: ...
@overload
def plotly(value: Iterable[Any]) -> list[Any]: ...


def plotly(value: Any) -> Any:
    """A data value (or each of a list of them) as literal text in a Plotly chart: `<`, `>`, `&` as entities.

    Numbers, dates and None pass unchanged, so a list can be given whole.
    """
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if value is None or not isinstance(value, Iterable):
        return value
    return [plotly(v) if isinstance(v, str) else v for v in value]
