"""Named session queries."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import Date, Select, and_, bindparam, func, literal, or_, select

from shared import clock
from shared.alphabetical import alphabetical
from shared.contracts.models import Contract
from shared.people.models import Participant
from shared.people.queries import (
    MAY_ATTEND, in_group_on_condition, may_attend_condition, open_file_condition, with_status,
)
from shared.sessions.models import Attendance, AttendanceStatus, Session, session_guest_group
from shared.sessions.rules import session_days


def guest_sessions(group_ids) -> Select:
    """The ids of the joint sessions ``group_ids`` (an id, a list, or a subquery) are invited to."""
    ids = [group_ids] if isinstance(group_ids, int) else group_ids
    return select(session_guest_group.c.session_id).where(session_guest_group.c.group_id.in_(ids))


def held_by_condition(group_ids):
    """Sessions of ``group_ids`` (an id, a list, or a subquery): hosted by one of them, or a joint session one of
    them is invited to."""
    ids = [group_ids] if isinstance(group_ids, int) else group_ids
    return or_(Session.group_id.in_(ids), Session.id.in_(guest_sessions(ids)))


def joint_condition():
    """A joint session: at least one guest group."""
    return Session.id.in_(select(session_guest_group.c.session_id))


def session_on(group_id: int, day: dt.date) -> Select:
    """The group's session that day, hosted or as a guest (a group meets once a day: ``rules``)."""
    return select(Session).where(held_by_condition(group_id), Session.held_on == day)


def sessions_of_day(day: dt.date) -> Select:
    """The sessions held that day and not cancelled (the dashboard's « Séance du jour »), earliest first."""
    return (select(Session).where(Session.held_on == day, Session.cancelled.is_(False))
            .order_by(Session.starts_at, Session.id))


def upcoming_sessions(group_id: int | None = None, today: dt.date | None = None) -> Select:
    query = select(Session).where(Session.held_on >= (today or clock.today()), Session.cancelled.is_(False))
    if group_id is not None:
        query = query.where(held_by_condition(group_id))
    return query.order_by(Session.held_on)


def next_session(group_id: int, today: dt.date | None = None) -> Select:
    """The next session the kiosk announces: never one dated past a session's bound (a typo, ``rules.session_days``)."""
    latest = session_days(today)[1]
    return upcoming_sessions(group_id, today).where(Session.held_on <= latest).limit(1)


def present_count():
    """Correlated count of people signed in as present at a session."""
    return (
        select(func.count(Attendance.id))
        .where(Attendance.session_id == Session.id, Attendance.status == AttendanceStatus.PRESENT)
        .correlate(Session)
        .scalar_subquery()
    )


@functools.cache
def list_figures(with_moods: bool) -> Select:
    """Rows (session_id, present, answers, average) for a page of sessions, in one query built once: people
    present and, ``with_moods`` (staff who may read them), the mood average of ``feedback.queries.mood_averages``
    (None below its minimum of answers). Parameters: ``ids`` (the sessions) and, with moods, ``today``.
    """
    from shared.feedback.queries import mood_averages  # feedback queries read the session models

    ids = bindparam("ids", expanding=True)
    columns = [Session.id, present_count().label("present")]
    query = select(*columns, *(literal(None).label(name) for name in ("answers", "average")))
    if with_moods:
        moods = mood_averages(bindparam("today", type_=Date)).where(Session.id.in_(ids)).order_by(None).subquery()
        query = (select(*columns, moods.c.answers, moods.c.average)
                 .outerjoin(moods, moods.c.session_id == Session.id))
    return query.where(Session.id.in_(ids))


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
        .order_by(*alphabetical(Participant.first_name, Participant.last_name))
    )


def in_session_groups_on(session: Session):
    """People in one of the session's groups on its day: referred to their group by then and not left
    (``people.queries.in_group_on_condition``). A joint session lists each group's own people."""
    if not session.guest_groups:
        return in_group_on_condition(session.group_id, session.held_on)
    return and_(Participant.group_id.in_(session.group_ids),
                in_group_on_condition(Participant.group_id, session.held_on))


def may_attend_session(session: Session) -> Select:
    """Everyone of the session's groups who may attend (the kiosk's tiles on a joint session's day)."""
    return (select(Participant).where(may_attend_condition(), Participant.group_id.in_(session.group_ids))
            .order_by(*alphabetical(Participant.first_name, Participant.last_name)))


def listed_on_sheet(session: Session) -> Select:
    """Who a session's screens list: its groups' people who may attend and were referred to their group by the
    session's day (``in_session_groups_on``). The back-office scopes it to what the viewer may see."""
    return may_attend_session(session).where(in_session_groups_on(session))


def in_group_among(participant_ids, session: Session) -> Select:
    """The ids, among ``participant_ids``, of the people in the session's groups on its day (referred, not left):
    the others' rows, recorded before the rule, are shown but not taken again."""
    return select(Participant.id).where(Participant.id.in_(list(participant_ids)), in_session_groups_on(session))


def referred_after(session: Session) -> Select:
    """The count of the groups' people left off a session's screens: referred after its day (or out of the
    group that day), with no row recorded for it."""
    recorded = (select(Attendance.id).where(Attendance.session_id == session.id,
                                            Attendance.participant_id == Participant.id)
                .correlate(Participant).exists())
    return (may_attend_session(session).where(~in_session_groups_on(session), ~recorded)
            .with_only_columns(func.count(Participant.id)).order_by(None))


def under_contract_on(participant_ids, day: dt.date) -> Select:
    """The ids, among ``participant_ids``, of the people with a contract in force on ``day``: a presence that
    day is no trial (``facts.attendance_facts`` for one session)."""
    return select(Contract.participant_id).where(Contract.participant_id.in_(list(participant_ids)),
                                                 Contract.in_force_on(day))
