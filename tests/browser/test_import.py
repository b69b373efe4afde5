"""Issue 30 in Chromium: the demo facilitator imports people from a spreadsheet saved by LibreOffice, corrects a
column, reads the preview, confirms; a bad file gets its French answer. Screenshots in test-artifacts/backoffice/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from shared.people.models import Participant
from shared.staff.models import Role, StaffMember
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PEOPLE = ("Nom;Prénom;Année;Date d'orientation;Orienté(e) par\n"
          "Zanetti;Ombeline;1981;14/03/2025;Zoé Vasseur (CIP)\n"
          "QUILLET;Anatole;1979;2025-03-20;Zoé Vasseur (CIP)\n")


def imported(live_server) -> int:
    return live_server.call(lambda db: db.scalar(select(func.count()).select_from(Participant).where(
        Participant.last_name.in_(["Zanetti", "QUILLET"]))))


def test_a_facilitator_imports_people_after_correcting_a_column_and_reading_the_preview(live_server, page, shoot):
    refused_scripts = []
    page.on("console", lambda message: refused_scripts.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.locator(".dropdown-toggle", has_text="Paramètres").click()
    page.locator(".dropdown-menu a", has_text="Importer des fichiers").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des fichiers")

    # A file that is not a spreadsheet: answered in French, nothing else happens.
    page.set_input_files("input[name=file]", {"name": "photo.png", "mimeType": "image/png",
                                              "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00"})
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.locator(".alert-danger")).to_contain_text("Ce fichier n'est pas un tableur")

    page.set_input_files("input[name=file]", {"name": "personnes.csv", "mimeType": "text/csv",
                                              "buffer": PEOPLE.encode("cp1252")})
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.locator("#import-summary")).to_contain_text("2 personnes à créer")
    expect(page.locator("#import-summary")).to_contain_text("1 orienteur à créer (contact sans compte)")
    assert imported(live_server) == 0  # a preview writes nothing

    # « Année » was not recognised: say it is the year of birth, and see the preview again.
    page.select_option("#column-2", "birth_year")
    page.get_by_role("button", name="Revoir l'aperçu").click()
    expect(page.locator("#column-2")).to_have_value("birth_year")
    shoot(page, "30-import-preview")
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(re.compile(r"Import de «\s?personnes\.csv\s?» enregistré"))
    assert imported(live_server) == 2

    # The same file again: recognised, nothing to create.
    page.set_input_files("input[name=file]", {"name": "personnes.csv", "mimeType": "text/csv",
                                              "buffer": PEOPLE.encode("cp1252")})
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(page.locator("#column-2")).to_have_value("birth_year")  # the corrected column, remembered
    expect(page.locator("#import-summary")).to_contain_text("2 personnes déjà connues, inchangées")
    expect(page.locator("#import-busy")).to_be_hidden()  # « Vérification en cours » only while a check runs
    page.wait_for_load_state()  # the page's script, at its end, has run
    page.evaluate("document.getElementById('import-preview').dispatchEvent(new Event('submit'))")
    expect(page.locator("#import-busy")).to_be_visible()
    assert refused_scripts == []


def test_the_page_shows_how_many_rows_are_checked_while_the_server_works(live_server, page, tmp_path, monkeypatch):
    """The form's script, once the form is sent, asks the server every second how far its rows have gone, and
    shows the count as a sentence and a bar. The submit event is dispatched without sending the form, so that the
    page stays (a real check of a small file would answer before the first question); the count is written where
    the request running the rows writes it (``backoffice.imports.progress``), under the page's key."""
    from backoffice.imports import progress

    monkeypatch.setitem(live_server.app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))
    email = live_server.credentials[Role.FACILITATOR.value]
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/imports/")
    page.wait_for_load_state()  # the page's script, at its end, has run
    key = page.locator("input[name=progress]").get_attribute("value")
    page.evaluate("document.getElementById('import-upload').dispatchEvent(new Event('submit'))")
    expect(page.locator("#import-busy")).to_be_visible()
    staff_id = live_server.call(lambda db: db.scalar(select(StaffMember.id).where(StaffMember.email == email)))
    live_server.call(lambda db: progress._write(key, {"staff": staff_id, "phase": progress.CHECK, "done": 1200,
                                                      "total": 20000}))
    expect(page.locator("#import-busy-text")).to_have_text(
        re.compile(r"Vérification en cours\u00a0: 1\s200 lignes vérifiées sur 20\s000\."))
    expect(page.locator("#import-progress-bar")).to_have_attribute("style", re.compile(r"width: 6%"))
    live_server.call(lambda db: progress._write(key, {"staff": staff_id, "phase": progress.IMPORT, "done": 20000,
                                                      "total": 20000}))
    expect(page.locator("#import-busy-text")).to_have_text(
        re.compile(r"Import en cours\u00a0: 20\s000 lignes importées sur 20\s000\."))
    expect(page.locator("#import-progress-bar")).to_have_attribute("style", re.compile(r"width: 100%"))


def test_the_file_field_speaks_french_in_an_english_browser(live_server, page_in):
    # Was: the browser's own « Choose File » and « No file chosen » in an English browser.
    page, _locale = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(live_server.url + "/imports/")
    chosen = page.locator("label.custom-file-label[for=file]")
    expect(chosen).to_have_text("Aucun fichier choisi")
    assert page.locator("#file").evaluate("(field) => getComputedStyle(field).opacity") == "0"  # the native button
    assert chosen.evaluate("(label) => getComputedStyle(label, '::after').content") == '"Parcourir…"'
    page.set_input_files("#file", {"name": "personnes.csv", "mimeType": "text/csv", "buffer": PEOPLE.encode()})
    expect(chosen).to_have_text("personnes.csv")
    box = chosen.bounding_box()
    # A click on what the field shows (« Parcourir… », at its right end) opens the chooser, as the browser's button
    # did: the transparent field lies there on top (Playwright checks what receives the click, once it stands still).
    with page.expect_file_chooser() as opened:
        page.locator("#file").click(position={"x": box["width"] - 20, "y": box["height"] / 2})
    opened.value.set_files({"name": "presences.csv", "mimeType": "text/csv", "buffer": PEOPLE.encode()})
    expect(chosen).to_have_text("presences.csv")
