"""Load run: many real browser sessions switch pages and move sliders while the orders are replaced.

Not a test (pytest does not collect it): run `python tests/bench/load_sessions.py [--sessions 10]
[--seconds 90] [--customers 20000]`. It serves the app on a free loopback port over a fresh demo
workspace, opens N contexts of one Chromium that sign in and then go through every page the way a
user does (the sidebar's links, in one session), moving the first slider where there is one, while
a second process replaces the orders dataset every few seconds, as an analyst's upload would.

Old or new, never a mix: on the overview every session reads the data version in the sidebar and the
revenue card; each replacement reports the revenue its version must show for the sessions' period, and
every reading must match the version it names. After the last replacement the sessions go on until one
of them has read the last version (at most CATCH_UP_SECONDS): new data must reach the pages. It prints the latency of every page switch and slider
move (median and 95th percentile), the replacements, the versions seen, and every error, exception
element or mismatch.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core import build, demo, overview, sql, users  # noqa: E402, F401 - build: the engine of the generations
from core.segments import rules  # noqa: E402
from core.access import Viewer  # noqa: E402
from core.context import QueryContext, Thresholds, default_period  # noqa: E402
from core.workspace import Workspace  # noqa: E402
from tests.browser import harness  # noqa: E402
from ui.nav import PAGES, pages_for  # noqa: E402

USERNAME, PASSWORD = "analyst", "load-run-password"

REPLACE = (
    "import sys, json, datetime as dt; from core import build, demo; from core.workspace import Workspace;"
    "from tests.bench.load_sessions import revenue_shown;"
    "ws = Workspace(sys.argv[1]); seed = int(sys.argv[2]);"
    "orders = demo.generate(customers=int(sys.argv[3]), seed=seed)['orders'];"
    "p = ws.staging_file('orders'); orders.write_parquet(p); g = ws.publish({'orders': [p]});"
    "print(json.dumps({'generation': g, 'revenue': revenue_shown(ws, g, dt.date.fromisoformat(sys.argv[4]))}))"
)
MAIN_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"]:not([data-test-script-state="notRunning"])'
TIMEOUT_MS = 120_000
SLIDER = '[data-testid="stMainBlockContainer"] [data-testid="stSlider"] input[type="range"]'
VERSION_RE = re.compile(r"Версия данных № (\d+)")
REVENUE_LABEL = "Выручка за период"


@dataclass
class Run:
    """What the sessions and the replacements saw."""

    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: list[tuple[int, str]] = field(default_factory=list)  # (data version, revenue card) on the overview
    expected: dict[int, str] = field(default_factory=dict)  # data version -> the revenue card it must show
    replacements: int = 0
    stopped_at: float | None = None  # time.monotonic() when the replacements ended

    def mismatches(self) -> list[str]:
        """Every overview whose revenue card is not the one of the data version it names."""
        return [f"version {version}: revenue card {shown!r}, that version's revenue {self.expected[version]!r}"
                for version, shown in self.seen if version in self.expected and self.expected[version] != shown]


def revenue_shown(ws: Workspace, generation: int, as_of: dt.date) -> str:
    """The overview's revenue card for the sessions' view (analysis date `as_of`, the last 90 days) on `generation`."""
    start, end = default_period(as_of)
    ctx = QueryContext(as_of=as_of, start=start, end=end, thresholds=Thresholds(),
                       viewer=Viewer(USERNAME, "analyst"), generation=generation)
    card = next(c for c in overview.cards(overview.kpi_series(ws, ctx)) if c["kpi"].key == "revenue")
    return overview.format_value("money", card["value"], "ru")


# Sessions sign in through a shared link to this segment, so the builder has a range slider to move.
SEGMENT_LINK = "segments?segment=" + rules.encode_link(
    rules.parse({"all": [{"field": "recency_days", "op": "between", "value": [0, 365]}]}))


def url_paths(overview_every: int = 3) -> list[str]:
    """The URL path of every page an analyst may open (the default page is the root), back to the
    overview after every `overview_every` other pages, as an executive's tour goes."""
    allowed = {p.path for p in pages_for(Viewer(USERNAME, "analyst"))}
    others = [Path(p.path).stem for p in PAGES if p.path in allowed and not p.default and "upload" not in p.path]
    tour: list[str] = []
    for i, path in enumerate(others):
        if i % overview_every == 0:
            tour.append("")
        tour.append(path)
    return tour


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
    await form.get_by_label("Пароль", exact=True).fill(PASSWORD)
    await form.get_by_role("button", name="Войти").click()
    await page.get_by_role("button", name="Выйти", exact=True).wait_for(timeout=TIMEOUT_MS)
    await _settled(page)


async def _read_overview(page, run: Run) -> None:
    """Note the data version the sidebar names and the revenue card beside it (once the run is over)."""
    await page.get_by_test_id("stMetric").filter(has_text=REVENUE_LABEL).wait_for(timeout=TIMEOUT_MS)
    await _settled(page)
    sidebar = await page.get_by_test_id("stSidebar").inner_text()
    found = VERSION_RE.search(sidebar)
    card = page.get_by_test_id("stMetric").filter(has_text=REVENUE_LABEL)
    cards = await card.count()
    if found is None or cards != 1:
        run.errors.append(f"overview with data version {found and found.group(1)} and {cards} revenue cards: "
                          f"{sidebar[-200:]!r}")
        return
    run.seen.append((int(found.group(1)), (await card.get_by_test_id("stMetricValue").inner_text()).strip()))


CATCH_UP_SECONDS = 90.0


def _caught_up(run: Run) -> bool:
    """After the replacements: the sessions go on until an overview showed the last version published (a
    server under load may serve it some seconds after its publish), or CATCH_UP_SECONDS have passed."""
    newest = max(run.expected, default=None)
    return (newest is None or any(v >= newest for v, _ in run.seen)
            or time.monotonic() - (run.stopped_at or 0.0) > CATCH_UP_SECONDS)


async def session(browser, url: str, paths: list[str], signed_in: asyncio.Event, stop: asyncio.Event,
                  run: Run) -> None:
    """One user in its own browser context: sign in through a shared segment link (then set `signed_in`), go
    through the pages by the sidebar's links, move a slider where there is one, read the overview."""
    context = await browser.new_context(locale="ru-RU", viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    try:
        await _login(page, f"{url}/{SEGMENT_LINK}")
        signed_in.set()
        i = -1
        while not stop.is_set() or not _caught_up(run):
            i += 1
            path = paths[i % len(paths)]
            started = time.perf_counter()
            await page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
            await page.wait_for_url(re.compile(rf"^{re.escape(url)}/{path}(\?.*)?$"), timeout=TIMEOUT_MS)
            await _settled(page, after_action=True)
            run.timings.append(("page", time.perf_counter() - started))
            if path == "":
                await _read_overview(page, run)
            slider = await page.query_selector(SLIDER)
            if slider is not None:
                started = time.perf_counter()
                await slider.focus()
                await page.keyboard.press("ArrowRight")
                await _settled(page, after_action=True)
                run.timings.append(("slider", time.perf_counter() - started))
            found = [await e.inner_text() for e in await page.query_selector_all('[data-testid="stException"]')]
            if found:
                run.errors.append(f"/{path}: {found[0][:300]}")
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on with the other sessions
        run.errors.append(f"{repr(exc)[:300]} (at {page.url})")
    finally:
        signed_in.set()  # a session that failed does not hold the replacements back
        await context.close()


async def _replace(ws_path: Path, customers: int, seconds: float, every: float, as_of: dt.date,
                   signed_in: list[asyncio.Event], stop: asyncio.Event, run: Run) -> None:
    """Replace the orders from a second process every `every` seconds for `seconds`, counted from the moment
    every session has signed in (so each starts on the first version)."""
    await asyncio.gather(*(event.wait() for event in signed_in))
    seed, deadline = 100, time.monotonic() + seconds
    if every <= 0:  # reading only: no replacement
        await asyncio.sleep(seconds)
    while every > 0 and time.monotonic() < deadline:
        await asyncio.sleep(every)
        seed += 1
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", REPLACE, str(ws_path), str(seed), str(customers), as_of.isoformat(), cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
        if proc.returncode == 0:
            report = json.loads(out.decode().strip().splitlines()[-1])
            run.expected[report["generation"]] = report["revenue"]
            run.replacements += 1
        else:
            run.errors.append(f"replacement failed: {err.decode()[-300:]}")
    run.stopped_at = time.monotonic()
    stop.set()


async def _drive(url: str, ws_path: Path, paths: list[str], sessions: int, seconds: float, customers: int,
                 every: float, as_of: dt.date, run: Run) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        stop, signed_in = asyncio.Event(), [asyncio.Event() for _ in range(sessions)]
        users_ = [asyncio.create_task(session(browser, url, paths, event, stop, run)) for event in signed_in]
        await _replace(ws_path, customers, seconds, every, as_of, signed_in, stop, run)
        await asyncio.gather(*users_)
        await browser.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(sessions: int, seconds: float, customers: int, replace_every: float, paths: list[str] | None = None,
        workspace: Path | None = None, code: Path = ROOT) -> Run:
    """Serve a fresh demo, drive `sessions` browser contexts of one Chromium for `seconds` while the
    orders are replaced; return what they saw. `paths`: the pages to go through (default: all an analyst has).

    `workspace`: serve this existing workspace instead (its data as it is: `replace_every` 0, no replacement;
    the account of the run is added to it); `code`: the checkout whose Home.py is served (run by its .venv)."""
    from tests.bench.bench_pages import ensure_account

    result = Run()
    with TemporaryDirectory() as tmp:
        ws_path = workspace or Path(tmp) / "ws"
        if workspace is None:
            fresh = Workspace(ws_path)
            demo.load_into(fresh, customers=customers)
            fresh.close()
        ensure_account(ws_path, USERNAME, PASSWORD, "analyst")
        ws = Workspace(ws_path)
        generation = ws.generation()
        with ws.reading(generation) as cur:
            as_of = sql.default_as_of(cur)
        result.expected[generation] = revenue_shown(ws, generation, as_of)
        ws.close()
        python = code / ".venv" / "bin" / "python"
        with harness.streamlit_server(ws_path, root=code, python=str(python) if python.exists() else sys.executable,
                                      log_path=Path(tmp) / "streamlit.log", timeout=300) as url:
            # A thread of its own: the caller may already run an event loop (Playwright's sync API in tests).
            driver = threading.Thread(target=lambda: asyncio.run(
                _drive(url, ws_path, paths or url_paths(), sessions, seconds, customers, replace_every, as_of, result)))
            driver.start()
            driver.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--replace-every", type=float, default=10, help="seconds; 0: no replacement")
    parser.add_argument("--workspace", type=Path, help="serve this workspace as it is (no replacement)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    args = parser.parse_args()
    if args.workspace is not None:
        args.replace_every = 0
    missing = harness.chromium_missing()
    if missing:
        print(f"cannot run: {missing}")
        return 1
    started = time.perf_counter()
    result = run(args.sessions, args.seconds, args.customers, args.replace_every, workspace=args.workspace,
                 code=args.code.resolve())
    for kind in ("page", "slider"):
        values = [t for k, t in result.timings if k == kind]
        if values:
            print(f"{kind:6}  n={len(values):4}  median={statistics.median(values) * 1000:7.0f} ms  "
                  f"p95={percentile(values, 0.95) * 1000:7.0f} ms  max={max(values) * 1000:7.0f} ms")
    versions = sorted({v for v, _ in result.seen})
    problems = result.errors + result.mismatches()
    served = f"workspace={args.workspace}" if args.workspace else f"customers={args.customers}"
    print(f"sessions={args.sessions} seconds={args.seconds:.0f} {served} code={args.code} "
          f"replacements={result.replacements} overviews read={len(result.seen)} versions seen={versions} "
          f"mismatches={len(result.mismatches())} errors={len(result.errors)} "
          f"wall={time.perf_counter() - started:.0f} s load average={os.getloadavg()[0]:.1f}")
    for problem in problems[:20]:
        print("  problem:", problem)
    return 0 if not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
