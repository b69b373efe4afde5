"""In Chromium, the facilitator records an exit: the person is found by typing part of their name in
the search-as-you-type select (select2), which speaks French and offers only their own groups' people.
Screenshots in test-artifacts/backoffice/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def someone_in_force(db):
    """A person of the facilitator's group with a contract in force, and the name of another group."""
    from shared import clock
    from shared.contracts.models import Contract
    from shared.groups.models import Group
    from shared.staff.models import StaffMember

    facilitator = db.scalar(select(StaffMember).where(StaffMember.role == Role.FACILITATOR,
                                                      StaffMember.password_hash.is_not(None)))
    groups = {g.id for g in facilitator.groups}
    contract = db.scalar(select(Contract).where(Contract.in_force_on(clock.today()), Contract.group_id.in_(groups))
                         .order_by(Contract.id))
    others = db.scalars(select(Group.name).where(Group.id.not_in(groups))).all()
    person = contract.participant
    return person.id, person.last_name, person.first_name, others


def test_the_person_of_an_exit_is_found_by_typing_part_of_the_name(live_server, page, shoot):
    person_id, last_name, first_name, other_groups = live_server.call(someone_in_force)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/exit/new/")

    # A hand-made id (another group's person, or none) is refused next to the field, in French.
    page.evaluate("document.querySelector('input[name=participant]').value = '999999'")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("introuvable parmi celles que vous suivez")
    expect(page.locator("#s2id_participant")).to_contain_text("Tapez un nom…")  # the search box is back
    shoot(page, "18-exit-person-refused", full_page=False)

    picker = page.locator("#s2id_participant")
    expect(picker).to_contain_text("Tapez un nom…")
    # The box reads as a field, not as a link (the theme underlines the links of the content).
    assert picker.locator(".select2-choice").evaluate("(box) => getComputedStyle(box).textDecorationLine") == "none"
    picker.locator(".select2-choice").click()
    expect(page.locator("#select2-drop")).to_contain_text("Tapez au moins 1 caractère.")
    shoot(page, "19-exit-person-search-empty", full_page=False)
    page.locator("#select2-drop input.select2-input").press_sequentially(last_name[:4].lower(), delay=60)
    results = page.locator("#select2-drop .select2-result-selectable")
    wanted = results.filter(has_text=f"{last_name.upper()} {first_name}")
    expect(wanted.first).to_be_visible()
    for label in results.all_inner_texts():
        assert not any(f"({name})" in label for name in other_groups), label  # only their groups' people
    shoot(page, "20-exit-person-search-open", full_page=False)

    wanted.first.click()
    expect(page.locator("input[name=participant]")).to_have_value(str(person_id))
    expect(picker).to_contain_text(f"{last_name.upper()} {first_name}")

    page.locator("#s2id_participant .select2-choice").click()
    page.locator("#select2-drop input.select2-input").press_sequentially("zzzz", delay=40)
    expect(page.locator("#select2-drop")).to_contain_text("Aucun résultat.")
    page.keyboard.press("Escape")
    expect(page.locator("input[name=participant]")).to_have_value(str(person_id))  # the choice stays

    page.select_option("select[name=destination]", "training")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    assert f"/participant/details/?id={person_id}" in page.url  # the person's own page, with the exit on it
    expect(page.locator("main")).to_contain_text(f"{first_name} {last_name}")
    expect(page.locator("main")).to_contain_text("Sortie")
    shoot(page, "21-exit-recorded")
