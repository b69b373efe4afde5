"""Test isolation for an app's Flask-SQLAlchemy-Lite extension.

Flask-SQLAlchemy-Lite's own ``test_isolation`` patches ``engine.connect``; SQLAlchemy 2.1 then
treats the connection as the session's own and commits the outer transaction. Binding the
sessionmaker to the connection itself keeps ``join_transaction_mode="create_savepoint"`` honoured.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock


@contextlib.contextmanager
def isolated(ext) -> Iterator[None]:
    """Inside an app context: every session of ``ext`` works in one transaction rolled back at exit."""
    connection = ext.engine.connect()
    outer = connection.begin()
    with mock.patch.dict(ext.sessionmaker.kw, {"bind": connection, "join_transaction_mode": "create_savepoint"}):
        try:
            yield
        finally:
            ext.session.close()
            outer.rollback()
            connection.close()
