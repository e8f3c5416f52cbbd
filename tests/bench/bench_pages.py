"""Benchmark (a plain script, not collected by pytest): how long each page takes to show, in Chromium.

    python tests/bench/bench_pages.py --workspace PATH [--code CHECKOUT ...] [--restart] [--json OUT.json]
        [--beside EARLIER.json ...]

Serves `Home.py` of each checkout named by `--code` (default: this one; name two to run two versions of the
code side by side on the same workspace, one after the other) on the workspace at PATH, signs in as an
administrator (the account `bench`, created or given a fresh password in the workspace; `--user` and
`--password` to use another) and times, in one Chromium tab with the Russian locale:

- sign-in: from the click on «Войти» to the overview drawn (its cards on screen);
- the first view of every page in the sidebar, in order, in the default context (latest analysis date,
  default period and thresholds): from the click on the page's sidebar link;
- a later visit of every page (the same tour again, same session);
- the overview at another analysis date (`--other-date`, default 91 days before the default one), typed
  into the sidebar's «Дата анализа» (timed from the Escape that closes its calendar, followed by a click
  beside it: the field takes the date when it loses the focus), and whether a progress indicator was seen
  meanwhile (the app's own spinner, progress bar or status block; Streamlit's running indicator is
  reported apart);
- with `--restart`: the server is stopped and started again, and sign-in and every first view are timed
  again in a fresh browser context (what the first visitor after a deployment sees).

«The last change on screen», which ends each timing: a MutationObserver, installed before the app loads,
watches the whole document (elements added or removed, attributes, text) and notes the time of the latest
change, except changes inside a canvas (its fallback content is never drawn: the data grid keeps an
accessibility copy of each table there, written some 200 ms after the table is drawn). A step is over when (1) Streamlit has started a script run after the action (the app root's
`data-test-script-state` became `running`; for a page switch, the address changed and the page changed
after the click will do, as a short run may come and go unseen, but then the quiet below must last 2 s),
(2) the run is over (`notRunning`) and Streamlit's running indicator (`stStatusWidget`) is gone, and (3)
nothing on the page has changed for 500 ms. The figure is the time from the action (the click, or the
Escape that closes the date's calendar) to the last change noted, so the quiet is not counted. Timed in the
page's own clock (`performance.now()`).

Prints the machine (cores, memory, load average before and after), each checkout's commit, and a table of
figures in seconds with one column per checkout. `--json` writes the same figures; `--beside` prints the
runs of earlier JSON files beside this one's (to keep each locked run short: one checkout per run). Hold the shared lock
when running it: `flock /tmp/kb-heavy.lock python tests/bench/bench_pages.py ...`.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser import harness  # noqa: E402

USERNAME, PASSWORD = "bench", "bench-pages-password-1"
QUIET_MS = 500
TIMEOUT_MS = 300_000
# The app's own progress indicators, as Streamlit marks them.
PROGRESS_IDS = ("stSpinner", "stProgress", "stStatus", "stExpanderIconSpinner")

OBSERVER = """
(() => {
  window.__kbLast = performance.now(); window.__kbRan = -1; window.__kbStart = 0; window.__kbSeen = {};
  window.__kbFrom = null;
  window.__kbWhat = '';
  const ids = %s;
  const watch = () => {
    new MutationObserver((records) => {
      const now = performance.now();
      // Inside a canvas is its fallback content, never on screen: the data grid's accessibility copy of a
      // table, written some 200 ms after the grid is drawn, is not a change anyone sees.
      const inCanvas = (r) => {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        return el !== null && el.closest('canvas') !== null;
      };
      const state = records.some((r) => r.attributeName === 'data-test-script-state');
      if (!state && records.every(inCanvas)) return;
      window.__kbLast = now;
      const target = records[records.length - 1].target;
      const el = target.nodeType === 1 ? target : target.parentElement;
      const marked = el && el.closest ? el.closest('[data-testid]') : null;
      window.__kbWhat = marked ? marked.getAttribute('data-testid') : (el ? el.tagName : '');
      // A run may start and end within one batch of records: its start is an old or a new value of the state.
      for (const r of records) {
        if (r.attributeName === 'data-test-script-state'
            && (r.oldValue === 'running' || r.target.getAttribute(r.attributeName) === 'running')) window.__kbRan = now;
      }
      for (const id of ids) if (document.querySelector(`[data-testid="${id}"]`)) window.__kbSeen[id] = true;
      if (document.querySelector('[data-testid="stStatusWidget"]')) window.__kbSeen.stStatusWidget = true;
    }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                                         characterData: true});
  };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();
""" % json.dumps(PROGRESS_IDS)

# A page switch whose run was not seen must stay quiet longer (a run slow to start is not taken for the end).
UNSEEN_RUN_QUIET_MS = 2_000
SETTLED = f"""() => {{
  const app = document.querySelector('[data-testid="stApp"]');
  const quiet = performance.now() - window.__kbLast;
  const moved = window.__kbFrom !== null && location.pathname !== window.__kbFrom && window.__kbLast > window.__kbStart;
  return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stStatusWidget"]') === null
    && ((window.__kbRan >= window.__kbStart && quiet >= {QUIET_MS}) || (moved && quiet >= {UNSEEN_RUN_QUIET_MS}));
}}"""


@dataclass
class Step:
    """One timed step: what, seconds to the last change on screen, and what was noticed."""

    name: str
    seconds: float | None
    progress_seen: bool = False
    running_indicator_seen: bool = False
    last_change: str = ""
    problem: str = ""


@dataclass
class Run:
    """Every step timed with one checkout of the code."""

    code: str
    commit: str
    steps: list[Step] = field(default_factory=list)


def _begin(tab, page_switch: bool = False) -> None:
    tab.evaluate("(pageSwitch) => { window.__kbStart = performance.now(); window.__kbSeen = {};"
                 " window.__kbFrom = pageSwitch ? location.pathname : null; }", page_switch)


def _finish(tab, name: str, timeout: float) -> Step:
    """Wait for the end of the step (see the module's docstring) and read its figures."""
    try:
        tab.wait_for_function(SETTLED, timeout=timeout, polling=100)
    except Exception as exc:  # noqa: BLE001 - reported in the table, the tour goes on
        state = tab.evaluate("""() => ({since_start: performance.now() - window.__kbStart,
            run_seen: window.__kbRan >= window.__kbStart, quiet: performance.now() - window.__kbLast,
            last_change: window.__kbWhat, status_widget: !!document.querySelector('[data-testid="stStatusWidget"]'),
            state: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state')})""")
        return Step(name, None, problem=f"not settled within {timeout / 1000:.0f} s ({state}): "
                                        f"{str(exc).splitlines()[0][:100]}")
    got = tab.evaluate("() => ({last: window.__kbLast, start: window.__kbStart, seen: window.__kbSeen,"
                       " what: window.__kbWhat})")
    errors = [e.inner_text()[:200] for e in tab.query_selector_all('[data-testid="stException"]')]
    return Step(name, (got["last"] - got["start"]) / 1000, progress_seen=any(got["seen"].get(i) for i in PROGRESS_IDS),
                running_indicator_seen=bool(got["seen"].get("stStatusWidget")), last_change=got["what"],
                problem="; ".join(errors))


def sign_in(tab, url: str, username: str, password: str, timeout: float) -> Step:
    """Open the app, fill the login form, time from the click on «Войти» to the overview drawn."""
    tab.goto(url, timeout=timeout)
    harness.wait_for_app(tab, timeout=timeout)
    form = tab.get_by_test_id("stForm")
    form.get_by_label("Имя пользователя").fill(username)
    form.get_by_label("Пароль", exact=True).fill(password)
    _begin(tab)
    form.get_by_role("button", name="Войти").click()
    step = _finish(tab, "sign-in → overview drawn", timeout)
    if step.seconds is not None and tab.get_by_test_id("stMetric").count() == 0:
        step.problem = (step.problem + "; " if step.problem else "") + "no overview cards on screen"
    return step


def sidebar_pages(tab) -> list[tuple[str, str]]:
    """(href, title) of every link in the sidebar's navigation, in menu order (expanded first if folded)."""
    more = tab.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and "less" not in more.inner_text().lower() and "меньше" not in more.inner_text().lower():
        more.click()
        tab.wait_for_timeout(300)
    links = tab.locator('[data-testid="stSidebarNav"] a')
    # A link's text is its icon's name (a ligature), then its title.
    return [(links.nth(i).get_attribute("href"), links.nth(i).inner_text().strip().splitlines()[-1])
            for i in range(links.count())]


def visit(tab, href: str, name: str, timeout: float) -> Step:
    """Click the page's sidebar link; time to the last change on screen."""
    sidebar_pages(tab)  # the link may be folded away
    link = tab.locator(f'[data-testid="stSidebarNav"] a[href="{href}"]')
    _begin(tab, page_switch=True)
    link.click()
    return _finish(tab, name, timeout)


def other_date(tab, overview_href: str, when: dt.date | None, timeout: float) -> Step:
    """On the overview, type another analysis date into the sidebar and time the overview's redraw."""
    if urlsplit(tab.url).path != urlsplit(overview_href).path:
        visit(tab, overview_href, "back to the overview", timeout)
    field_ = tab.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').first
    # Streamlit's date field: one spin button per part (day, month, year, in the locale's order); the
    # hidden input holds the value as YYYY-MM-DD.
    current = dt.date.fromisoformat(field_.locator("input").first.input_value().strip())
    when = when or current - dt.timedelta(days=91)
    parts = {"day": f"{when.day:02d}", "month": f"{when.month:02d}", "year": f"{when.year:04d}"}
    spins = field_.locator('[role="spinbutton"]')
    order = [spins.nth(i).get_attribute("data-type") for i in range(spins.count())]
    spins.first.click()
    for kind in order:
        tab.keyboard.type(parts[kind])
    # The field takes the date when the calendar closes and the focus leaves it: timed from there.
    _begin(tab)
    tab.keyboard.press("Escape")
    tab.locator('[data-testid="stMainBlockContainer"] h1').first.click()
    step = _finish(tab, f"overview at another date ({when:%d.%m.%Y})", timeout)
    shown = field_.locator("input").first.input_value().strip()
    if shown != when.isoformat():
        step.problem = (step.problem + "; " if step.problem else "") + f"the date field holds {shown!r}"
    return step


def tour(browser, url: str, args: argparse.Namespace, later: bool, prefix: str = "") -> list[Step]:
    """Sign in, first view of every page, then (if `later`) a later visit of each and another date."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    context.add_init_script(OBSERVER)
    tab = context.new_page()
    timeout = args.timeout * 1000
    try:
        steps = [sign_in(tab, url, args.user, args.password, timeout)]
        pages = sidebar_pages(tab)
        overview_href, others = pages[0][0], pages[1:]
        if args.only_other_date:
            later, others, pages = True, [], []
        for href, title in others:
            steps.append(visit(tab, href, f"first view: {title}", timeout))
            print(f"  {prefix}{steps[-1].name}: {_fmt(steps[-1])} {steps[-1].problem}", flush=True)
        if later:
            for href, title in pages:
                steps.append(visit(tab, href, f"later visit: {title}", timeout))
                print(f"  {prefix}{steps[-1].name}: {_fmt(steps[-1])} {steps[-1].problem}", flush=True)
            steps.append(other_date(tab, overview_href, args.other_date, timeout))
        for step in steps:
            step.name = prefix + step.name
        return steps
    finally:
        context.close()


def _fmt(step: Step) -> str:
    return "—" if step.seconds is None else f"{step.seconds:.2f}"


def _commit(code: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(code), "log", "-1", "--format=%h %cs %s"], capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out[:70]


def _python(code: Path) -> str:
    own = code / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def ensure_account(workspace: Path, username: str = USERNAME, password: str = PASSWORD, role: str = "admin") -> None:
    """Give the workspace the account `username` (default: the benchmark's administrator `bench`) with `role`
    and `password`."""
    from core import users
    from core.access import Viewer
    from core.workspace import Workspace

    ws = Workspace(workspace)
    try:
        if users.get(ws, username) is None:
            users.add(ws, Viewer.system(), username, role, password=password)
        else:
            users.reset_password(ws, Viewer.system(), username, password)
    finally:
        ws.close()


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "load_before": [round(x, 2) for x in os.getloadavg()],
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}


def run_code(browser, code: Path, args: argparse.Namespace) -> Run:
    """Every step with the checkout at `code`, on a freshly started server."""
    run = Run(str(code), _commit(code))
    env = {"KB_MEMORY_LIMIT": args.memory_limit} if args.memory_limit else {}
    log = Path(args.log_dir) / f"streamlit-{code.name}.log"
    print(f"{code}: {run.commit}", flush=True)
    with harness.streamlit_server(args.workspace, env=env, root=code, python=_python(code), log_path=log,
                                  timeout=120) as url:
        run.steps += tour(browser, url, args, later=True)
    if args.restart:
        with harness.streamlit_server(args.workspace, env=env, root=code, python=_python(code), log_path=log,
                                      timeout=120) as url:
            run.steps += tour(browser, url, args, later=False, prefix="after restart, ")
    return run


def table(runs: list[Run]) -> str:
    names: list[str] = []
    for run in runs:
        names += [s.name for s in run.steps if s.name not in names]
    width = max(len(n) for n in names) + 2
    head = f"{'seconds':<{width}}" + "".join(f"{Path(r.code).name[:11] + ' ' + r.commit[:7]:>20}" for r in runs)
    lines = [head]
    notes: list[str] = []
    for name in names:
        cells = []
        for run in runs:
            step = next((s for s in run.steps if s.name == name), None)
            cell = "" if step is None else _fmt(step)
            if step is not None and step.name.startswith("overview at another date"):
                cell += " (progress)" if step.progress_seen else " (no progress)"
            if step is not None and step.problem:
                cell += " !"
                notes.append(f"{Path(run.code).name}, {name}: {step.problem}")
            cells.append(f"{cell:>20}")
        lines.append(f"{name:<{width}}" + "".join(cells))
    return "\n".join(lines + [f"  ! {n}" for n in notes])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True, help="the workspace to serve")
    parser.add_argument("--code", type=Path, action="append",
                        help="a checkout of the code (repeat for side by side; default: this one)")
    parser.add_argument("--restart", action="store_true", help="also time sign-in and first views after a restart")
    parser.add_argument("--other-date", type=dt.date.fromisoformat, default=None,
                        help="the other analysis date (YYYY-MM-DD; default: 91 days before the default)")
    parser.add_argument("--only-other-date", action="store_true", help="time only sign-in and another date")
    parser.add_argument("--user", default=USERNAME)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--timeout", type=float, default=TIMEOUT_MS / 1000, help="seconds a step may take")
    parser.add_argument("--memory-limit", default=os.environ.get("KB_MEMORY_LIMIT"), help="KB_MEMORY_LIMIT of the server")
    parser.add_argument("--log-dir", default=None, help="where the servers' logs go (default: the workspace)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--beside", type=Path, action="append", default=[],
                        help="a JSON this script wrote earlier: its runs are printed beside this one's (a checkout "
                             "per locked run, each under 15 minutes, and the table side by side)")
    args = parser.parse_args()
    missing = harness.chromium_missing()
    if missing:
        print(f"cannot run: {missing}")
        return 1
    args.workspace = args.workspace.resolve()
    args.log_dir = args.log_dir or str(args.workspace)
    codes = [c.resolve() for c in (args.code or [ROOT])]
    if args.user == USERNAME:
        ensure_account(args.workspace)
    facts = machine()
    print(f"machine: {facts['cores']} cores, {facts['memory_gib']} GiB, Python {facts['python']}, "
          f"load average {facts['load_before']}; workspace {args.workspace}", flush=True)
    from playwright.sync_api import sync_playwright

    runs: list[Run] = []
    started = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        with contextlib.closing(browser):
            for code in codes:
                runs.append(run_code(browser, code, args))
    facts["load_after"] = [round(x, 2) for x in os.getloadavg()]
    facts["wall_seconds"] = round(time.perf_counter() - started)
    print()
    for run in runs:
        print(f"{Path(run.code).name}: {run.code} at {run.commit}")
    print(table(runs))
    print(f"load average after: {facts['load_after']}; wall {facts['wall_seconds']} s")
    if args.json:
        args.json.write_text(json.dumps({"machine": facts, "workspace": str(args.workspace), "runs": [
            {"code": r.code, "commit": r.commit, "steps": [s.__dict__ for s in r.steps]} for r in runs]},
            ensure_ascii=False, indent=1))
    if args.beside:
        earlier = []
        for path in args.beside:
            saved = json.loads(path.read_text())
            print(f"{path}: {saved['machine']['date']}, load {saved['machine']['load_before']} → "
                  f"{saved['machine'].get('load_after')}, workspace {saved['workspace']}")
            earlier += [Run(r["code"], r["commit"], [Step(**s) for s in r["steps"]]) for r in saved["runs"]]
        print(table(earlier + runs))
    return 0 if all(s.seconds is not None for r in runs for s in r.steps) else 1


if __name__ == "__main__":
    raise SystemExit(main())
