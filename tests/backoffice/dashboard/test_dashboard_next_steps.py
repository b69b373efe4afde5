"""The dashboard: a 90-day card beside the 30- and 60-day ones, every contract line with its next
action, an early-ended contract as « sortie à enregistrer », a session with more people expected than
its capacity, and the expected people named once."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from shared import clock
from shared.exits.models import Exit, ExitDestination, ExitPlan
from tests.statements import counting_queries
from tests.backoffice.world import build_world
from tests.typography import typography_faults


def page_of(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def row_of(page: str, name: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if name in row]
    assert len(rows) == 1, f"{name}: {len(rows)} rows"
    return rows[0]


@pytest.fixture
def world(make, db):
    world = build_world(make, db)
    today = clock.today()
    start = today - dt.timedelta(days=300)

    def ending(first_name, days, **kw):
        person = make.participant(world.group, referrer=world.referrer, first_name=first_name, last_name="Suivi")
        return make.contract(person, facilitator=world.facilitator, starts_on=start,
                             ends_on=today + dt.timedelta(days=days), **kw)

    world.extra["nothing"] = ending("Nina", 75)
    world.extra["planned"] = planned = ending("Paul", 20)
    db.add(ExitPlan(contract=planned, destination=ExitDestination.TRAINING, target_on=planned.ends_on))
    world.extra["renewing"] = renewing = ending("Rémi", 40)
    make.contract(renewing.participant, facilitator=world.facilitator, starts_on=renewing.ends_on + dt.timedelta(days=1),
                  signed=False, renews=renewing, objectives=("Trouver une formation",))
    world.extra["early"] = ending("Élise", 200, ended_early_on=today - dt.timedelta(days=5),
                                  early_end_reason="Déménagement")
    world.extra["left"] = left = ending("Louis", 10, ended_early_on=today - dt.timedelta(days=5),
                                        early_end_reason="Emploi")
    db.add(Exit(participant=left.participant, contract=left, left_on=today - dt.timedelta(days=5),
                destination=ExitDestination.EMPLOYMENT))
    db.flush()
    return world


def test_a_90_day_card_stands_beside_the_30_and_60_day_ones(world, login_as):
    page = page_of(login_as(world.facilitator))
    for days in (30, 60, 90):
        assert f"Contrats qui finissent dans {days} jours ou moins" in page
    assert "flt0_suivi_equals=j90" in page


def test_every_contract_line_offers_its_next_action(world, login_as):
    page = page_of(login_as(world.facilitator))
    nothing, planned, renewing = (world.extra[k] for k in ("nothing", "planned", "renewing"))
    line = row_of(page, "Nina Suivi")
    assert f'href="/actions/renewal/{nothing.id}"' in line and ">Renouveler<" in line
    assert f'href="/actions/exit-plan/{nothing.id}"' in line and "Préparer la sortie" in line
    line = row_of(page, "Paul Suivi")
    assert "Sortie en préparation" in line
    assert f'href="/exit/new/?participant={planned.participant_id}"' in line and "Enregistrer la sortie" in line
    line = row_of(page, "Rémi Suivi")
    assert "Faire signer le renouvellement" in line and f"/actions/signatures/{renewing.renewed_by.id}" in line


def test_a_contract_ended_early_shows_as_an_exit_to_record(world, login_as):
    page = page_of(login_as(world.facilitator))
    early = world.extra["early"]
    line = row_of(page, "Élise Suivi")
    assert "sortie à enregistrer" in line
    assert f'href="/exit/new/?participant={early.participant_id}"' in line
    assert "Louis Suivi" not in page  # the exit is recorded: nothing left to do
    card = re.search(r'(\d+)</div>\s*<div[^>]*>Sorties à enregistrer', page)
    assert card and card[1] == "1"


def test_the_exits_to_record_card_opens_the_filtered_list(world, login_as):
    client = login_as(world.facilitator)
    listed = html.unescape(client.get("/contract/?flt0_suivi_equals=sortie_a_enregistrer").get_data(as_text=True))
    assert "Élise Suivi" in listed and "Louis Suivi" not in listed and "Nina Suivi" not in listed


def test_a_referrer_sees_the_lines_without_the_facilitators_buttons(world, login_as):
    page = page_of(login_as(world.referrer))
    assert "Élise Suivi" in page and "Enregistrer la sortie" not in page and "Renouveler<" not in page


def test_a_session_over_capacity_says_so_and_names_are_given_once(world, login_as, make, db):
    today = clock.today()
    first = make.session(world.group, held_on=today + dt.timedelta(days=3), capacity=2, title="Cuisine")
    make.session(world.group, held_on=today + dt.timedelta(days=17), title="Jardin")
    client = login_as(world.facilitator)
    page = page_of(client)
    expected = page.count(">Nina Suivi<")  # shown, not the buttons' spoken labels
    assert re.search(r"\d+ attendu\(e\)s pour 2 places</span>\u00a0:", page)  # one no-break space, no other
    assert not typography_faults(client.get("/").get_data(as_text=True))
    assert "les mêmes personnes" in page
    # Nina: once in the contract lines, once among the expected people of the next session.
    assert expected == 2, expected
    assert f"/session/details/?id={first.id}" in page


def test_the_dashboard_computes_no_situation_it_does_not_show(world, login_as, make):
    """It names people, never their situation (a scan of every contract on PostgreSQL for each one): the
    contracts to follow never compute it, a list of people only where it chooses them."""
    make.session(world.group, held_on=clock.today() + dt.timedelta(days=3), title="Cuisine")
    client = login_as(world.facilitator)
    client.get("/")
    with counting_queries() as statements:
        page = page_of(client)
    assert ">Nina Suivi<" in page
    situation = "exit.left_on <="  # the first test of the situation's SQL (has the person left?)
    contracts = [s for s in statements if s.lstrip().startswith("SELECT contract.")]
    people = [s for s in statements if s.lstrip().startswith("SELECT participant.")]
    assert contracts and people
    assert [s.count(situation) for s in contracts] == [0] * len(contracts)
    assert max(s.count(situation) for s in people) <= 1
