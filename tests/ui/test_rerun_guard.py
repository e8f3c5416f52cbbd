"""The rerun guard: a fragment's rerun sent for a page the user has left neither joins the switch to the new page
nor runs after it; reruns of the page the session is on go through as Streamlit merges them."""
from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests, ScriptRequestType

from ui import rerun_guard

SEGMENTS, COMPOSITION = "hash-of-segments", "hash-of-composition"


def states(widget_id: str, value: int) -> WidgetStates:
    made = WidgetStates()
    made.widgets.append(WidgetState(id=widget_id, int_value=value))
    return made


def page_switch(page: str = COMPOSITION) -> RerunData:
    """A sidebar click: the whole app reruns on `page`."""
    return RerunData(query_string="lang=ru", page_script_hash=page, widget_states=states("lang", 1))


def slider_move(page: str = SEGMENTS) -> RerunData:
    """A slider inside the builder fragment of `page` moved."""
    return RerunData(query_string="segment=abc", page_script_hash=page, fragment_id="builder",
                     widget_states=states("slider", 7))


@pytest.fixture(autouse=True)
def guarded():
    rerun_guard.install()
    rerun_guard.install()  # idempotent: wrapping twice would wrap the wrapper


def queued(*requests: RerunData) -> RerunData:
    queue = ScriptRequests()
    for request in requests:
        assert queue.request_rerun(request)
    request = queue.on_scriptrunner_ready()
    assert request.type == ScriptRequestType.RERUN
    return request.rerun_data


def test_a_late_slider_rerun_does_not_take_the_waiting_switch_back():
    data = queued(page_switch(), slider_move())
    assert (data.page_script_hash, data.query_string, data.fragment_id_queue) == (COMPOSITION, "lang=ru", [])
    assert [w.id for w in data.widget_states.widgets] == ["lang"]


def test_a_slider_rerun_on_the_page_being_rerun_still_joins_it():
    # A whole-page rerun of the segments page and a slider move there: Streamlit's own merge (the whole
    # page, with the newer request's address and widget values; the browser sends every widget's value).
    data = queued(page_switch(SEGMENTS), slider_move(SEGMENTS))
    assert (data.page_script_hash, data.query_string, data.fragment_id_queue) == (SEGMENTS, "segment=abc", [])
    assert [w.id for w in data.widget_states.widgets] == ["slider"]


def test_a_click_after_a_slider_move_still_switches_the_page():
    data = queued(slider_move(), page_switch())
    assert (data.page_script_hash, data.fragment_id_queue) == (COMPOSITION, [])


def test_a_lone_slider_rerun_reruns_its_fragment():
    data = queued(slider_move())
    assert (data.page_script_hash, data.fragment_id_queue) == (SEGMENTS, ["builder"])


@pytest.mark.parametrize(("data", "page", "other"), [
    (slider_move(SEGMENTS), COMPOSITION, True),  # the late rerun of a page left: skipped
    (slider_move(SEGMENTS), SEGMENTS, False),
    (slider_move(SEGMENTS), "", False),  # the runner's first run: no page yet
    (slider_move(""), COMPOSITION, False),  # a rerun that names no page
    (page_switch(SEGMENTS), COMPOSITION, False),  # a whole page: Streamlit switches
    (RerunData(page_script_hash=SEGMENTS, fragment_id_queue=["builder"], is_fragment_scoped_rerun=True),
     COMPOSITION, False),  # st.rerun(scope="fragment") comes from the server's own run
])
def test_which_reruns_belong_to_another_page(data, page, other):
    assert rerun_guard.other_page(data, page) is other
