"""The pool: anonymous answers wait sealed, then go to their tables in shuffled batches of at least three.

The request that receives an anonymous opinion, idea or ballot writes only a sealed entry of fixed size
(``shared.anonymity.seal``) in ``anonymous_pool``. When the pool of a session (opinions), of a group's day
(ideas) or of a vote (ballots) holds ``MIN_BATCH`` entries that open, they are opened and written to their
table together, in the order of their random keys, in one transaction, and the entries are deleted. What is
left (one or two) is written once the pool is due: the session has ended, the day is over, the vote has
closed (``flush_due_pools``: the next request of either app, ``idmix maintenance``, a vote's closing).

A copy of the database or of its logs taken at any moment thus holds, at answer time, only sealed
entries of the same size; later, batches of at least three (the last one of a pool may be smaller).

The caller holds the pool's lock (the session, group or vote row ``FOR UPDATE``): two requests that flush at
once wait for each other, and the second finds the entries gone. Each answer carries the key of the row it
becomes: an entry replayed (copied back from an old backup) opens to a row that exists already and is dropped.
Entries that do not open (forged, or sealed under a previous secret key) are never written, never counted,
and stay for ``idmix maintenance`` to report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session as DbSession

from shared.anonymity.models import PoolEntry, PoolKind
from shared.anonymity.seal import pool_form_token, seal, unseal

MIN_BATCH = 3
_ENTRIES = PoolEntry.__table__


@dataclass(frozen=True)
class Pool:
    """Where an answer waits: ``kind`` and the session, the group's day or the vote it belongs to."""

    kind: PoolKind
    session_id: int | None = None
    group_id: int | None = None
    day: dt.date | None = None
    vote_id: int | None = None

    @classmethod
    def of_entry(cls, row) -> Pool:
        return cls(PoolKind(row.kind), row.session_id, row.group_id, row.day, row.vote_id)

    def columns(self) -> dict:
        return dict(kind=self.kind, session_id=self.session_id, group_id=self.group_id, day=self.day,
                    vote_id=self.vote_id)

    def where(self):
        clauses = [_ENTRIES.c.kind == self.kind]
        for name, value in self.columns().items():
            if name != "kind":
                column = _ENTRIES.c[name]
                clauses.append(column.is_(None) if value is None else column == value)
        return clauses

    def bound(self, entry_id: uuid.UUID) -> str:
        """What a seal is bound to: the entry's key and its pool (moved elsewhere, it does not open)."""
        day = self.day.isoformat() if self.day else ""
        return f"{entry_id.hex}|{self.kind.value}|{self.session_id or ''}|{self.group_id or ''}|{day}|{self.vote_id or ''}"


def add_to_pool(db: DbSession, pool: Pool, answer: dict, *, form_token: str | None = None) -> None:
    """Seal ``answer`` (JSON-ready, with the ``id`` of the row it will become) into ``pool``."""
    entry_id = uuid.uuid4()
    _secure_delete(db)
    db.execute(insert(_ENTRIES), [dict(id=entry_id, **pool.columns(), sealed=seal(answer, bound_to=pool.bound(entry_id)),
                                       form_token=pool_form_token(form_token) if form_token else None)])


def in_pool(db: DbSession, form_token: str) -> bool:
    """A form with this one-time token waits in a pool already (a double tap)."""
    found = db.scalar(select(_ENTRIES.c.id).where(_ENTRIES.c.form_token == pool_form_token(form_token)))
    return found is not None


def opened(db: DbSession, pool: Pool) -> tuple[list[uuid.UUID], list[dict]]:
    """The entries of ``pool`` that open, and their answers (entries that do not open are left out)."""
    ids, answers = [], []
    for row in db.execute(select(_ENTRIES.c.id, _ENTRIES.c.sealed).where(*pool.where())):
        answer = unseal(row.sealed, bound_to=pool.bound(row.id))
        if answer is not None:
            ids.append(row.id)
            answers.append(answer)
    return ids, answers


def flush_pool(db: DbSession, pool: Pool, *, table: Table, to_row: Callable[[dict], dict],
               write: Callable[[list[dict]], None], due: bool) -> int:
    """Write the pool's answers when they are ``MIN_BATCH`` or more, or whatever is there when ``due``.

    ``to_row`` turns an opened answer into the row of ``table``; ``write`` stores the new rows in one go
    (in the order of their random keys). Returns how many answers were written. The caller holds the lock.
    """
    ids, answers = opened(db, pool)
    if not ids or (len(ids) < MIN_BATCH and not due):
        return 0
    rows, seen = [], set()
    for answer in answers:
        try:
            row = to_row(answer)
        except (KeyError, TypeError, ValueError):  # opened, but not an answer of this kind: never written
            continue
        if row["id"] not in seen:
            seen.add(row["id"])
            rows.append(row)
    existing = set(db.scalars(select(table.c.id).where(table.c.id.in_([row["id"] for row in rows])))) if rows else set()
    rows = [row for row in rows if row["id"] not in existing]  # replayed: that answer is stored already
    _secure_delete(db)
    db.execute(delete(_ENTRIES).where(_ENTRIES.c.id.in_(ids)))
    if rows:
        write(rows)
    return len(rows)


def waiting_pools(db: DbSession) -> list[Pool]:
    """Every pool that holds at least one entry."""
    columns = [_ENTRIES.c.kind, _ENTRIES.c.session_id, _ENTRIES.c.group_id, _ENTRIES.c.day, _ENTRIES.c.vote_id]
    return [Pool.of_entry(row) for row in db.execute(select(*columns).distinct())]


def unopenable_count(db: DbSession) -> int:
    """Entries that do not open with the current secret key (forged, or sealed before a key change)."""
    count = 0
    for pool in waiting_pools(db):
        total = len(db.scalars(select(_ENTRIES.c.id).where(*pool.where())).all())
        count += total - len(opened(db, pool)[0])
    return count


def _secure_delete(db: DbSession) -> None:
    """SQLite zeroes what it frees: a deleted entry or row leaves no bytes in the file."""
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA secure_delete = ON"))
