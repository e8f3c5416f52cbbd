"""Files handed over on a download's click answer that click's requests only, then are gone."""
from __future__ import annotations

import threading

import pytest
from streamlit.runtime.media_file_storage import MediaFileKind, MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui import media


@pytest.fixture
def storage():
    store = MemoryMediaFileStorage("/media")
    media._wrap(store)
    return store


def issue(store, data: bytes, kind=MediaFileKind.DOWNLOADABLE) -> str:
    """What Streamlit does on a click, in the deferred callable's thread: call it, store, make the URL."""
    result: list[str] = []

    def click() -> None:
        file_id = store.load_and_get_id(media.hand_over(data), "text/csv", kind, "x.csv")
        result.append(store.get_url(file_id))

    thread = threading.Thread(target=click)
    thread.start()
    thread.join()
    return result[0].rsplit("/", 1)[1]


def test_a_handed_over_file_answers_the_clicks_two_requests_then_is_gone(storage):
    name = issue(storage, b"name;email\n")
    assert storage.get_file(name).content == b"name;email\n"   # the button's check
    assert storage.get_file(name).content == b"name;email\n"   # the download
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)


def test_a_file_stored_without_hand_over_is_served_as_streamlit_serves_it(storage):
    file_id = storage.load_and_get_id(b"png", "image/png", MediaFileKind.MEDIA)
    for _ in range(3):
        assert storage.get_file(file_id + ".png").content == b"png"


def test_a_file_nobody_asks_for_is_removed_after_its_time(storage, monkeypatch):
    monkeypatch.setattr(media, "TTL_SECONDS", 0.05)
    name = issue(storage, b"late")
    threading.Event().wait(0.3)
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)


def test_after_the_first_request_the_second_has_a_short_time(storage, monkeypatch):
    monkeypatch.setattr(media, "GRACE_SECONDS", 0.05)
    name = issue(storage, b"once")
    storage.get_file(name)
    threading.Event().wait(0.3)
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)
