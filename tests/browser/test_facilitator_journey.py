"""Issue 3, done when: in Chromium, the demo facilitator opens the dashboard, follows "contracts ending
within 60 days", renews one (adding a new objective) and prints it. Screenshots are kept in
test-artifacts/backoffice/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

NEW_OBJECTIVE = "Préparer un entretien avec la conseillère de la Mission locale"


def ending_within_60_days_url(db) -> str:
    from backoffice.core.filters import filter_url

    return filter_url("contract", "Suivi", "j60")


def test_facilitator_renews_a_contract_ending_within_60_days_and_prints_it(live_server, page, shoot):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    expect(page.locator("h1")).to_contain_text("Ce qui demande une action aujourd'hui")
    shoot(page, "01-dashboard")

    sixty_days = page.get_by_role("link", name=re.compile("60 jours"))
    if sixty_days.count():
        sixty_days.first.click()
    else:  # the dashboard has no 60-day card: the same filtered list, by its URL
        page.goto(live_server.url + live_server.call(ending_within_60_days_url))
    page.wait_for_load_state()
    assert "flt" in page.url
    shoot(page, "02-contracts-ending-within-60-days")

    # The first contract of the list that is not renewed yet (the demo prepared some renewals already).
    list_url = page.url
    details = sorted({a.get_attribute("href") for a in page.locator("a[href*='/details/']").all()})
    assert details, "no contract ends within 60 days in the seeded data"
    for href in details:
        page.goto(live_server.url + href if href.startswith("/") else href)
        if page.get_by_role("link", name="Renouveler", exact=True).count():
            break
    else:
        pytest.fail(f"every contract of {list_url} is already renewed")
    shoot(page, "03-contract-details")

    page.get_by_role("link", name="Renouveler", exact=True).first.click()
    expect(page.locator("h1")).to_contain_text("Renouveler le contrat")
    expect(page.locator("input[name=starts_on]")).not_to_have_value("")
    page.fill("input[name='objectives-0-wording']", NEW_OBJECTIVE)
    page.select_option("select[name='objectives-0-category']", "pre_professional")
    shoot(page, "04-renewal-form")

    # Without a new objective it is refused; with one it is saved.
    page.fill("input[name='objectives-0-wording']", "")
    page.get_by_role("button", name="Enregistrer le renouvellement").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_contain_text("nouveaux objectifs")
    shoot(page, "05-renewal-refused-without-new-objective")
    page.fill("input[name='objectives-0-wording']", NEW_OBJECTIVE)
    page.get_by_role("button", name="Enregistrer le renouvellement").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("renouvelle le contrat")
    shoot(page, "06-renewed-contract")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Imprimer").first.click()
    printed = popup.value
    printed.wait_for_load_state()
    expect(printed.locator("h1")).to_have_text("Contrat de participation")
    expect(printed.locator("body")).to_contain_text(NEW_OBJECTIVE)
    expect(printed.locator(".signature")).to_have_count(3)
    shoot(printed, "07-contract-print-screen")
    printed.emulate_media(media="print")
    printed.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    shoot(printed, "08-contract-print-media")
    printed.pdf(path=str(ARTIFACTS / "08-contract.pdf"), format="A4", print_background=True)


def test_every_action_page_renders_in_chromium(live_server, page, shoot):
    """Screenshots of the other action pages, for people to look at; each must render without error."""
    from shared import clock
    from shared.contracts.models import Contract
    from shared.sessions.models import Session

    def pick(db):
        unsigned = db.scalar(select(Contract).where(~Contract.is_signed).order_by(Contract.id.desc()))
        signed = db.scalar(select(Contract).where(Contract.in_force_on(clock.today())).order_by(Contract.id))
        session = db.scalar(select(Session).where(Session.held_on <= clock.today(), Session.cancelled.is_(False))
                            .order_by(Session.held_on.desc()))
        return (unsigned or signed).id, signed.id, session.id, session.group_id

    unsigned_id, signed_id, session_id, group_id = live_server.call(pick)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    base = live_server.url

    page.goto(f"{base}/actions/signatures/{unsigned_id}")
    shoot(page, "10-signatures")
    page.goto(f"{base}/actions/early-end/{signed_id}")
    page.fill("textarea[name=early_end_reason]", "")
    page.get_by_role("button", name="Mettre fin au contrat").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    shoot(page, "11-early-end-refused")

    page.goto(f"{base}/actions/schedule/?group={group_id}")
    page.fill("input[name=start]", "2028-04-01")  # Ascension 2028 is the 4th Thursday of May
    page.fill("input[name=end]", "2028-06-30")
    page.get_by_role("button", name="Générer les séances").click()
    expect(page.locator("#skipped")).to_contain_text("Ascension")
    shoot(page, "12-schedule-result")

    page.goto(f"{base}/actions/attendance/{session_id}")
    shoot(page, "13-attendance")
    page.goto(f"{base}/actions/print/session/{session_id}")
    expect(page.locator("h1")).to_have_text("Feuille d'émargement")
    shoot(page, "14-sign-in-sheet")

    page.goto(f"{base}/actions/calendar/")
    page.get_by_role("button", name="Créer un lien d'abonnement").click()
    feed_url = page.locator("#new-feed-url").input_value()
    shoot(page, "15-calendar-subscription")
    response = page.request.get(feed_url)
    assert response.ok and "BEGIN:VCALENDAR" in response.text()
