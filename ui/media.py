"""Download files served for their click only: a file handed over on a click answers the requests of that
click, then is gone.

Streamlit serves a download button's file from memory at `/media/<hash>.<ext>` to anyone who has the
URL, without a session or a login. A file given to `st.download_button` as bytes is stored when the
button is drawn (before any click) and stays while a session shows the button; a file made by a
callable on the click (deferred generation) stays until two later script runs of any session have
ended. `hand_over(data)` is called inside such a callable: the file Streamlit stores right after it
(in the same thread) answers the click's two requests (Streamlit's button fetches the URL once to
check it answers, and the browser's download fetches it), then is deleted; `GRACE_SECONDS` after the
first request, or `TTL_SECONDS` after the click if no request comes, it is deleted all the same.

Streamlit's `/media` route reads the runtime's one `MemoryMediaFileStorage`; `install` wraps three of
that object's methods (the storage has no hook for this), once per process:
- `load_and_get_id`: a downloadable file stored while this thread hands a file over is counted as issued;
- `get_url`: the URL for it is made in the same thread (reading the file there is not a request);
- `get_file`: a read in any other thread is a request for the file; the last one deletes it.
`tests/browser/test_downloads.py` checks this against the running server and Chromium.
"""
from __future__ import annotations

import logging
import os
import threading
from typing import Any

REQUESTS_PER_CLICK = 2  # the button's check of the URL, then the download itself
GRACE_SECONDS = 10.0    # after the first request, the second one has this long
TTL_SECONDS = 60.0      # a URL handed to the browser that it never asked for is removed after this

_LOG = logging.getLogger(__name__)
_LOCK = threading.Lock()
_LOCAL = threading.local()
_issued: dict[str, int] = {}  # file id -> requests it may still answer


def hand_over(data: bytes) -> bytes:
    """Mark `data` (returned by a download's callable, in its thread) to be served once; returns it."""
    _LOCAL.handing_over = True
    return data


def _storage() -> Any | None:
    from streamlit import runtime
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    if not runtime.exists():
        return None  # bare mode and AppTest: no server, no URLs
    storage = getattr(runtime.get_instance().media_file_mgr, "_storage", None)
    return storage if isinstance(storage, MemoryMediaFileStorage) else None


def install() -> bool:
    """Serve handed-over files once from this process's media storage; True when in force (idempotent)."""
    storage = _storage()
    if storage is None:
        return False
    with _LOCK:
        if getattr(storage, "_kb_served_once", False):
            return True
        _wrap(storage)
        storage._kb_served_once = True
    return True


def _wrap(storage: Any) -> None:
    from streamlit.runtime.media_file_storage import MediaFileKind

    load, get_url, get_file = storage.load_and_get_id, storage.get_url, storage.get_file

    def load_and_get_id(path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = load(path_or_data, mimetype, kind, filename)
        if getattr(_LOCAL, "handing_over", False) and kind == MediaFileKind.DOWNLOADABLE:
            _LOCAL.handing_over = False
            _LOCAL.issuing = file_id
            with _LOCK:
                _issued[file_id] = _issued.get(file_id, 0) + REQUESTS_PER_CLICK
            _later(TTL_SECONDS, storage, file_id)
        return file_id

    def get_url_(file_id: str) -> str:
        try:
            return get_url(file_id)
        finally:
            if getattr(_LOCAL, "issuing", None) == file_id:
                _LOCAL.issuing = None

    def get_file_(filename: str) -> Any:
        media_file = get_file(filename)
        file_id = os.path.splitext(filename)[0]
        if getattr(_LOCAL, "issuing", None) == file_id:
            return media_file  # the URL being made, not a download
        with _LOCK:
            left = _issued.get(file_id)
            if left is not None:
                if left <= 1:
                    del _issued[file_id]
                    storage.delete_file(file_id)
                else:
                    _issued[file_id] = left - 1
                    _later(GRACE_SECONDS, storage, file_id)
        return media_file

    storage.load_and_get_id, storage.get_url, storage.get_file = load_and_get_id, get_url_, get_file_


def _later(seconds: float, storage: Any, file_id: str) -> None:
    timer = threading.Timer(seconds, _expire, args=(storage, file_id))
    timer.daemon = True
    timer.start()


def _expire(storage: Any, file_id: str) -> None:
    with _LOCK:
        if _issued.pop(file_id, None) is not None:
            storage.delete_file(file_id)
            _LOG.info("download %s was not fetched in time and was removed", file_id)
