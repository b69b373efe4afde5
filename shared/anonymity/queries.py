"""Named queries of the pool: how many anonymous answers wait, sealed, without opening any."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from shared.anonymity.models import PoolEntry, PoolKind


def waiting_opinions(session_id: int) -> Select:
    """The number of a session's anonymous opinions still waiting in its pool (counted, never opened)."""
    return (select(func.count()).select_from(PoolEntry)
            .where(PoolEntry.kind == PoolKind.OPINION, PoolEntry.session_id == session_id))
