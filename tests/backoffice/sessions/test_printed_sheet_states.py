"""A sign-in sheet says which session each printed page is for, and a cancelled session's sheet says so
before anything else (issue #25, finding 10). The PDF itself is read in tests/browser/test_printed_pages.py."""

from __future__ import annotations

import html

from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.typography import typography_faults


def sheet(login_as, world, session) -> str:
    response = login_as(world.facilitator).get(f"/actions/print/session/{session.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_cancelled_sessions_sheet_says_so_with_its_reason_in_french_typography(world, make, login_as, today):
    session = make.session(world.group, held_on=today)
    session.cancelled, session.cancel_reason = True, "Salle indisponible"
    page = sheet(login_as, world, session)
    body = html.unescape(page)
    assert 'id="cancelled"' in page and "Séance annulée</strong>\u00a0: Salle indisponible" in body
    assert "Ne pas faire signer cette feuille." in body
    assert "– ANNULÉE</th>" in body  # in the head repeated on every printed page
    assert typography_faults(page) == []


def test_a_held_sessions_sheet_says_nothing_of_a_cancellation(world, make, login_as, today):
    page = html.unescape(sheet(login_as, world, make.session(world.group, held_on=today)))
    assert "annulée" not in page.lower() and 'id="cancelled"' not in page


def test_the_head_repeated_on_each_page_names_the_session(world, make, login_as, today):
    page = html.unescape(sheet(login_as, world, make.session(world.group, held_on=today)))
    head = " ".join(page[page.index("<thead>"):page.index("</thead>")].split())
    assert f"Séance du {today.strftime('%d/%m/%Y')}, de 14h00 à 17h00" in head
    assert "Signature" in head
