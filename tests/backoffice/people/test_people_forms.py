"""The person and referral forms hand what was typed to ``shared.people.operations``: the group, the last
contact and the situation are derived, every implausible value is refused next to its field."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from shared.people.models import Participant, Referral
from tests.backoffice.world import build_world
from tests.pages import text


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def error_next_to(page: str, field: str) -> str:
    """The messages shown under the form field ``field`` (Flask-Admin's help-block after the input)."""
    start = page.index(f'name="{field}"')
    end = page.find('class="form-group', start)
    return page[start:end if end != -1 else None]


def person_form(world, **overrides):
    data = {"first_name": "Awa", "last_name": "Diallo", "group": str(world.group.id), "gender": "female",
            "birth_year": "1980", "town": "Villeneuve", "benefit": "rsa", "phone": "", "consent_on": "",
            "referrer": str(world.referrer.id), "referred_on": "2026-03-02"}
    return data | overrides


def people_named(db, last_name):
    db.expire_all()
    return db.scalars(select(Participant).where(Participant.last_name == last_name)).all()


def count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_a_new_person_gets_their_last_contact_from_the_referral_not_from_the_form(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.get("/participant/new/"))
    assert 'name="last_contact_on"' not in page and 'name="first_name"' in page
    response = client.post("/participant/new/", data=person_form(world, last_contact_on="2020-01-01",
                                                                 phone="06.12.34.56.78"))
    assert response.status_code == 302, text(response)[:1500]
    [person] = people_named(db, "Diallo")
    assert person.last_contact_on == dt.date(2026, 3, 2)
    assert person.group_id == world.group.id and person.referrals[0].group_id == world.group.id
    assert person.phone == "06 12 34 56 78" and person.status_code == "referred"


@pytest.mark.parametrize("field, value, message", [
    ("birth_year", "1850", "L'année de naissance doit être 1900 ou après (1850 saisi)."),
    ("birth_year", "2024", "La personne doit être majeure l'année de son orientation (2026)"),
    ("phone", "abc", "Indiquez un numéro de téléphone français à 10 chiffres"),
    ("first_name", "A" * 10_000, "Texte trop long pour le prénom : 80 caractères au plus (10000 saisis)."),
    ("last_name", "", "Indiquez le nom."),
    ("town", "V" * 500, "Texte trop long pour la commune"),
    ("referrer", "", "Choisissez le travailleur social qui oriente la personne."),
    ("group", "", "Choisissez le groupe."),
    ("referred_on", "2026-04-01", "La date d'orientation ne peut pas être dans le futur."),
])
def test_an_implausible_new_person_is_refused_next_to_the_field(world, login_as, db, field, value, message):
    before = count(db, Participant), count(db, Referral)
    response = login_as(world.facilitator).post("/participant/new/", data=person_form(world, **{field: value}))
    page = text(response)
    assert response.status_code == 200
    assert message in error_next_to(page, field), page[page.find("alert"):][:800]
    assert "liée à d'autres données" not in page
    assert (count(db, Participant), count(db, Referral)) == before


def test_editing_a_person_never_moves_them_to_another_group(world, login_as, db):
    client = login_as(world.admin)
    person = world.participant
    page = text(client.get(f"/participant/edit/?id={person.id}"))
    assert 'name="group"' not in page and 'name="last_contact_on"' not in page
    response = client.post(f"/participant/edit/?id={person.id}", data=person_form(
        world, first_name="Fatima", last_name=person.last_name, group=str(world.other_group.id),
        phone="+32 470 12 34 56", last_contact_on="2020-01-01"))
    assert response.status_code == 302, text(response)[:1500]
    db.expire_all()
    saved = db.get(Participant, person.id)
    assert saved.group_id == world.group.id and saved.phone == "+32470123456"
    assert saved.last_contact_on != dt.date(2020, 1, 1)


def test_editing_a_person_checks_the_same_rules(world, login_as, db):
    client = login_as(world.facilitator)
    person = world.participant
    response = client.post(f"/participant/edit/?id={person.id}", data=person_form(
        world, last_name=person.last_name, birth_year="2024"))
    page = text(response)
    assert response.status_code == 200 and "majeure" in error_next_to(page, "birth_year")
    db.expire_all()
    assert db.get(Participant, person.id).birth_year == 1975


def test_a_referral_to_another_group_moves_the_person_there(world, login_as, db):
    client = login_as(world.admin)
    response = client.post("/referral/new/", data={
        "participant": str(world.participant.id), "referrer": str(world.referrer.id),
        "group": str(world.other_group.id), "referred_on": "2026-03-09", "reason": "Déménagement"})
    assert response.status_code == 302, text(response)[:1500]
    db.expire_all()
    person = db.get(Participant, world.participant.id)
    assert person.group_id == world.other_group.id and person.last_contact_on == dt.date(2026, 3, 9)
    assert [r.group_id for r in person.referrals] == [world.group.id, world.other_group.id]


def test_a_referral_is_corrected_but_its_group_and_person_are_not_changed(world, login_as, db):
    client = login_as(world.facilitator)
    referral = world.referral
    page = text(client.get(f"/referral/edit/?id={referral.id}"))
    assert 'name="group"' not in page and 'name="participant"' not in page
    data = {"referrer": str(world.referrer.id), "referred_on": "2026-01-05", "reason": "Isolement",
            "expectations": "", "group": str(world.other_group.id)}
    response = client.post(f"/referral/edit/?id={referral.id}", data=data)
    assert response.status_code == 302, text(response)[:1500]
    db.expire_all()
    saved = db.get(Referral, referral.id)
    assert (saved.referred_on, saved.reason, saved.group_id) == (dt.date(2026, 1, 5), "Isolement", world.group.id)
    response = client.post(f"/referral/edit/?id={referral.id}", data=data | {"referred_on": "2026-05-01"})
    assert response.status_code == 200
    assert "ne peut pas être dans le futur" in error_next_to(text(response), "referred_on")
    response = client.post(f"/referral/edit/?id={referral.id}", data=data | {"reason": "R" * 4001})
    assert "Texte trop long pour le motif" in error_next_to(text(response), "reason")
    db.expire_all()
    assert db.get(Referral, referral.id).referred_on == dt.date(2026, 1, 5)
