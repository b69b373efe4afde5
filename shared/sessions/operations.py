"""Sign-in to a session (émargement), from the kiosk or by staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.dates import fr, fr_time
from shared.errors import CheckInRefused, DomainError
from shared.people.models import Participant, ParticipantStatus
from shared.people.status import status_of
from shared.sessions.facts import AttendanceFacts, attendance_facts
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.sessions.rules import AttendanceRuleError, check_in_group_on, check_status_plausible
from shared.writes import operation


@dataclass
class CheckInResult:
    attendance: Attendance
    created: bool  # False when the person had already signed in: a friendly no-op


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
    session, for a person of none of its groups (a joint session has several), or a person who left. Idempotent.
    """
    now = now or clock.now()
    if session.cancelled:
        raise CheckInRefused("Cette séance est annulée : il n'est pas possible de s'y inscrire.")
    if participant.group_id not in session.group_ids:
        raise CheckInRefused(f"{participant.kiosk_name} n'est pas inscrit(e) dans ce groupe.")
    if status_of(participant) is ParticipantStatus.LEFT:
        raise CheckInRefused(f"{participant.kiosk_name} a quitté le groupe : voyez avec l'animateur.")
    if source is AttendanceSource.KIOSK:
        _check_window(session, now)
    with db.no_autoflush:
        facts = attendance_facts(db, session, [participant.id])[participant.id]
    existing, has_contract = facts.existing, facts.has_contract
    check_in_group_on(db, participant, session, name=participant.kiosk_name, in_group=facts.in_group)
    if existing is not None:
        if existing.status is AttendanceStatus.PRESENT:
            return CheckInResult(existing, created=False)
        existing.status = AttendanceStatus.PRESENT
        existing.source = source
        existing.recorded_at = now
        db.flush()
        return CheckInResult(existing, created=True)

    is_trial = not has_contract
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
            f"Cette séance a lieu le {fr(session.held_on)} : on ne peut signer sa présence que le jour même."
        )
    if now < opens:
        raise CheckInRefused(f"La signature ouvre à {fr_time(opens)}. Revenez un peu plus tard.")
    if now > closes:
        raise CheckInRefused(f"La séance est terminée depuis {fr_time(closes)} : voyez avec l'animateur.")


def _find(db: DbSession, session: Session, participant: Participant) -> Attendance | None:
    return db.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.participant_id == participant.id)
    )


@operation
def record_attendance(
    db: DbSession,
    *,
    session: Session,
    participant: Participant,
    status: AttendanceStatus,
    now: dt.datetime | None = None,
    facts: AttendanceFacts | None = None,
) -> Attendance:
    """Staff taking attendance: create the row, or change its status.

    The trial flag is derived (no contract in force on the session's day), never given. A row whose
    status does not change is left as it is: a tablet sign-in keeps its source and its time.
    Refused for a cancelled session, a person of another group, a person not referred to the group by the
    session's day or who had left by then (``rules.check_in_group_on``), and « présent » or « absent » before
    the session has started (``rules.check_status_plausible``). A trial past the group's allowance is saved:
    ``rules.trial_allowance_notice`` says so. ``facts``: what ``facts.attendance_facts`` read for this person and
    session, when the caller read it for many at once (an import); read here otherwise.
    """
    now = now or clock.now()
    if not isinstance(status, AttendanceStatus):
        raise AttendanceRuleError("Choisissez présent(e), excusé(e) ou absent(e).", field="status")
    if participant.group_id not in session.group_ids:
        raise CheckInRefused(f"{participant.full_name} n'est pas inscrit(e) dans le groupe de cette séance.",
                             field="participant")
    if facts is None:
        facts = attendance_facts(db, session, [participant.id])[participant.id]
    attendance = facts.existing
    if attendance is not None and attendance.status is status:
        return attendance
    if session.cancelled:
        raise CheckInRefused("Cette séance est annulée : on n'y relève pas les présences.", field="session")
    check_status_plausible(session, status, now=now)
    check_in_group_on(db, participant, session, name=participant.full_name, in_group=facts.in_group)
    if attendance is None:
        attendance = Attendance(session=session, participant=participant)
        db.add(attendance)
    attendance.is_trial = not facts.has_contract
    attendance.status = status
    attendance.source = AttendanceSource.STAFF
    attendance.recorded_at = now
    if status is AttendanceStatus.PRESENT:
        participant.last_contact_on = max(filter(None, [participant.last_contact_on, session.held_on]))
    return attendance


@operation
def add_attendance(
    db: DbSession, *, session: Session, participant: Participant, status: AttendanceStatus,
    now: dt.datetime | None = None,
) -> Attendance:
    """A new attendance row (the back-office's « Créer »): refused when the person is already recorded."""
    if _find(db, session, participant) is not None:
        raise AttendanceRuleError("Cette personne est déjà émargée pour cette séance : modifiez son émargement.",
                                  field="participant")
    return record_attendance(db, session=session, participant=participant, status=status, now=now)


@operation
def change_attendance_status(
    db: DbSession, attendance: Attendance, *, status: AttendanceStatus, now: dt.datetime | None = None
) -> Attendance:
    """Correct an attendance: its status only; its session and its person stay."""
    return record_attendance(db, session=attendance.session, participant=attendance.participant, status=status,
                             now=now)


class AttendanceSheetRefused(AttendanceRuleError):
    """Some rows of an attendance sheet were refused; ``rows`` maps a person's id to the message."""

    def __init__(self, rows: dict[int, str]) -> None:
        n = len(rows)
        super().__init__(f"Rien n'a été enregistré : {n} ligne{'s' if n > 1 else ''} à corriger (voir ci-dessous).")
        self.rows = rows


@operation
def take_attendance(
    db: DbSession, *, session: Session, statuses: dict[Participant, AttendanceStatus], now: dt.datetime | None = None
) -> list[Attendance]:
    """Save an attendance sheet: only the rows whose status changed are written; returns them.

    Every row is checked; when any is refused, ``AttendanceSheetRefused`` says which (the caller
    rolls the whole sheet back).
    """
    now = now or clock.now()
    if session.cancelled:
        raise CheckInRefused("Cette séance est annulée : on n'y relève pas les présences.")
    stored = dict(db.execute(
        select(Attendance.participant_id, Attendance.status).where(Attendance.session_id == session.id)).all())
    changed: list[Attendance] = []
    refused: dict[int, str] = {}
    for participant, status in statuses.items():
        if stored.get(participant.id) is status:
            continue
        try:
            changed.append(record_attendance(db, session=session, participant=participant, status=status, now=now))
        except DomainError as error:
            refused[participant.id] = error.message
    if refused:
        raise AttendanceSheetRefused(refused)
    return changed
