import datetime as dt

import pytest

from shared import clock
from shared.errors import CheckInRefused
from shared.exits.models import ExitDestination
from shared.people.operations import record_exit
from shared.sessions.models import Attendance, AttendanceSource
from shared.sessions.operations import check_in

THURSDAY = dt.date(2026, 3, 12)


def at(hour, minute=0, day=THURSDAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.CENTRE_TZ)


@pytest.fixture
def thursday():
    with clock.frozen_at(at(14, 5)):
        yield THURSDAY


def test_check_in_records_a_trial_attendance_before_any_contract(db, make, thursday):
    session = make.session(held_on=thursday)
    person = make.participant(session.group)
    result = check_in(db, session=session, participant=person, now=at(14, 5))
    assert result.created and result.attendance.is_trial
    assert result.attendance.source is AttendanceSource.KIOSK
    assert person.last_contact_on == thursday


def test_check_in_under_contract_is_not_a_trial(db, make, thursday):
    session = make.session(held_on=thursday)
    person = make.participant(session.group)
    make.contract(person, starts_on=thursday - dt.timedelta(days=10))
    assert not check_in(db, session=session, participant=person, now=at(14, 5)).attendance.is_trial


def test_second_check_in_is_a_friendly_no_op(db, make, thursday):
    session = make.session(held_on=thursday)
    person = make.participant(session.group)
    first = check_in(db, session=session, participant=person, now=at(14, 0))
    second = check_in(db, session=session, participant=person, now=at(14, 30))
    assert not second.created and second.attendance.id == first.attendance.id
    assert db.query(Attendance).filter_by(session_id=session.id).count() == 1


@pytest.mark.parametrize("moment, allowed", [
    (at(13, 29), False), (at(13, 30), True), (at(17, 0), True), (at(17, 1), False),
])
def test_check_in_window_opens_30_minutes_before_and_closes_at_the_end(db, make, thursday, moment, allowed):
    session = make.session(held_on=thursday)
    person = make.participant(session.group)
    if allowed:
        assert check_in(db, session=session, participant=person, now=moment).created
    else:
        with pytest.raises(CheckInRefused):
            check_in(db, session=session, participant=person, now=moment)


def test_check_in_on_another_day_is_refused(db, make, thursday):
    session = make.session(held_on=thursday + dt.timedelta(days=14))
    person = make.participant(session.group)
    with pytest.raises(CheckInRefused, match="le jour même"):
        check_in(db, session=session, participant=person, now=at(14, 0))


def test_check_in_to_a_cancelled_session_is_refused(db, make, thursday):
    session = make.session(held_on=thursday, cancelled=True, cancel_reason="Grève")
    person = make.participant(session.group)
    with pytest.raises(CheckInRefused, match="annulée"):
        check_in(db, session=session, participant=person, now=at(14, 0))


def test_check_in_of_a_person_who_left_is_refused(db, make, thursday):
    session = make.session(held_on=thursday)
    person = make.participant(session.group)
    record_exit(db, person, left_on=thursday - dt.timedelta(days=1), destination=ExitDestination.TRAINING)
    db.expire(person)
    with pytest.raises(CheckInRefused, match="quitté le groupe"):
        check_in(db, session=session, participant=person, now=at(14, 0))


def test_check_in_to_another_group_is_refused(db, make, thursday):
    session = make.session(held_on=thursday)
    stranger = make.participant()
    with pytest.raises(CheckInRefused, match="pas inscrit"):
        check_in(db, session=session, participant=stranger, now=at(14, 0))
