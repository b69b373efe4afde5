"""Issue 5, done when: in Chromium, the demo facilitator opens the activity report of the demo group over
its year from the menu, writes the evaluation of the action beside the figures, and prints the report.
Screenshots and the printed PDF are kept in test-artifacts/backoffice/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from shared import clock
from shared.staff.models import Role
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

STRENGTHS = "Les participantes se retrouvent aussi en dehors des séances."


def test_facilitator_reads_the_yearly_report_evaluates_the_action_and_prints_it(live_server, page, shoot):
    year = clock.today().year
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.locator(".dropdown-toggle", has_text="Bilan d'activité").click()
    page.locator(".dropdown-menu a", has_text="Bilan d'activité").click()
    page.wait_for_load_state()
    expect(page.locator("#report-title")).to_contain_text(f"ID'MIX — année {year}")
    held = page.locator("#table-sessions tbody tr").first.locator("td")
    assert int(held.inner_text()) > 10  # the demo holds two sessions a month
    expect(page.locator("#people_status svg")).to_be_visible()
    expect(page.locator("#table-referrals")).to_contain_text("Assistant(e) de service social de proximité (ASS)")
    shoot(page, "20-report-page")

    # Last year, from the quick link: a whole year of sessions.
    page.get_by_role("link", name=re.compile(r"l'an dernier")).click()
    page.wait_for_load_state()
    expect(page.locator("#report-title")).to_contain_text(f"année {year - 1}")
    shoot(page, "21-report-last-year")

    # Bad input: an end before the start is explained on the page.
    page.fill("input[name=from]", f"01/06/{year}")
    page.fill("input[name=to]", f"31/01/{year}")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("La fin de la période doit être après son début.")
    page.get_by_role("link", name=str(year), exact=True).click()
    page.wait_for_load_state()

    # The evaluation of the action, written beside the figures of the same period.
    page.get_by_role("link", name="Écrire l'évaluation de l'action").click()
    expect(page.locator("#figures-beside")).to_contain_text("Séances tenues")
    page.fill("textarea[name=strengths]", STRENGTHS)
    page.fill("textarea[name=new_strategies]", "Une sortie par trimestre préparée avec le groupe.")
    shoot(page, "22-action-review-form")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.locator(".alert-success")).to_contain_text("Évaluation de l'action enregistrée.")
    # The full report opens in a new tab from the form (what was typed stays in the first one).
    with page.context.expect_page() as report_tab:
        page.get_by_role("link", name="Ouvrir le bilan d'activité complet").click()
    page = report_tab.value
    page.wait_for_load_state()
    expect(page.locator("#action-review")).to_contain_text(STRENGTHS)

    # The print view: A4, with the evaluation; kept as PNG (print media) and PDF.
    with page.context.expect_page() as popup:
        page.get_by_role("link", name="Version imprimable (A4)").click()
    printed = popup.value
    printed.wait_for_load_state()
    expect(printed.locator("h1")).to_have_text("Bilan d'activité")
    expect(printed.locator("#action-review")).to_contain_text(STRENGTHS)
    assert printed.locator(".chart svg").count() >= 6
    shoot(printed, "23-report-print-screen", full_page=False)
    printed.emulate_media(media="print")
    printed.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    expect(printed.locator(".toolbar")).to_be_hidden()
    # Nothing wider than the sheet: every table and chart fits the A4 width.
    overflow = printed.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    shoot(printed, "24-report-print-media")
    pdf = ARTIFACTS / "24-report.pdf"
    printed.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and 2 <= pages <= 8, pages


def test_report_exports_download_from_the_page(live_server, page):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/report/")
    for name, suffix in (("Exporter en CSV", ".csv"), ("Exporter en XLSX", ".xlsx")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename.endswith(suffix)
        path = ARTIFACTS / f"25-report{suffix}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        download.value.save_as(str(path))
        assert path.stat().st_size > 500
