"""Named session queries."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import Select, bindparam, func, select

from shared import clock
from shared.people.models import Participant
from shared.people.queries import MAY_ATTEND, open_file_condition, with_status
from shared.sessions.models import Attendance, AttendanceStatus, Session


def session_on(group_id: int, day: dt.date) -> Select:
    return select(Session).where(Session.group_id == group_id, Session.held_on == day)


def upcoming_sessions(group_id: int | None = None, today: dt.date | None = None) -> Select:
    query = select(Session).where(Session.held_on >= (today or clock.today()), Session.cancelled.is_(False))
    if group_id is not None:
        query = query.where(Session.group_id == group_id)
    return query.order_by(Session.held_on)


def next_session(group_id: int, today: dt.date | None = None) -> Select:
    return upcoming_sessions(group_id, today).limit(1)


def present_count():
    """Correlated count of people signed in as present at a session."""
    return (
        select(func.count(Attendance.id))
        .where(Attendance.session_id == Session.id, Attendance.status == AttendanceStatus.PRESENT)
        .correlate(Session)
        .scalar_subquery()
    )


@functools.cache
def present_counts() -> Select:
    """Rows (session_id, present) for the sessions ``ids`` (``session.execute(present_counts(), {"ids": [...]})``):
    one query for a page, no sign-in records loaded, the statement built once."""
    return select(Session.id, present_count().label("present")).where(Session.id.in_(bindparam("ids", expanding=True)))


def upcoming_condition(today: dt.date | None = None):
    return Session.held_on >= (today if today is not None else clock.today_param())


def past_condition(today: dt.date | None = None):
    return Session.held_on < (today if today is not None else clock.today_param())


def full_condition():
    """A capacity is set and as many people as that were present (or more)."""
    return Session.capacity.is_not(None) & (present_count() >= Session.capacity)


def places_left_condition():
    return Session.capacity.is_(None) | (present_count() < Session.capacity)


def expected_people(group_ids) -> Select:
    """Who is expected at a group's sessions: everyone referred to it who has not left, file open."""
    return (
        with_status(*MAY_ATTEND)
        .where(Participant.group_id.in_(list(group_ids)), Participant.anonymised_on.is_(None), open_file_condition())
        .order_by(Participant.first_name, Participant.last_name)
    )
