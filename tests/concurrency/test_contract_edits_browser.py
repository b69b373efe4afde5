"""In Chromium, with CSRF checks on as in production: a facilitator and the administrator edit the
same contract; the first save stands, the second gets the French conflict message with its text kept.
Screenshot: test-artifacts/backoffice/contract-edit-conflict.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.contracts.models import Contract
from shared.staff.models import Role, StaffMember
from tests.browser.conftest import browser, live_server, shoot, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def facilitators_contract(db) -> int:
    return db.scalar(select(Contract.id).join(StaffMember, StaffMember.id == Contract.facilitator_id)
                     .where(StaffMember.role == Role.FACILITATOR).order_by(Contract.id).limit(1))


def expectations_of(contract_id: int):
    return lambda db: db.get(Contract, contract_id).expectations


def open_edit(browser, live_server, role: Role, url: str):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, live_server.credentials[role.value])
    page.goto(live_server.url + url)
    return context, page


def save(page) -> None:
    page.locator("form.admin-form [type=submit]").first.click()
    page.wait_for_load_state()


def test_second_editor_in_a_browser_gets_the_conflict_message(browser, live_server, shoot):  # noqa: F811
    if Role.ADMIN.value not in live_server.credentials:
        pytest.skip("the seeded world has no administrator")
    contract_id = live_server.call(facilitators_contract)
    url = f"/contract/edit/?id={contract_id}"
    first, sophie = open_edit(browser, live_server, Role.FACILITATOR, url)
    second, helene = open_edit(browser, live_server, Role.ADMIN, url)
    try:
        sophie.fill("textarea[name=expectations]", "Retrouver confiance (écrit par l'animatrice)")
        helene.fill("textarea[name=expectations]", "Apprendre à cuisiner (écrit par l'administratrice)")
        save(sophie)
        assert "/contract/edit/" not in sophie.url  # saved: back to the list
        save(helene)
        expect(helene.locator(".alert-danger")).to_contain_text(
            "Ce contrat a été modifié par quelqu'un d'autre pendant que vous l'éditiez")
        expect(helene.locator("textarea[name=expectations]")).to_have_value(
            "Apprendre à cuisiner (écrit par l'administratrice)")
        shoot(helene, "contract-edit-conflict")
        assert live_server.call(expectations_of(contract_id)) == "Retrouver confiance (écrit par l'animatrice)"
    finally:
        first.close()
        second.close()
