"""Who is acting, and how they may write: the signed-in staff member's id on the request's session
for the audit trail, and the guard that lets only operations of ``shared/`` write records."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from shared import writes
from shared.audit import recorder
from shared.audit.models import AuditEntry

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        recorder.install(db.sessionmaker)
        writes.install_guard(db.sessionmaker, exempt=(AuditEntry,))

    @app.before_request
    def _set_actor() -> None:
        db.session.info["actor_id"] = current_user.staff.id if current_user.is_authenticated else None
