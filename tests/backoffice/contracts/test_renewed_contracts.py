"""A renewed contract is history: its early end and its exit go on the renewal, which its page points to."""

import datetime as dt
import re

import pytest

from shared.exits.models import ExitPlan
from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.pages import count, text


@pytest.fixture
def renewed(world, make, db, today):
    old = make.contract(world.participant, facilitator=world.facilitator, starts_on=today - dt.timedelta(days=900),
                        ends_on=today - dt.timedelta(days=501), objectives=("Reprendre un rythme",))
    world.contract.renews = old
    db.commit()
    return old


def words(response) -> str:
    """The page's text without its tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def test_an_early_end_of_a_renewed_contract_is_refused_with_the_way_to_the_current_one(world, renewed, login_as, db,
                                                                                       today):
    client = login_as(world.facilitator)
    page = text(client.post(f"/actions/early-end/{renewed.id}", data={
        "ended_early_on": (renewed.ends_on - dt.timedelta(days=10)).strftime("%d/%m/%Y"),
        "early_end_reason": "Déménagement", "version": str(renewed.version)}))
    assert f"Ce contrat a été renouvelé par le contrat n°{world.contract.id} : notez la fin anticipée sur ce contrat-là." in page
    db.expire_all()
    assert renewed.ended_early_on is None


def test_an_exit_plan_of_a_renewed_contract_is_refused(world, renewed, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.post(f"/actions/exit-plan/{renewed.id}", data={
        "destination": "employment", "target_on": renewed.ends_on.strftime("%d/%m/%Y")}))
    assert f"renouvelé par le contrat n°{world.contract.id} : préparez la sortie sur ce contrat-là." in page
    assert count(db, ExitPlan) == 0


def test_the_renewed_contract_page_offers_no_early_end(world, renewed, login_as):
    page = text(login_as(world.facilitator).get(f"/contract/details/?id={renewed.id}"))
    assert f"Renouvelé par le contrat n°{world.contract.id}" in page
    assert f"/actions/early-end/{renewed.id}" not in page
    current = text(login_as(world.facilitator).get(f"/contract/details/?id={world.contract.id}"))
    assert f"/actions/early-end/{world.contract.id}" in current


def test_the_renewed_contract_edit_page_points_to_the_renewal_for_an_early_end(world, renewed, login_as):
    response = login_as(world.facilitator).get(f"/contract/edit/?id={renewed.id}")
    assert f"Fin anticipée (sur le contrat n°{world.contract.id} , qui le renouvelle)" in words(response)
    assert f"/actions/early-end/{renewed.id}" not in text(response)


def test_the_renewed_contract_page_sends_the_exit_to_the_renewal(world, renewed, login_as):
    old_page = words(login_as(world.facilitator).get(f"/contract/details/?id={renewed.id}"))
    assert f"la sortie se prépare et s'enregistre sur le contrat n°{world.contract.id} ." in old_page
    assert "Préparer la sortie" not in old_page and "Enregistrer la sortie" not in old_page
    current = words(login_as(world.facilitator).get(f"/contract/details/?id={world.contract.id}"))
    assert "Préparer la sortie" in current


def test_the_contracts_list_offers_no_renewal_of_a_renewed_contract(world, renewed, login_as):
    page = text(login_as(world.facilitator).get("/contract/"))
    assert f"/actions/renewal/{world.contract.id}" in page
    assert f"/actions/renewal/{renewed.id}" not in page
