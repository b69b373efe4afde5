"""The expiring-contract filters, at their edges, through the list page."""

import datetime as dt

import pytest

from shared.contracts.models import Contract
from tests.backoffice.world import build_world


@pytest.fixture
def contracts(make, db, today):
    group = make.group()
    facilitator = make.facilitator(group)

    def ending_in(days, name):
        person = make.participant(group, first_name=name)
        return make.contract(person, facilitator=facilitator, starts_on=today - dt.timedelta(days=200),
                             ends_on=today + dt.timedelta(days=days))

    made = {
        "Aujourdhui": ending_in(0, "Aujourdhui"),
        "Hier": ending_in(-1, "Hier"),
        "Trente": ending_in(30, "Trente"),
        "Trenteetun": ending_in(31, "Trenteetun"),
        "Soixante": ending_in(60, "Soixante"),
        "Quatrevingtdix": ending_in(90, "Quatrevingtdix"),
        "Quatrevingtonze": ending_in(91, "Quatrevingtonze"),
    }
    draft_person = make.participant(group, first_name="Brouillon")
    made["Brouillon"] = make.contract(draft_person, facilitator=facilitator, signed=False)
    return facilitator, made


def _names(client, value):
    page = client.get(f"/contract/?flt0_suivi_equals={value}&page_size=100")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return {name for name in ["Aujourdhui", "Hier", "Trente", "Trenteetun", "Soixante", "Quatrevingtdix",
                              "Quatrevingtonze", "Brouillon"] if f"{name} " in text}


def test_ending_within_30_days_includes_today_and_day_30_not_31_nor_yesterday(contracts, login_as):
    facilitator, _ = contracts
    assert _names(login_as(facilitator), "j30") == {"Aujourdhui", "Trente"}


def test_ending_within_60_and_90_days(contracts, login_as):
    facilitator, _ = contracts
    client = login_as(facilitator)
    assert _names(client, "j60") == {"Aujourdhui", "Trente", "Trenteetun", "Soixante"}
    assert _names(client, "j90") == {"Aujourdhui", "Trente", "Trenteetun", "Soixante", "Quatrevingtdix"}


def test_in_force_includes_today_but_not_yesterday_nor_drafts(contracts, login_as):
    facilitator, _ = contracts
    names = _names(login_as(facilitator), "en_vigueur")
    assert "Aujourdhui" in names and "Quatrevingtonze" in names
    assert "Hier" not in names and "Brouillon" not in names


def test_ended_without_renewal_or_exit_and_unsigned_drafts(contracts, login_as):
    facilitator, _ = contracts
    client = login_as(facilitator)
    assert _names(client, "sans_suite") == {"Hier"}
    assert _names(client, "brouillons") == {"Brouillon"}


def test_a_renewal_in_preparation_takes_a_contract_off_the_to_prepare_list(contracts, login_as, make, today):
    facilitator, made = contracts
    ending = made["Trente"]
    make.contract(ending.participant, facilitator=facilitator, signed=False, renews=ending,
                  starts_on=ending.ends_on + dt.timedelta(days=1), objectives=("Un objectif nouveau",))
    names = _names(login_as(facilitator), "a_preparer")
    assert "Trente" not in names and "Aujourdhui" in names and "Quatrevingtdix" in names


def test_days_left_badges_say_urgent_soon_or_fine(contracts, login_as):
    facilitator, _ = contracts
    page = login_as(facilitator).get("/contract/?page_size=100").get_data(as_text=True)
    assert 'badge-danger" title="urgent">30 j<' in page
    assert 'badge-warning" title="bientôt">31 j<' in page
    assert 'badge-success" title="en cours">' in page
    assert "dernier jour" in page


def test_group_facilitator_and_referrer_filters(make, db, today, login_as):
    world = build_world(make, db)
    client = login_as(world.admin)
    page = client.get(f"/contract/?flt0_orienteur_equals={world.referrer.id}").get_data(as_text=True)
    assert world.participant.last_name in page and world.other_participant.last_name not in page
    page = client.get(f"/contract/?flt0_groupe_equals={world.other_group.id}").get_data(as_text=True)
    assert world.other_participant.last_name in page and world.participant.last_name not in page
    page = client.get(f"/contract/?flt0_animateur_equals={world.facilitator.id}").get_data(as_text=True)
    assert world.participant.last_name in page and world.other_participant.last_name not in page
    assert db.get(Contract, world.contract.id) is not None
