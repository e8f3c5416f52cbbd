"""The layout rules: core never imports streamlit, pages hold no SQL, every query file has its header, is used, and parses."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import sqlglot

from core import sql

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted((ROOT / "queries").glob("*.sql"))
PY_FILES = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts]
ALLOWED_TOP = {
    "Home.py", "pages", "core", "queries", "data", ".streamlit", "tests", "requirements.txt", "ui",
    "README.md", "docs", ".ci", "pyproject.toml", "Makefile", ".gitignore", ".git", ".venv",
    ".pytest_cache", ".hypothesis",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "core").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_streamlit_or_ui(path):
    assert not {"streamlit", "ui", "streamlit_authenticator"} & _imports(path)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql_and_no_duckdb(path):
    text = path.read_text(encoding="utf-8")
    assert "duckdb" not in _imports(path)
    assert not re.search(r"\bselect\b[\s\S]{0,200}\bfrom\b", text, re.IGNORECASE), "SQL belongs in queries/"


def test_top_level_holds_only_the_agreed_entries():
    tracked = {p.name for p in ROOT.iterdir()}
    assert tracked <= ALLOWED_TOP, tracked - ALLOWED_TOP


def test_there_are_queries():
    assert len(QUERY_FILES) >= 3


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_has_header_with_purpose_params_and_returns(path):
    text = path.read_text(encoding="utf-8")
    fields = sql.header(text)
    assert {"purpose", "params", "returns"} <= set(fields), fields
    declared = set(re.findall(r"\$([a-z_][a-z0-9_]*)", fields["params"]))
    assert declared == set(sql.parameters(text)), "the header's params must list exactly the $parameters used"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_is_used_by_python_code(path):
    name = path.stem
    used = any(re.search(rf"['\"]{name}['\"]", p.read_text(encoding="utf-8")) for p in PY_FILES)
    assert used, f"{name} is not referenced from core, ui or pages"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_parses_as_duckdb_sql(path):
    text = re.sub(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}", r'"\1"', path.read_text(encoding="utf-8"))
    parsed = sqlglot.parse(text, read="duckdb")
    assert [p for p in parsed if p is not None], "no statement"


def _first_statement(path: Path) -> ast.stmt:
    """The first statement of a page after its docstring, imports and upper-case constants."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            continue
        return node
    raise AssertionError("empty page")


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_every_page_first_goes_through_the_router(path):
    """A page run directly (a deep link on a fresh server) must hand over to Home.py before drawing."""
    calls = {ast.unparse(n.func) for n in ast.walk(_first_statement(path)) if isinstance(n, ast.Call)}
    assert calls & {"state.context", "state.viewer", "routing.ensure_routed"}, calls


UI_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "Home.py"])


def _empty_choice_widgets(tree: ast.AST) -> list[ast.Call]:
    """Multiselects, and select boxes that start with nothing chosen: Streamlit shows its English
    «Choose options» in them unless they name a placeholder."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            unset = any(k.arg == "index" and isinstance(k.value, ast.Constant) and k.value.value is None
                        for k in node.keywords)
            if node.func.attr == "multiselect" or (node.func.attr == "selectbox" and unset):
                calls.append(node)
    return calls


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_empty_choices_show_a_placeholder_in_the_users_language(path):
    missing = [c.lineno for c in _empty_choice_widgets(ast.parse(path.read_text()))
               if not any(k.arg == "placeholder" for k in c.keywords)]
    assert missing == [], f"{path.name}: lines {missing} need placeholder=tr(...)"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tables_charts_and_multiselects_go_through_the_shared_widgets(path):
    """One way to draw each: tables by ui/widgets.table (formatted columns), charts by ui/charts.show (ticks,
    downloads), multiselects by ui/widgets.multiselect (no silent «Select 2 matches»)."""
    text = path.read_text(encoding="utf-8")
    shared = {"widgets.py": ("dataframe", "multiselect"), "charts.py": ("plotly_chart",)}.get(path.name, ())
    for call in ("dataframe", "plotly_chart", "multiselect", "data_editor"):
        if call in shared:
            continue
        uses = re.findall(rf"(?<!widgets)\.{call}\(", text)
        if call == "plotly_chart":  # sparklines: a bare line without toolbar or data
            uses = [u for u in re.findall(r"\.plotly_chart\((\w+\.\w+)", text) if not u.endswith("sparkline")]
        assert not uses, f"{path.name} calls st.{call} directly"
