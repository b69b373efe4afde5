"""A person's file: closed instead of deleted, reopened, erased on request; history kept for the reports."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.audit.models import AuditAction, AuditEntry
from shared.errors import DomainError
from shared.exits.leaving import delete_exit, record_exit
from shared.exits.models import ExitDestination
from shared.people.files import close_file, delete_person, erase_person, reopen_file
from shared.people.models import Participant
from shared.people.queries import drifting_away, may_attend, trials_due
from shared.records.deletion import RecordHasHistory
from shared.reports.figures import yearly_report
from shared.retention.anonymisation import plan_purge, purge
from shared.staff.models import Role


@pytest.fixture
def team(make, today):
    group = make.group()
    return dict(group=group, facilitator=make.facilitator(group), admin=make.staff(Role.ADMIN),
                outsider=make.facilitator(make.group()), referrer=make.referrer())


def _attended_last_year(db, make, group, person):
    session = make.session(group, held_on=dt.date(2025, 6, 12))
    make.attendance(session, person, is_trial=True)


def test_a_closed_file_leaves_the_tablet_and_the_follow_up_lists_and_comes_back_when_reopened(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"])
    for n in range(3):  # trial allowance used up: a decision is due
        make.attendance(make.session(team["group"], held_on=today - dt.timedelta(days=30 + n)), person)
    assert person in db.scalars(may_attend(team["group"].id)).all()
    assert person in db.scalars(trials_due()).all()
    close_file(db, person, on=today, actor=team["facilitator"])
    assert person.closed_on == today
    assert person not in db.scalars(may_attend(team["group"].id)).all()
    assert person not in db.scalars(trials_due()).all()
    assert person not in db.scalars(drifting_away(today)).all()
    reopen_file(db, person, actor=team["admin"])
    assert person.closed_on is None and person in db.scalars(may_attend(team["group"].id)).all()


def test_only_an_admin_or_a_facilitator_of_the_group_closes_or_reopens_a_file(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"])
    for who in ("outsider", "referrer"):
        with pytest.raises(DomainError, match="animateurs du groupe"):
            close_file(db, person, on=today, actor=team[who])
    close_file(db, person, on=today, actor=team["admin"])
    with pytest.raises(DomainError, match="animateurs du groupe"):
        reopen_file(db, person, actor=team["outsider"])
    with pytest.raises(DomainError, match="déjà clos"):
        close_file(db, person, on=today, actor=team["facilitator"])
    assert person.closed_on == today


def test_a_file_is_not_closed_in_the_future_or_before_the_referral(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"], referred_on=dt.date(2026, 1, 5))
    for on, message in ((today + dt.timedelta(days=1), "dans le futur"), (dt.date(2026, 1, 4), "précède")):
        with pytest.raises(DomainError, match=message) as error:
            close_file(db, person, on=on, actor=team["facilitator"])
        assert error.value.field == "closed_on"
    assert person.closed_on is None


def test_a_closed_file_still_counts_in_last_years_report(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"], referred_on=dt.date(2025, 3, 1))
    _attended_last_year(db, make, team["group"], person)
    before = yearly_report(db, 2025, group_id=team["group"].id)
    close_file(db, person, on=today, actor=team["facilitator"])
    after = yearly_report(db, 2025, group_id=team["group"].id)
    assert after.attendance.present == before.attendance.present == 1
    assert after.people.total == before.people.total == 1


def test_a_closed_file_is_still_anonymised_by_the_retention_purge(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"], referred_on=dt.date(2020, 1, 6),
                              last_contact_on=dt.date(2020, 1, 6))
    close_file(db, person, on=dt.date(2020, 2, 1), actor=team["admin"])
    plan = plan_purge(db, today=today, months=36)
    assert person.id in [candidate.participant_id for candidate in plan.people]
    purge(db, plan, actor=None)
    assert db.get(Participant, person.id).anonymised_on == today


def test_a_person_with_history_is_never_deleted_and_closing_is_advised(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"])
    _attended_last_year(db, make, team["group"], person)
    with pytest.raises(RecordHasHistory, match="Clore le dossier") as error:
        delete_person(db, person)
    assert "(1 émargement)" in error.value.message
    assert db.get(Participant, person.id) is not None


def test_a_person_entered_by_mistake_is_deleted_with_their_referral(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"])
    delete_person(db, person)
    assert db.get(Participant, person.id) is None


def test_erasure_needs_an_admin_and_the_full_name_typed(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"], first_name="Élodie", last_name="Martin",
                              phone="06 12 34 56 78")
    with pytest.raises(DomainError, match="Seul un administrateur"):
        erase_person(db, person, typed_name="Élodie Martin", actor=team["facilitator"])
    for typed in ("", "Martin", "Élodie Martine"):
        with pytest.raises(DomainError) as error:
            erase_person(db, person, typed_name=typed, actor=team["admin"])
        assert error.value.field == "full_name"
    assert person.anonymised_on is None and person.first_name == "Élodie"
    erase_person(db, person, typed_name="  elodie   MARTIN ", actor=team["admin"])
    erased = db.get(Participant, person.id)
    assert (erased.first_name, erased.phone, erased.anonymised_on) == ("Personne", None, today)
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.ANONYMISE,
                                                AuditEntry.record_id == str(person.id))).one()
    assert entry.actor_id == team["admin"].id and "effacement" in entry.changes["reason"][1]
    assert "Martin" not in str(entry.changes)


def test_deleting_an_exit_gives_the_contract_back_its_planned_end(db, make, team, today):
    person = make.participant(team["group"], referrer=team["referrer"])
    contract = make.contract(person, facilitator=team["facilitator"])
    exit_ = record_exit(db, person, left_on=today - dt.timedelta(days=2), destination=ExitDestination.EMPLOYMENT)
    assert contract.ended_early_on == today - dt.timedelta(days=2)
    delete_exit(db, exit_)
    assert (contract.ended_early_on, contract.early_end_reason) == (None, None)


def test_a_closed_file_is_reopened_before_a_new_referral_and_an_erased_person_is_not_changed(db, make, team, today):
    from shared.people.operations import refer_again, update_participant

    person = make.participant(team["group"], referrer=team["referrer"])
    close_file(db, person, on=today, actor=team["facilitator"])
    with pytest.raises(DomainError, match="rouvrez-le") as error:
        refer_again(db, person, group=team["group"], referrer=team["referrer"], referred_on=today)
    assert error.value.field == "participant" and len(person.referrals) == 1
    reopen_file(db, person, actor=team["facilitator"])
    erase_person(db, person, typed_name=person.full_name, actor=team["admin"])
    erased = db.get(Participant, person.id)
    with pytest.raises(DomainError, match="effacées"):
        update_participant(db, erased, first_name="Fatima", last_name="Benali", gender=erased.gender,
                           birth_year=1975, town="Villeneuve", benefit=erased.benefit, phone=None, consent_on=None)
    with pytest.raises(DomainError, match="effacées"):
        close_file(db, erased, on=today, actor=team["admin"])
