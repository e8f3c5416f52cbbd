"""Roles, their permissions, and the viewer a query runs for."""
from __future__ import annotations

from dataclasses import dataclass

from core.noticing import Noticing

ROLES: tuple[str, ...] = ("admin", "analyst", "marketer", "executive", "manager")

# What each permission allows:
#   customer_level  see individual customers (lists, cards, samples), not just aggregates
#   personal_data   see names, e-mails and phones unmasked
#   consented_contacts  see the contacts a customer consented to (e-mail with consent_email, phone with
#                   consent_sms, the name with either) unmasked, in tables and downloads; see core/privacy.py
#   download        download customer lists and reports
#   upload          upload datasets
#   segments        build and save segments
#   admin           manage users, read the audit log, erase a customer's personal data
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"customer_level", "personal_data", "download", "upload", "segments", "admin"}),
    "analyst": frozenset({"customer_level", "personal_data", "download", "upload", "segments"}),
    "marketer": frozenset({"customer_level", "consented_contacts", "download", "segments"}),
    "executive": frozenset(),
    "manager": frozenset({"customer_level", "personal_data", "download", "segments"}),
}


# Whether a viewer's rights were asked inside a block: a result computed without asking is the same for every
# unscoped role (see core/results.py).
_asked = Noticing("kb_permission_asked")
consulted = _asked.block


@dataclass(frozen=True)
class Viewer:
    """Who a query runs for: their role and, for managers, whose customers they see."""

    username: str
    role: str
    manager_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role == "manager" and not self.manager_id:
            raise ValueError("a manager needs a manager id")

    @classmethod
    def system(cls) -> Viewer:
        """The unrestricted viewer of the command line and of derived-table builds."""
        return cls(username="system", role="admin")

    @property
    def permissions(self) -> frozenset[str]:
        """The permissions of the viewer's role."""
        _asked.note()
        return PERMISSIONS[self.role]

    def can(self, permission: str) -> bool:
        """True when the viewer's role has `permission`."""
        return permission in self.permissions

    @property
    def is_scoped(self) -> bool:
        """True when the viewer sees only a subset of customers."""
        return self.role == "manager"
