"""An attendance only once the person is referred to the group, and not after they left
(``shared.sessions.rules.check_in_group_on``, ``people.queries.in_group_on_condition``); a trial past the
group's allowance is saved and says that a decision is due (``rules.trial_allowance_notice``)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.errors import CheckInRefused, ReferralError
from shared.exits.models import ExitDestination
from shared.people.models import Participant
from shared.people.operations import delete_referral, record_exit, refer_again, update_exit, update_referral
from shared.people.queries import in_group_on_condition
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus
from shared.sessions.operations import AttendanceSheetRefused, check_in, record_attendance, take_attendance
from shared.sessions.rules import trial_allowance_notice
from tests.factories import directly

NOV_26 = dt.date(2026, 11, 26)  # a Thursday
DEC_2 = dt.date(2026, 12, 2)
AFTER = dt.datetime(2026, 12, 7, 10, 0, tzinfo=clock.CENTRE_TZ)


@pytest.fixture
def session(make):
    return make.session(held_on=NOV_26)


def rows(db, session):
    return db.scalars(select(Attendance).where(Attendance.session_id == session.id)).all()


def listed(db, session) -> set[int]:
    return set(db.scalars(select(Participant.id).where(
        Participant.group_id == session.group_id, in_group_on_condition(session.group_id, session.held_on))))


@pytest.mark.parametrize("status", list(AttendanceStatus))
def test_attendance_at_a_session_before_the_referral_is_refused_and_nothing_saved(db, make, session, status):
    person = make.participant(session.group, referred_on=DEC_2)
    with pytest.raises(CheckInRefused) as refused:
        record_attendance(db, session=session, participant=person, status=status, now=AFTER)
    assert refused.value.field == "participant"
    assert refused.value.message == (f"{person.full_name} a été orienté(e) vers ce groupe le 02/12/2026, après la "
                                     "séance du 26/11/2026 : on ne note pas de présence avant l'orientation.")
    assert rows(db, session) == [] and person.last_contact_on != NOV_26
    assert person.id not in listed(db, session)


def test_attendance_on_the_day_of_the_referral_is_recorded(db, make, session):
    person = make.participant(session.group, referred_on=NOV_26)
    assert person.id in listed(db, session)
    row = record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    assert row.is_trial and rows(db, session) == [row]


def test_a_referral_to_another_group_before_the_session_does_not_count(db, make, session):
    elsewhere = make.group()
    person = make.participant(elsewhere, referred_on=dt.date(2026, 10, 1))
    refer_again(db, person, group=session.group, referrer=person.referrals[0].referrer, referred_on=DEC_2)
    with pytest.raises(CheckInRefused, match="orienté\\(e\\) vers ce groupe le 02/12/2026"):
        record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    assert person.id not in listed(db, session)


def test_attendance_after_the_person_left_is_refused_until_they_come_back(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 9, 1))
    with clock.frozen_today(dt.date(2026, 12, 7)):
        record_exit(db, person, left_on=dt.date(2026, 11, 20), destination=ExitDestination.MOVED_AWAY)
    with pytest.raises(CheckInRefused) as refused:
        record_attendance(db, session=session, participant=person, status=AttendanceStatus.ABSENT, now=AFTER)
    assert "avait quitté le groupe le 20/11/2026, avant la séance du 26/11/2026" in refused.value.message
    assert person.id not in listed(db, session)
    later = make.session(session.group, held_on=dt.date(2026, 12, 3))
    with clock.frozen_today(dt.date(2026, 12, 7)):
        refer_again(db, person, group=session.group, referrer=person.referrals[0].referrer, referred_on=DEC_2)
    assert person.id not in listed(db, session) and person.id in listed(db, later)
    record_attendance(db, session=later, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)


def test_the_day_of_the_exit_still_takes_the_attendance(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 9, 1))
    with clock.frozen_today(dt.date(2026, 12, 7)):
        record_exit(db, person, left_on=NOV_26, destination=ExitDestination.EMPLOYMENT)
    assert person.id in listed(db, session)
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)


def test_the_sheet_refuses_the_row_of_a_person_not_yet_referred_and_saves_nothing(db, make, session):
    early = make.participant(session.group, referred_on=dt.date(2026, 10, 1))
    late = make.participant(session.group, referred_on=DEC_2)
    with pytest.raises(AttendanceSheetRefused) as refused:
        take_attendance(db, session=session, now=AFTER, statuses={
            early: AttendanceStatus.PRESENT, late: AttendanceStatus.PRESENT})
    assert set(refused.value.rows) == {late.id} and "avant l'orientation" in refused.value.rows[late.id]
    assert listed(db, session) == {early.id}


def test_a_sign_in_confirmed_by_staff_before_the_referral_is_refused(db, make, session):
    person = make.participant(session.group, referred_on=DEC_2)
    with pytest.raises(CheckInRefused, match="avant l'orientation"):
        check_in(db, session=session, participant=person, source=AttendanceSource.STAFF, now=AFTER)
    assert rows(db, session) == []


def past_sessions(make, group, n):
    return [make.session(group, held_on=NOV_26 - dt.timedelta(days=14 * k)) for k in range(n, 0, -1)]


def test_a_trial_past_the_groups_allowance_is_saved_and_says_a_decision_is_due(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 9, 1), first_name="Aïcha",
                              last_name="Traoré")
    for earlier in past_sessions(make, session.group, 3):
        row = record_attendance(db, session=earlier, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    assert trial_allowance_notice(db, row) is None  # the third of three: within the allowance
    fourth = record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    notice = trial_allowance_notice(db, fourth)
    assert fourth in rows(db, session)  # saved all the same
    assert notice.startswith("Aïcha Traoré en est à sa 4e séance d'essai, au-delà des 3 prévues par le groupe")
    assert "décision est à prendre" in notice and "un contrat, ou non" in notice


def test_no_trial_notice_under_contract_or_for_an_absence(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 9, 1))
    for earlier in past_sessions(make, session.group, 4):
        record_attendance(db, session=earlier, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    absent = record_attendance(db, session=session, participant=person, status=AttendanceStatus.ABSENT, now=AFTER)
    assert trial_allowance_notice(db, absent) is None
    make.contract(person, starts_on=NOV_26)
    present = record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    assert not present.is_trial and trial_allowance_notice(db, present) is None


def test_the_trial_notice_follows_the_groups_setting(db, make):
    group = make.group(trial_allowance=1)
    person = make.participant(group, referred_on=dt.date(2026, 9, 1))
    first, second = past_sessions(make, group, 2)
    assert trial_allowance_notice(db, record_attendance(
        db, session=first, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)) is None
    notice = trial_allowance_notice(db, record_attendance(
        db, session=second, participant=person, status=AttendanceStatus.PRESENT, now=AFTER))
    assert "sa 2e séance d'essai, au-delà de la seule prévue par le groupe" in notice


def test_a_referral_is_not_redated_after_the_persons_attendance(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 10, 1))
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    referral = person.referrals[0]
    with clock.frozen_today(dt.date(2026, 12, 7)):
        with pytest.raises(ReferralError) as refused:
            update_referral(db, referral, referred_on=DEC_2, referrer=referral.referrer, reason=None,
                            expectations=None)
        assert refused.value.field == "referred_on"
        assert f"{person.full_name} a une présence notée à la séance du 26/11/2026\u00a0: son orientation" in (
            refused.value.message)
        assert referral.referred_on == dt.date(2026, 10, 1)
        update_referral(db, referral, referred_on=NOV_26, referrer=referral.referrer, reason=None, expectations=None)
    assert referral.referred_on == NOV_26


def test_the_referral_before_an_attendance_is_not_deleted_when_a_later_one_remains(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 10, 1))
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    with clock.frozen_today(dt.date(2026, 12, 7)):
        refer_again(db, person, group=session.group, referrer=person.referrals[0].referrer, referred_on=DEC_2)
    db.expire(person, ["referrals"])
    first = min(person.referrals, key=lambda r: r.referred_on)
    with pytest.raises(ReferralError, match="présence notée à la séance du 26/11/2026"):
        delete_referral(db, first)
    assert len(person.referrals) == 2


def test_an_exit_is_not_dated_before_a_presence(db, make, session):
    person = make.participant(session.group, referred_on=dt.date(2026, 10, 1))
    record_attendance(db, session=session, participant=person, status=AttendanceStatus.PRESENT, now=AFTER)
    with clock.frozen_today(dt.date(2026, 12, 7)):
        with pytest.raises(ReferralError) as refused:
            record_exit(db, person, left_on=dt.date(2026, 11, 20), destination=ExitDestination.EMPLOYMENT)
        assert refused.value.field == "left_on"
        assert "était présente à la séance du 26/11/2026\u00a0: la sortie date de ce jour-là ou après" in (
            refused.value.message)
        exit_ = record_exit(db, person, left_on=NOV_26, destination=ExitDestination.EMPLOYMENT)
        with pytest.raises(ReferralError, match="présente à la séance du 26/11/2026"):
            update_exit(db, exit_, left_on=dt.date(2026, 11, 25), destination=ExitDestination.EMPLOYMENT)
    assert exit_.left_on == NOV_26


def test_the_demo_records_no_attendance_outside_a_persons_time_in_the_group(db):
    from shared.demo.loader import load_demo
    from shared.sessions.models import Session

    day = dt.date(2026, 9, 10)
    with clock.frozen_today(day), directly(db):
        load_demo(db, today=day, password="demo-idmix-2026", pin_hasher=lambda pin: f"hash-{pin}")
    assert db.scalar(select(Attendance.id).limit(1)) is not None
    outside = db.execute(
        select(Participant.last_name, Session.held_on)
        .join(Attendance, Attendance.participant_id == Participant.id)
        .join(Session, Session.id == Attendance.session_id)
        .where(~in_group_on_condition(Session.group_id, Session.held_on))).all()
    assert outside == []
