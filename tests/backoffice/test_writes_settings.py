"""Settings written from the back-office go through ``shared/``: groups, themes, staff accounts, tablets,
walk-ins and feedback (issue #10)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.feedback.models import FeedbackStatus
from shared.groups.models import Group, Theme
from shared.kiosk.models import WalkIn
from shared.sessions.models import Attendance, AttendanceStatus
from shared.staff.models import Role, StaffMember
from tests.backoffice.world import build_world
from tests.pages import text, count


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


# --- groups ----------------------------------------------------------------------------------------

def _group_form(**overrides):
    return {"name": "ID'MIX Sud", "district": "Circonscription Sud", "location": "CMS des Lilas",
            "started_on": "2026-01-08", "meeting_weeks": " 4, 2 ", "weekday": "3", "meets_from": "14:00",
            "meets_until": "17:00", "trial_allowance": "3", "checkin_opens_before": "30", "requires_pin": "y",
            "active": "y"} | overrides


def test_a_group_is_created_with_its_meeting_weeks_written_plainly(world, login_as, db):
    response = login_as(world.admin).post("/group/new/", data=_group_form(staff=str(world.facilitator.id)))
    assert response.status_code == 302, text(response)[:2000]
    group = db.scalars(select(Group).where(Group.name == "ID'MIX Sud")).one()
    assert group.meeting_weeks == "2,4" and group.rhythm_label.startswith("2e et 4e jeudis")
    assert [s.id for s in group.staff] == [world.facilitator.id]


@pytest.mark.parametrize("overrides, message", [
    ({"meeting_weeks": "2,7"}, "chiffres de 1 à 5"),
    ({"meets_until": "13:00"}, "L'heure de fin doit être après l'heure de début."),
    ({"name": "x" * 100}, "Texte trop long pour le nom du groupe : 80 caractères au plus (100 saisis)."),
])
def test_a_group_breaking_a_rule_is_refused_next_to_the_field(world, login_as, db, overrides, message):
    before = count(db, Group)
    response = login_as(world.admin).post("/group/new/", data=_group_form(**overrides))
    assert response.status_code == 200 and message in text(response)
    assert count(db, Group) == before


def test_two_groups_cannot_share_a_name(world, login_as, db):
    response = login_as(world.admin).post("/group/new/", data=_group_form(name=world.group.name.lower()))
    assert response.status_code == 200 and "Un groupe porte déjà ce nom." in text(response)


def test_a_group_edit_changes_its_rhythm(world, login_as, db):
    data = _group_form(name=world.group.name, meeting_weeks="1,3", meets_from="09:30", meets_until="12:00")
    response = login_as(world.admin).post(f"/group/edit/?id={world.group.id}", data=data)
    assert response.status_code == 302, text(response)[:2000]
    db.refresh(world.group)
    assert (world.group.meeting_weeks, world.group.meets_from) == ("1,3", dt.time(9, 30))


# --- themes ----------------------------------------------------------------------------------------

def test_a_theme_name_is_unique_whatever_its_case(world, login_as, db):
    client = login_as(world.facilitator)
    before = count(db, Theme)
    response = client.post("/theme/new/", data={"name": f"  {world.theme.name.upper()} ", "pictogram": "cuisine"})
    assert response.status_code == 200 and "Ce thème existe déjà." in text(response)
    assert count(db, Theme) == before
    response = client.post("/theme/new/", data={"name": "  Jardinage ", "pictogram": "", "active": "y"})
    assert response.status_code == 302
    theme = db.scalars(select(Theme).where(Theme.name == "Jardinage")).one()
    assert theme.pictogram == "atelier" and theme.active


def test_a_theme_in_use_is_never_deleted(world, login_as, db):
    response = login_as(world.facilitator).post("/theme/delete/", data={"id": world.theme.id}, follow_redirects=True)
    assert "Cette fiche ne peut pas être supprimée" in text(response)
    assert count(db, Theme, Theme.id == world.theme.id) == 1


# --- staff accounts --------------------------------------------------------------------------------

def _staff_form(**overrides):
    return {"first_name": "Inès", "last_name": "Roux", "email": "Ines.Roux@cd.example.fr", "job_title": "cip",
            "role": "referrer", "active": "y", "new_password": "un-mot-de-passe-long"} | overrides


@pytest.mark.parametrize("overrides, field, message", [
    ({"email": "ines.roux"}, "email", "Adresse e-mail invalide"),
    ({"new_password": "", "role": "facilitator", "job_title": "facilitator"}, "new_password",
     "Choisissez un mot de passe pour ce nouveau compte"),
    ({"email": "i" * 130 + "@cd.example.fr"}, "email", "Texte trop long pour l'adresse e-mail"),
])
def test_a_staff_account_breaking_a_rule_is_refused_next_to_the_field(world, login_as, db, overrides, field,
                                                                       message):
    before = count(db, StaffMember)
    page = text(login_as(world.admin).post("/staff/new/", data=_staff_form(**overrides)))
    assert message in page
    assert page.index(message) > page.index(f'name="{field}"')  # under its field
    assert count(db, StaffMember) == before


def test_a_staff_e_mail_is_unique_whatever_its_case(world, login_as, db):
    page = text(login_as(world.admin).post("/staff/new/", data=_staff_form(email=world.facilitator.email.upper())))
    assert "Inès" in page  # the form is shown again with what was typed
    assert "Un compte existe déjà avec cette adresse e-mail." in page


def test_a_staff_account_is_saved_with_its_address_in_lower_case(world, login_as, db):
    response = login_as(world.admin).post("/staff/new/", data=_staff_form())
    assert response.status_code == 302, text(response)[:2000]
    staff = db.scalars(select(StaffMember).where(StaffMember.email == "ines.roux@cd.example.fr")).one()
    assert staff.role is Role.REFERRER and staff.password_hash.startswith("$argon2")


def test_an_admin_cannot_deactivate_their_own_account(world, login_as, db):
    data = _staff_form(first_name=world.admin.first_name, last_name=world.admin.last_name, email=world.admin.email,
                       job_title="manager", role="admin", new_password="")
    data.pop("active")
    page = text(login_as(world.admin).post(f"/staff/edit/?id={world.admin.id}", data=data))
    assert "Vous ne pouvez pas désactiver votre propre compte." in page
    db.refresh(world.admin)
    assert world.admin.active


# --- tablets, walk-ins, feedback -------------------------------------------------------------------

def test_revoking_a_tablet_goes_through_the_domain(world, login_as, db):
    response = login_as(world.facilitator).post("/device/action/", data={
        "action": "revoke", "rowid": str(world.device.id)})
    assert response.status_code == 302
    db.refresh(world.device)
    assert world.device.revoked_at is not None


def test_linking_a_walk_in_records_a_trial_attendance(world, make, login_as, db):
    visitor = make.participant(world.group, first_name="Nadia")
    response = login_as(world.facilitator).post(f"/walkin/edit/?id={world.walk_in.id}",
                                                data={"participant": visitor.id})
    assert response.status_code == 302, text(response)[:2000]
    db.refresh(world.walk_in)
    assert world.walk_in.participant_id == visitor.id
    row = db.scalars(select(Attendance).where(Attendance.session_id == world.session.id,
                                              Attendance.participant_id == visitor.id)).one()
    assert row.status is AttendanceStatus.PRESENT and row.is_trial


def test_a_walk_in_of_another_group_is_refused_next_to_the_person(world, login_as, db):
    response = login_as(world.admin).post(f"/walkin/edit/?id={world.walk_in.id}",
                                          data={"participant": world.other_participant.id})
    page = text(response)
    assert response.status_code == 200 and "n'est pas orienté(e) vers le groupe de cette séance" in page
    assert page.index("n'est pas orienté(e)") > page.index('name="participant"')  # under the field
    db.refresh(world.walk_in)
    assert world.walk_in.participant_id is None


def test_discarding_a_walk_in_goes_through_the_domain(world, login_as, db):
    walk_in_id = world.walk_in.id
    login_as(world.facilitator).post("/walkin/delete/", data={"id": walk_in_id})
    assert count(db, WalkIn, WalkIn.id == walk_in_id) == 0


def test_marking_feedback_read(world, login_as, db):
    response = login_as(world.facilitator).post("/feedback/action/", data={
        "action": "mark_read", "rowid": str(world.feedback.id)})
    assert response.status_code == 302
    db.refresh(world.feedback)
    assert world.feedback.status is FeedbackStatus.READ


# --- the follow-up windows -------------------------------------------------------------------------

def test_the_dashboard_and_the_contract_filter_use_the_follow_up_windows_of_shared(world, make, login_as, today):
    from backoffice.core.filters import CONTRACT_FOLLOW_UP
    from shared.contracts.queries import EXPIRY_WINDOWS

    urgent, soon, prepare = EXPIRY_WINDOWS
    person = make.participant(world.group)
    make.contract(person, starts_on=today - dt.timedelta(days=300), ends_on=today + dt.timedelta(days=soon - 5))
    client = login_as(world.admin)
    page = text(client.get("/"))
    assert f"Contrats qui finissent dans {urgent} jours ou moins" in page
    assert f"Contrats qui finissent dans {soon} jours ou moins" in page
    assert f"fin dans {prepare} jours, ni renouvellement ni sortie en préparation" in page
    assert [key for key in CONTRACT_FOLLOW_UP if key.startswith("j")] == [f"j{days}" for days in EXPIRY_WINDOWS]
    listed = text(client.get(f"/contract/?flt0_suivi_equals=j{soon}"))
    assert person.last_name in listed
    assert person.last_name not in text(client.get(f"/contract/?flt0_suivi_equals=j{urgent}"))


def test_a_referrer_without_a_password_is_a_contact_who_can_be_chosen_but_never_signs_in(world, login_as, db, client):
    """A contact is not an account: an external CIP is a referrer and a party without ever logging in."""
    response = login_as(world.admin).post("/staff/new/", data=_staff_form(new_password=""))
    assert response.status_code == 302
    db.expire_all()
    contact = db.scalar(select(StaffMember).where(StaffMember.email == "ines.roux@cd.example.fr"))
    assert contact.password_hash is None and contact.active
    form = text(login_as(world.facilitator).get("/contract/new/"))
    assert "Roux" in form  # offered as the contract's referring social worker
    refused = client.post("/login", data={"email": contact.email, "password": "un-mot-de-passe-long"})
    assert refused.status_code == 200 and "incorrect" in text(refused)  # the form again, never signed in
