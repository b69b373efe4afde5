import datetime as dt

from shared.exits.models import ExitDestination
from shared.people.models import ParticipantStatus
from shared.people.operations import record_exit, refer_again
from shared.people.queries import may_attend
from shared.people.status import status_of


def status(db, person):
    db.flush()
    db.expire(person)
    return status_of(person)


def test_status_follows_the_path_from_referral_to_exit(db, make, today):
    group = make.group(trial_allowance=3)
    person = make.participant(group)
    assert status(db, person) is ParticipantStatus.REFERRED
    sessions = [make.session(group, held_on=today - dt.timedelta(days=7 * k)) for k in (3, 2, 1)]
    make.attendance(sessions[0], person)
    assert status(db, person) is ParticipantStatus.ON_TRIAL
    make.attendance(sessions[1], person)
    make.attendance(sessions[2], person)
    assert status(db, person) is ParticipantStatus.DECISION_DUE
    make.contract(person, starts_on=today)
    assert status(db, person) is ParticipantStatus.UNDER_CONTRACT
    record_exit(db, person, left_on=today, destination=ExitDestination.EMPLOYMENT)
    assert status(db, person) is ParticipantStatus.LEFT


def test_unsigned_contract_does_not_make_a_person_under_contract(db, make, today):
    person = make.participant()
    make.contract(person, signed=False, starts_on=today)
    assert status(db, person) is ParticipantStatus.REFERRED


def test_contract_over_without_renewal_or_exit_means_decision_due(db, make, today):
    person = make.participant()
    make.contract(person, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=1))
    assert status(db, person) is ParticipantStatus.DECISION_DUE


def test_a_person_who_left_can_come_back_through_a_new_referral(db, make, today):
    person = make.participant()
    record_exit(db, person, left_on=today - dt.timedelta(days=30), destination=ExitDestination.MOVED_AWAY)
    assert status(db, person) is ParticipantStatus.LEFT
    refer_again(db, person, group=person.group, referrer=person.referrals[0].referrer, referred_on=today)
    assert status(db, person) is ParticipantStatus.REFERRED
    assert len(person.referrals) == 2


def test_people_who_left_are_not_offered_on_the_kiosk(db, make, today):
    group = make.group()
    staying, leaving = make.participant(group, first_name="Zoé"), make.participant(group, first_name="Ali")
    record_exit(db, leaving, left_on=today, destination=ExitDestination.OTHER)
    db.flush()
    assert [p.id for p in db.scalars(may_attend(group.id))] == [staying.id]
