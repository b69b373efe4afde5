"""The exit plan of a contract: prepared from the contract page or the dashboard, shown on the contract page."""

import datetime as dt
import html
import re

import pytest
from sqlalchemy import func, select

from shared.exits.models import ExitDestination, ExitPlan
from shared.exits.operations import plan_exit
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def plan_url(contract):
    return f"/actions/exit-plan/{contract.id}"


def good_plan(contract, **overrides):
    data = {"destination": "training", "target_on": contract.ends_on.isoformat(),
            "steps": "Visite du centre de formation\nDossier avec la CIP", "partners": "Mission locale, AFPA"}
    return data | overrides


def plans(db) -> list[tuple]:
    db.expire_all()
    return db.execute(select(ExitPlan.contract_id, ExitPlan.destination, ExitPlan.target_on, ExitPlan.steps)
                      .order_by(ExitPlan.id)).all()


def refused(client, db, url, data, message, near=None):
    before = plans(db)
    response = client.post(url, data=data)
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert message in page, page[page.find("alert"):][:1200]
    assert "Rien n'a été enregistré" in page
    if near:
        assert message in page[page.index(f'id="{near}"'):][:1200]
    assert plans(db) == before
    return page


def test_the_form_proposes_the_last_day_of_the_contract(world, login_as):
    page = text(login_as(world.facilitator).get(plan_url(world.contract)))
    assert "Préparer la sortie de Fatima Benali" in page
    assert f'value="{world.contract.last_day:%d/%m/%Y}"' in page
    for destination in ExitDestination:
        assert destination.label in page


def test_a_plan_is_recorded_and_shown_on_the_contract_page(world, login_as, db):
    client = login_as(world.facilitator)
    response = client.post(plan_url(world.contract), data=good_plan(world.contract))
    assert response.status_code == 302
    assert plans(db) == [(world.contract.id, ExitDestination.TRAINING, world.contract.ends_on,
                          "Visite du centre de formation\nDossier avec la CIP")]
    page = text(client.get(response.headers["Location"]))
    section = page[page.index('id="sortie"'):]
    assert "Formation" in section and "Mission locale, AFPA" in section
    assert world.contract.ends_on.strftime("%d/%m/%Y") in section
    assert "Modifier le projet de sortie" in section and "Préparer la sortie" not in section


def test_the_plan_is_updated_rather_than_duplicated(world, login_as, db):
    plan_exit(db, world.contract, destination=ExitDestination.EMPLOYMENT, target_on=world.contract.ends_on,
              steps="CV")
    client = login_as(world.facilitator)
    page = text(client.get(plan_url(world.contract)))
    assert "Modifier le projet de sortie" in page
    assert '<option selected value="employment">' in page and re.search(r">\s*CV</textarea>", page)
    later = world.contract.ends_on - dt.timedelta(days=10)
    response = client.post(plan_url(world.contract), data=good_plan(world.contract, destination="other_group",
                                                                     target_on=later.isoformat(), steps=""))
    assert response.status_code == 302
    assert plans(db) == [(world.contract.id, ExitDestination.OTHER_GROUP, later, None)]


@pytest.mark.parametrize("field, value, message", [
    ("destination", "", "Choisissez la destination prévue."),
    ("destination", "ailleurs", "Choisissez la destination prévue."),
    ("target_on", "", "Indiquez une date."),
    ("target_on", "31/02/2026", "Date non valide\u00a0: écrivez-la JJ/MM/AAAA"),
])
def test_a_plan_without_destination_or_date_is_refused_next_to_the_field(world, login_as, db, field, value, message):
    refused(login_as(world.facilitator), db, plan_url(world.contract), good_plan(world.contract, **{field: value}),
            message, near=field)


def test_a_target_date_before_the_contract_start_is_refused(world, login_as, db):
    before_start = world.contract.starts_on - dt.timedelta(days=1)
    refused(login_as(world.facilitator), db, plan_url(world.contract),
            good_plan(world.contract, target_on=before_start.isoformat()), "ne peut pas précéder le début du contrat",
            near="target_on")


def test_a_refused_update_leaves_the_plan_as_it_was(world, login_as, db):
    plan_exit(db, world.contract, destination=ExitDestination.EMPLOYMENT, target_on=world.contract.ends_on,
              steps="CV")
    page = refused(login_as(world.facilitator), db, plan_url(world.contract),
                   good_plan(world.contract, destination="training", target_on="2001-01-01", steps="Autre chose"),
                   "ne peut pas précéder le début du contrat")
    assert re.search(r">\s*Autre chose</textarea>", page)  # what was typed stays on screen


def test_another_groups_contract_is_not_found_and_a_referrer_may_not_plan(world, other_world, login_as, db):
    client = login_as(world.facilitator)
    assert client.get(plan_url(other_world.contract)).status_code == 404
    assert client.post(plan_url(other_world.contract), data=good_plan(other_world.contract)).status_code == 404
    referrer = login_as(world.referrer)
    assert referrer.get(plan_url(world.contract)).status_code == 403
    assert referrer.post(plan_url(world.contract), data=good_plan(world.contract)).status_code == 403
    assert plans(db) == []


def test_the_dashboard_links_contracts_to_prepare_to_their_plan_form(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.get("/"))
    assert f'href="/actions/exit-plan/{world.contract.id}"' in page
    client.post(plan_url(world.contract), data=good_plan(world.contract))
    assert f'href="/actions/exit-plan/{world.contract.id}"' not in text(client.get("/"))
    assert db.scalar(select(func.count()).select_from(ExitPlan)) == 1


def test_a_referrer_sees_the_plan_but_no_button(world, login_as, db):
    plan_exit(db, world.contract, destination=ExitDestination.HEALTH_CARE, target_on=world.contract.ends_on)
    page = text(login_as(world.referrer).get(f"/contract/details/?id={world.contract.id}"))
    section = page[page.index('id="sortie"'):]
    assert "Soins" in section and "Modifier le projet de sortie" not in section
    assert "/actions/exit-plan/" not in text(login_as(world.referrer).get("/"))
