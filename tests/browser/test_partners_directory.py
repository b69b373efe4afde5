"""In Chromium, with a French and with an English browser: the demo's partner directory as a facilitator finds it
(issue #32): its five structures, a phone number on one line, « epicerie » finding « Épicerie solidaire », and
the next outing at the training centre on its session's page with the centre's address as the place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_facilitator_reads_the_directory_and_finds_a_structure_without_its_accent(live_server, page_in, shoot):
    page, locale = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.get_by_role("link", name="Partenaires", exact=True).click()
    rows = page.locator("table.model-list tbody tr")
    expect(rows).to_have_count(5)
    phone = rows.first.locator("td", has_text="01 99 00")
    expect(phone).to_have_text("01 99 00 12 34")
    line = float(phone.evaluate("(cell) => parseFloat(getComputedStyle(cell).lineHeight)"))
    text_height = phone.evaluate("(cell) => { const r = document.createRange(); r.selectNodeContents(cell);"
                                 " return r.getBoundingClientRect().height; }")
    assert text_height < 1.5 * line  # one line, not « 01 99 00 12 » over « 34 »
    shoot(page, f"partners-directory-{locale}", full_page=False)
    page.get_by_role("textbox", name="Rechercher dans la liste").fill("epicerie")  # its name, not its hint
    page.get_by_role("button", name="Rechercher").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Épicerie solidaire La Passerelle")


def test_the_next_outing_is_at_the_training_centre_s_address(live_server, page):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(live_server.url + "/session/?search=centre+de+formation")
    page.locator("table.model-list tbody tr").first.get_by_role("link", name="Voir").click()
    body = page.locator("main, body").first
    expect(body).to_contain_text("Visite du centre de formation")
    expect(body).to_contain_text("Centre de formation AFPA de Villeneuve")
    expect(body).to_contain_text("40 avenue de l'Europe, Villeneuve")
