"""Issue 22 (10): the French date picker behaves like a dropdown: a complete typed date closes it, Escape closes
it, it never covers the form's save button (« Enregistrer la signature »), and one page never shows two."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

OPEN_PICKERS = ".daterangepicker:visible"


def _unsigned_contract(db):
    from shared.contracts.models import Contract

    return db.scalar(select(Contract.id).where(Contract.referrer_signed_on.is_(None)).order_by(Contract.id))


def _contract_in_force(db):
    from shared import clock
    from shared.contracts.models import Contract

    return db.scalar(select(Contract.id).where(Contract.in_force_on(clock.today())).order_by(Contract.id))


def _overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def _unsign(contract_id):
    def run(db):
        from shared.contracts.models import Contract

        contract = db.get(Contract, contract_id)
        contract.referrer_signed_on = None
        db.commit()
    return run


def test_a_complete_typed_date_closes_the_picker_and_stays_as_typed(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/participant/new/")
    field = "input[name=consent_on]"
    page.click(field)
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.type(field, "3/11/2026")  # key by key, one-digit day and month
    expect(page.locator(OPEN_PICKERS)).to_have_count(0)
    expect(page.locator(field)).to_have_value("3/11/2026")
    page.locator("input[name=town]").click()
    expect(page.locator(field)).to_have_value("03/11/2026")


def test_an_incomplete_typed_date_keeps_the_picker_open(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/participant/new/")
    field = "input[name=consent_on]"
    page.click(field)
    page.type(field, "03/11/20")
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    expect(page.locator(field)).to_have_value("03/11/20")


def test_escape_closes_the_picker_and_leaves_the_field_as_it_was(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/actions/exit-plan/{live_server.call(_contract_in_force)}")
    field = "input[name=target_on]"
    before = page.input_value(field)
    page.click(field)
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(OPEN_PICKERS)).to_have_count(0)
    expect(page.locator(field)).to_have_value(before)
    expect(page.locator(field)).to_be_focused()  # Escape closes the calendar, the cursor stays in the field


@pytest.mark.parametrize("height", [768, 600])
def test_the_signature_picker_never_covers_the_save_button(live_server, browser, height):
    contract_id = live_server.call(_unsigned_contract) or live_server.call(_contract_in_force)
    live_server.call(_unsign(contract_id))
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": height})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
        page.goto(f"{live_server.url}/actions/signatures/{contract_id}")
        page.click("input[name=signed_on]")
        picker = page.locator(OPEN_PICKERS)
        expect(picker).to_have_count(1)
        save = page.get_by_role("button", name="Enregistrer la signature")
        assert not _overlap(picker.bounding_box(), save.bounding_box())
        save.click(trial=True)  # nothing on top of it: the button takes the click
    finally:
        context.close()


def test_the_person_form_never_shows_two_pickers(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/participant/new/")
    page.click("input[name=consent_on]")
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.click("input[name=referred_on]")
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.locator("input[name=consent_on]").focus()  # by keyboard (Tab, Shift+Tab): no click outside
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.type("input[name=consent_on]", "02/11/2026")
    expect(page.locator(OPEN_PICKERS)).to_have_count(0)
    page.locator("input[name=referred_on]").focus()
    expect(page.locator(OPEN_PICKERS)).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(OPEN_PICKERS)).to_have_count(0)


def test_a_session_time_is_typed_and_picked_as_14h00(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/session/new/")
    field = page.locator("input[name=starts_at]")
    expect(field).to_have_attribute("placeholder", "HHhMM")
    field.click()
    field.type("14h30")
    expect(field).to_have_value("14h30")  # the picker does not rewrite what is typed
    page.keyboard.press("Escape")
    page.locator("input[name=ends_at]").click()
    picker = page.locator(OPEN_PICKERS)
    expect(picker).to_have_count(1)
    picker.locator("select.hourselect:visible").select_option("16")
    picker.locator("select.minuteselect:visible").select_option("45")
    page.locator("input[name=title]").click()  # the picker writes the time it shows once left
    expect(page.locator("input[name=ends_at]")).to_have_value("16h45")
    expect(page.locator(OPEN_PICKERS)).to_have_count(0)
