"""Process-wide settings read from the environment (and the command line's --workspace)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
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


# $KB_MEMORY_LIMIT is the whole process's budget. DuckDB's own memory limit bounds only its buffer manager, so
# DuckDB is given the budget less a reserve for what the Python side holds beside it: the interpreter and its
# libraries (about 0.2 GB resident before any work, 0.6 GB once the pages' modules are loaded), the CLV fit's
# per-customer arrays (about 100 bytes a customer: 1 GB at 10M customers, the likelihood and the scores computed
# in blocks), the batches results are read in, what the allocators keep of freed memory, and DuckDB's memory
# outside its buffer manager. At 10M customers with DuckDB given all of "8GB" (7.45 GiB) the process peaked
# 2.0 GiB above it in the build and 2.9 GiB in storing the default results; at 1M with "2GB", 0.4–0.5 GiB above.
# A third of the budget, at least 768 MiB; a budget under twice that floor is split in half.
PYTHON_SHARE = 1 / 3
PYTHON_FLOOR = 768 * 1024 ** 2
# The units DuckDB reads a memory limit in: KB, MB, GB, TB are powers of 1000, KiB ... TiB powers of 1024.
_UNITS = {"b": 1, "byte": 1, "bytes": 1,
          "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3, "tb": 1000 ** 4,
          "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3, "tib": 1024 ** 4}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class MemoryBudget:
    """$KB_MEMORY_LIMIT split between DuckDB (its `memory_limit`) and the Python side (bytes each)."""

    total: int
    duckdb: int
    python: int

    def duckdb_setting(self) -> str:
        """DuckDB's `memory_limit` value: its share in bytes."""
        return f"{self.duckdb}B"


def parse_size(text: str) -> int:
    """Bytes of a size written as DuckDB reads a memory limit ('8GB' = 8·10⁹ bytes, '8GiB' = 8·2³⁰, '500MB');
    ValueError for anything else (a percentage, a bare number, a unit DuckDB does not know, nothing at all)."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS or float(match.group(1)) * _UNITS[unit] < 1:
        raise ValueError(f"{ENV_MEMORY_LIMIT}={text!r}: expected a size such as 8GB, 6GiB or 1500MB "
                         f"(KB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB: powers of 1024)")
    return int(float(match.group(1)) * _UNITS[unit])


def split_budget(total: int) -> MemoryBudget:
    """`total` bytes split between the Python side (`PYTHON_SHARE`, at least `PYTHON_FLOOR`, at most half) and
    DuckDB (the rest)."""
    python = min(max(int(total * PYTHON_SHARE), PYTHON_FLOOR), total // 2)
    return MemoryBudget(total=total, duckdb=total - python, python=python)


def memory_budget(limit: str | None = None) -> MemoryBudget | None:
    """The process's memory budget: `limit`, else $KB_MEMORY_LIMIT (for example '8GB'), split; None when unset
    (DuckDB then takes its default, 80% of the machine's memory, and nothing bounds the process)."""
    text = limit or os.environ.get(ENV_MEMORY_LIMIT) or None
    return split_budget(parse_size(text)) if text else None


def memory_limit() -> str | None:
    """DuckDB's memory limit: its share of the budget (`memory_budget`), when one is set."""
    budget = memory_budget()
    return budget.duckdb_setting() if budget else None


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
