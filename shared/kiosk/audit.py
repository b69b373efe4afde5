"""Audit entries the tablet, PIN and walk-in operations write themselves (never for feedback).

Kept for their callers: the entry is the shared recorder's (``shared.audit.recorder.note``), so it names
the same actor as the rest of the journal — the staff member, else the session's door.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.audit.recorder import note
from shared.staff.models import StaffMember


def record(
    db: DbSession,
    *,
    actor: StaffMember | None,
    action: AuditAction,
    table_name: str,
    record_id: object,
    changes: dict,
    now: dt.datetime,
) -> None:
    note(db, actor=actor, action=action, table_name=table_name, record_id=record_id, changes=changes, now=now)
