"""Load run: many real browser sessions switch pages and move sliders while the orders are replaced.

Not a test (pytest does not collect it): run `python tests/bench/load_sessions.py [--sessions 10]
[--seconds 90] [--customers 20000]`. It serves the app on a free loopback port over a fresh demo
workspace, opens N Chromium contexts that cycle through every page (moving the first slider where
there is one), and meanwhile replaces the orders dataset from a second process every few seconds,
as an analyst's upload would. It prints the latency of every page view and slider move (median and
95th percentile), the number of replacements, and every error or exception element seen.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core import demo, users  # noqa: E402
from core.access import Viewer  # noqa: E402
from core.workspace import Workspace  # noqa: E402
from tests.browser import harness  # noqa: E402
from tests.browser.conftest import login  # noqa: E402
from ui.nav import PAGES, pages_for  # noqa: E402

USERNAME, PASSWORD = "analyst", "load-run-password"

REPLACE = (
    "import sys, polars as pl; from core import demo; from core.workspace import Workspace;"
    "ws = Workspace(sys.argv[1]); seed = int(sys.argv[2]);"
    "orders = demo.generate(customers=int(sys.argv[3]), seed=seed)['orders'];"
    "p = ws.staging_file('orders'); orders.write_parquet(p); print(ws.publish({'orders': [p]}))"
)


def url_paths() -> list[str]:
    """The URL path of every page an analyst may open (the default page is the root)."""
    allowed = {p.path for p in pages_for(Viewer(USERNAME, "analyst"))}
    return ["" if p.default else Path(p.path).stem for p in PAGES if p.path in allowed and "upload" not in p.path]


def session(browser, url: str, stop: threading.Event, timings: list[tuple[str, float]], errors: list[str]) -> None:
    """One user: cycle through the pages, moving a slider on each page that has one."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1300, "height": 900})
    page = context.new_page()
    try:
        login(page, url, USERNAME, PASSWORD)
        paths = url_paths()
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            page.goto(f"{url}/{path}")
            harness.wait_for_app(page)
            timings.append(("page", time.perf_counter() - started))
            slider = page.query_selector('[data-testid="stSlider"] [role="slider"]')
            if slider is not None:
                started = time.perf_counter()
                slider.focus()
                page.keyboard.press("ArrowRight")
                harness.wait_for_app(page, after_action=True)
                timings.append(("slider", time.perf_counter() - started))
            found = harness.exceptions(page)
            if found:
                errors.append(f"/{path}: {found[0][:300]}")
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on with the other sessions
        errors.append(repr(exc)[:300])
    finally:
        context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(sessions: int, seconds: float, customers: int, replace_every: float
        ) -> tuple[list[tuple[str, float]], list[str], int]:
    """Serve a fresh demo, drive `sessions` browsers for `seconds` while replacing the orders; return
    (timings by kind, errors, number of replacements)."""
    from playwright.sync_api import sync_playwright

    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    replacements = 0
    with TemporaryDirectory() as tmp:
        ws_path = Path(tmp) / "ws"
        ws = Workspace(ws_path)
        demo.load_into(ws, customers=customers)
        users.add(ws, Viewer.system(), USERNAME, "analyst", password=PASSWORD)
        ws.close()
        with harness.streamlit_server(ws_path) as url:
            stop = threading.Event()

            def user() -> None:
                # Playwright's sync API is bound to one thread: each session gets its own Playwright.
                with sync_playwright() as own:
                    b = own.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
                    session(b, url, stop, timings, errors)
                    b.close()

            threads = [threading.Thread(target=user) for _ in range(sessions)]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + seconds
            seed = 100
            while time.monotonic() < deadline:
                time.sleep(replace_every)
                seed += 1
                done = subprocess.run([sys.executable, "-c", REPLACE, str(ws_path), str(seed), str(customers)],
                                      cwd=ROOT, capture_output=True, text=True)
                if done.returncode == 0:
                    replacements += 1
                else:
                    errors.append(f"replacement failed: {done.stderr[-300:]}")
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
    return timings, errors, replacements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--replace-every", type=float, default=10)
    args = parser.parse_args()
    missing = harness.chromium_missing()
    if missing:
        print(f"cannot run: {missing}")
        return 1
    timings, errors, replacements = run(args.sessions, args.seconds, args.customers, args.replace_every)
    for kind in ("page", "slider"):
        values = [t for k, t in timings if k == kind]
        if values:
            print(f"{kind:6}  n={len(values):4}  median={statistics.median(values) * 1000:7.0f} ms  "
                  f"p95={percentile(values, 0.95) * 1000:7.0f} ms  max={max(values) * 1000:7.0f} ms")
    print(f"sessions={args.sessions} seconds={args.seconds:.0f} customers={args.customers} "
          f"replacements={replacements} errors={len(errors)}")
    for error in errors[:20]:
        print("  error:", error)
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
