"""A person's bin never takes their history; their file is closed and reopened from their page; an admin
erases a person after typing their name."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract
from shared.people.models import Participant, Referral
from shared.reports.figures import yearly_report
from shared.sessions.models import Attendance
from tests.backoffice.world import build_world
from tests.pages import count, listed, text


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def audit(db, table, action):
    db.expire_all()
    return db.scalars(select(AuditEntry.record_id).where(AuditEntry.table_name == table,
                                                         AuditEntry.action == action)).all()


def test_the_bin_of_a_person_with_history_deletes_nothing_and_says_to_close_the_file(world, login_as, db, make):
    person = world.participant
    last_year = make.session(world.group, held_on=dt.date(2025, 11, 13))
    make.attendance(last_year, person)
    before = yearly_report(db, 2025, group_id=world.group.id).attendance.present
    client = login_as(world.facilitator)
    response = client.post("/participant/delete/", data={"id": str(person.id)}, follow_redirects=True)
    page = text(response)
    assert "Cette fiche ne peut pas être supprimée" in page and "« Clore le dossier »" in page
    assert count(db, Participant, Participant.id == person.id) == 1
    assert count(db, Contract, Contract.participant_id == person.id) == 1
    assert count(db, Attendance, Attendance.participant_id == person.id) == 2
    assert yearly_report(db, 2025, group_id=world.group.id).attendance.present == before == 1
    assert audit(db, "participant", AuditAction.DELETE) == []


def test_a_person_entered_by_mistake_is_deleted_with_their_referral_both_audited(world, login_as, db, make):
    mistake = make.participant(world.group, referrer=world.referrer)
    person_id, referral_id = mistake.id, mistake.referrals[0].id
    client = login_as(world.facilitator)
    response = client.post("/participant/delete/", data={"id": str(person_id)})
    assert response.status_code == 302
    assert count(db, Participant, Participant.id == person_id) == 0
    assert count(db, Referral, Referral.id == referral_id) == 0
    assert audit(db, "participant", AuditAction.DELETE) == [str(person_id)]
    assert audit(db, "referral", AuditAction.DELETE) == [str(referral_id)]


def test_a_closed_file_leaves_the_people_list_and_is_seen_with_the_closed_files_filter(world, login_as, db, today):
    person = world.participant
    client = login_as(world.facilitator)
    details = text(client.get(f"/participant/details/?id={person.id}"))
    assert "Clore le dossier" in details and "Rouvrir le dossier" not in details
    assert f'action="/actions/person-file/{person.id}/close"' in details
    response = client.post(f"/actions/person-file/{person.id}/close", follow_redirects=True)
    assert "Dossier clos" in text(response)
    db.expire_all()
    assert db.get(Participant, person.id).closed_on == today
    assert audit(db, "participant", AuditAction.UPDATE) == [str(person.id)]
    people = text(client.get("/participant/"))
    assert person.last_name not in people
    closed = text(client.get("/participant/?flt0_dossier_equals=clos"))
    assert person.last_name in closed and world.other_participant.last_name not in closed
    details = text(client.get(f"/participant/details/?id={person.id}"))
    assert "Rouvrir le dossier" in details and f"Dossier clos le {today:%d/%m/%Y}" in details
    client.post(f"/actions/person-file/{person.id}/reopen")
    db.expire_all()
    assert db.get(Participant, person.id).closed_on is None
    assert person.last_name in text(client.get("/participant/"))


def test_a_referrer_or_another_groups_facilitator_cannot_close_a_file(world, login_as, db, make):
    person = world.participant
    assert login_as(world.referrer).post(f"/actions/person-file/{person.id}/close").status_code == 403
    stranger = make.facilitator(world.other_group)
    assert login_as(stranger).post(f"/actions/person-file/{person.id}/close").status_code == 404
    db.expire_all()
    assert db.get(Participant, person.id).closed_on is None


def test_erasure_asks_an_admin_to_type_the_name_and_a_wrong_name_erases_nothing(world, login_as, db, today):
    person = world.participant
    url = f"/actions/person-file/{person.id}/erase"
    assert login_as(world.facilitator).get(url).status_code == 403
    client = login_as(world.admin)
    assert "Effacer les données de la personne" in text(client.get(f"/participant/details/?id={person.id}"))
    page = text(client.get(url))
    assert 'name="full_name"' in page
    response = client.post(url, data={"full_name": "Quelqu'un d'autre"})
    page = text(response)
    assert response.status_code == 200
    field = page[page.index('name="full_name"'):]
    assert "Le nom tapé ne correspond pas à celui de la personne : rien n'a été effacé." in field
    db.expire_all()
    assert db.get(Participant, person.id).anonymised_on is None
    assert audit(db, "participant", AuditAction.ANONYMISE) == []
    response = client.post(url, data={"full_name": person.full_name})
    assert response.status_code == 302
    db.expire_all()
    erased = db.get(Participant, person.id)
    assert erased.anonymised_on == today and erased.first_name == "Personne" and erased.town is None
    assert audit(db, "participant", AuditAction.ANONYMISE) == [str(person.id)]


def test_a_closed_file_is_not_offered_by_the_person_pickers_nor_expected_at_sessions(make, db, today, login_as):
    from shared.people.files import close_file
    from shared.sessions.queries import expected_people

    group = make.group()
    facilitator = make.facilitator(group)
    open_person = make.participant(group, last_name="Traore")
    closed_person = make.participant(group, last_name="Traoreb")
    close_file(db, closed_person, on=today, actor=facilitator)
    db.commit()
    found = login_as(facilitator).get("/contract/ajax/lookup/", query_string={"name": "participant", "query": "traore"})
    ids = {row[0] for row in found.get_json()}
    assert open_person.id in ids and closed_person.id not in ids
    expected = {p.id for p in db.scalars(expected_people([group.id]))}
    assert open_person.id in expected and closed_person.id not in expected


def test_the_people_lists_count_is_the_open_files_one_may_see(world, login_as, db, make):
    make.participant(world.group, last_name="Zerbib")
    admin, facilitator = login_as(world.admin), login_as(world.facilitator)
    everyone, in_group = count(db, Participant), count(db, Participant, Participant.group_id == world.group.id)
    assert (listed(admin.get("/participant/")), listed(facilitator.get("/participant/"))) == (everyone, in_group)
    assert facilitator.post(f"/actions/person-file/{world.participant.id}/close").status_code == 302
    assert (listed(admin.get("/participant/")), listed(facilitator.get("/participant/"))) == (everyone - 1, in_group - 1)
    assert listed(facilitator.get(f"/participant/?search={world.participant.last_name}")) == 0
    assert listed(facilitator.get("/participant/?search=zerbib")) == 1
    assert listed(facilitator.get("/participant/?flt0_dossier_equals=clos")) == 1
    assert listed(facilitator.get("/participant/?flt0_dossier_equals=tous")) == in_group
