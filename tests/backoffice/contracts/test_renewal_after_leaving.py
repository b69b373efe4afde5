"""No « Renouveler » for a person who left or a contract ended early, and the renewal screen refuses it
with the way back: a new referral (``shared.contracts.rules.check_renewable``)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.contracts.models import Contract
from shared.exits.models import Exit, ExitDestination
from shared.people.operations import record_exit, refer_again
from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.backoffice.contracts.test_actions_renewal import renewal_form
from tests.backoffice.people.test_person_hub import buttons
from tests.pages import text
from tests.typography import typography_faults


def renewals_of(db, contract):
    return db.scalars(select(Contract).where(Contract.renews_id == contract.id)).all()


@pytest.fixture
def left_today(world, db, today):
    """The person left today: their contract, ending within 30 days, is ended early today (still listed)."""
    record_exit(db, world.participant, left_on=today, destination=ExitDestination.EMPLOYMENT)
    db.commit()
    return world.contract


def test_the_90_day_list_offers_no_renewal_to_a_person_who_left(world, left_today, login_as):
    page = text(login_as(world.facilitator).get("/contract/?flt0_suivi_equals=j90"))
    assert f"/contract/details/?id={left_today.id}" in page or f"id={left_today.id}" in page  # still listed
    assert f"/actions/renewal/{left_today.id}" not in page


def test_the_contract_page_offers_no_renewal_to_a_person_who_left(world, left_today, login_as):
    page = text(login_as(world.facilitator).get(f"/contract/details/?id={left_today.id}"))
    assert page.count(f"/actions/renewal/{left_today.id}") == 0


def test_a_contract_ended_early_offers_no_renewal(world, login_as, db, today):
    world.contract.ended_early_on, world.contract.early_end_reason = today - dt.timedelta(days=1), "Déménagement"
    db.commit()
    client = login_as(world.facilitator)
    assert f"/actions/renewal/{world.contract.id}" not in text(client.get(f"/contract/details/?id={world.contract.id}"))
    assert f"/actions/renewal/{world.contract.id}" not in text(client.get("/contract/"))


def test_a_contract_in_force_still_offers_renewal(world, login_as):
    client = login_as(world.facilitator)
    assert f"/actions/renewal/{world.contract.id}" in text(client.get(f"/contract/details/?id={world.contract.id}"))
    assert f"/actions/renewal/{world.contract.id}" in text(client.get("/contract/?flt0_suivi_equals=j90"))


def test_the_renewal_screen_refuses_a_person_who_left_and_points_to_a_new_referral(world, left_today, login_as, db,
                                                                                 today):
    client = login_as(world.facilitator)
    page = text(client.get(f"/actions/renewal/{left_today.id}"))
    assert f"a quitté le groupe (sortie du {today:%d/%m/%Y})" in page and "nouvelle orientation" in page
    assert 'name="starts_on"' not in page and "/referral/new/" in page
    assert typography_faults(page) == []
    response = client.post(f"/actions/renewal/{left_today.id}", data=renewal_form(left_today))  # a forged post
    assert response.status_code == 200 and "nouvelle orientation" in text(response)
    assert renewals_of(db, left_today) == []


def test_a_renewal_drafted_before_the_exit_cannot_be_signed_after_it(world, login_as, db, today):
    client = login_as(world.facilitator)
    assert client.post(f"/actions/renewal/{world.contract.id}", data=renewal_form(world.contract)).status_code == 302
    [renewal] = renewals_of(db, world.contract)
    record_exit(db, world.participant, left_on=today, destination=ExitDestination.TRAINING)
    db.commit()
    assert "nouvelle orientation" in text(client.get(f"/actions/signatures/{renewal.id}"))  # said before signing
    page = text(client.post(f"/actions/signatures/{renewal.id}", data={
        "party": "participant", "signed_on": today.strftime("%d/%m/%Y"), "version": str(renewal.version)}))
    assert "nouvelle orientation" in page
    db.expire_all()
    assert not renewal.is_signed


def test_after_a_return_the_person_page_offers_a_new_contract_not_a_renewal(world, login_as, db, make, today):
    person = make.participant(world.group, referrer=world.referrer, referred_on=today - dt.timedelta(days=950))
    over = make.contract(person, facilitator=world.facilitator, starts_on=today - dt.timedelta(days=900),
                         ends_on=today - dt.timedelta(days=520))
    record_exit(db, person, left_on=today - dt.timedelta(days=100), destination=ExitDestination.HEALTH_CARE)
    refer_again(db, person, group=world.group, referrer=world.referrer, referred_on=today - dt.timedelta(days=20))
    db.commit()
    client = login_as(world.facilitator)
    actions = buttons(text(client.get(f"/participant/details/?id={person.id}")))
    assert "Renouveler le contrat" not in actions
    assert actions["Créer un nouveau contrat"] == f"/contract/new/?participant={person.id}"
    assert f"/actions/renewal/{over.id}" not in text(client.get(f"/contract/details/?id={over.id}"))


def test_the_dashboard_follow_up_offers_no_renewal_to_a_person_who_left_before_the_contract(world, make, login_as,
                                                                                          db, today):
    """Data from before the rule: a contract drawn up after the person had left, with no return."""
    person = make.participant(world.group, referrer=world.referrer, first_name="Louis", last_name="Suivi",
                              referred_on=today - dt.timedelta(days=200))
    contract = make.contract(person, facilitator=world.facilitator, starts_on=today - dt.timedelta(days=30),
                             ends_on=today + dt.timedelta(days=20))
    db.add(Exit(participant=person, left_on=today - dt.timedelta(days=40), destination=ExitDestination.OTHER))
    db.commit()
    client = login_as(world.facilitator)
    assert f"/actions/renewal/{contract.id}" not in text(client.get("/"))
    assert f"/actions/renewal/{world.contract.id}" in text(client.get("/"))  # the one in force, ending soon
    assert f"/actions/renewal/{contract.id}" not in text(client.get(f"/contract/details/?id={contract.id}"))
