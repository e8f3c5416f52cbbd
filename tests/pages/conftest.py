"""Page tests run the app in this process: without the background thread that stores the default results
(`ui/db.py`), which would race the tests for the workspace; `test_warm_pages.py` stores them itself."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_background_warming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_WARM", "0")
