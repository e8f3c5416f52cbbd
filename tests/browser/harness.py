"""Start `streamlit run` on a free loopback port and drive Debian's Chromium with Playwright."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (install Debian's package: apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(workspace: Path, env: dict[str, str] | None = None, timeout: float = 60, root: Path = ROOT,
                     python: str = sys.executable, log_path: Path | None = None) -> Iterator[str]:
    """Serve `root`/Home.py (default: this checkout's) on 127.0.0.1 with `workspace`, run by `python`; yield its
    URL; stop it afterwards. The server's output goes to `log_path` (default: streamlit.log in the workspace)."""
    port = free_port()
    # The served app stores its default results as in production (the in-process tests turn that off).
    full_env = {**os.environ, "KB_WORKSPACE": str(workspace), "KB_WARM": "1", **(env or {})}
    log_path = log_path or workspace / "streamlit.log"
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [python, "-m", "streamlit", "run", str(root / "Home.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=root, env=full_env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_for_app(page, timeout: float = 60_000, after_action: bool = False) -> None:
    """Wait until Streamlit has finished running the script.

    The app root carries the script state (`data-test-script-state`: initial, running,
    notRunning, ...). After a click or a key press pass `after_action=True`: the rerun may not
    have started yet, so first give it a moment to leave `notRunning`.
    """
    if after_action:
        try:
            page.wait_for_selector('[data-testid="stApp"]:not([data-test-script-state="notRunning"])', timeout=2_000)
        except Exception:  # noqa: BLE001 - the rerun may already be over
            pass
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMainBlockContainer"]', timeout=timeout)
    page.wait_for_timeout(300)


def exceptions(page) -> list[str]:
    """Texts of the exception elements on the page (there should be none)."""
    return [e.inner_text() for e in page.query_selector_all('[data-testid="stException"]')]
