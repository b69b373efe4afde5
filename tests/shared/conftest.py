"""The domain's tests run on the session every door uses: guarded (only operations of ``shared/`` write,
``shared.writes``) and recorded in the audit trail (``shared.audit.recorder``). The factories' set-up alone
writes directly (``tests.factories.Factory``); the test's work is rolled back at the end."""

from __future__ import annotations

import pytest

from shared.db import make_sessionmaker


@pytest.fixture
def db(engine):
    """Overrides the root ``db``: a guarded, journaled session whose commits become savepoints."""
    connection = engine.connect()
    outer = connection.begin()
    session = make_sessionmaker(connection, join_transaction_mode="create_savepoint")()
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()
