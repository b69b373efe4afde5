"""Storage chores for privacy, run after a purge and by ``idmix maintenance``.

- PostgreSQL keeps a table's rows in the order they were written, and ``ctid`` shows it: anonymous
  feedback could be matched with the sign-in order. ``CLUSTER`` rewrites the table in the order of its
  random key (UUID). New rows are appended again, so the chore is repeated (after each purge, or on a
  schedule). SQLite needs nothing: the feedback table has no rowid, its rows sit in key order.
- SQLite in WAL mode: move the journal into the database file and truncate it, so values a purge just
  replaced do not linger in the ``-wal`` file.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from shared.db import SQLITE_BUSY_TIMEOUT_MS
from shared.feedback.models import Feedback


def reorder_feedback(connection) -> bool:
    """PostgreSQL: rewrite ``feedback`` in key order; returns False where there is nothing to do."""
    if connection.dialect.name != "postgresql":
        return False
    quote = connection.dialect.identifier_preparer.quote
    table = Feedback.__table__
    connection.execute(text(f"CLUSTER {quote(table.name)} USING {quote(table.primary_key.name)}"))
    return True


def maintain_storage(engine: Engine) -> list[str]:
    """Run the chores for this database; returns what was done, in French, for the operator."""
    done = []
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            reorder_feedback(connection)
        done.append("Avis : lignes réécrites dans l'ordre de leur clé aléatoire (CLUSTER).")
    elif engine.dialect.name == "sqlite":
        truncate_wal(engine)
        done.append("Journal WAL reporté dans la base et vidé.")
    return done


def truncate_wal(engine: Engine, *, wait_ms: int | None = None) -> bool:
    """SQLite: copy the write-ahead log into the database and empty it; True when it is empty.

    ``wait_ms``: how long to wait for other connections' reads to end (default: the busy timeout).
    The kiosk calls it after each anonymous opinion, with a short wait, so the log never keeps the
    order of the day's commits (``shared.feedback.arrival``).
    """
    if engine.dialect.name != "sqlite":
        return False
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        if wait_ms is not None:
            connection.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            if wait_ms is not None:
                connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        return not busy
    finally:
        raw.close()
