"""Every date field takes and shows JJ/MM/AAAA (ISO is still read), and a refusal is said once, under its
field: no « failed to save » notice nor banner on top."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared.contracts.models import Contract
from shared.exits.models import ExitPlan
from tests.backoffice.world import build_world
from tests.pages import text

NOT_A_DATE = "Date non valide\u00a0: écrivez-la JJ/MM/AAAA, par exemple 25/11/2026."


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


@pytest.fixture
def newcomer(world, make, today):
    return make.participant(world.group, referrer=world.referrer, referred_on=today - dt.timedelta(days=10))


def new_contract(world, person, **overrides) -> dict:
    return {
        "participant": str(person.id), "facilitator": str(world.facilitator.id), "referrer": str(world.referrer.id),
        "starts_on": "02/03/2026", "ends_on": "01/03/2027", "expectations": "Rencontrer du monde",
        "objectives-0-wording": "Prendre la parole en groupe", "objectives-0-category": "social_ties",
        "objectives-0-status": "open",
    } | overrides


def contracts_of(db, person) -> list[Contract]:
    db.expire_all()
    return db.scalars(select(Contract).where(Contract.participant_id == person.id)).all()


def under_field(page: str, name: str) -> list[str]:
    """The messages shown under the field ``name`` (the list in Bootstrap's invalid-feedback after it)."""
    match = re.search(rf'name="{name}"[^>]*>(.*?)(?=<div class="form-group|</fieldset>)', page, re.S)
    feedback = re.findall(r'class="invalid-feedback[^"]*">(.*?)</div>', match.group(1), re.S) if match else []
    return [item.strip() for block in feedback for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_a_contract_typed_with_french_dates_is_saved(world, newcomer, login_as, db):
    response = login_as(world.facilitator).post("/contract/new/", data=new_contract(world, newcomer))
    assert response.status_code == 302, text(response)[:600]
    [contract] = contracts_of(db, newcomer)
    assert (contract.starts_on, contract.ends_on) == (dt.date(2026, 3, 2), dt.date(2027, 3, 1))


def test_iso_dates_and_one_digit_days_are_read_too(world, newcomer, login_as, db):
    data = new_contract(world, newcomer, starts_on="2026-03-02", ends_on="1/3/2027")
    assert login_as(world.facilitator).post("/contract/new/", data=data).status_code == 302
    [contract] = contracts_of(db, newcomer)
    assert (contract.starts_on, contract.ends_on) == (dt.date(2026, 3, 2), dt.date(2027, 3, 1))


def test_a_date_field_shows_its_date_the_french_way_with_a_french_picker(world, login_as, make, newcomer, today):
    draft = make.contract(newcomer, facilitator=world.facilitator, signed=False, starts_on=dt.date(2026, 3, 12))
    page = text(login_as(world.facilitator).get(f"/contract/edit/?id={draft.id}"))
    field = re.search(r'<input[^>]*name="starts_on"[^>]*>', page).group(0)
    assert 'value="12/03/2026"' in field and 'data-date-format="DD/MM/YYYY"' in field
    assert 'placeholder="JJ/MM/AAAA"' in field
    assert "vendor/moment/fr.js" in page and "forms/dates_fr.js" in page


@pytest.mark.parametrize("typed", ["31/02/2026", "25/13/2026", "demain"])
def test_a_date_that_cannot_be_read_is_said_once_under_its_field(world, newcomer, login_as, db, typed):
    page = text(login_as(world.facilitator).post("/contract/new/", data=new_contract(world, newcomer,
                                                                                      starts_on=typed)))
    assert under_field(page, "starts_on") == [NOT_A_DATE]
    assert page.count(NOT_A_DATE) == 1
    assert "Indiquez la date de début" not in page  # a date was typed
    assert "alert-danger" not in page  # no notice on top: the message is under the field
    assert contracts_of(db, newcomer) == []


def test_a_domain_refusal_is_said_once_under_its_field(world, newcomer, login_as, db, today):
    page = text(login_as(world.facilitator).post("/contract/new/", data=new_contract(world, newcomer,
                                                                                      starts_on="01/02/2026")))
    [message] = under_field(page, "starts_on")
    assert message.startswith("Le contrat ne peut pas commencer avant l'orientation")
    assert page.count(message) == 1
    assert "alert-danger" not in page
    assert "n'a pas été créée" not in page and "Failed to create record" not in page


def test_a_date_of_an_action_form_is_typed_the_french_way(world, login_as, db):
    contract = world.contract
    response = login_as(world.facilitator).post(f"/actions/exit-plan/{contract.id}", data={
        "destination": "training", "target_on": contract.ends_on.strftime("%d/%m/%Y"),
        "steps": "Visite du centre de formation", "partners": "Mission locale"})
    assert response.status_code == 302, text(response)[:600]
    db.expire_all()
    assert db.scalar(select(ExitPlan.target_on).where(ExitPlan.contract_id == contract.id)) == contract.ends_on
    page = text(login_as(world.facilitator).get(f"/actions/exit-plan/{contract.id}"))
    field = re.search(r'<input[^>]*name="target_on"[^>]*>', page).group(0)
    assert f'value="{contract.ends_on:%d/%m/%Y}"' in field and 'type="text"' in field
