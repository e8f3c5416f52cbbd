"""A fragment's rerun never takes a session back to the page the user left (a guard on Streamlit's rerun queue).

The browser can send a fragment's rerun (a slider of the segments page, sent as it loses focus or
late under load) just after the user clicked another page in the sidebar. Streamlit 1.67 then runs
that rerun on the fragment's page: while the click's rerun was still waiting, the two merged into a
full run of the page being left (the click was lost); once the new page was running, the late rerun
ran after it with the old page's address and no fragment to draw (the new page went blank).

Two places decide, and both are guarded here: the request queue keeps a waiting switch to another
page when a fragment's rerun of a different page joins it, and the script runner skips a fragment's
rerun meant for a page other than the one it last ran.
"""
from __future__ import annotations

import logging
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests, ScriptRequestType

_LOGGER = logging.getLogger(__name__)
_MARK = "_kb_rerun_guard"


def _fragments(data: RerunData) -> bool:
    """Whether `data` reruns fragments only, not the whole page."""
    return bool(data.fragment_id or data.fragment_id_queue or data.is_fragment_scoped_rerun)


def other_page(data: RerunData, page: str) -> bool:
    """Whether `data` is a fragment's rerun sent by the browser for a page other than `page` (both known)."""
    return (bool(data.fragment_id or data.fragment_id_queue) and not data.is_fragment_scoped_rerun
            and bool(data.page_script_hash) and bool(page) and data.page_script_hash != page)


def _queue(original: Any) -> Any:
    def request_rerun_locked(self: ScriptRequests, new_data: RerunData) -> bool:
        waiting = self._rerun_data
        if (self._state == ScriptRequestType.RERUN and not _fragments(waiting)
                and other_page(new_data, waiting.page_script_hash)):
            _LOGGER.debug("Kept the switch to page %s over a fragment rerun of page %s",
                          waiting.page_script_hash, new_data.page_script_hash)
            return True
        return original(self, new_data)

    return request_rerun_locked


def _runner(original: Any) -> Any:
    def run_script(self: script_runner.ScriptRunner, rerun_data: RerunData) -> None:
        if other_page(rerun_data, self._get_script_run_ctx().page_script_hash):
            _LOGGER.debug("Skipped a fragment rerun of page %s", rerun_data.page_script_hash)
            return None
        return original(self, rerun_data)

    return run_script


def install() -> None:
    """Guard Streamlit's rerun queue and script runner in this process (once)."""
    if getattr(ScriptRequests, _MARK, False):
        return
    ScriptRequests._request_rerun_locked = _queue(ScriptRequests._request_rerun_locked)
    script_runner.ScriptRunner._run_script = _runner(script_runner.ScriptRunner._run_script)
    setattr(ScriptRequests, _MARK, True)

