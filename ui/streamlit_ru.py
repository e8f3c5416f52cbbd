"""Streamlit's own English (the file uploader, table toolbars, screen-reader labels, multiselect and
number widgets) in Russian when the interface is Russian.

Streamlit has no translations; a small script watches the page and replaces its fixed English texts
and labels (`core.i18n.streamlit.STREAMLIT_RU`), and the decimal point of slider values with a comma.
"""
from __future__ import annotations

import json

import streamlit as st

from core.i18n.streamlit import STREAMLIT_PATTERNS, STREAMLIT_RU
from ui.i18n import LANG_KEY, LANGUAGES, lang

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
  const decimalComma = (el) => {
    const fixed = el.textContent.replace(/(\\d)\\.(\\d)/g, "$1,$2");
    if (fixed !== el.textContent) el.textContent = fixed;
  };
  // Tables (`ui.widgets.table`) keep numbers and dates as values and let the grid format them in the
  // browser's language (Intl): make that the session's language.
  w.__kbLocale = w.__kbLang === "ru" ? "ru-RU" : "en-US";
  if (!w.__kbLocalePinned) {
    w.__kbLocalePinned = true;
    Object.defineProperty(navigator, "languages", {configurable: true, get: () => [w.__kbLocale]});
    Object.defineProperty(navigator, "language", {configurable: true, get: () => w.__kbLocale});
  }
  // A grid's accessible copy (what a screen reader reads) holds the raw value («1234567.89»,
  // «2026-11-02»): write it as the grid draws it, by the column kinds the table's container names
  // (`display.GridColumn.spec`: n2 a number of 2 decimals, p1 a percentage, d a date, t a date-time).
  const ISO = /^(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::\\d{2}(?:\\.\\d+)?)?(?:\\s?(?:Z|[+-]\\d{2}:?\\d{2}))?)?$/;
  const readable = (raw, spec) => {
    const text = raw.trim();
    if (!text) return null;
    const ru = w.__kbLang === "ru";
    if (spec[0] === "n" || spec[0] === "p") {
      const value = Number(text);
      if (text === "" || Number.isNaN(value)) return null;
      const places = Number(spec.slice(1)) || 0;
      const options = {minimumFractionDigits: places, maximumFractionDigits: places};
      if (spec[0] === "p") options.style = "percent";
      return new Intl.NumberFormat(w.__kbLocale, options).format(value).replace("-", "\\u2212");
    }
    if (spec === "d" || spec === "t") {
      const m = ISO.exec(text);
      if (!m) return null;
      const [, y, mo, day, h, mi] = m;
      const date = ru ? `${day}.${mo}.${y}`
        : new Date(Number(y), Number(mo) - 1, Number(day)).toLocaleDateString("en-US", {month: "short", day: "numeric", year: "numeric"});
      return spec === "t" && h !== undefined ? `${date}${ru ? " " : ", "}${h}:${mi}` : date;
    }
    return null;
  };
  const GRID = '[class*="st-key-kbgrid_"]';
  const readableGrid = (holder) => {
    const name = [...holder.classList].find((c) => c.startsWith("st-key-kbgrid_"));
    const specs = name.slice("st-key-kbgrid_".length).split("__")[0].split("-");
    const table = holder.querySelector('[data-testid="stDataFrame"] table');
    if (!table || specs.every((s) => s === "x" || s === "y")) return;
    const headers = table.querySelector("tr") ? table.querySelector("tr").children.length : specs.length;
    const offset = Math.max(0, headers - specs.length);
    for (const cell of table.querySelectorAll("td[aria-colindex]")) {
      const spec = specs[Number(cell.getAttribute("aria-colindex")) - 1 - offset];
      if (!spec || spec === "x" || spec === "y" || cell.dataset.kbShown === cell.textContent) continue;
      const node = [...cell.childNodes].find((n) => n.nodeType === 3);
      const shown = node && readable(node.nodeValue, spec);
      if (shown) {
        node.nodeValue = shown;  // the same text node React writes to: a new value is read again
        cell.dataset.kbShown = cell.textContent;
      }
    }
  };
  // Streamlit's English is never inside a chart's drawing (SVG) nor a grid's canvas (its accessible copy is
  // `readableGrid`'s): those subtrees, thousands of nodes on a chart-heavy page, are not read.
  const SKIP = "script, style, textarea, svg, canvas";
  const SLIDER = '[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"], [data-testid="stSliderTickBarMax"]';
  const labels = (el) => {
    for (const attribute of ["aria-label", "title", "placeholder"]) {
      const value = el.getAttribute(attribute);
      const done = value && translate(value);
      if (done && done !== value) el.setAttribute(attribute, done);
    }
  };
  const walk = (root) => {
    if (root.closest(SKIP)) return;
    labels(root);
    for (const el of root.querySelectorAll("[aria-label], [title], [placeholder]")) if (!el.closest(SKIP)) labels(el);
    const texts = d.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
      n.nodeType === 3 ? NodeFilter.FILTER_ACCEPT : n.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP});
    while (texts.nextNode()) {
      const node = texts.currentNode;
      const parent = node.parentElement;
      // The app's own texts (Markdown) are left alone, except the uploader's button label.
      if (!parent || (parent.closest("[data-testid='stMarkdownContainer']")
                      && !parent.closest("[data-testid='stFileUploaderDropzone']"))) continue;
      const done = translate(node.nodeValue);
      if (done && done !== node.nodeValue) node.nodeValue = done;
    }
    if (w.__kbLang === "ru") for (const el of [root, ...root.querySelectorAll(SLIDER)]) if (el.matches(SLIDER)) decimalComma(el);
  };
  // The whole page (each run, when the script is put on the page).
  w.__kbWalk = () => {
    walk(d.body);
    for (const holder of d.querySelectorAll(GRID)) readableGrid(holder);
  };
  // What changed since the last frame: the elements added or changed (never their unchanged neighbours), and
  // the grids they are in or hold.
  w.__kbWalkSome = (roots) => {
    const grids = new Set();
    for (const root of roots) {
      if (!root.isConnected || root.closest("svg")) continue;  // a chart's drawing: nothing to read, no grid
      const holder = root.closest(GRID);
      if (holder) grids.add(holder);
      else for (const inner of root.querySelectorAll(GRID)) grids.add(inner);
      let above = root.parentElement;
      while (above && !roots.has(above)) above = above.parentElement;
      if (!above) walk(root);  // else its ancestor's walk reads it
    }
    for (const holder of grids) readableGrid(holder);
  };
  if (!w.__kbObserver) {
    let pending = false;
    const changed = new Set();
    w.__kbObserver = new MutationObserver((records) => {
      for (const r of records) {
        const nodes = r.type === "childList" ? r.addedNodes : [r.target];
        for (const n of nodes) {
          const el = n.nodeType === 1 ? n : n.parentElement;
          if (el) changed.add(el);
        }
      }
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const roots = new Set(changed);
        changed.clear();
        w.__kbWalkSome(roots);
      });
    });
    w.__kbObserver.observe(d.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                    attributeFilter: ["aria-label", "title", "placeholder"]});
  }
  w.__kbWalk();
})();
"""


def _language() -> str:
    """The session's language; on a session's first run the link's `?lang=`, which the sidebar's picker
    applies only later in the run (the grids would format the first page in the other language)."""
    if LANG_KEY not in st.session_state and st.query_params.get("lang") in LANGUAGES:
        return str(st.query_params.get("lang"))
    return lang()


def install() -> None:
    """Put the translating script on the page (every run; it keeps one observer per browser tab)."""
    script = SCRIPT % {"lang": json.dumps(_language()), "exact": json.dumps(STREAMLIT_RU, ensure_ascii=False),
                       "patterns": json.dumps(STREAMLIT_PATTERNS, ensure_ascii=False)}
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
