"""The pool of anonymous answers not yet written: sealed entries of one fixed size, nothing else readable.

An entry says which pool it waits in (a session's opinions, a group's ideas of a day, a vote's ballots:
what the real row will say anyway) and holds the answer sealed (``shared.anonymity.seal``). It has a random
key, no time, no person, no device, and every sealed value has the same length. SQLite keeps the table
without rowid (entries sit in key order); PostgreSQL keeps the sealed value in the row (``STORAGE PLAIN``:
neither compressed nor moved to a TOAST table), so its size never varies with the answer.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DDL, Date, ForeignKey, Index, LargeBinary, String, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.labels import LabelledEnum, enum_column


class PoolKind(LabelledEnum):
    OPINION = ("opinion", "Avis anonyme")
    IDEA = ("idea", "Idée anonyme")
    BALLOT = ("ballot", "Bulletin de vote")


class PoolEntry(Base):
    __tablename__ = "anonymous_pool"
    __table_args__ = (
        Index("ix_anonymous_pool_form_token", "form_token", unique=True),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[PoolKind] = mapped_column(enum_column(PoolKind))
    # The pool: a session's opinions, a group's ideas of a day, a vote's ballots.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date | None] = mapped_column(Date)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    # A keyed digest of the form's one-time token (a double tap is stored once); unlike the digest the written
    # row keeps, it cannot be matched with it without the secret key.
    form_token: Mapped[str | None] = mapped_column(String(64))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


event.listen(PoolEntry.__table__, "after_create", DDL(
    "ALTER TABLE anonymous_pool ALTER COLUMN sealed SET STORAGE PLAIN").execute_if(dialect="postgresql"))
