"""Anonymous opinions keep no trace of the order they came in.

Rows carry no time, but storage keeps order anyway: PostgreSQL stamps each row with the id of the
transaction that wrote it (``xmin``) and appends it after the others (``ctid``); SQLite's pages
place each new cell below the previous ones, and its write-ahead log keeps one frame per commit.
Matched with the sign-ins (whose times are public), that order says who wrote what.

So each new anonymous opinion rewrites all the anonymous opinions of its session in one
transaction: they are deleted and inserted again in the order of their random keys. Afterwards
every one of them has the same ``xmin`` (the latest), sits in key order, and SQLite's freed space is
zeroed (``secure_delete``). The kiosk then empties SQLite's write-ahead log
(``shared.maintenance.storage.truncate_wal``). Left outside: PostgreSQL's dead row versions until
(auto)vacuum, and its own server log of writes (pg_wal), see docs/kiosk.md.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session as DbSession

from shared.feedback.models import Feedback
from shared.sessions.models import Session

_TABLE = Feedback.__table__


def rewrite_anonymous(db: DbSession, session_id: int, new_row: dict) -> None:
    """Store ``new_row`` (an anonymous opinion) by rewriting the session's anonymous rows with it."""
    # Two tablets of one group: the second waits here until the first has committed, then reads its rows.
    db.execute(select(Session.id).where(Session.id == session_id).with_for_update())
    anonymous = (_TABLE.c.session_id == session_id) & _TABLE.c.participant_id.is_(None)
    rewrite_in_key_order(db, _TABLE, anonymous, new_row)


def rewrite_in_key_order(db: DbSession, table: Table, rows_of, new_row: dict) -> None:
    """Delete the rows ``rows_of`` selects and insert them again with ``new_row``, in the order of their ``id``.

    The caller holds the lock that makes two writers wait for each other (a row ``FOR UPDATE``).
    Secret ballots use it too (``shared.decisions.ballots``).
    """
    rows = [dict(row) for row in db.execute(select(table).where(rows_of)).mappings()]
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA secure_delete = ON"))
    db.execute(delete(table).where(rows_of))
    db.execute(insert(table), sorted([*rows, new_row], key=lambda row: row["id"]))
