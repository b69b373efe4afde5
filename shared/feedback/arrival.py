"""Anonymous opinions keep no trace of the order they came in.

Rows carry no time, but storage keeps order anyway: PostgreSQL stamps each row with the id of the
transaction that wrote it (``xmin``) and appends it after the others (``ctid``); SQLite's pages
place each new cell below the previous ones, and its write-ahead log keeps one frame per commit.
Matched with the sign-ins (whose times are public), that order says who wrote what.

So anonymous answers are never written by the request that receives them: they wait sealed in a pool
(``shared.anonymity``) and are written in batches of at least three. Each batch rewrites the
anonymous rows of its session (vote, group's day) with it, in one transaction, in the order of their
random keys (``rewrite_in_key_order``): afterwards every one of them has the same ``xmin`` (the
batch's), sits in key order, and SQLite's freed space is zeroed (``secure_delete``). The kiosk then
empties SQLite's write-ahead log and vacuums PostgreSQL's tables (``shared.maintenance.storage``).
"""

from __future__ import annotations

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session as DbSession


def rewrite_in_key_order(db: DbSession, table: Table, rows_of, new_rows: list[dict]) -> None:
    """Delete the rows ``rows_of`` selects and insert them again with ``new_rows``, in the order of their ``id``.

    The caller holds the lock that makes two writers wait for each other (a row ``FOR UPDATE``).
    """
    rows = [dict(row) for row in db.execute(select(table).where(rows_of)).mappings()]
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA secure_delete = ON"))
    db.execute(delete(table).where(rows_of))
    db.execute(insert(table), sorted([*rows, *new_rows], key=lambda row: row["id"]))
