"""One commit per request, in one place; rollback on error; SQLite write lock only for writes.

A database failure (server down, disk full, lock timeout) becomes a calm 503 screen. A view that
holds what a person typed registers ``on_save_failure(render)`` first: that screen is shown
instead, with what they typed, so they can try again. Nothing is half-saved: all is rolled back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from flask import Flask, Response, current_app, g, make_response, request
from sqlalchemy.exc import DBAPIError

from shared import db as shared_db
from shared.anonymity.due import write_due_answers
from shared.maintenance.storage import ANONYMOUS_TABLES, forget_write_order

from .extensions import db


SAVE_FAILED = "L'enregistrement n'a pas marché. Rien n'a été enregistré : touchez le bouton pour réessayer."


def on_save_failure(render: Callable[[], Response | str]) -> None:
    g.kiosk_on_save_failure = render


def database_unavailable(error: Exception | None = None) -> Response:
    """Roll back and answer 503 with the view's own screen when it registered one."""
    try:
        db.session.rollback()
    except DBAPIError:  # the connection is gone: nothing was saved anyway
        db.session.invalidate()
    if error is not None:
        current_app.logger.warning("Base de données indisponible : %s", type(error).__name__)
    render = g.pop("kiosk_on_save_failure", None)
    if render is not None:
        response = make_response(render())
    else:
        from .errors import render_error

        response = make_response(render_error(503))
    response.status_code = 503
    return response


def init_app(app: Flask) -> None:
    @app.before_request
    def _mark_read_only() -> None:
        g.kiosk_read_only_token = shared_db.set_read_only(request.method in ("GET", "HEAD", "OPTIONS"))
        # The journal's « Par » until the tablet is known (kiosk.device names it): a tablet being activated.
        shared_db.act_as(db.session, label=shared_db.tablet_label(None))
        # Anonymous answers whose pool is due (the session's day is over, a vote closed) are written before
        # anything is read (shared.anonymity.due); their storage is then cleaned like any anonymous write.
        if request.endpoint != "static" and write_due_answers(db.session):
            g.kiosk_wrote_due_answers = True

    @app.after_request
    def _commit(response: Response) -> Response:
        """The one commit of a request. Refusals (4xx) commit too: wrong-PIN counters must stay."""
        if response.status_code >= 500:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except DBAPIError as error:
            return database_unavailable(error)
        tables = g.pop("kiosk_forget_write_order", None)
        if g.pop("kiosk_wrote_due_answers", False):
            tables = True  # a due pool was written before the view ran: every anonymous table
        if tables:
            # Anonymous items were just committed: no earlier state of their tables may stay in the files
            # (shared.maintenance.storage). Nothing is logged: a log line would carry the write's time.
            with contextlib.suppress(DBAPIError):  # saved already; the next anonymous write tries again
                forget_write_order(db.engine, ANONYMOUS_TABLES if tables is True else tables)
        return response

    @app.errorhandler(DBAPIError)
    def _database_error(error: DBAPIError) -> Response:
        return database_unavailable(error)

    @app.teardown_request
    def _reset_read_only(exc) -> None:
        token = g.pop("kiosk_read_only_token", None)
        if token is not None:
            shared_db.reset_read_only(token)
