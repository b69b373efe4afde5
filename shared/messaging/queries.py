"""Named queries of messaging: who is expected and reachable, which messages may go out, referrers' alerts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, exists, func, or_, select

from shared.contracts.models import Contract
from shared.contracts.queries import needs_action_condition
from shared.messaging.models import REMINDERS, Message, MessageConsent, MessageKind, MessageState
from shared.people.models import Participant, Referral
from shared.people.queries import last_expected_session, may_attend_condition
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.sessions.queries import may_attend_session

ENDING_WITHIN_DAYS = 30


def consents_of(participant_ids) -> Select:
    return select(MessageConsent).where(MessageConsent.participant_id.in_(list(participant_ids)))


def sessions_for_reminders(day: dt.date) -> Select:
    """Sessions today and tomorrow that are not cancelled: the ones a reminder may be due for."""
    return (select(Session).where(Session.held_on.between(day, day + dt.timedelta(days=1)),
                                  Session.cancelled.is_(False))
            .order_by(Session.held_on, Session.id))


def expected_at(session: Session) -> Select:
    """The people expected at a session: its groups' people who may attend (a joint session has several groups),
    minus those excused already."""
    excused = (select(Attendance.id).where(Attendance.session_id == session.id,
                                           Attendance.participant_id == Participant.id,
                                           Attendance.status == AttendanceStatus.EXCUSED)
               .correlate(Participant).exists())
    return may_attend_session(session).where(~excused)


def consent_still_given():
    """The message's person still agrees, on its channel, at its address (checked when it is claimed)."""
    return or_(Message.participant_id.is_(None), exists(select(MessageConsent.id).where(
        MessageConsent.participant_id == Message.participant_id, MessageConsent.channel == Message.channel,
        MessageConsent.address == Message.address, MessageConsent.withdrawn_on.is_(None))))


def session_still_on():
    """A reminder of a cancelled session is not sent."""
    return or_(Message.kind.not_in(list(REMINDERS)), exists(select(Session.id).where(
        Session.id == Message.session_id, Session.cancelled.is_(False))))


def sendable_condition(now: dt.datetime):
    """Waiting, or failed with a retry due; and still useful."""
    return and_(
        or_(Message.state == MessageState.PENDING,
            and_(Message.state == MessageState.FAILED, Message.next_attempt_at.is_not(None),
                 Message.next_attempt_at <= now)),
        or_(Message.expires_at.is_(None), Message.expires_at > now),
    )


def sendable(now: dt.datetime, channels) -> Select:
    return (select(Message.id).where(sendable_condition(now), Message.channel.in_(list(channels)))
            .order_by(Message.id))


def waiting(now: dt.datetime) -> Select:
    return select(func.count(Message.id)).where(sendable_condition(now))


def interrupted(before: dt.datetime) -> Select:
    """Claimed long ago and never settled: the run stopped during the sending."""
    return select(Message).where(Message.state == MessageState.SENDING, Message.claimed_at < before)


def _present_or_excused_at(offset: int, today: dt.date):
    return (select(func.count(Attendance.id))
            .where(Attendance.session_id == last_expected_session(offset, today),
                   Attendance.participant_id == Participant.id,
                   Attendance.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED]))
            .correlate(Participant).scalar_subquery())


def absent_twice_unexcused(today: dt.date) -> Select:
    """Rows (participant, referrer id, last session id): absent from the last two sessions they were
    expected at, without excuse (``drifting_away`` counts excused absences too: a referrer needs not know)."""
    condition = and_(may_attend_condition(), last_expected_session(1, today).is_not(None),
                     _present_or_excused_at(0, today) + _present_or_excused_at(1, today) == 0)
    return (select(Participant, Referral.referrer_id, last_expected_session(0, today))
            .join(Referral, Referral.participant_id == Participant.id)
            .where(condition).distinct())


def contracts_ending_unprepared(today: dt.date) -> Select:
    """Contracts a referrer signed, ending within 30 days, with neither renewal, exit plan nor exit."""
    return (select(Contract).where(needs_action_condition(ENDING_WITHIN_DAYS, today),
                                   Contract.referrer_signed_on.is_not(None))
            .order_by(Contract.ends_on))


def digest_topics(staff_ids) -> Select:
    return select(Message.staff_id, Message.topics).where(Message.kind == MessageKind.DIGEST,
                                                          Message.staff_id.in_(list(staff_ids)))


def messages_of(*, session_id: int | None = None, participant_id: int | None = None) -> Select:
    query = select(Message).order_by(Message.created_at.desc())
    if session_id is not None:
        query = query.where(Message.session_id == session_id)
    if participant_id is not None:
        query = query.where(Message.participant_id == participant_id)
    return query
