"""The rules of a session and of its attendance (``shared.sessions.rules``, ``operations``, ``planning``)."""

import datetime as dt

import pytest

from shared import clock
from shared.errors import CheckInRefused, DomainError
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus
from shared.sessions.operations import (
    AttendanceSheetRefused,
    add_attendance,
    change_attendance_status,
    record_attendance,
    take_attendance,
)
from shared.sessions.planning import plan_session, update_session
from shared.sessions.rules import AttendanceRuleError, SessionRuleError, check_status_plausible, has_started
from tests.factories import set_up

DAY = dt.date(2026, 3, 12)  # a Thursday; sessions from 14h00 to 17h00


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.CENTRE_TZ)


@pytest.fixture
def session(make):
    return make.session(held_on=DAY)


@pytest.fixture
def person(make, session):
    return make.participant(session.group, referred_on=DAY - dt.timedelta(days=30))


@pytest.mark.parametrize("now, started", [(at(13, 59), False), (at(14, 0), True), (at(9, 0, DAY + dt.timedelta(1)), True),
                                          (at(18, 0, DAY - dt.timedelta(1)), False)])
def test_a_session_has_started_from_its_start_time_on_its_day(session, now, started):
    assert has_started(session, now) is started


@pytest.mark.parametrize("status", [AttendanceStatus.PRESENT, AttendanceStatus.ABSENT])
def test_present_or_absent_before_the_start_is_refused_with_the_day_and_hour(session, status):
    with pytest.raises(AttendanceRuleError) as refused:
        check_status_plausible(session, status, now=at(13, 0))
    assert refused.value.field == "status"
    assert "La séance du 12/03/2026 n'a pas encore commencé (début à 14h00)" in refused.value.message


def test_an_excused_absence_may_be_entered_ahead(db, session, person):
    row = record_attendance(db, session=session, participant=person, status=AttendanceStatus.EXCUSED,
                            now=at(9, 0, DAY - dt.timedelta(days=9)))
    assert row.status is AttendanceStatus.EXCUSED and person.last_contact_on != DAY


def test_a_presence_is_a_trial_without_a_contract_that_day_and_moves_the_last_contact(db, make, session, person):
    row = record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=at(15))
    assert row.is_trial and person.last_contact_on == DAY
    other = make.participant(session.group, referred_on=DAY - dt.timedelta(days=30))
    make.contract(other, starts_on=DAY - dt.timedelta(days=10))
    assert not record_attendance(db, session=session, participant=other, status=AttendanceStatus.PRESENT,
                                 now=at(15)).is_trial


def test_an_unchanged_status_leaves_a_tablet_sign_in_as_it_was(db, session, person):
    signed = Attendance(session=session, participant=person, status=AttendanceStatus.PRESENT, is_trial=True,
                        source=AttendanceSource.KIOSK, recorded_at=at(13, 45))
    set_up(db, signed)
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=at(16))
    assert signed.source is AttendanceSource.KIOSK and signed.recorded_at == at(13, 45)


def test_a_cancelled_session_takes_no_attendance(db, make, person):
    cancelled = make.session(person.group, held_on=DAY - dt.timedelta(days=14), cancelled=True, cancel_reason="Grève")
    with pytest.raises(CheckInRefused):
        record_attendance(db, session=cancelled, participant=person, status=AttendanceStatus.EXCUSED, now=at(15))


def test_a_second_attendance_row_is_refused_and_a_correction_keeps_session_and_person(db, session, person):
    row = add_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=at(15))
    with pytest.raises(AttendanceRuleError) as refused:
        add_attendance(db, session=session, participant=person, status=AttendanceStatus.ABSENT, now=at(15))
    assert refused.value.field == "participant"
    change_attendance_status(db, row, status=AttendanceStatus.ABSENT, now=at(16))
    assert (row.status, row.session_id, row.participant_id) == (AttendanceStatus.ABSENT, session.id, person.id)
    assert row.source is AttendanceSource.STAFF and row.recorded_at == at(16)


def test_the_sheet_writes_only_changed_rows_and_refuses_row_by_row(db, make, session, person):
    other = make.participant(session.group, referred_on=DAY - dt.timedelta(days=30))
    kiosk = Attendance(session=session, participant=person, status=AttendanceStatus.PRESENT, is_trial=True,
                       source=AttendanceSource.KIOSK, recorded_at=at(13, 50))
    set_up(db, kiosk)
    changed = take_attendance(db, session=session, now=at(16), statuses={
        person: AttendanceStatus.PRESENT, other: AttendanceStatus.ABSENT})
    assert [a.participant_id for a in changed] == [other.id]
    assert kiosk.source is AttendanceSource.KIOSK and kiosk.recorded_at == at(13, 50)
    later = make.session(session.group, held_on=DAY + dt.timedelta(days=14))
    with pytest.raises(AttendanceSheetRefused) as refused:
        take_attendance(db, session=later, now=at(16), statuses={
            person: AttendanceStatus.EXCUSED, other: AttendanceStatus.PRESENT})
    assert set(refused.value.rows) == {other.id}


def test_session_rules(db, make, session):
    group = session.group
    values = dict(group=group, held_on=DAY + dt.timedelta(days=7), starts_at=dt.time(14), ends_at=dt.time(17))
    for overrides, field in [({"ends_at": dt.time(14)}, "ends_at"), ({"capacity": 0}, "capacity"),
                             ({"held_on": DAY}, "held_on"), ({"group": None}, "group"),
                             ({"cancelled": True}, "cancel_reason"), ({"place": "p" * 121}, "place")]:
        with pytest.raises(DomainError) as refused:  # the text's length: clean_text's DomainError
            plan_session(db, **(values | overrides))
        assert refused.value.field == field
    planned = plan_session(db, **values, title="  Jardinage\x00 ")
    assert planned.title == "Jardinage" and planned.place == group.location


def test_a_session_with_attendance_keeps_its_group_and_day_but_may_be_cancelled(db, make, session, person):
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=at(15))
    values = dict(group=session.group, held_on=DAY, starts_at=dt.time(14), ends_at=dt.time(17))
    with pytest.raises(SessionRuleError) as refused:
        update_session(db, session, **(values | {"held_on": DAY + dt.timedelta(days=1)}))
    assert refused.value.field == "held_on"
    update_session(db, session, **values, cancelled=True, cancel_reason="Salle inondée")
    assert session.cancelled and session.cancel_reason == "Salle inondée"
    update_session(db, session, **values, cancelled=False, cancel_reason="Salle inondée")
    assert session.cancel_reason is None
