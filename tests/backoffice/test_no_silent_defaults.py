"""Issue 22 (12): nothing that grants rights or is counted in the funders' report is preselected: a new staff
account's role and job, a new person's gender and benefit are chosen on purpose (an empty or forged answer is
refused in French next to the field); « Orienté(e) par » lists referring social workers only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from shared.people.models import Participant, Referral
from shared.staff.models import JobTitle, Role, StaffMember
from tests.backoffice.people.test_people_forms import error_next_to, person_form
from tests.backoffice.world import build_world
from tests.pages import text


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def select_html(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}"[^>]*>.*?</select>', page, re.S)[0]


def selected_values(page: str, name: str) -> list[str]:
    options = re.findall(r"<option[^>]*>", select_html(page, name))
    return [re.search(r'value="([^"]*)"', o)[1] for o in options if re.search(r"\sselected", o)]


def option_values(page: str, name: str) -> list[str]:
    return re.findall(r'<option[^>]*value="([^"]*)"', select_html(page, name))


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def staff_form(**overrides):
    return {"first_name": "Inès", "last_name": "Roux", "email": "ines.roux@cd.example.fr", "job_title": "cip",
            "role": "referrer", "active": "y", "new_password": "un-mot-de-passe-long"} | overrides


@pytest.mark.parametrize("field", ["role", "job_title"])
def test_a_new_staff_account_has_no_preselected_role_or_job(world, login_as, field):
    page = text(login_as(world.admin).get("/staff/new/"))
    assert option_values(page, field)[0] == ""
    assert selected_values(page, field) in ([], [""])


@pytest.mark.parametrize("field, value, message", [
    ("role", "", "Choisissez le rôle."),
    ("role", "superuser", "Choisissez le rôle."),  # « required » says it over « not offered »
    ("job_title", "", "Choisissez la fonction."),
    ("job_title", "boss", "Choisissez la fonction."),
])
def test_a_staff_account_without_a_chosen_role_or_job_is_refused_next_to_the_field(world, login_as, db, field,
                                                                                      value, message):
    before = count(db, StaffMember)
    response = login_as(world.admin).post("/staff/new/", data=staff_form(**{field: value}))
    assert response.status_code == 200
    assert message in error_next_to(text(response), field)
    assert count(db, StaffMember) == before


def test_a_staff_account_with_its_role_chosen_is_created(world, login_as, db):
    assert login_as(world.admin).post("/staff/new/", data=staff_form(role="facilitator")).status_code == 302
    db.expire_all()
    created = db.scalar(select(StaffMember).where(StaffMember.email == "ines.roux@cd.example.fr"))
    assert created.role is Role.FACILITATOR and created.job_title is JobTitle.CIP


@pytest.mark.parametrize("field", ["gender", "benefit"])
def test_a_new_person_has_no_preselected_gender_or_benefit(world, login_as, field):
    page = text(login_as(world.facilitator).get("/participant/new/"))
    assert option_values(page, field)[0] == ""
    assert selected_values(page, field) in ([], [""])


@pytest.mark.parametrize("field, value, message", [
    ("gender", "", "Choisissez le genre."),
    ("gender", "robot", "Ce choix n'est pas proposé\u00a0: choisissez dans la liste."),
    ("benefit", "", "Choisissez le minimum social."),
    ("benefit", "lottery", "Ce choix n'est pas proposé\u00a0: choisissez dans la liste."),
])
def test_a_new_person_without_a_chosen_gender_or_benefit_is_refused_next_to_the_field(world, login_as, db, field,
                                                                                         value, message):
    before = count(db, Participant), count(db, Referral)
    response = login_as(world.facilitator).post("/participant/new/", data=person_form(world, **{field: value}))
    assert response.status_code == 200
    assert message in error_next_to(text(response), field)
    assert (count(db, Participant), count(db, Referral)) == before


def test_editing_a_person_shows_their_gender_and_benefit_as_saved(world, login_as):
    person = world.participant
    page = text(login_as(world.admin).get(f"/participant/edit/?id={person.id}"))
    assert selected_values(page, "gender") == [person.gender.value]
    assert selected_values(page, "benefit") == [person.benefit.value]


@pytest.mark.parametrize("url", ["/participant/new/", "/referral/new/"])
def test_the_referrer_picker_lists_referring_social_workers_only(world, login_as, make, url):
    contact = make.referrer(job_title=JobTitle.CESF, password_hash=None, last_name="Contactsanscompte")
    manager = make.staff(Role.ADMIN, job_title=JobTitle.MANAGER)
    page = text(login_as(world.admin).get(url))
    listed = option_values(page, "referrer")
    assert listed[0] == "__None" and selected_values(page, "referrer") in ([], ["__None"])  # chosen on purpose
    assert str(world.referrer.id) in listed and str(contact.id) in listed
    for staff in (world.admin, world.facilitator, manager):
        assert str(staff.id) not in listed, staff.job_title


def test_a_forged_facilitator_as_referrer_is_refused_next_to_the_field(world, login_as, db):
    before = count(db, Participant)
    response = login_as(world.facilitator).post(
        "/participant/new/", data=person_form(world, referrer=str(world.facilitator.id)))
    assert response.status_code == 200
    assert "n'est pas travailleur social orienteur" in error_next_to(text(response), "referrer")
    assert count(db, Participant) == before


def test_a_new_attendance_line_has_no_preselected_presence(world, login_as, db):
    # Was: the generic « Émargements › Créer » form preselected « Présent(e) », counted in the report if left so.
    from shared.sessions.models import Attendance

    client = login_as(world.facilitator)
    page = text(client.get("/attendance/new/"))
    assert option_values(page, "status")[0] == "" and selected_values(page, "status") in ([], [""])
    before = count(db, Attendance)
    response = client.post("/attendance/new/", data={"session": str(world.session.id),
                                                      "participant": str(world.participant.id), "status": ""})
    assert response.status_code == 200 and "Choisissez la présence." in text(response)
    assert count(db, Attendance) == before
