"""Streamlit glue of the «Источники данных» page: the engine form, one form per dataset's lake source, the check,
and the build from the sources with Spark's progress.

Every form shows what is stored now and remembers in the session what it showed (`_SHOWN`): a change is made
from that value, so an admin who saves after another admin's change is told so (core refuses under its lock)
instead of overwriting it. Its widgets' keys carry the stored value (and the language, which their labels are
in), so a change made elsewhere is shown afresh."""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from core import datasets, engines, fmt, text
from core.access import Viewer
from core.engines import choice, sources
from core.i18n import has, t
from core.workspace import LocalizedError, Workspace
from ui.i18n import lang, tr

NOTICE = "_sources_notice"
_SHOWN = "_sources_shown"
KINDS: tuple[str, ...] = ("files", "path", "table")


def _say(place: str, kind: str, message: str) -> None:
    """Show `message` at `place` (beside the form or button that made it) after the rerun the change makes."""
    st.session_state[NOTICE] = (place, kind, message)
    st.rerun()


def _notice(place: str) -> None:
    """What the last change made at `place` said, once."""
    found = st.session_state.get(NOTICE)
    if found and found[0] == place:
        del st.session_state[NOTICE]
        _, kind, message = found
        (st.success if kind == "success" else st.error)(message)


def _shown(name: str, now: Any) -> Any:
    """The value the form `name` showed at the previous run (`now` the first time); the next run's is `now`."""
    held = st.session_state.setdefault(_SHOWN, {})
    before = held.get(name, now)
    held[name] = now
    return before


def _error(exc: LocalizedError) -> str:
    """A refusal in the user's language, a dataset named as the upload page names it, as literal text."""
    dataset = exc.values.get("dataset")
    if dataset and has(f"upload.kind.{dataset}"):
        exc = type(exc)(exc.key, **{**exc.values, "dataset": tr(f"upload.kind.{dataset}")})
    return text.md(exc.message(lang()))


def engine_name(engine: str) -> str:
    return tr(f"engine.name.{engine}") if has(f"engine.name.{engine}") else engine


def engine_form(ws: Workspace, viewer: Viewer) -> choice.EngineSetting:
    """The engine and Spark Connect address: what is in force, a part fixed by the environment shown as such,
    a form to change the rest. Returns the setting in force."""
    st.subheader(tr("sources.engine.title"))
    now = choice.current(ws)
    shown = _shown("engine", now.stored)  # what the form showed when it was submitted
    key = f"engine_{abs(hash(now.stored))}_{lang()}"
    st.markdown(tr("sources.engine.now", engine=engine_name(now.engine)) + " "
                + (tr("sources.engine.remote_now", remote=text.md(choice.masked(now.remote))) if now.remote
                   else tr("sources.engine.no_remote")))
    fixed = [name for name in (choice.ENV_ENGINE, choice.ENV_REMOTE) if os.environ.get(name)]
    if fixed:
        st.info(tr("sources.engine.fixed", variables=", ".join(fixed)), icon=":material/lock:")
    with st.form("engine_form", border=True):
        engine = st.radio(tr("sources.engine.choice"), choice.ENGINES, horizontal=True, key=f"{key}_engine",
                          index=choice.ENGINES.index(now.engine if now.engine in choice.ENGINES else "duckdb"),
                          format_func=lambda e, language=lang(): t(f"engine.name.{e}", language),
                          disabled=now.engine_fixed)
        remote = st.text_input(tr("sources.engine.remote"), value=now.remote or "", key=f"{key}_remote",
                               placeholder="sc://spark-master:15002", help=tr("sources.engine.remote.help"),
                               disabled=now.remote_fixed)
        if st.form_submit_button(tr("sources.engine.save"), icon=":material/save:"):
            try:
                # a part fixed by the environment keeps what the workspace stores
                done = choice.set_engine(ws, viewer, (now.stored_engine or "duckdb") if now.engine_fixed else engine,
                                         now.stored_remote if now.remote_fixed else remote, expected=shown)
            except LocalizedError as exc:
                _say("engine", "error", _error(exc))
            else:
                _say("engine", "success", tr("sources.engine.saved", engine=engine_name(done.engine)))
    _notice("engine")
    return now


def _source_kind(source: sources.Source | None) -> str:
    return "files" if source is None else ("path" if source.path is not None else "table")


def source_forms(ws: Workspace, viewer: Viewer, engine: str) -> None:
    """One form per dataset: read it from the workspace's files, a path or a catalog table."""
    st.subheader(tr("sources.lake.title"))
    st.caption(tr("sources.lake.intro"))
    if engine == "duckdb":
        st.info(tr("sources.lake.duckdb_note"), icon=":material/info:")
    grid = st.columns(2)
    for i, kind in enumerate(datasets.DATASETS):
        label = tr(f"upload.kind.{kind}")
        with grid[i % 2].form(f"source_{kind}", border=True):
            st.markdown(f"**{text.md(label)}**")
            try:
                now = sources.source(ws, kind)
            except sources.SourceError as exc:  # a damaged entry: said, and set again from here
                st.warning(_error(exc))
                now = None
            shown = _shown(f"source_{kind}", now)  # what the form showed when it was submitted
            key = f"source_{kind}_{abs(hash(now))}_{lang()}"
            st.caption(tr("sources.lake.now", source=text.md(
                now.describe() if now else tr("sources.lake.kind.files"))))
            chosen = st.radio(tr("sources.lake.kind"), KINDS, horizontal=True, index=KINDS.index(_source_kind(now)),
                              format_func=lambda k, language=lang(): t(f"sources.lake.kind.{k}", language),
                              key=f"{key}_kind")
            value = st.text_input(tr("sources.lake.value"), key=f"{key}_value",
                                  value=(now.path or now.table or "") if now else "",
                                  placeholder=f"s3a://bucket/{kind}/ · db.{kind}",
                                  help=tr("sources.lake.value.help", schemes=", ".join(s + "://" for s in sources.SCHEMES)))
            if st.form_submit_button(tr("sources.lake.save"), icon=":material/save:", key=f"source_save_{kind}"):
                _save_source(ws, viewer, kind, label, chosen, value.strip(), shown)
            _notice(f"source_{kind}")


def _save_source(ws: Workspace, viewer: Viewer, kind: str, label: str, chosen: str, value: str,
                 expected: sources.Source | None) -> None:
    place = f"source_{kind}"
    if chosen != "files" and not value:
        _say(place, "error", tr("sources.lake.empty_value", dataset=text.md(label)))
    try:
        done = sources.set_source(ws, viewer, kind, path=value if chosen == "path" else None,
                                  table=value if chosen == "table" else None, expected=expected)
    except LocalizedError as exc:
        _say(place, "error", _error(exc))
    else:
        _say(place, "success", tr("sources.lake.saved", dataset=text.md(label), source=text.md(
            done.describe() if done else tr("sources.lake.kind.files"))))


def check_section(ws: Workspace) -> None:
    """The check before a build: a message per problem, or that all is ready."""
    st.subheader(tr("sources.check.title"), help=tr("sources.check.help"))
    if not st.button(tr("sources.check.run"), icon=":material/fact_check:"):
        return
    setting = choice.current(ws)
    with st.spinner(tr("sources.check.running"), show_time=True):
        problems = engines.check(ws)
    if problems:
        st.error(tr("sources.check.problems", count=len(problems)))
        for problem in problems:
            st.error(_error(problem))
    elif setting.remote:
        lake = sources.sources(ws)
        st.success(tr("sources.check.ok", remote=text.md(setting.remote), count=len(lake)))
    else:
        st.info(tr("sources.check.duckdb"))


def built_by(ws: Workspace) -> None:
    """Which engine built the generation in force, and from which sources."""
    generation, engine = engines.generation_engine(ws)
    st.markdown(tr("engine.built_by", generation=generation, engine=engine_name(engine)))
    read = engines.lake_sources_of(ws, generation)
    if read:
        st.caption(tr("sources.build.from", sources=text.md(
            "; ".join(f"{tr(f'upload.kind.{k}')} ← {s}" for k, s in read.items()))))
    else:
        st.caption(tr("sources.build.from_files"))


def build_section(ws: Workspace, viewer: Viewer, engine: str) -> None:
    """The generation in force, and the build from the sources with its steps as they run."""
    st.subheader(tr("sources.build.title"))
    built_by(ws)
    _notice("build")
    if not st.button(tr("sources.build.run"), type="primary", icon=":material/play_arrow:",
                     help=tr("sources.build.help")):
        return
    box = st.status(tr("sources.build.running", engine=engine_name(engine)), expanded=True)
    bar = box.progress(0.0)

    def reporter(key: str) -> Callable[[int, int, str], None]:
        def report(i: int, n: int, step: str) -> None:
            name = tr(f"build.step.{step}") if has(f"build.step.{step}") else step
            bar.progress(i / n if n else 1.0, text=tr(key, i=min(i + 1, n), n=n, step=name) if step else "")
        return report

    started = time.monotonic()
    try:
        generation = engines.build_from_sources(ws, viewer, progress=reporter("sources.build.step"),
                                                spark_progress=reporter("sources.build.spark_step"))
    except LocalizedError as exc:
        box.update(label=tr("sources.build.failed"), state="error", expanded=True)
        st.error(_error(exc))
        return
    _, built = engines.generation_engine(ws, generation)
    _say("build", "success", tr("sources.build.done", generation=generation, engine=engine_name(built),
                       seconds=fmt.number(time.monotonic() - started, 1)))
