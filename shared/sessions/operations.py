"""Sign-in to a session (émargement), from the kiosk or by staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.errors import CheckInRefused
from shared.people.models import Participant, ParticipantStatus
from shared.people.status import status_of
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.writes import operation


@dataclass
class CheckInResult:
    attendance: Attendance
    created: bool  # False when the person had already signed in: a friendly no-op


def has_contract_on(db: DbSession, participant: Participant, day: dt.date) -> bool:
    query = select(Contract.id).where(Contract.participant_id == participant.id, Contract.in_force_on(day))
    return db.scalar(query.limit(1)) is not None


@operation
def check_in(
    db: DbSession,
    *,
    session: Session,
    participant: Participant,
    source: AttendanceSource = AttendanceSource.KIOSK,
    now: dt.datetime | None = None,
) -> CheckInResult:
    """Record that ``participant`` is present at ``session``.

    Refused (CheckInRefused) for a cancelled session, outside the sign-in window of today's
    session, for a person of another group, or a person who left. Idempotent.
    """
    now = now or clock.now()
    if session.cancelled:
        raise CheckInRefused("Cette séance est annulée : il n'est pas possible de s'y inscrire.")
    if participant.group_id != session.group_id:
        raise CheckInRefused(f"{participant.kiosk_name} n'est pas inscrit(e) dans ce groupe.")
    if status_of(participant) is ParticipantStatus.LEFT:
        raise CheckInRefused(f"{participant.kiosk_name} a quitté le groupe : voyez avec l'animateur.")
    if source is AttendanceSource.KIOSK:
        _check_window(session, now)

    existing = db.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.participant_id == participant.id)
    )
    if existing is not None:
        if existing.status is AttendanceStatus.PRESENT:
            return CheckInResult(existing, created=False)
        existing.status = AttendanceStatus.PRESENT
        existing.source = source
        existing.recorded_at = now
        db.flush()
        return CheckInResult(existing, created=True)

    is_trial = not has_contract_on(db, participant, session.held_on)
    attendance = Attendance(  # by id: relationships would cascade it into the flush before the savepoint
        session_id=session.id,
        participant_id=participant.id,
        status=AttendanceStatus.PRESENT,
        is_trial=is_trial,
        source=source,
        recorded_at=now,
    )
    try:
        with db.begin_nested():
            db.add(attendance)
    except IntegrityError:
        # Another process signed the same person in between: that sign-in stands.
        if attendance in db:
            db.expunge(attendance)
        raced = db.scalar(
            select(Attendance).where(Attendance.session_id == session.id, Attendance.participant_id == participant.id)
        )
        if raced is None:
            raise
        return CheckInResult(raced, created=False)
    participant.last_contact_on = session.held_on
    db.flush()
    return CheckInResult(attendance, created=True)


def _check_window(session: Session, now: dt.datetime) -> None:
    opens = session.opens_at(session.group.checkin_opens_before)
    closes = session.closes_at()
    if now.date() != session.held_on:
        raise CheckInRefused(
            f"Cette séance a lieu le {session.held_on:%d/%m/%Y} : on ne peut signer sa présence que le jour même."
        )
    if now < opens:
        raise CheckInRefused(f"La signature ouvre à {opens:%Hh%M}. Revenez un peu plus tard.")
    if now > closes:
        raise CheckInRefused(f"La séance est terminée depuis {closes:%Hh%M} : voyez avec l'animateur.")


@operation
def record_attendance(
    db: DbSession, *, session: Session, participant: Participant, status: AttendanceStatus
) -> Attendance:
    """Staff taking attendance: create or update the row, trial flag computed the same way."""
    if participant.group_id != session.group_id:
        raise CheckInRefused(f"{participant.full_name} n'est pas inscrit(e) dans le groupe de cette séance.")
    attendance = db.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.participant_id == participant.id)
    )
    if attendance is None:
        attendance = Attendance(
            session=session,
            participant=participant,
            is_trial=not has_contract_on(db, participant, session.held_on),
            source=AttendanceSource.STAFF,
        )
        db.add(attendance)
    attendance.status = status
    attendance.source = AttendanceSource.STAFF
    attendance.recorded_at = clock.now()
    if status is AttendanceStatus.PRESENT:
        participant.last_contact_on = max(filter(None, [participant.last_contact_on, session.held_on]))
    db.flush()
    return attendance
