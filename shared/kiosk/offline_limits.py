"""What a tablet's offline queue may still add, whatever the tablet sends.

- ids the database can hold (``MAX_ID``): anything else is refused, never a 500;
- the session the item could have been given in: today's, or yesterday's for a tablet that stayed
  offline overnight; a past, future or absurd session (year 0001) is refused;
- a few « présences à confirmer » per person and per tablet for a session: a whole group mistyping
  fits, a stream of guesses does not. Past a cap the sign-in is dropped and counted for staff
  (``DeviceContact.refused``). Its answer stays the same « received »: a cap filled by wrong codes only
  must not tell that one of the codes was right;
- a few visitors (« Visiteurs à rattacher ») per tablet for a session: past the cap they are refused
  and counted, as the staff's list is read by a person;
- the time a sign-in was made on the tablet (``signed_time``): kept only when plausible (the session's
  day, not after the server's own time, from the opening of the sign-in to the session's end, each with
  ``SIGNED_AT_MARGIN`` for a tablet's clock that drifts); otherwise the time of receipt. It dates the
  attendance and the « présence à confirmer », and nothing else (PIN locks keep the server's time).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import MAX_ID
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.people.models import Participant
from shared.sessions.models import Session

MAX_PENDING_PER_PERSON = 3  # per session: a person signs in once, maybe twice after a slip of the finger
MAX_PENDING_PER_TABLET = 50  # per session: a whole group whose codes could not be checked
MAX_WALK_INS_PER_TABLET = 20  # per session: newcomers discovering the group, many times over
OVERNIGHT = dt.timedelta(days=1)
SIGNED_AT_MARGIN = dt.timedelta(minutes=15)


def is_database_id(value: object) -> bool:
    """An id as the tablet sends it (a JSON number) that a row could have."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def could_be_given_in(session: Session, today: dt.date) -> bool:
    """Offline items are kept for today's session; sent the next morning, yesterday's still arrive."""
    return today - OVERNIGHT <= session.held_on <= today


def room_for_pending(db: DbSession, *, device: Device, session: Session, participant: Participant) -> bool:
    """Whether one more « présence à confirmer » fits under both caps (decided ones count too)."""
    rows = select(func.count()).select_from(PendingAttendance).where(PendingAttendance.session_id == session.id)
    person = db.scalar(rows.where(PendingAttendance.participant_id == participant.id))
    tablet = db.scalar(rows.where(PendingAttendance.device_id == device.id))
    return person < MAX_PENDING_PER_PERSON and tablet < MAX_PENDING_PER_TABLET


def room_for_walk_in(db: DbSession, *, device: Device, session: Session) -> bool:
    """Whether one more visitor fits under the tablet's cap for this session (« Visiteurs à rattacher »)."""
    sent = select(func.count()).select_from(WalkIn).where(WalkIn.session_id == session.id,
                                                         WalkIn.device_id == device.id)
    return db.scalar(sent) < MAX_WALK_INS_PER_TABLET


def signed_time(claimed: object, session: Session, now: dt.datetime) -> dt.datetime:
    """The tablet's time of a sign-in (ISO 8601 with its offset) when plausible for ``session``, else ``now``."""
    if not isinstance(claimed, str) or len(claimed) > 40:
        return now
    try:
        moment = dt.datetime.fromisoformat(claimed)
    except ValueError:
        return now
    if moment.tzinfo is None:  # a time without its offset could be any hour
        return now
    try:
        moment = moment.astimezone(now.tzinfo or clock.CENTRE_TZ)
    except OverflowError:
        return now
    opens = session.opens_at(session.group.checkin_opens_before) - SIGNED_AT_MARGIN
    ends = session.closes_at() + SIGNED_AT_MARGIN
    local = moment.astimezone(clock.CENTRE_TZ)
    if local.date() != session.held_on or moment > now or not opens <= moment <= ends:
        return now
    return moment
