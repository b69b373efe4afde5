"""Writing the answers of due pools before a request reads anything (both apps), and in ``idmix maintenance``.

A pool is due once nothing more can join it (``shared.anonymity.batches.is_due``). The check is a read in
the request's own read transaction; only when a pool is due does the request commit that read and write
the pool in a write transaction of its own (on SQLite, ``BEGIN IMMEDIATE``), committed before the request's
own work: whatever the request then shows (staff's list of opinions, a vote's results) counts every answer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared import db as shared_db
from shared.anonymity.batches import flush_due_pools, is_due
from shared.anonymity.pool import Pool, opened, waiting_pools


def due_pools(db: DbSession, today: dt.date) -> list[Pool]:
    """Pools that are due and hold an answer that opens (one sealed under another key waits for it)."""
    return [pool for pool in waiting_pools(db) if is_due(db, pool, today) and opened(db, pool)[0]]


def write_due_answers(db: DbSession, *, today: dt.date | None = None) -> bool:
    """Write the due pools' answers and commit; True when some were written (the caller then cleans storage).

    With the database unreachable, nothing is written and False is returned: a page that needs no database
    (the tablet's activation form) still shows, and one that needs it answers its own calm 503."""
    today = clock.today() if today is None else today
    try:
        due = due_pools(db, today)
    except DBAPIError:
        _forget_connection(db)
        return False
    if not due:
        return False
    db.commit()  # ends the read: the writes get a write transaction of their own
    token = shared_db.set_read_only(False)
    try:
        written = flush_due_pools(db, today=today)
        db.commit()
    except Exception:
        db.rollback()
        raise
    finally:
        shared_db.reset_read_only(token)
    return written > 0


def _forget_connection(db: DbSession) -> None:
    try:
        db.rollback()
    except DBAPIError:  # the connection is gone
        db.invalidate()
