import html

from flask import render_template
from flask_login import login_user

from backoffice.auth import StaffUser

from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def test_printed_contract_has_parties_dates_expectations_objectives_and_three_signature_blocks(world, login_as):
    page = login_as(world.facilitator).get(f"/actions/print/contract/{world.contract.id}")
    body = text(page)
    assert page.status_code == 200
    assert "Contrat de participation" in body
    for name in (world.participant.full_name, world.facilitator.full_name, world.referrer.full_name):
        assert name in body
    assert "Rencontrer du monde." in body and "Sortir de chez moi une fois par semaine" in body
    assert "Signature de la personne" in body
    assert "Signature de l'animateur(trice)" in body
    assert "Signature du travailleur social orienteur" in body
    assert "print.css" in body


def test_referrer_may_print_the_contract_of_a_person_they_referred_only(world, other_world, login_as):
    client = login_as(world.referrer)
    assert client.get(f"/actions/print/contract/{world.contract.id}").status_code == 200
    assert client.get(f"/actions/print/contract/{other_world.contract.id}").status_code == 404


def test_facilitator_cannot_print_another_groups_contract(world, other_world, login_as):
    client = login_as(world.facilitator)
    assert client.get(f"/actions/print/contract/{other_world.contract.id}").status_code == 404
    assert client.get("/actions/print/contract/999999").status_code == 404


def test_sign_in_sheet_lists_date_theme_hours_and_one_row_per_expected_person(world, make, login_as, today):
    theme = make.theme(name="Cuisine du monde")
    session = make.session(world.group, held_on=today, theme=theme)
    make.participant(world.group, first_name="Yves", last_name="Morel")
    page = login_as(world.facilitator).get(f"/actions/print/session/{session.id}")
    body = text(page)
    assert page.status_code == 200
    assert "Feuille d'émargement" in body and "mardi 10 mars 2026" in body
    assert "Cuisine du monde" in body and "de 14h00 à 17h00" in body
    assert "BENALI" in body and "MOREL" in body
    assert body.count('class="sign"') == 2 + 3  # two people and three blank rows for newcomers


def test_referrer_may_not_print_a_sign_in_sheet(world, make, login_as, today):
    session = make.session(world.group, held_on=today)
    assert login_as(world.referrer).get(f"/actions/print/session/{session.id}").status_code == 403


def test_sign_in_sheet_of_another_group_is_not_found(world, other_world, make, login_as, today):
    session = make.session(other_world.group, held_on=today)
    assert login_as(world.facilitator).get(f"/actions/print/session/{session.id}").status_code == 404


def test_contract_actions_buttons_follow_the_role(world, app, login_as):
    def buttons_for(staff):
        with app.test_request_context():
            login_user(StaffUser(staff))
            return render_template("contracts/contract_actions.html", model=world.contract)

    assert "Imprimer" in buttons_for(world.referrer) and "Renouveler" not in buttons_for(world.referrer)
    assert "Renouveler" in buttons_for(world.facilitator) and "Fin anticipée" in buttons_for(world.facilitator)
