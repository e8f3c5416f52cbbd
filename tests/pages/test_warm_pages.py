"""After the build stores the default context's results (core/warm.py), every page opened in its default
state reads only stored results: nothing it shows is computed on the visit. A page whose default calls
change without `warm.CALLS` changing with it fails here, naming the call."""
from __future__ import annotations

from pathlib import Path

import pytest

from core import demo, results, warm
from core.access import Viewer
from core.workspace import Workspace
from tests.pages.apptest import run_app

PAGES = ("overview", "composition", "retention", "average_check", "ltv_cac", "clv", "program", "quality",
         "categories", "campaigns", "segments")


@pytest.fixture(scope="module")
def warmed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warmed")
    ws = Workspace(path)
    demo.load_into(ws, customers=1_500)
    records = warm.warm(ws, ws.generation(), (warm.DEFAULT_PERIOD,))
    assert [r for r in records if r["outcome"] != "stored"] == []
    ws.close()
    return path


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls a page computed instead of reading them stored."""
    missed: list[str] = []
    original = results.get

    def recording(ws, fn, ctx, args=(), kwargs=None, lang=None, kind=results.ASKED):
        if not results.stored(ws, fn, ctx, args, kwargs, lang):
            missed.append(f"{fn.__module__}.{fn.__qualname__}{tuple(args)!r:.120} {kwargs or ''}")
        return original(ws, fn, ctx, args, kwargs, lang, kind)

    monkeypatch.setattr(results, "get", recording)
    return missed


ADMIN, EXECUTIVE = Viewer("admin", "admin"), Viewer("boss", "executive")
CASES = [(ADMIN, page) for page in PAGES] + [(EXECUTIVE, page) for page in PAGES if page not in ("campaigns", "segments")]


@pytest.mark.parametrize(("viewer", "page"), CASES, ids=[f"{v.role}-{p}" for v, p in CASES])
def test_a_page_in_its_default_state_reads_only_stored_results(warmed, computed, monkeypatch, viewer, page):
    app = run_app(warmed, monkeypatch, page=f"pages/{page}.py", viewer=viewer)
    assert not app.exception, app.exception
    assert computed == []


def test_another_analysis_date_is_computed_and_then_stored(warmed, computed, monkeypatch):
    app = run_app(warmed, monkeypatch, page="pages/overview.py", query={"as_of": "2026-01-31", "period": "90"})
    assert not app.exception
    assert any("overview.kpi_series" in c for c in computed)
    first = len(computed)
    app = run_app(warmed, monkeypatch, page="pages/overview.py", query={"as_of": "2026-01-31", "period": "90"})
    assert not app.exception and len(computed) == first  # a second visit (after a restart of the cache) reads
