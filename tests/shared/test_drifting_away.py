"""Who is drifting away: not left, and absent from the last two sessions they were expected at."""

import datetime as dt

from shared.exits.models import ExitDestination
from shared.people.models import Participant
from shared.people.operations import record_exit
from shared.people.queries import drifting_away
from shared.sessions.models import AttendanceStatus


def drifting_ids(db, group, today):
    return set(db.scalars(drifting_away(today).where(Participant.group_id == group.id).with_only_columns(
        Participant.id)))


def sessions(make, group, today, *days_ago, **kw):
    return [make.session(group, held_on=today - dt.timedelta(days=d), **kw) for d in days_ago]


def test_absent_from_the_last_two_sessions_is_drifting_present_at_one_is_not(db, make, today):
    group = make.group()
    older, second_last, last = sessions(make, group, today, 42, 28, 14)
    absent, came_last, came_before = (make.participant(group, referred_on=today - dt.timedelta(days=90))
                                      for _ in range(3))
    make.attendance(older, absent)
    make.attendance(second_last, absent, status=AttendanceStatus.ABSENT)
    make.attendance(last, came_last)
    make.attendance(second_last, came_before)
    assert drifting_ids(db, group, today) == {absent.id}


def test_an_excused_absence_is_an_absence_and_today_s_session_does_not_count_yet(db, make, today):
    group = make.group()
    second_last, last, today_session = sessions(make, group, today, 28, 14, 0)
    person = make.participant(group, referred_on=today - dt.timedelta(days=90))
    make.attendance(last, person, status=AttendanceStatus.EXCUSED)
    make.attendance(today_session, person)
    assert drifting_ids(db, group, today) == {person.id}


def test_cancelled_sessions_and_sessions_before_the_referral_are_not_expected(db, make, today):
    group = make.group()
    before_referral, expected, = sessions(make, group, today, 60, 20)
    sessions(make, group, today, 10, cancelled=True)
    newcomer = make.participant(group, referred_on=today - dt.timedelta(days=30))
    assert drifting_ids(db, group, today) == set()  # only one session expected since the referral
    make.session(group, held_on=today - dt.timedelta(days=5))
    assert drifting_ids(db, group, today) == {newcomer.id}
    assert before_referral.held_on < newcomer.referrals[0].referred_on <= expected.held_on


def test_people_who_left_are_not_drifting(db, make, today):
    group = make.group()
    sessions(make, group, today, 28, 14)
    person = make.participant(group, referred_on=today - dt.timedelta(days=90))
    assert drifting_ids(db, group, today) == {person.id}
    record_exit(db, person, left_on=today - dt.timedelta(days=1), destination=ExitDestination.STOPPED_COMING)
    db.flush()
    assert drifting_ids(db, group, today) == set()

