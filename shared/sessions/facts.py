"""What recording an attendance checks in the database, read in one query for one person or for many: their
attendance at the session if any, whether they are in the session's group that day
(``people.queries.in_group_on_condition``) and whether a contract is in force that day (without one, the
presence is a trial). The sign-in, the staff's attendance form and the import all read these facts here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, false, select
from sqlalchemy.orm import Session as DbSession

from shared.contracts.models import Contract
from shared.people.models import Participant
from shared.people.queries import in_group_on_condition
from shared.sessions.models import Attendance, Session


@dataclass
class AttendanceFacts:
    existing: Attendance | None
    in_group: bool
    has_contract: bool


def attendance_facts(db: DbSession, session: Session, participant_ids: Iterable[int]) -> dict[int, AttendanceFacts]:
    """The facts for each of ``participant_ids`` (saved people) at ``session``, which may not be saved yet. On a
    joint session each person is in their own group, one of the session's (``Session.group_ids``)."""
    return facts_on(db, group_id=Participant.group_id if session.is_joint else session.group_id,
                    day=session.held_on, session_id=session.id, participant_ids=participant_ids)


def facts_on(db: DbSession, *, group_id, day: dt.date, session_id: int | None,
             participant_ids: Iterable[int]) -> dict[int, AttendanceFacts]:
    """The same for the group's session that day, known by its id, or not planned yet (``session_id`` None).
    ``group_id``: a group's id, or ``Participant.group_id`` for each person's own group."""
    ids = list(participant_ids)
    if not ids:
        return {}
    in_force = (select(Contract.id).where(Contract.participant_id == Participant.id, Contract.in_force_on(day))
                .correlate(Participant).exists())
    joined = (and_(Attendance.participant_id == Participant.id, Attendance.session_id == session_id)
              if session_id is not None else false())
    rows = db.execute(
        select(Participant.id, Attendance, in_group_on_condition(group_id, day), in_force)
        .select_from(Participant).outerjoin(Attendance, joined).where(Participant.id.in_(ids)))
    return {pid: AttendanceFacts(existing=existing, in_group=bool(in_group), has_contract=bool(has_contract))
            for pid, existing, in_group, has_contract in rows}
