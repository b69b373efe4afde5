"""One commit per request, in one place; rollback on error; SQLite write lock only for writes."""

from __future__ import annotations

from flask import Flask, g, request
from sqlalchemy.orm.exc import StaleDataError

from shared import db as shared_db
from shared.anonymity.due import write_due_answers
from shared.maintenance.storage import forget_write_order

from . import errors
from .extensions import db


def init_app(app: Flask) -> None:
    @app.before_request
    def _mark_read_only() -> None:
        g.idmix_read_only_token = shared_db.set_read_only(request.method in ("GET", "HEAD", "OPTIONS"))
        # Anonymous answers whose pool is due are written before any page reads them (staff's opinions, a
        # vote's results: shared.anonymity.due), then their storage is cleaned, as the kiosk does.
        if request.endpoint != "static" and write_due_answers(db.session):
            forget_write_order(db.engine)

    @app.after_request
    def _commit(response):
        """The one commit of a request handled outside Flask-Admin's own model views."""
        # A refusal commits only what it asked to keep (the failures a public page counts, ``g.idmix_keep_refusal``).
        if response.status_code >= 500 or (response.status_code >= 400 and not g.get("idmix_keep_refusal")):
            return response
        try:
            db.session.commit()
        except errors.UNAVAILABLE as error:
            return app.make_response(errors.database_unavailable(error))
        except StaleDataError as error:
            return app.make_response(errors.conflict(error))
        return response

    @app.teardown_request
    def _reset_read_only(exc) -> None:
        token = g.pop("idmix_read_only_token", None)
        if token is not None:
            shared_db.reset_read_only(token)
