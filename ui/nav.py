"""The pages of the app and who may open them. Home.py registers only the ones a viewer may use."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.access import Viewer


@dataclass(frozen=True)
class PageSpec:
    """A page: its file, title key, icon, section key and the permission needed (None: everyone)."""

    path: str
    title: str
    icon: str
    section: str
    permission: str | None = None
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "nav.section.overview", default=True),
    PageSpec("pages/composition.py", "nav.composition", ":material/donut_large:", "nav.section.analysis"),
    PageSpec("pages/customer_card.py", "nav.customer_card", ":material/person_search:", "nav.section.analysis",
             permission="customer_level"),
    PageSpec("pages/definitions.py", "nav.definitions", ":material/menu_book:", "nav.section.analysis"),
    PageSpec("pages/retention.py", "nav.retention", ":material/autorenew:", "nav.section.analysis"),
    PageSpec("pages/average_check.py", "nav.average_check", ":material/receipt_long:", "nav.section.analysis"),
    PageSpec("pages/categories.py", "nav.categories", ":material/shopping_basket:", "nav.section.analysis"),
    PageSpec("pages/ltv_cac.py", "nav.ltv_cac", ":material/savings:", "nav.section.analysis"),
    PageSpec("pages/clv.py", "nav.clv", ":material/query_stats:", "nav.section.analysis"),
    PageSpec("pages/program.py", "nav.program", ":material/event:", "nav.section.analysis"),
    PageSpec("pages/segments.py", "nav.segments", ":material/filter_alt:", "nav.section.analysis", "segments"),
    PageSpec("pages/campaigns.py", "nav.campaigns", ":material/campaign:", "nav.section.analysis", "segments"),
    PageSpec("pages/upload.py", "nav.upload", ":material/upload_file:", "nav.section.data", permission="upload"),
    PageSpec("pages/quality.py", "nav.quality", ":material/rule:", "nav.section.data"),
    PageSpec("pages/sources.py", "nav.sources", ":material/lan:", "nav.section.data", permission="admin"),
    PageSpec("pages/admin_users.py", "nav.admin_users", ":material/manage_accounts:", "nav.section.admin", "admin"),
    PageSpec("pages/audit.py", "nav.audit", ":material/policy:", "nav.section.admin", "admin"),
]


def pages_for(viewer: Viewer) -> list[PageSpec]:
    """The pages `viewer` may open, in menu order."""
    return [p for p in PAGES if p.permission is None or viewer.can(p.permission)]


def url_path(spec: PageSpec) -> str:
    """The page's address in the URL (its file name without the extension)."""
    return Path(spec.path).stem


def denied(spec: PageSpec) -> Callable[[], None]:
    """What the address of a page the viewer may not open shows instead of the page."""

    def no_access() -> None:
        import streamlit as st

        from ui.i18n import tr

        st.title(tr(spec.title))
        st.warning(tr("access.page_denied"), icon=":material/lock:")

    return no_access
