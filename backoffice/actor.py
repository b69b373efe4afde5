"""Who is acting: the signed-in staff member's id on the request's session, for the audit trail.
The sessions themselves are guarded and journaled by their class (``shared.db.journaled_session_class``)."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from shared.db import act_as

from .extensions import db


def init_app(app: Flask) -> None:
    @app.before_request
    def _set_actor() -> None:
        act_as(db.session, staff_id=current_user.staff.id if current_user.is_authenticated else None)
