"""Who is acting: the signed-in staff member's id on the request's session, for the audit trail."""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user

from shared.audit import recorder

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        recorder.install(db.sessionmaker)

    @app.before_request
    def _set_actor() -> None:
        # Flask-Login caches the user on ``g``, which lives as long as the app context: forget it
        # so a context that outlives one request (tests, CLI) never lends one person's identity.
        g.pop("_login_user", None)
        # Reset on every request: a session can outlive one request (e.g. in tests).
        db.session.info["actor_id"] = current_user.staff.id if current_user.is_authenticated else None
