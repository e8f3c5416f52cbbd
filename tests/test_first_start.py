"""The first `make run` prints the first administrator's password in the terminal, before the server starts,
as the README says."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_recipe() -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, re.MULTILINE).group(1)
    return [line.strip().lstrip("@") for line in recipe.splitlines() if not line.strip().startswith("@#")]


def test_make_run_creates_the_admin_before_streamlit_and_the_readme_says_so():
    steps = _run_recipe()
    first_core = next(i for i, s in enumerate(steps) if "-m core" in s)
    server = next(i for i, s in enumerate(steps) if "-m streamlit run" in s)
    assert first_core < server
    assert "first `make run` creates the account `admin`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_that_step_prints_the_password_once(tmp_path):
    command = [sys.executable, "-m", "core", "--workspace", str(tmp_path / "ws"), "info"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert re.search(r"«admin», пароль: \S{8,}", first.stderr)
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert "пароль" not in again.stderr
