"""The audit trail, read by admins: the journal list, and the history on each details page."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.audit.models import AuditEntry

    from ..extensions import db
    from .views import AuditView

    admin.add_view(AuditView(AuditEntry, db, name="Journal des modifications", category="Paramètres"))
