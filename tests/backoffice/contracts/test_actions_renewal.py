import datetime as dt
import html

from sqlalchemy import select

from shared.contracts.models import Contract, ObjectiveCategory
from shared.contracts.rules import latest_end_for
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def url(contract):
    return f"/actions/renewal/{contract.id}"


def renewal_form(previous, *, starts_on=None, ends_on=None, new=("Préparer un entretien à la Mission locale",),
                 keep=True):
    starts_on = starts_on or previous.ends_on + dt.timedelta(days=1)
    data = {
        "starts_on": starts_on.isoformat(),
        "ends_on": (ends_on or latest_end_for(starts_on)).isoformat(),
        "expectations": "Trouver une formation.",
    }
    for i, objective in enumerate(previous.objectives):
        data[f"kept-{i}-objective_id"] = str(objective.id)
        if keep:
            data[f"kept-{i}-keep"] = "y"
    for i, wording in enumerate(new):
        data[f"objectives-{i}-wording"] = wording
        data[f"objectives-{i}-category"] = ObjectiveCategory.PRE_PROFESSIONAL.value
    return data


def renewals_of(db, contract):
    return db.scalars(select(Contract).where(Contract.renews_id == contract.id)).all()


def test_renewal_form_is_prefilled_with_the_day_after_and_the_18_month_end(world, login_as):
    page = login_as(world.facilitator).get(url(world.contract))
    body = text(page)
    assert page.status_code == 200
    starts = world.contract.ends_on + dt.timedelta(days=1)
    assert f'value="{starts:%d/%m/%Y}"' in body
    assert f'value="{latest_end_for(starts):%d/%m/%Y}"' in body
    assert "Sortir de chez moi une fois par semaine" in body  # previous objective listed
    assert world.referrer.full_name in body and "Nouveaux objectifs" in body


def test_renewal_with_a_new_objective_links_to_the_previous_contract(world, login_as, db):
    response = login_as(world.facilitator).post(url(world.contract), data=renewal_form(world.contract))
    assert response.status_code == 302
    [renewal] = renewals_of(db, world.contract)
    assert response.headers["Location"].endswith(str(renewal.id)) or f"id={renewal.id}" in response.headers["Location"]
    assert renewal.participant_id == world.participant.id and renewal.referrer_id == world.referrer.id
    assert sorted(o.wording for o in renewal.objectives) == [
        "Préparer un entretien à la Mission locale", "Sortir de chez moi une fois par semaine"]
    assert not renewal.is_signed


def test_old_objectives_can_be_dropped(world, login_as, db):
    login_as(world.facilitator).post(url(world.contract), data=renewal_form(world.contract, keep=False))
    [renewal] = renewals_of(db, world.contract)
    assert [o.wording for o in renewal.objectives] == ["Préparer un entretien à la Mission locale"]


def test_renewal_without_a_new_objective_is_refused_with_the_french_message(world, login_as, db):
    page = login_as(world.facilitator).post(url(world.contract), data=renewal_form(world.contract, new=()))
    assert page.status_code == 200
    assert "ajoutez au moins un objectif" in text(page)
    assert renewals_of(db, world.contract) == []


def test_repeating_an_old_objective_is_not_a_new_one(world, login_as, db):
    data = renewal_form(world.contract, new=("  sortir de chez moi UNE fois par semaine ",))
    page = login_as(world.facilitator).post(url(world.contract), data=data)
    assert "ajoutez au moins un objectif" in text(page)
    assert renewals_of(db, world.contract) == []


def test_renewal_starting_before_the_end_is_refused(world, login_as, db):
    data = renewal_form(world.contract, starts_on=world.contract.ends_on)
    page = login_as(world.facilitator).post(url(world.contract), data=data)
    assert page.status_code == 200
    assert "Le renouvellement doit commencer après la fin du contrat précédent" in text(page)
    assert renewals_of(db, world.contract) == []


def test_19_month_renewal_is_refused(world, login_as, db):
    starts = world.contract.ends_on + dt.timedelta(days=1)
    data = renewal_form(world.contract, starts_on=starts, ends_on=latest_end_for(starts) + dt.timedelta(days=31))
    page = login_as(world.facilitator).post(url(world.contract), data=data)
    assert page.status_code == 200
    assert "Un contrat dure au plus 18 mois" in text(page)
    assert renewals_of(db, world.contract) == []


def test_missing_dates_are_refused_next_to_the_fields(world, login_as, db):
    data = renewal_form(world.contract) | {"starts_on": "", "ends_on": ""}
    page = login_as(world.facilitator).post(url(world.contract), data=data)
    assert page.status_code == 200
    assert text(page).count("Indiquez une date.") == 2
    assert renewals_of(db, world.contract) == []


def test_add_row_button_adds_an_objective_row_without_saving(world, login_as, db):
    data = renewal_form(world.contract) | {"add_row": "1"}
    page = login_as(world.facilitator).post(url(world.contract), data=data).get_data(as_text=True)
    assert 'name="objectives-3-wording"' in page
    assert renewals_of(db, world.contract) == []


def test_an_already_renewed_contract_points_to_its_renewal(world, login_as, db):
    client = login_as(world.facilitator)
    client.post(url(world.contract), data=renewal_form(world.contract))
    page = client.get(url(world.contract)).get_data(as_text=True)
    assert "déjà été renouvelé" in page
    assert client.post(url(world.contract), data=renewal_form(world.contract)).status_code == 200
    assert len(renewals_of(db, world.contract)) == 1


def test_unsigned_contract_cannot_be_renewed(world, make, login_as, db, today):
    other = make.participant(world.group, referrer=world.referrer)
    draft = make.contract(other, facilitator=world.facilitator, signed=False, starts_on=today)
    page = login_as(world.facilitator).post(url(draft), data=renewal_form(draft))
    assert "n'a pas encore été signé" in text(page)
    assert renewals_of(db, draft) == []


def test_referrer_may_not_renew(world, login_as):
    client = login_as(world.referrer)
    assert client.get(url(world.contract)).status_code == 403
    assert client.post(url(world.contract), data=renewal_form(world.contract)).status_code == 403


def test_contract_outside_the_facilitators_groups_is_not_found(world, other_world, login_as):
    assert login_as(world.facilitator).get(url(other_world.contract)).status_code == 404
    assert login_as(world.facilitator).get("/actions/renewal/999999").status_code == 404


def test_admin_may_renew_any_contract(world, other_world, login_as, db):
    response = login_as(world.admin).post(url(other_world.contract), data=renewal_form(other_world.contract))
    assert response.status_code == 302
    assert len(renewals_of(db, other_world.contract)) == 1


def test_anonymous_visitor_is_sent_to_login(world, client):
    response = client.get(url(world.contract))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
