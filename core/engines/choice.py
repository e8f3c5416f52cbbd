"""The build engine a workspace is set to, and the Spark Connect address it reaches: the workspace settings
(`meta/engine.json`, changed by an admin from the dashboard's «Источники данных» page, under a lock, audited)
beneath the operator's environment, which wins.

$KB_BUILD_ENGINE and $KB_SPARK_REMOTE are how whoever runs the server pins the engine for every build of the
process (a cluster's address is an operator's fact, and the same process may serve several admins): when one
is set, the workspace setting of that part is kept but not used, and the page shows the part as fixed by the
environment. $KB_SPARK_REMOTE alone means spark, as it always did. The command line's `--engine` and
`--spark-remote` set the same variables for one command (`core.engines.chosen`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from core.access import Viewer
from core.store import JsonStore
from core.workspace import LocalizedError, META_DIR, Workspace

SETTINGS_FILE = "engine.json"
ENV_ENGINE = "KB_BUILD_ENGINE"
ENV_REMOTE = "KB_SPARK_REMOTE"
ENGINES: tuple[str, ...] = ("duckdb", "spark")
# sc://host, sc://host:port, sc://[::1]:port, with Spark Connect's `/;name=value` parameters (a token, TLS)
_REMOTE_PATTERN = re.compile(r"sc://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(/(;[A-Za-z_]+=[^\s;'\"`\\]*)*)?")

_SECRET = re.compile(r"(;(?:token|password|secret)[A-Za-z_]*=)[^;]*", re.IGNORECASE)


class EngineSettingError(LocalizedError):
    """An engine setting that cannot be taken (unknown engine, malformed address, fixed by the environment,
    changed meanwhile by someone else)."""


@dataclass(frozen=True)
class EngineSetting:
    """The engine and address in force for a workspace's builds, and where each comes from."""

    engine: str
    remote: str | None
    engine_fixed: bool  # set by the environment (the workspace setting is not used)
    remote_fixed: bool
    stored_engine: str | None = None  # what the workspace settings hold
    stored_remote: str | None = None

    @property
    def stored(self) -> tuple[str | None, str | None]:
        """The workspace settings' (engine, remote): what a change from the page expects to replace."""
        return self.stored_engine, self.stored_remote


def _store(root: Path) -> JsonStore:
    return JsonStore(root / META_DIR / SETTINGS_FILE)


def _root(ws: Workspace | Path | None) -> Path | None:
    return ws.path if isinstance(ws, Workspace) else ws


def _read(root: Path | None) -> tuple[str | None, str | None]:
    """The stored (engine, remote); a hand-edited file with odd values reads as unset (checked again at use)."""
    if root is None:
        return None, None
    document = _store(root).read()
    if not isinstance(document, dict):
        return None, None
    engine, remote = document.get("engine"), document.get("remote")
    return (engine if isinstance(engine, str) else None), (remote if isinstance(remote, str) and remote else None)


def current(ws: Workspace | Path | None = None) -> EngineSetting:
    """The engine and Spark Connect address in force: the environment's where set, else the workspace
    settings of `ws` (a workspace or its folder), else duckdb without an address."""
    env_engine = (os.environ.get(ENV_ENGINE) or "").strip().lower() or None
    env_remote = os.environ.get(ENV_REMOTE) or None
    stored_engine, stored_remote = _read(_root(ws))
    engine = env_engine or ("spark" if env_remote else None) or stored_engine or "duckdb"
    return EngineSetting(engine=engine, remote=env_remote or stored_remote,
                         engine_fixed=bool(env_engine or env_remote), remote_fixed=bool(env_remote),
                         stored_engine=stored_engine, stored_remote=stored_remote)


def masked(address: str | None) -> str:
    """The address for a log or a listing: the values of secret parameters (`;token=…`) hidden."""
    return _SECRET.sub(r"\1***", address or "-")


def check_remote(address: str) -> str:
    """`address` when it reads as a Spark Connect address (sc://host[:port][/;param=value…]); else refused."""
    if not _REMOTE_PATTERN.fullmatch(address):
        raise EngineSettingError("engine.spark.bad_remote", remote=address)
    return address


def set_engine(ws: Workspace, viewer: Viewer, engine: str, remote: str | None,
               expected: tuple[str | None, str | None]) -> EngineSetting:
    """Set the workspace's build engine and Spark Connect address (None or blank: none). Admins only; checked,
    locked, audited. `expected` is the stored (engine, remote) the change was made from: when someone else
    changed them meanwhile nothing is written (EngineSettingError says what is stored now). A part fixed by the
    environment cannot be changed here. Spark needs an address (here or in the environment). Does not check
    that the server answers: `core.engines.check` does, before a build."""
    from core import audit

    if not viewer.can("admin"):
        raise PermissionError("only an admin changes the build engine")
    engine = engine.strip().lower()
    if engine not in ENGINES:
        raise EngineSettingError("engine.unknown", engine=engine, engines=", ".join(ENGINES))
    remote = (remote or "").strip() or None
    if remote is not None:
        check_remote(remote)
    now = current(ws)
    if now.engine_fixed and engine != (now.stored_engine or "duckdb"):
        raise EngineSettingError("engine.setting.engine_fixed", engine=now.engine)
    if now.remote_fixed and remote != now.stored_remote:
        raise EngineSettingError("engine.setting.remote_fixed", variable=ENV_REMOTE, remote=now.remote or "")
    if engine == "spark" and remote is None and not now.remote_fixed:
        raise EngineSettingError("engine.setting.no_remote")

    def change(document: object) -> dict:
        document = document if isinstance(document, dict) else {}
        stored = (document.get("engine"), document.get("remote") or None)
        if stored != tuple(expected):
            raise EngineSettingError("engine.setting.changed_meanwhile", engine=stored[0] or "duckdb",
                                     remote=stored[1] or "—")
        document["engine"] = engine
        if remote is None:
            document.pop("remote", None)
        else:
            document["remote"] = remote
        return document

    if (engine, remote) != tuple(expected):
        _store(ws.path).update(change)
        audit.record(ws, viewer, "engine_setting", f"engine: {engine}; remote: {masked(remote)}")
    return current(ws)
