"""In Chromium, with a French and with an English browser: « Traoré » is found from « traore »,
« TRAORE » or « aicha » in the people list and in the search-as-you-type picker of a form; her page is
the hub of her file (timeline, next step), and its « Créer le premier contrat » opens a form with her,
the facilitator and her referrer already chosen. Screenshots in test-artifacts/backoffice/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def aicha(db):
    """The demo's Aïcha Traoré (tests/browser/conftest.py loads the demo)."""
    from shared.people.models import Participant

    person = db.scalar(select(Participant).where(Participant.last_name == "Traoré"))
    return person.id, person.group.name, person.referrals[-1].referrer.full_name


@pytest.mark.parametrize("typed", ["traore", "TRAORE", "aicha"])
def test_traore_is_found_in_the_people_list_however_typed(live_server, page_in, typed, shoot):
    page, locale = page_in
    person_id, _, _ = live_server.call(aicha)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/participant/")
    page.fill("input[name=search]", typed)
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    expect(page.locator("table.model-list")).to_contain_text("Traoré")
    expect(page.locator(f'table.model-list a[href="/participant/details/?id={person_id}"]').first).to_be_visible()
    shoot(page, f"40-search-{typed}-{locale}", full_page=False)


def test_traore_is_found_in_a_forms_picker_and_her_page_leads_to_her_first_contract(live_server, page_in, shoot):
    page, locale = page_in
    person_id, group, referrer = live_server.call(aicha)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/exit/new/")
    page.locator("#s2id_participant .select2-choice").click()
    page.locator("#select2-drop input.select2-input").press_sequentially("traore", delay=50)
    expect(page.locator("#select2-drop .select2-result-selectable").filter(has_text="TRAORÉ Aïcha").first).to_be_visible()
    page.keyboard.press("Escape")

    page.goto(f"{live_server.url}/participant/details/?id={person_id}")
    expect(page.locator("#parcours")).to_contain_text("Orientation")
    expect(page.locator("header.idmix-person-header")).to_contain_text(f"orienté(e) par {referrer}")
    shoot(page, f"41-person-hub-{locale}")
    page.get_by_role("link", name="Créer le premier contrat").click()
    page.wait_for_load_state()
    expect(page.locator("#s2id_participant")).to_contain_text(f"TRAORÉ Aïcha ({group})")
    expect(page.locator("select[name=referrer] option:checked")).to_have_text(referrer)
    expect(page.locator("select[name=facilitator] option:checked")).not_to_have_text("— choisir —")
    shoot(page, f"42-first-contract-form-{locale}")
