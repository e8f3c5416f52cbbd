"""Streamlit's own English (the file uploader, table toolbars, screen-reader labels, multiselect and
number widgets) in Russian when the interface is Russian.

Streamlit has no translations; a small script watches the page and replaces its fixed English texts
and labels (`core.i18n.streamlit.STREAMLIT_RU`), and the decimal point of slider values with a comma.
"""
from __future__ import annotations

import json

import streamlit as st

from core.i18n.streamlit import STREAMLIT_PATTERNS, STREAMLIT_RU
from ui.i18n import lang

SCRIPT = """
(() => {
  const w = window;
  const d = document;
  w.__kbLang = %(lang)s;
  w.__kbExact = %(exact)s;
  w.__kbPatterns = %(patterns)s.map(([re, to]) => [new RegExp(re, "s"), to]);
  const translate = (value) => {
    if (w.__kbLang !== "ru" || !value) return null;
    const text = value.trim();
    if (w.__kbExact[text]) return value.replace(text, w.__kbExact[text]);
    for (const [re, to] of w.__kbPatterns) if (re.test(text)) return value.replace(text, text.replace(re, to));
    return null;
  };
  const decimalComma = (node) => {
    if (w.__kbLang !== "ru") return;
    for (const el of node.querySelectorAll('[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"], [data-testid="stSliderTickBarMax"]')) {
      const fixed = el.textContent.replace(/(\\d)\\.(\\d)/g, "$1,$2");
      if (fixed !== el.textContent) el.textContent = fixed;
    }
  };
  const walk = () => {
    for (const el of d.querySelectorAll("[aria-label], [title], [placeholder]")) {
      for (const attribute of ["aria-label", "title", "placeholder"]) {
        const value = el.getAttribute(attribute);
        const done = value && translate(value);
        if (done && done !== value) el.setAttribute(attribute, done);
      }
    }
    const texts = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      const node = texts.currentNode;
      const parent = node.parentElement;
      // The app's own texts (Markdown) are left alone, except the uploader's button label.
      if (!parent || parent.closest("script, style, textarea")
          || (parent.closest("[data-testid='stMarkdownContainer']") && !parent.closest("[data-testid='stFileUploaderDropzone']"))) continue;
      const done = translate(node.nodeValue);
      if (done && done !== node.nodeValue) node.nodeValue = done;
    }
    decimalComma(d);
  };
  w.__kbWalk = walk;
  if (!w.__kbObserver) {
    let pending = false;
    w.__kbObserver = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; w.__kbWalk(); });
    });
    w.__kbObserver.observe(d.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                    attributeFilter: ["aria-label", "title", "placeholder"]});
  }
  walk();
})();
"""


def install() -> None:
    """Put the translating script on the page (every run; it keeps one observer per browser tab)."""
    script = SCRIPT % {"lang": json.dumps(lang()), "exact": json.dumps(STREAMLIT_RU, ensure_ascii=False),
                       "patterns": json.dumps(STREAMLIT_PATTERNS, ensure_ascii=False)}
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
