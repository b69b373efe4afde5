"""Bad input on the forms: the French message on the page, status 200, nothing saved."""

import re

import pytest
from sqlalchemy import func, select

from shared.contracts.models import Contract
from shared.groups.models import Group
from shared.people.models import Participant, Referral
from shared.staff.models import JobTitle, StaffMember
from tests.backoffice.conftest import login
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def _contract_form(world, **overrides):
    data = {
        "participant": str(world.participant.id), "facilitator": str(world.facilitator.id),
        "referrer": str(world.referrer.id), "starts_on": "2026-06-01", "ends_on": "2027-05-31",
        "expectations": "Rencontrer du monde",
        "objectives-0-wording": "Prendre la parole en groupe", "objectives-0-category": "social_ties",
        "objectives-0-status": "open",
    }
    return data | overrides


def with_token(client, url, data):
    """The form's own CSRF token (Flask-Admin's SecureForm checks it even when Flask-WTF's is off)."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
    return data | {"csrf_token": token.group(1)}


def _post(client, db, model, url, data, message):
    before = _count(db, model)
    response = client.post(url, data=with_token(client, url, data))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:500]
    assert message in page, page[page.find("alert"):][:800]
    db.expire_all()
    assert _count(db, model) == before


def test_a_contract_longer_than_18_months_is_refused_with_the_french_message(world, login_as, db):
    client = login_as(world.facilitator)
    _post(client, db, Contract, "/contract/new/", _contract_form(world, ends_on="2027-12-31"),
          "Un contrat dure au plus 18 mois")


def test_a_contract_ending_before_it_starts_is_refused(world, login_as, db):
    _post(login_as(world.facilitator), db, Contract, "/contract/new/",
          _contract_form(world, starts_on="2026-06-01", ends_on="2026-05-01"), "est avant la date de début")


def test_an_overlapping_signed_contract_is_refused(world, login_as, db):
    form = _contract_form(world, starts_on="2026-03-01", ends_on="2026-09-30", participant_signed_on="2026-03-01",
                          facilitator_signed_on="2026-03-01", referrer_signed_on="2026-03-01")
    _post(login_as(world.facilitator), db, Contract, "/contract/new/", form, "une personne ne peut avoir qu")


def test_a_contract_co_signed_by_a_non_referrer_is_refused(world, login_as, db):
    _post(login_as(world.facilitator), db, Contract, "/contract/new/",
          _contract_form(world, referrer=str(world.facilitator.id)), "n&#39;est pas travailleur social orienteur")


def test_a_contract_with_missing_fields_is_refused(world, login_as, db):
    _post(login_as(world.facilitator), db, Contract, "/contract/new/",
          {"participant": "", "starts_on": "", "ends_on": ""}, "Choisissez la personne concernée par le contrat.")


def test_a_valid_contract_is_saved_with_its_objectives(world, login_as, db, make):
    newcomer = make.participant(world.group, referrer=world.referrer)
    client = login_as(world.facilitator)
    before = _count(db, Contract)
    form = _contract_form(world, participant=str(newcomer.id))
    response = client.post("/contract/new/", data=with_token(client, "/contract/new/", form))
    assert response.status_code == 302
    db.expire_all()
    assert _count(db, Contract) == before + 1
    saved = db.scalars(select(Contract).order_by(Contract.id.desc())).first()
    assert [o.wording for o in saved.objectives] == ["Prendre la parole en groupe"]
    assert saved.group_id == newcomer.group_id and saved.participant_id == newcomer.id


def test_a_referral_by_someone_who_is_not_a_referring_social_worker_is_refused(world, login_as, db):
    data = {"participant": str(world.participant.id), "referrer": str(world.facilitator.id),
            "group": str(world.group.id), "referred_on": "2026-03-01"}
    _post(login_as(world.facilitator), db, Referral, "/referral/new/", data, "travailleur social orienteur")


def test_a_referral_in_the_future_is_refused(world, login_as, db):
    data = {"participant": str(world.participant.id), "referrer": str(world.referrer.id),
            "group": str(world.group.id), "referred_on": "2026-12-01"}
    _post(login_as(world.facilitator), db, Referral, "/referral/new/", data, "ne peut pas être dans le futur")


def test_a_new_person_needs_a_referring_social_worker(world, login_as, db):
    data = {"first_name": "Awa", "last_name": "Diallo", "group": str(world.group.id), "gender": "female",
            "benefit": "rsa", "referrer": str(world.facilitator.id)}
    _post(login_as(world.facilitator), db, Participant, "/participant/new/", data, "travailleur social orienteur")
    _post(login_as(world.facilitator), db, Participant, "/participant/new/", {"first_name": ""}, "Indiquez le prénom.")


def test_a_new_person_is_saved_with_their_referral(world, login_as, db):
    data = {"first_name": "Awa", "last_name": "Diallo", "group": str(world.group.id), "gender": "female",
            "benefit": "rsa", "referrer": str(world.referrer.id), "referred_on": "2026-03-02"}
    client = login_as(world.facilitator)
    response = client.post("/participant/new/", data=with_token(client, "/participant/new/", data))
    assert response.status_code == 302
    person = db.scalars(select(Participant).where(Participant.last_name == "Diallo")).one()
    assert person.referrals[0].referrer_id == world.referrer.id
    assert person.status_code == "referred"


def test_an_exit_in_the_future_is_refused(world, login_as, db):
    from shared.exits.models import Exit

    data = {"participant": str(world.participant.id), "left_on": "2027-01-01", "destination": "employment"}
    _post(login_as(world.facilitator), db, Exit, "/exit/new/", data, "ne peut pas être dans le futur")


def test_group_meeting_weeks_must_be_numbers_from_1_to_5(world, login_as, db):
    data = {"name": "Nouveau", "district": "Nord", "location": "CMS", "started_on": "2026-01-01",
            "meeting_weeks": "2,7", "weekday": "3", "meets_from": "14:00", "meets_until": "17:00",
            "trial_allowance": "3", "checkin_opens_before": "30"}
    _post(login_as(world.admin), db, Group, "/group/new/", data, "chiffres de 1 à 5")


def test_a_staff_account_gets_a_hashed_password_never_shown(world, login_as, db, app):
    client = login_as(world.admin)
    data = {"first_name": "Inès", "last_name": "Roux", "email": "ines.roux@cd.example.fr", "job_title": "cip",
            "role": "referrer", "active": "y", "new_password": "court"}
    _post(client, db, StaffMember, "/staff/new/", data, "au moins 10 caractères")
    response = client.post("/staff/new/", data=with_token(client, "/staff/new/", data | {"new_password": "un-mot-de-passe-long"}))
    assert response.status_code == 302
    staff = db.scalars(select(StaffMember).where(StaffMember.email == "ines.roux@cd.example.fr")).one()
    assert staff.password_hash.startswith("$argon2") and staff.job_title is JobTitle.CIP
    page = client.get(f"/staff/edit/?id={staff.id}").get_data(as_text=True)
    assert "$argon2" not in page and 'name="new_password"' not in page  # an admin sends a reset instead
    # Saved again (a password posted anyway is ignored): the name changes, the password stays.
    hashed = staff.password_hash
    edit = f"/staff/edit/?id={staff.id}"
    response = client.post(edit, data=with_token(client, edit, data | {"last_name": "Roux-Petit", "new_password": "piano tulipe orage radis"}))
    assert response.status_code == 302
    db.refresh(staff)
    assert staff.last_name == "Roux-Petit" and staff.password_hash == hashed
    login(app.test_client(), staff, "un-mot-de-passe-long")  # the new colleague signs in with it
