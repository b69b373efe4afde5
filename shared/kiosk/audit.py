"""Audit entries for the staff actions on tablets, PINs and walk-ins (never for feedback)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction, AuditEntry
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
    db.add(
        AuditEntry(
            at=now,
            actor_id=actor.id if actor is not None else None,
            action=action,
            table_name=table_name,
            record_id=str(record_id),
            changes=changes,
        )
    )
