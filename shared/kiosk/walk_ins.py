"""Walk-in visitors: someone comes to discover the group and types a first name on the tablet.

The kiosk records a ``WalkIn`` for today's session; staff later link it to a person record
(creating the referral first if needed), which records a trial attendance for that session.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.kiosk import audit
from shared.kiosk.errors import WalkInError
from shared.kiosk.models import Device, WalkIn
from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.sessions.operations import record_attendance
from shared.staff.models import StaffMember
from shared.writes import operation

MAX_FIRST_NAME = 80
# The same first name sent again this soon at the same session is the same visitor (a double tap,
# "back" then the button again): the visit is counted once.
REPEAT_WINDOW = dt.timedelta(minutes=15)
# Letters of any script, spaces, apostrophes, hyphens and dots: a first name, nothing else.
_FIRST_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.\-])*")
# The same rule in the browser's syntax (RegExp with the "u" flag), for the tablet offline (rule_for_tablet).
_FIRST_NAME_FOR_TABLET = r"^\p{L}[\p{L} '’.\-]*$"
NO_FIRST_NAME = "Écrivez votre prénom."
FIRST_NAME_TOO_LONG = f"Le prénom est trop long : {MAX_FIRST_NAME} lettres au plus."
NOT_A_FIRST_NAME = "Écrivez seulement votre prénom, avec des lettres."


def clean_first_name(typed: str | None) -> str:
    name = " ".join((typed or "").split())
    if not name:
        raise WalkInError(NO_FIRST_NAME, field="first_name")
    if len(name) > MAX_FIRST_NAME:
        raise WalkInError(FIRST_NAME_TOO_LONG, field="first_name")
    if not _FIRST_NAME.fullmatch(name):
        raise WalkInError(NOT_A_FIRST_NAME, field="first_name")
    return name


def rule_for_tablet() -> dict:
    """``clean_first_name`` as the tablet applies it offline (kiosk/static/sw.js); the server checks again at sync."""
    return {"max": MAX_FIRST_NAME, "pattern": _FIRST_NAME_FOR_TABLET,
            "messages": {"empty": NO_FIRST_NAME, "long": FIRST_NAME_TOO_LONG, "letters": NOT_A_FIRST_NAME}}


@operation
def record_walk_in(db: DbSession, *, session: Session, first_name: str, now: dt.datetime,
                   kept_offline: bool = False, device: Device | None = None) -> WalkIn:
    """A visitor discovers the group at today's session; staff will link them to a person.

    ``kept_offline``: the visit was kept on the tablet during a network cut and arrives now, maybe
    after the session's end or the next day; it still belongs to that session (never a future one);
    ``device`` is then the tablet that kept it (its cap: ``shared.kiosk.offline_limits``)."""
    name = clean_first_name(first_name)
    if session.cancelled:
        raise WalkInError("La séance d'aujourd'hui est annulée. Revenez à la prochaine !")
    if kept_offline:
        if session.held_on > now.date():
            raise WalkInError("Cette séance n'a pas encore eu lieu.")
    elif now.date() != session.held_on:
        raise WalkInError("Il n'y a pas de séance aujourd'hui. Revenez le jour de la prochaine séance !")
    elif now > session.closes_at():
        raise WalkInError("La séance d'aujourd'hui est terminée. Revenez à la prochaine !")
    # Two taps at once wait for each other here (PostgreSQL); SQLite writes one request at a time.
    db.execute(select(Session.id).where(Session.id == session.id).with_for_update())
    repeated = db.scalar(
        select(WalkIn)
        .where(WalkIn.session_id == session.id, WalkIn.participant_id.is_(None),
               func.lower(WalkIn.first_name) == name.lower(), WalkIn.recorded_at >= now - REPEAT_WINDOW)
        .limit(1)
    )
    if repeated is not None:
        return repeated
    walk_in = WalkIn(session_id=session.id, first_name=name, recorded_at=now,
                     device_id=device.id if device is not None else None)
    db.add(walk_in)
    db.flush()
    return walk_in


@operation
def link_walk_in(
    db: DbSession, walk_in: WalkIn, participant: Participant, *, actor: StaffMember | None, now: dt.datetime
) -> Attendance:
    """Staff say who the visitor was: the visit becomes a (trial) attendance of that person."""
    if walk_in.participant_id is not None:
        raise WalkInError("Ce visiteur est déjà rattaché à une personne.")
    session = walk_in.session
    if participant.group_id not in session.group_ids:
        raise WalkInError(f"{participant.full_name} n'est pas orienté(e) vers le groupe de cette séance.",
                          field="participant")
    attendance = record_attendance(db, session=session, participant=participant, status=AttendanceStatus.PRESENT,
                                   now=now)
    walk_in.participant_id = participant.id
    walk_in.linked_by_id = actor.id if actor is not None else None
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="walk_in", record_id=walk_in.id,
        changes={"participant_id": [None, participant.id]}, now=now,
    )
    db.flush()
    return attendance


@operation
def discard_walk_in(db: DbSession, walk_in: WalkIn, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """A visit nobody can place (a typo, a test): staff remove it."""
    if walk_in.participant_id is not None:
        raise WalkInError("Ce visiteur est rattaché à une personne : on ne peut plus le supprimer.")
    audit.record(
        db, actor=actor, action=AuditAction.DELETE, table_name="walk_in", record_id=walk_in.id,
        changes={"first_name": [walk_in.first_name, None]}, now=now,
    )
    db.delete(walk_in)
    db.flush()
