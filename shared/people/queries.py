"""Named participant queries."""

from __future__ import annotations

import functools

from sqlalchemy import Select, and_, case, false, func, select
from sqlalchemy.orm import aliased, with_expression

from shared import clock
from shared.alphabetical import alphabetical
from shared.exits.models import Exit
from shared.exits.queries import exits_not_undone_by
from shared.people.models import Participant, ParticipantStatus, Referral
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.staff.models import StaffMember

MAY_ATTEND = (
    ParticipantStatus.REFERRED,
    ParticipantStatus.ON_TRIAL,
    ParticipantStatus.DECISION_DUE,
    ParticipantStatus.UNDER_CONTRACT,
)


def with_status(*statuses: ParticipantStatus) -> Select:
    return select(Participant).where(Participant.status_code.in_([s.value for s in statuses]))


def open_file_condition():
    """The person's file is open: closed files leave the lists and the tablet (not the reports)."""
    return Participant.closed_on.is_(None)


def closed_file_condition():
    return Participant.closed_on.is_not(None)


def open_files_count(everyone: Select):
    """How many open files ``everyone`` (a ``count()`` over participants, scoped) holds: all of them but the
    closed ones, two counts an index answers instead of one that reads every open file (bench/list_pages.py)."""
    return everyone.scalar_subquery() - everyone.where(closed_file_condition()).scalar_subquery()


def may_attend_condition():
    """Expected at their group's sessions: not left, file open, not anonymised."""
    return and_(status_condition(*MAY_ATTEND), open_file_condition(), Participant.anonymised_on.is_(None))


def may_attend(group_id: int) -> Select:
    """Everyone of the group who has not left and whose file is open, by first name: the kiosk's tiles."""
    return (
        select(Participant)
        .where(may_attend_condition(), Participant.group_id == group_id)
        .order_by(*alphabetical(Participant.first_name, Participant.last_name))
    )


def in_group_on_condition(group_id, day):
    """Referred to the group on or before ``day``, and not left by then (an exit before that day that no
    return undid): the people a session of that day lists, and whose attendance it takes."""
    referred = (
        select(Referral.id)
        .where(Referral.participant_id == Participant.id, Referral.group_id == group_id, Referral.referred_on <= day)
        .correlate(Participant)
        .exists()
    )
    gone = (
        exits_not_undone_by(Participant.id, day).where(Exit.left_on < day)
        .with_only_columns(Exit.id).correlate_except(Exit).exists()
    )
    return and_(referred, ~gone)


def trials_due(group_id: int | None = None) -> Select:
    """People whose trial allowance is used up: staff must decide (contract or not)."""
    query = with_status(ParticipantStatus.DECISION_DUE).where(open_file_condition())
    if group_id is not None:
        query = query.where(Participant.group_id == group_id)
    return query.order_by(*alphabetical(Participant.last_name))


def status_condition(*statuses: ParticipantStatus):
    return Participant.status_code.in_([s.value for s in statuses])


def referred_by_condition(referrer_id: int):
    """People who were referred (at least once) by this referring social worker."""
    return Participant.id.in_(select(Referral.participant_id).where(Referral.referrer_id == referrer_id))


def attendance_summary(participant_ids) -> Select:
    """Rows (participant_id, attended, last_attended_on): sessions attended (present) and the last one.

    One query for a whole page of people, so a list stays at a fixed number of queries.
    """
    return (
        select(
            Attendance.participant_id,
            func.count(Attendance.id).label("attended"),
            func.max(Session.held_on).label("last_attended_on"),
        )
        .join(Session, Session.id == Attendance.session_id)
        .where(Attendance.participant_id.in_(list(participant_ids)), Attendance.status == AttendanceStatus.PRESENT)
        .group_by(Attendance.participant_id)
    )


def latest_referral_id(column: str = "id"):
    """Correlated id (or ``column``) of a participant's latest referral: the latest date, the last recorded
    on that day."""
    earlier = aliased(Referral)
    return (
        select(getattr(earlier, column)).where(earlier.participant_id == Participant.id)
        .order_by(earlier.referred_on.desc(), earlier.id.desc()).limit(1)
        .correlate(Participant).scalar_subquery()
    )


@functools.cache
def with_list_summary() -> tuple:
    """Loader options that read, with each person, what the people list and the person's page show beside
    their own fields: sessions attended (present), the last one, and who referred them last (« Prénom
    Nom »), as ``Participant.listed_*``. Correlated columns of the page's one query: a second query a page
    cost more, on PostgreSQL most (its planning and its round trip; bench/list_pages.py)."""
    present = and_(Attendance.participant_id == Participant.id, Attendance.status == AttendanceStatus.PRESENT)
    attended = select(func.count()).where(present).correlate(Participant).scalar_subquery()  # from the index
    last_attended_on = (
        select(func.max(Session.held_on)).join(Attendance, Attendance.session_id == Session.id).where(present)
        .correlate(Participant).scalar_subquery()
    )
    referrer_name = (  # StaffMember.full_name, found by its key
        select(StaffMember.first_name + " " + StaffMember.last_name)
        .where(StaffMember.id == latest_referral_id("referrer_id")).correlate(Participant).scalar_subquery()
    )
    return (with_expression(Participant.listed_attended, attended),
            with_expression(Participant.listed_last_attended_on, last_attended_on),
            with_expression(Participant.listed_referrer_name, referrer_name))


def last_expected_session(offset: int, today=None):
    """Correlated id of the ``offset``-th latest session a participant was expected at (0: the last).

    Expected: the sessions of their group, not cancelled, already held (before today), on or
    after their latest referral.
    """
    today = today if today is not None else clock.today_param()
    latest_referral = (
        select(func.max(Referral.referred_on)).where(Referral.participant_id == Participant.id)
        .correlate(Participant).scalar_subquery()
    )
    return (
        select(Session.id)
        .where(
            Session.group_id == Participant.group_id,
            Session.cancelled.is_(False),
            Session.held_on < today,
            Session.held_on >= func.coalesce(latest_referral, Session.held_on),
        )
        .correlate(Participant)
        .order_by(Session.held_on.desc())
        .limit(1)
        .offset(offset)
        .scalar_subquery()
    )


def drifting_away_condition(today=None):
    """Not left, file open, and absent from the last two sessions they were expected at (see
    ``last_expected_session``). Absent: no "present" sign-in at either of the two.

    Written for large tables: each of the two sessions is one lookup in the attendance's
    (session, participant) key, and the CASE makes both SQLite and PostgreSQL check the status
    first, so the session lookups run only for the people who have not left.
    """
    def present_at(offset: int):
        return (
            select(func.count(Attendance.id))
            .where(
                Attendance.session_id == last_expected_session(offset, today),
                Attendance.participant_id == Participant.id,
                Attendance.status == AttendanceStatus.PRESENT,
            )
            .correlate(Participant)
            .scalar_subquery()
        )

    absent_twice = and_(last_expected_session(1, today).is_not(None), present_at(0) + present_at(1) == 0)
    return case((and_(status_condition(*MAY_ATTEND), open_file_condition()), absent_twice), else_=false())


def drifting_away(today=None) -> Select:
    """People absent from their last two expected sessions: somebody should call them."""
    return select(Participant).where(drifting_away_condition(today)).order_by(*alphabetical(Participant.last_name))
