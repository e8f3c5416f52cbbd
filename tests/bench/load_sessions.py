"""Load run: many real browser sessions switch pages and move sliders while the orders are replaced.

Not a test (pytest does not collect it): run `python tests/bench/load_sessions.py [--sessions 10]
[--seconds 90] [--customers 20000]`. It serves the app on a free loopback port over a fresh demo
workspace, opens N contexts of one Chromium that sign in and cycle through every page (moving the first slider where
there is one), and meanwhile replaces the orders dataset from a second process every few seconds,
as an analyst's upload would. It prints the latency of every page view and slider move (median and
95th percentile), the number of replacements, and every error or exception element seen.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
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


MAIN_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'
TIMEOUT_MS = 120_000


async def _settled(page, after_action: bool = False) -> None:
    """Wait until Streamlit finished the script run (see harness.wait_for_app)."""
    if after_action:
        try:
            await page.wait_for_selector(RUNNING, timeout=2_000)
        except Exception:  # noqa: BLE001 - the rerun may already be over
            pass
    await page.wait_for_selector(MAIN_READY, timeout=TIMEOUT_MS)
    await page.wait_for_selector('[data-testid="stMainBlockContainer"]', timeout=TIMEOUT_MS)


async def _login(page, url: str) -> None:
    await page.goto(url)
    await _settled(page)
    form = page.get_by_test_id("stForm")
    await form.get_by_label("Имя пользователя").fill(USERNAME)
    await form.get_by_label("Пароль").fill(PASSWORD)
    await form.get_by_role("button", name="Войти").click()
    await page.get_by_role("button", name="Выйти").wait_for(timeout=TIMEOUT_MS)
    await _settled(page)
    for _ in range(100):  # the login cookie keeps later page loads (new sessions) signed in
        if any(c["name"] == "kb_login" for c in await page.context.cookies()):
            break
        await page.wait_for_timeout(100)


async def session(browser, url: str, stop: asyncio.Event, timings: list[tuple[str, float]],
                  errors: list[str]) -> None:
    """One user in its own browser context: sign in, cycle through the pages, move a slider where there is one."""
    context = await browser.new_context(locale="ru-RU", viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    try:
        await _login(page, url)
        paths = url_paths()
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            await page.goto(f"{url}/{path}")
            await _settled(page)
            timings.append(("page", time.perf_counter() - started))
            slider = await page.query_selector('[data-testid="stSlider"] [role="slider"]')
            if slider is not None:
                started = time.perf_counter()
                await slider.focus()
                await page.keyboard.press("ArrowRight")
                await _settled(page, after_action=True)
                timings.append(("slider", time.perf_counter() - started))
            found = [await e.inner_text() for e in await page.query_selector_all('[data-testid="stException"]')]
            if found:
                errors.append(f"/{path}: {found[0][:300]}")
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on with the other sessions
        errors.append(repr(exc)[:300])
    finally:
        await context.close()


async def _replace(ws_path: Path, customers: int, seconds: float, every: float, stop: asyncio.Event,
                   errors: list[str]) -> int:
    """Replace the orders from a second process every `every` seconds for `seconds`; return how many."""
    done, seed, deadline = 0, 100, time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(every)
        seed += 1
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", REPLACE, str(ws_path), str(seed), str(customers), cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        if proc.returncode == 0:
            done += 1
        else:
            errors.append(f"replacement failed: {err.decode()[-300:]}")
    stop.set()
    return done


async def _drive(url: str, ws_path: Path, sessions: int, seconds: float, customers: int, every: float,
                 timings: list[tuple[str, float]], errors: list[str]) -> int:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        stop = asyncio.Event()
        users_ = [asyncio.create_task(session(browser, url, stop, timings, errors)) for _ in range(sessions)]
        replaced = await _replace(ws_path, customers, seconds, every, stop, errors)
        await asyncio.gather(*users_)
        await browser.close()
    return replaced


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(sessions: int, seconds: float, customers: int, replace_every: float
        ) -> tuple[list[tuple[str, float]], list[str], int]:
    """Serve a fresh demo, drive `sessions` browser contexts of one Chromium for `seconds` while the
    orders are replaced; return (timings by kind, errors, number of replacements)."""
    timings: list[tuple[str, float]] = []
    errors: list[str] = []
    with TemporaryDirectory() as tmp:
        ws_path = Path(tmp) / "ws"
        ws = Workspace(ws_path)
        demo.load_into(ws, customers=customers)
        users.add(ws, Viewer.system(), USERNAME, "analyst", password=PASSWORD)
        ws.close()
        with harness.streamlit_server(ws_path) as url:
            # A thread of its own: the caller may already run an event loop (Playwright's sync API in tests).
            result: list[int] = []
            driver = threading.Thread(target=lambda: result.append(asyncio.run(
                _drive(url, ws_path, sessions, seconds, customers, replace_every, timings, errors))))
            driver.start()
            driver.join()
    return timings, errors, result[0] if result else 0


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
