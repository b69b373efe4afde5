"""« Corriger une erreur de saisie »: an admin changes a signed contract, with a reason kept in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bench.html_forms import main_form
from shared.audit.models import AuditEntry
from shared.contracts.models import Contract
from tests.backoffice.world import build_world
from tests.pages import text


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def url(contract) -> str:
    return f"/actions/correction/{contract.id}"


def opened(client, contract) -> dict:
    return main_form(client.get(url(contract)).get_data(as_text=True)).defaults()


def entries(db, contract) -> list[dict]:
    db.expire_all()
    return [e.changes for e in db.scalars(select(AuditEntry).where(
        AuditEntry.table_name == "contract", AuditEntry.record_id == str(contract.id)).order_by(AuditEntry.id))]


def test_an_admin_corrects_a_date_and_an_objective_and_the_reason_is_in_the_history(world, login_as, db):
    client = login_as(world.admin)
    form = opened(client, world.contract) | {
        "ends_on": "2027-01-31", "objectives-0-wording": "Sortir de chez moi deux fois par semaine",
        "reason": "Date de fin mal recopiée du contrat papier"}
    response = client.post(url(world.contract), data=form)
    assert response.status_code == 302, text(response)[:500]
    db.expire_all()
    contract = db.get(Contract, world.contract.id)
    assert contract.ends_on == dt.date(2027, 1, 31)
    assert contract.objectives[0].wording == "Sortir de chez moi deux fois par semaine"
    changes = entries(db, world.contract)
    assert {"motif de la correction": [None, "Date de fin mal recopiée du contrat papier"]} in changes
    assert any(c.get("ends_on", [None, None])[1] == "2027-01-31" for c in changes)


def test_a_correction_without_a_reason_is_refused_and_nothing_changes(world, login_as, db):
    client = login_as(world.admin)
    ends_on = world.contract.ends_on
    page = text(client.post(url(world.contract), data=opened(client, world.contract) | {"ends_on": "2027-01-31"}))
    assert "Indiquez le motif de la correction." in page
    db.expire_all()
    assert db.get(Contract, world.contract.id).ends_on == ends_on


def test_a_correction_keeps_the_contract_rules(world, login_as, db):
    client = login_as(world.admin)
    page = text(client.post(url(world.contract), data=opened(client, world.contract) | {
        "participant_signed_on": "2026-03-20", "reason": "Erreur"}))
    assert "ne peut pas être dans le futur" in page
    page = text(client.post(url(world.contract), data=opened(client, world.contract) | {
        "starts_on": "2025-12-01", "ends_on": "2027-05-31", "reason": "Erreur"}))
    assert "Le contrat ne peut pas commencer avant l'orientation de la personne" in page
    page = text(client.post(url(world.contract), data=opened(client, world.contract) | {"reason": "Erreur"}))
    assert "Rien n'a changé" in page


def test_a_forgotten_objective_is_added_by_a_correction(world, login_as, db):
    client = login_as(world.admin)
    form = opened(client, world.contract) | {"new_objectives-0-wording": "Prendre rendez-vous chez le médecin",
                                             "new_objectives-0-category": "health", "reason": "Objectif oublié"}
    assert client.post(url(world.contract), data=form).status_code == 302
    db.expire_all()
    assert [o.wording for o in db.get(Contract, world.contract.id).objectives][-1] == \
        "Prendre rendez-vous chez le médecin"


def test_only_an_admin_corrects_a_signed_contract(world, login_as):
    assert login_as(world.facilitator).get(url(world.contract)).status_code == 403
    assert login_as(world.facilitator).post(url(world.contract), data={"reason": "x"}).status_code == 403


def test_the_contract_page_offers_the_correction_to_admins_only(world, login_as):
    details = f"/contract/details/?id={world.contract.id}"
    assert "Corriger une erreur de saisie" in text(login_as(world.admin).get(details))
    assert "Corriger une erreur de saisie" not in text(login_as(world.facilitator).get(details))
