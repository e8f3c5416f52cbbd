"""Stored results: what a page shows, computed once per version of the data and context, read many times.

A result is the value of a core function `fn(ws, ctx, *args, **kwargs)`. It is stored in the workspace
(`results/<generation>_<layout>_<code>/`) under a key made of the function, the context's analysis date,
period and thresholds, the viewer's scope, the arguments and the language, and every later request for
the same key reads it back: in this process, in another session, after a restart. The folder of a
generation goes with it (`prune`), and so does everything when the product's code changes (the code's
hash is part of the folder's name), so a stored result is never one an older version computed.

Two kinds of entries:
- `default`: the default context's results, computed by the build (`core/warm.py`) before the pages
  see the generation; kept as long as the generation.
- `asked`: anything else (another date, period, threshold, a manager's scope), stored on its first
  request and kept within `max_bytes()` for all generations together, the least recently read going first.

Whom a result is for: a manager's results are their scope's (`manager_id` is part of every key). Within
the unscoped roles, a result depends on the viewer only when the function asked what the viewer may do
(`Viewer.can`, masking personal data): that is tracked while the function runs
(`core.access.consulted`), and a result that never asked is stored once for every unscoped role.

Values are stored without pickle: a tree of JSON with tags for dates, tuples, dataclasses of `core`,
NumPy arrays and Polars frames (Arrow IPC blobs after the JSON).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import functools
import hashlib
import importlib
import io
import json
import logging
import math
import os
import shutil
import struct
import threading
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from core import access, fmt, settings
from core.context import QueryContext
from core.workspace import Workspace, layout

log = logging.getLogger(__name__)

RESULTS_DIR = "results"
MAGIC = b"KBR1"
DEFAULT, ASKED = "default", "asked"
DEFAULT_MAX_MB = 2048
ENV_MAX_MB = "KB_RESULTS_MAX_MB"
_ANY = _ANY_ROLE = "*"
_evict_lock = threading.Lock()


class Unstorable(TypeError):
    """A value or argument the store cannot write or key (the call is then computed, not stored)."""


def max_bytes() -> int:
    """The size the `asked` entries of a workspace may take ($KB_RESULTS_MAX_MB, default 2 GB)."""
    raw = os.environ.get(ENV_MAX_MB, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 0) * 1024 * 1024)


@functools.cache
def code_version() -> str:
    """A short hash of the product's code and queries and of the libraries the values depend on."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1()
    for path in sorted([*root.joinpath("core").rglob("*.py"), *root.joinpath("queries").rglob("*.sql")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update(f"{pl.__version__} {np.__version__}".encode())
    return digest.hexdigest()[:10]


# ------------------------------------------------------------------------------------------------- keys
def _key_part(value: Any) -> Any:
    """A JSON form of an argument that identifies it (frames by a hash of their content)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return {"i": int(value)}
    if isinstance(value, float | np.floating):
        return {"f": repr(float(value))}
    if isinstance(value, decimal.Decimal):
        return {"dec": str(value)}
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, list | tuple):
        return {type(value).__name__: [_key_part(v) for v in value]}
    if isinstance(value, frozenset | set):
        return {"set": sorted(json.dumps(_key_part(v), sort_keys=True) for v in value)}
    if isinstance(value, dict):
        return {"dict": sorted([json.dumps(_key_part(k), sort_keys=True), _key_part(v)] for k, v in value.items())}
    if isinstance(value, pl.DataFrame):
        content = value.hash_rows(seed=7).sum() if value.height else 0
        return {"frame": [str(value.schema), value.height, int(content)]}
    if isinstance(value, pl.Series):
        return {"series": _key_part(value.to_frame())}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return {"dc": f"{cls.__module__}:{cls.__qualname__}",
                "fields": {f.name: _key_part(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise Unstorable(f"cannot key an argument of type {type(value).__name__}")


def _scope(viewer: access.Viewer, roles: str | None) -> list[Any]:
    return [roles if roles is not None else sorted(access.PERMISSIONS[viewer.role]),
            viewer.manager_id if viewer.is_scoped else None]


def _call_part(fn: Callable[..., Any], ctx: QueryContext, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
    """What identifies a call apart from whom and which language it is for (frame arguments hashed here, once)."""
    return {
        "fn": f"{fn.__module__}:{fn.__qualname__}",
        "as_of": ctx.as_of.isoformat(), "start": ctx.start.isoformat(), "end": ctx.end.isoformat(),
        "thresholds": _key_part(ctx.thresholds),
        "args": _key_part(tuple(args)), "kwargs": _key_part(dict(kwargs)),
    }


def _key_of(call: dict[str, Any], viewer: access.Viewer, lang: str, roles: str | None) -> str:
    body = {**call, "scope": _scope(viewer, roles), "lang": lang}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:40]


def key(fn: Callable[..., Any], ctx: QueryContext, args: tuple, kwargs: dict[str, Any], lang: str,
        roles: str | None = None) -> str:
    """The key of `fn(ws, ctx, *args, **kwargs)` in `lang` (or `"*"`: any language), for the viewer's
    permissions (or `roles`: `"*"`, any unscoped role)."""
    return _key_of(_call_part(fn, ctx, args, kwargs), ctx.viewer, lang, roles)


# --------------------------------------------------------------------------------------------- values
def encode(value: Any) -> bytes:
    """The stored form of `value` (see the module docstring); raises `Unstorable` for other types."""
    blobs: list[bytes] = []

    def tree(v: Any) -> Any:
        if v is None or isinstance(v, bool | str):
            return v
        if isinstance(v, int | np.integer):
            return int(v)
        if isinstance(v, float | np.floating):
            f = float(v)
            return f if math.isfinite(f) else {"~float": repr(f)}
        if isinstance(v, decimal.Decimal):
            return {"~dec": str(v)}
        if isinstance(v, dt.datetime):
            return {"~dt": v.isoformat()}
        if isinstance(v, dt.date):
            return {"~d": v.isoformat()}
        if isinstance(v, dt.timedelta):
            return {"~td": v.total_seconds()}
        if isinstance(v, list):
            return [tree(x) for x in v]
        if isinstance(v, tuple):
            return {"~tuple": [tree(x) for x in v]}
        if isinstance(v, frozenset | set):
            return {"~" + type(v).__name__: [tree(x) for x in v]}
        if isinstance(v, dict):
            if all(isinstance(k, str) and not k.startswith("~") for k in v):
                return {k: tree(x) for k, x in v.items()}
            return {"~dict": [[tree(k), tree(x)] for k, x in v.items()]}
        if isinstance(v, pl.DataFrame | pl.Series):
            buffer = io.BytesIO()
            (v if isinstance(v, pl.DataFrame) else v.to_frame()).write_ipc(buffer, compression="lz4")
            blobs.append(buffer.getvalue())
            return {"~frame" if isinstance(v, pl.DataFrame) else "~series": len(blobs) - 1}
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in "biuf":
                raise Unstorable(f"cannot store an array of {v.dtype}")
            return {"~ndarray": [str(v.dtype), list(v.shape), tree(v.ravel().tolist())]}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            cls = type(v)
            if not cls.__module__.startswith("core."):
                raise Unstorable(f"cannot store a {cls.__qualname__}")
            return {"~dc": f"{cls.__module__}:{cls.__qualname__}",
                    "fields": {f.name: tree(getattr(v, f.name)) for f in dataclasses.fields(v) if f.init}}
        raise Unstorable(f"cannot store a value of type {type(v).__name__}")

    head = json.dumps(tree(value), ensure_ascii=False, allow_nan=False).encode()
    parts = [MAGIC, struct.pack("<Q", len(head)), head]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def _dataclass(path: str) -> type:
    module, _, name = path.partition(":")
    if not module.startswith("core."):
        raise ValueError(f"not a class of the product: {path}")
    target: Any = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    if not (isinstance(target, type) and dataclasses.is_dataclass(target)):
        raise ValueError(f"not a dataclass: {path}")
    return target


def decode(data: bytes) -> Any:
    """The value `encode` stored."""
    if data[:4] != MAGIC:
        raise ValueError("not a stored result")
    (size,) = struct.unpack_from("<Q", data, 4)
    head = json.loads(data[12:12 + size])
    blobs: list[memoryview] = []
    offset = 12 + size
    view = memoryview(data)
    while offset < len(data):
        (length,) = struct.unpack_from("<Q", data, offset)
        blobs.append(view[offset + 8:offset + 8 + length])
        offset += 8 + length

    def value(v: Any) -> Any:
        if isinstance(v, list):
            return [value(x) for x in v]
        if not isinstance(v, dict):
            return v
        tags = [k for k in v if k.startswith("~")]
        if not tags:
            return {k: value(x) for k, x in v.items()}
        tag = tags[0]
        inner = v[tag]
        if tag == "~float":
            return float(inner)
        if tag == "~dec":
            return decimal.Decimal(inner)
        if tag == "~dt":
            return dt.datetime.fromisoformat(inner)
        if tag == "~d":
            return dt.date.fromisoformat(inner)
        if tag == "~td":
            return dt.timedelta(seconds=inner)
        if tag == "~tuple":
            return tuple(value(x) for x in inner)
        if tag == "~set":
            return {value(x) for x in inner}
        if tag == "~frozenset":
            return frozenset(value(x) for x in inner)
        if tag == "~dict":
            return {_hashable(value(k)): value(x) for k, x in inner}
        if tag in ("~frame", "~series"):
            frame = pl.read_ipc(io.BytesIO(blobs[inner]))
            return frame if tag == "~frame" else frame.to_series()
        if tag == "~ndarray":
            dtype, shape, flat = inner
            return np.array(value(flat), dtype=dtype).reshape(shape)
        if tag == "~dc":
            return _dataclass(inner)(**{k: value(x) for k, x in v["fields"].items()})
        raise ValueError(f"unknown tag {tag}")

    return value(head)


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


# ---------------------------------------------------------------------------------------------- store
def root(ws: Workspace) -> Path:
    """The folder of every stored result of the workspace."""
    return ws.path / RESULTS_DIR


def folder(ws: Workspace, generation: int) -> Path:
    """The folder of one generation's results, for this version of the code."""
    return root(ws) / f"g{int(generation)}_{layout()}_{code_version()}"


def _path(ws: Workspace, generation: int, kind: str, name: str) -> Path:
    return folder(ws, generation) / kind / f"{name}.kbr"


def _read(path: Path) -> tuple[bool, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False, None
    try:
        value = decode(data)
    except Exception:  # noqa: BLE001 - a damaged entry is computed again, never shown
        log.warning("stored result %s unreadable: computed again", path.name)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return False, None
    with contextlib.suppress(OSError):
        os.utime(path)  # read now: the last to be evicted
    return True, value


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        with open(temporary, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _names(fn: Callable[..., Any], ctx: QueryContext, args: tuple, kwargs: dict[str, Any], lang: str) -> list[str]:
    """The keys a result may be stored under, the most widely shared first."""
    call = _call_part(fn, ctx, args, kwargs)
    return [_key_of(call, ctx.viewer, language, roles) for roles in (_ANY_ROLE, None) for language in (_ANY, lang)]


def stored(ws: Workspace, fn: Callable[..., Any], ctx: QueryContext, args: tuple = (),
           kwargs: dict[str, Any] | None = None, lang: str | None = None) -> bool:
    """True when the result is stored (checked without reading it)."""
    try:
        names = _names(fn, ctx, args, kwargs or {}, fmt.language(lang))
    except Unstorable:
        return False
    generation = _generation(ws, ctx)
    return any(_path(ws, generation, kind, name).exists() for name in names for kind in (DEFAULT, ASKED))


def lookup(ws: Workspace, fn: Callable[..., Any], ctx: QueryContext, args: tuple = (),
           kwargs: dict[str, Any] | None = None, lang: str | None = None) -> tuple[bool, Any]:
    """(True, value) when the result is stored (for every role, or for the viewer's), else (False, None)."""
    generation = _generation(ws, ctx)
    lang = fmt.language(lang)
    kwargs = kwargs or {}
    try:
        names = _names(fn, ctx, args, kwargs, lang)
    except Unstorable:
        return False, None
    for name in names:
        for kind in (DEFAULT, ASKED):
            found, value = _read(_path(ws, generation, kind, name))
            if found:
                return True, value
    return False, None


def get(ws: Workspace, fn: Callable[..., Any], ctx: QueryContext, args: tuple = (),
        kwargs: dict[str, Any] | None = None, lang: str | None = None, kind: str = ASKED) -> Any:
    """`fn(ws, ctx, *args, **kwargs)` in `lang`: read back when stored, else computed and stored as `kind`."""
    kwargs = kwargs or {}
    lang = fmt.language(lang)
    found, value = lookup(ws, fn, ctx, args, kwargs, lang)
    if found:
        return value
    with fmt.using(lang), access.consulted() as asked, fmt.consulted() as spoken:
        value = fn(ws, ctx, *args, **kwargs)
    store(ws, fn, ctx, args, kwargs, lang if spoken else _ANY, value, kind=kind, any_role=not asked)
    return value


def store(ws: Workspace, fn: Callable[..., Any], ctx: QueryContext, args: tuple, kwargs: dict[str, Any], lang: str,
          value: Any, kind: str = ASKED, any_role: bool = False) -> bool:
    """Keep `value` as the result of the call; False when it cannot be stored (it is then computed each time)."""
    try:
        name = key(fn, ctx, args, kwargs, lang, roles=_ANY_ROLE if any_role else None)
        data = encode(value)
    except Unstorable as exc:
        log.info("not stored: %s.%s: %s", fn.__module__, fn.__qualname__, exc)
        return False
    generation = _generation(ws, ctx)
    if not _keeps(ws, generation):
        return False  # the generation went while computing (new data, an erasure): nothing to keep
    _write(_path(ws, generation, kind, name), data)
    if kind == ASKED:
        evict(ws)
    return True


def _keeps(ws: Workspace, generation: int) -> bool:
    """Whether results of `generation` are kept (False once it went: new data, an erasure)."""
    kept = kept_generations(ws)
    # A generation newer than the manifest's is being published (its results are stored before it is named).
    return not (generation not in kept and generation <= kept[0]) and ws.has_generation(generation)


def store_same(ws: Workspace, fn: Callable[..., Any], ctx: QueryContext, args: tuple, kwargs: dict[str, Any],
               lang: str, same: tuple[Callable[..., Any], tuple, dict[str, Any]], kind: str = DEFAULT) -> bool:
    """Store the stored result of `same` = (function, args, kwargs) also as the result of `fn(ws, ctx, *args,
    **kwargs)` in `lang`, a call that means the same (the same function with arguments equal to its defaults,
    say): the same bytes, for the same viewers and languages. False when `same` is not stored (or cannot be
    keyed, or the generation went): the call is then computed as any other."""
    lang = fmt.language(lang)
    try:
        source, target = _call_part(same[0], ctx, same[1], same[2]), _call_part(fn, ctx, args, kwargs)
    except Unstorable:
        return False
    generation = _generation(ws, ctx)
    for roles in (_ANY_ROLE, None):
        for language in (_ANY, lang):
            for found_kind in (DEFAULT, ASKED):
                try:
                    data = _path(ws, generation, found_kind, _key_of(source, ctx.viewer, language, roles)).read_bytes()
                except FileNotFoundError:
                    continue
                if not _keeps(ws, generation):
                    return False
                _write(_path(ws, generation, kind, _key_of(target, ctx.viewer, language, roles)), data)
                if kind == ASKED:
                    evict(ws)
                return True
    return False


def _generation(ws: Workspace, ctx: QueryContext) -> int:
    return ws.generation() if ctx.generation is None else ctx.generation


def _asked_files(ws: Workspace) -> list[tuple[float, int, Path]]:
    files = []
    for path in root(ws).glob(f"*/{ASKED}/*.kbr"):
        with contextlib.suppress(FileNotFoundError):
            info = path.stat()
            files.append((info.st_mtime, info.st_size, path))
    return files


def evict(ws: Workspace, limit: int | None = None) -> list[Path]:
    """Remove the least recently read `asked` entries until they take at most `limit` bytes."""
    limit = max_bytes() if limit is None else limit
    removed: list[Path] = []
    with _evict_lock:
        files = sorted(_asked_files(ws))
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= limit:
                break
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
            total -= size
    return removed


def prune(ws: Workspace, keep: Iterable[int]) -> list[str]:
    """Remove the results of every generation not in `keep` and of other versions of the code."""
    wanted = {folder(ws, g).name for g in keep}
    removed = []
    base = root(ws)
    if not base.exists():
        return removed
    for path in base.iterdir():
        if path.is_dir() and path.name not in wanted:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def clear(ws: Workspace, keep: int | None = None) -> None:
    """Remove every stored result but those of generation `keep` (an erasure: results may hold the person's
    data, compressed where a byte scan would not see it; the anonymised generation's own stay)."""
    base = root(ws)
    if not base.exists():
        return
    wanted = folder(ws, keep).name if keep is not None else None
    for path in base.iterdir():
        if path.name != wanted:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def kept_generations(ws: Workspace) -> list[int]:
    """The generations whose results are kept: the one in force and those the manifest keeps."""
    manifest = ws.manifest()
    return [manifest.generation - i for i in range(1 + len(manifest.history))]

