"""Process-wide settings read from the environment (and the command line's --workspace)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKSPACE = PROJECT_ROOT / "data" / "workspace"

ENV_WORKSPACE = "KB_WORKSPACE"
ENV_MEMORY_LIMIT = "KB_MEMORY_LIMIT"
ENV_THREADS = "KB_THREADS"
ENV_CURRENCY = "KB_CURRENCY"
ENV_WARM = "KB_WARM"


def workspace_path() -> Path:
    """The workspace folder: $KB_WORKSPACE, else data/workspace in the project."""
    return Path(os.environ.get(ENV_WORKSPACE) or DEFAULT_WORKSPACE)


def memory_limit() -> str | None:
    """DuckDB's memory limit (for example '4GB'), when set."""
    return os.environ.get(ENV_MEMORY_LIMIT) or None


def threads() -> int | None:
    """DuckDB's thread count, when set."""
    value = os.environ.get(ENV_THREADS)
    return int(value) if value else None


def currency() -> str:
    """The account currency sign shown beside money."""
    return os.environ.get(ENV_CURRENCY) or "₽"


def warm_results() -> bool:
    """Whether the dashboard stores the default context's results of each new generation in the background
    ($KB_WARM, default on; `0` turns it off, as the page tests do to run without a background thread)."""
    return os.environ.get(ENV_WARM, "1").strip() != "0"
