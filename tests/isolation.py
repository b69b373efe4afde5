"""Test isolation for an app's Flask-SQLAlchemy-Lite extension, as a server would run it.

The test gets its own session; every request of the app makes its own application context and
session, as under gunicorn. All of them share one connection whose outer transaction is rolled
back at the end: each works in savepoints, so a request's rollback never undoes the test's data,
and a missing commit in the app shows up as missing data.

Flask-SQLAlchemy-Lite's own ``test_isolation`` patches ``engine.connect``; SQLAlchemy 2.1 then
treats the connection as the session's own and commits the outer transaction. Binding the
sessionmaker to the connection itself keeps ``join_transaction_mode="create_savepoint"`` honoured.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

from sqlalchemy.orm import Session as DbSession

from shared.writes import UNGUARDED


@contextlib.contextmanager
def isolated_session(app, ext) -> Iterator[DbSession]:
    """A session for the test; no application context is left open (requests push their own)."""
    with app.app_context():
        connection = ext.engine.connect()
        maker = ext.sessionmaker
    outer = connection.begin()
    with mock.patch.dict(maker.kw, {"bind": connection, "join_transaction_mode": "create_savepoint"}):
        session = maker()
        session.info[UNGUARDED] = True  # the test's own set-up (factories) writes directly
        try:
            yield session
        finally:
            session.close()
            outer.rollback()
            connection.close()
