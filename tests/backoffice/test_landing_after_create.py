"""« Enregistrer » on a new person, contract or exit leads to that record's own page, with its next step;
« Enregistrer et ajouter » and « Enregistrer et continuer » keep Flask-Admin's ways."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared.contracts.models import Contract
from shared.exits.models import Exit
from shared.people.models import Participant
from tests.backoffice.test_forms import _contract_form, with_token
from tests.backoffice.world import build_world
from tests.pages import text


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def person_form(world, last_name="Diallo"):
    return {"first_name": "Awa", "last_name": last_name, "group": str(world.group.id), "gender": "female",
            "benefit": "rsa", "referrer": str(world.referrer.id), "referred_on": "2026-03-02"}


def test_a_new_person_lands_on_their_page_with_create_the_first_contract(world, login_as, db):
    client = login_as(world.facilitator)
    response = client.post("/participant/new/", data=with_token(client, "/participant/new/", person_form(world)))
    person = db.scalars(select(Participant).where(Participant.last_name == "Diallo")).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/participant/details/?id={person.id}"
    page = text(client.get(response.headers["Location"]))
    assert "Awa Diallo" in page and "Créer le premier contrat" in page


def test_a_new_person_lands_on_their_page_even_when_the_form_came_with_a_return_address(world, login_as, db):
    client = login_as(world.facilitator)
    url = "/participant/new/?url=/participant/"
    response = client.post(url, data=with_token(client, url, person_form(world)))
    person = db.scalars(select(Participant).where(Participant.last_name == "Diallo")).one()
    assert response.headers["Location"] == f"/participant/details/?id={person.id}"


def test_save_and_add_another_and_save_and_continue_still_work_for_a_person(world, login_as, db):
    client = login_as(world.facilitator)
    another = client.post("/participant/new/", data=with_token(client, "/participant/new/",
                                                                person_form(world, "Un") | {"_add_another": "1"}))
    assert another.status_code == 302 and another.headers["Location"].startswith("/participant/new/")
    form = person_form(world, "Deux") | {"_continue_editing": "1"}
    editing = client.post("/participant/new/", data=with_token(client, "/participant/new/", form))
    second = db.scalars(select(Participant).where(Participant.last_name == "Deux")).one()
    assert editing.status_code == 302 and editing.headers["Location"].startswith(f"/participant/edit/?id={second.id}")
    assert db.scalars(select(Participant).where(Participant.last_name == "Un")).one()


def test_a_new_contract_lands_on_its_page_with_signatures_and_print(world, login_as, db, make):
    newcomer = make.participant(world.group, referrer=world.referrer)
    client = login_as(world.facilitator)
    form = _contract_form(world, participant=str(newcomer.id))
    response = client.post("/contract/new/", data=with_token(client, "/contract/new/", form))
    contract = db.scalars(select(Contract).where(Contract.participant_id == newcomer.id)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contract/details/?id={contract.id}"
    page = text(client.get(response.headers["Location"]))
    assert page.index(">Signatures</a>") < page.index('id="bilans"')  # its next step before its follow-up
    assert page.index(">Imprimer</a>") < page.index('id="bilans"')
    assert page.count(">Signatures</a>") == 1


def test_a_new_contract_with_save_and_continue_goes_to_its_form(world, login_as, db, make):
    newcomer = make.participant(world.group, referrer=world.referrer)
    client = login_as(world.facilitator)
    form = _contract_form(world, participant=str(newcomer.id)) | {"_continue_editing": "1"}
    response = client.post("/contract/new/", data=with_token(client, "/contract/new/", form))
    contract = db.scalars(select(Contract).where(Contract.participant_id == newcomer.id)).one()
    assert response.headers["Location"].startswith(f"/contract/edit/?id={contract.id}")


def test_a_recorded_exit_lands_on_the_persons_page(world, login_as, db, today):
    client = login_as(world.facilitator)
    data = {"participant": str(world.participant.id), "left_on": (today - dt.timedelta(days=1)).isoformat(),
            "destination": "employment"}
    response = client.post("/exit/new/", data=with_token(client, "/exit/new/", data))
    assert db.scalars(select(Exit).where(Exit.participant_id == world.participant.id)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/participant/details/?id={world.participant.id}"
    page = text(client.get(response.headers["Location"]))
    assert "Sortie" in page and world.participant.first_name in page


def test_a_refused_new_person_stays_on_the_form_with_its_message(world, login_as, db):
    client = login_as(world.facilitator)
    response = client.post("/participant/new/", data=with_token(client, "/participant/new/",
                                                                 person_form(world) | {"first_name": ""}))
    assert response.status_code == 200 and "Indiquez le prénom." in text(response)
