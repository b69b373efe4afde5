"""Named kiosk queries: a group's tablets, pending codes, walk-ins awaiting staff.

Today's session is ``shared.sessions.queries.session_on``; the sign-in tiles are
``shared.people.queries.may_attend``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select

from shared.alphabetical import alphabetical
from shared.kiosk.models import Device, EnrolmentCode, WalkIn
from shared.sessions.models import Session


def devices(group_id: int | None = None, *, include_revoked: bool = False) -> Select:
    query = select(Device)
    if group_id is not None:
        query = query.where(Device.group_id == group_id)
    if not include_revoked:
        query = query.where(Device.revoked_at.is_(None))
    return query.order_by(Device.enrolled_at.desc())


def pending_enrolment_codes(group_id: int, now: dt.datetime) -> Select:
    """Codes not used yet and not expired (shown as "en attente", never in clear)."""
    return (
        select(EnrolmentCode)
        .where(EnrolmentCode.group_id == group_id, EnrolmentCode.used_at.is_(None), EnrolmentCode.expires_at > now)
        .order_by(EnrolmentCode.created_at.desc())
    )


def walk_ins_awaiting(group_id: int | None = None) -> Select:
    """Visitors not yet linked to a person, oldest session first."""
    query = select(WalkIn).join(WalkIn.session).where(WalkIn.participant_id.is_(None))
    if group_id is not None:
        query = query.where(Session.group_id == group_id)
    return query.order_by(Session.held_on, WalkIn.first_name)



def pin_locked_condition(now: dt.datetime):
    """People whose PIN is locked now: for a while, or until staff unlock it (``shared.kiosk.pins``)."""
    from shared.kiosk.pins import LOCK_STEPS
    from shared.people.models import Participant

    return or_(Participant.pin_lock_level > len(LOCK_STEPS), Participant.pin_locked_until > now)


def pin_locked_people(now: dt.datetime) -> Select:
    """The dashboard's « Codes bloqués »: people who cannot sign in on a tablet until later or until staff act."""
    from shared.people.models import Participant

    return (select(Participant).where(pin_locked_condition(now), Participant.closed_on.is_(None))
            .order_by(*alphabetical(Participant.last_name, Participant.first_name)))


def pin_locked_devices(now: dt.datetime, group_id: int | None = None) -> Select:
    """Tablets whose PIN entry is paused (too many people with a wrong PIN since the last right one)."""
    from shared.kiosk.pins import LOCK_STEPS

    query = select(Device).where(Device.revoked_at.is_(None),
                                 or_(Device.pin_lock_level > len(LOCK_STEPS), Device.pin_locked_until > now))
    return query if group_id is None else query.where(Device.group_id == group_id)
