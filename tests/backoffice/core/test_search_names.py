"""« Traoré » is found from « traore », « TRAORE » or « aicha »: in the lists' search box and in the
search-as-you-type pickers of the forms, within what the signed-in staff member may see."""

from __future__ import annotations

import pytest

from tests.backoffice.core.test_search_selects import lookup
from tests.backoffice.world import build_world

TYPED = ["traore", "TRAORE", "Traoré", "aicha", "Aïcha", "aicha traore"]


@pytest.fixture
def world(make, db):
    world = build_world(make, db)
    world.extra["aicha"] = make.participant(world.group, referrer=world.referrer, first_name="Aïcha",
                                            last_name="Traoré")
    world.extra["hidden"] = make.participant(world.other_group, referrer=world.other_referrer,
                                             first_name="Aïssa", last_name="Traoré")
    make.contract(world.extra["aicha"], facilitator=world.facilitator)
    return world


@pytest.mark.parametrize("typed", TYPED)
def test_the_people_list_finds_traore_however_it_is_typed(world, login_as, typed):
    page = login_as(world.facilitator).get("/participant/", query_string={"search": typed}).get_data(as_text=True)
    assert f'/participant/details/?id={world.extra["aicha"].id}' in page
    assert "Aïssa" not in page  # another group's person stays out of sight


@pytest.mark.parametrize("typed", ["traore", "AICHA"])
def test_the_contract_list_finds_traore_by_the_persons_name(world, login_as, typed):
    page = login_as(world.facilitator).get("/contract/", query_string={"search": typed}).get_data(as_text=True)
    assert "Traoré" in page
    assert world.participant.last_name not in page


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("view", ["contract", "attendance", "exit", "referral"])
def test_the_person_pickers_find_traore_however_it_is_typed(world, login_as, view, typed):
    found = lookup(login_as(world.facilitator), view, "participant", typed)
    assert [row[0] for row in found] == [world.extra["aicha"].id]


def test_a_search_that_matches_nobody_says_so(world, login_as):
    page = login_as(world.facilitator).get("/participant/", query_string={"search": "traorex"}).get_data(as_text=True)
    assert "Traoré" not in page
