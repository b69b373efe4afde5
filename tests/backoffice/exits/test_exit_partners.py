"""An exit plan and an exit name the partner structure the person goes to (issue #32): the plan suggests the
structures the group already works with for that kind of destination; a structure none of the person's group works
with is refused; the person's page shows it; the yearly report counts the exits towards partners by kind."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared.exits.models import Exit, ExitDestination, ExitPlan
from shared.exits.operations import plan_exit
from shared.partners.models import PartnerKind
from tests.pages import count, text

LEFT_ON = dt.date(2026, 3, 2)  # before the frozen today, 10/03/2026


@pytest.fixture
def partners(make, db, today):
    group = make.group(name="ID'MIX Tilleuls")
    facilitator = make.facilitator(group)
    person = make.participant(group, first_name="Amel", last_name="Haddad", referred_on=dt.date(2025, 6, 1))
    contract = make.contract(person, starts_on=dt.date(2025, 7, 1), facilitator=facilitator)
    afpa = make.partner(groups=[group], name="AFPA Évry", kind=PartnerKind.TRAINING)
    garage = make.partner(groups=[group], name="Garage solidaire", kind=PartnerKind.INTEGRATION)
    food_bank = make.partner(groups=[group], name="Banque alimentaire", kind=PartnerKind.ASSOCIATION)
    elsewhere = make.partner(groups=[make.group(name="Groupe du Sud")], name="Mission locale du Sud",
                             kind=PartnerKind.TRAINING)
    db.commit()
    return dict(group=group, facilitator=facilitator, person=person, contract=contract, afpa=afpa, garage=garage,
                food_bank=food_bank, elsewhere=elsewhere)


def test_the_exit_plan_suggests_the_group_s_partners_for_that_destination(partners, login_as, db):
    plan_exit(db, partners["contract"], destination=ExitDestination.TRAINING, target_on=partners["contract"].ends_on)
    db.commit()
    page = text(login_as(partners["facilitator"]).get(f"/actions/exit-plan/{partners['contract'].id}"))
    assert "Le groupe travaille déjà avec AFPA Évry, Garage solidaire pour une sortie «\u00a0Formation\u00a0»" in page
    assert "AFPA Évry (Organisme de formation) – suggéré" in page
    assert "Banque alimentaire (Association)" in page and "Banque alimentaire (Association) – suggéré" not in page
    assert "Mission locale du Sud" not in page  # another group's structure is not offered


def test_the_exit_plan_names_a_partner_and_the_contract_page_shows_it(partners, login_as, db):
    client = login_as(partners["facilitator"])
    contract = partners["contract"]
    response = client.post(f"/actions/exit-plan/{contract.id}", data={
        "destination": "training", "target_on": "30/06/2026", "partner": partners["afpa"].id})
    assert response.status_code == 302, text(response)[:2000]
    db.expire_all()
    assert db.scalar(select(ExitPlan.partner_id)) == partners["afpa"].id
    assert "Structure d'accueil visée" in text(client.get(f"/contract/details/?id={contract.id}"))


def test_a_partner_of_another_group_is_refused_for_an_exit_plan(partners, login_as, db):
    contract = partners["contract"]
    response = login_as(partners["facilitator"]).post(f"/actions/exit-plan/{contract.id}", data={
        "destination": "training", "target_on": "30/06/2026", "partner": partners["elsewhere"].id})
    assert "«\u00a0Mission locale du Sud\u00a0» ne travaille pas avec le groupe de la personne" in text(response)
    assert count(db, ExitPlan) == 0


def test_an_exit_towards_a_partner_is_on_the_person_s_page_and_in_the_report(partners, login_as, db):
    client = login_as(partners["facilitator"])
    person = partners["person"]
    response = client.post("/exit/new/", data={"participant": person.id, "left_on": LEFT_ON.isoformat(),
                                               "destination": "training", "partner": partners["afpa"].id})
    assert response.status_code == 302, text(response)[:2000]
    assert "Formation, vers AFPA Évry" in text(client.get(f"/participant/details/?id={person.id}"))
    report = text(client.get("/report/", query_string={"group": partners["group"].id, "from": "2026-01-01",
                                                        "to": "2026-12-31"}))
    start = report.index('id="table-openness_exits"')
    table = report[start:report.index("</table>", start)]
    assert re.search(r'<th scope="row">Organisme de formation</th>\s*<td class="num">1</td>', table)
    assert "Ouverture sur l'extérieur" in report


def test_an_exit_towards_another_group_s_partner_is_refused_next_to_the_field(partners, login_as, db):
    response = login_as(partners["facilitator"]).post("/exit/new/", data={
        "participant": partners["person"].id, "left_on": LEFT_ON.isoformat(), "destination": "training",
        "partner": partners["elsewhere"].id})
    assert response.status_code == 200
    assert "ne travaille pas avec le groupe de la personne" in text(response)
    assert count(db, Exit) == 0
