"""Printed pages read back from Chromium's PDF (issue #25, finding 10): pdftotext (poppler-utils) reads each page.
The yearly report's pages are numbered « page 2 / 5 » and none holds only the footer; a cancelled session's
sign-in sheet says « annulée » and its second page repeats the session's date above the columns."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from shared import clock
from shared.staff.models import Role
from tests.browser.conftest import ARTIFACTS, sign_in

pytestmark = pytest.mark.browser

FOOTER = "Bilan d'activité édité avec ID'MIX"


def pdf_pages(page, name: str) -> list[str]:
    """Print ``page`` as Chromium does (A4, the page's own @page rules), then the text of each PDF page."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils (.ci/run installs it)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]  # each page ends with a form feed


def page_numbers(pages: list[str]) -> list[tuple[int, int]]:
    return [tuple(map(int, m.groups())) if (m := re.search(r"page (\d+) / (\d+)", p)) else None for p in pages]


def test_the_yearly_report_prints_numbered_pages_and_no_page_holds_only_the_footer(live_server, page):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    year = clock.today().year - 1  # a whole year of sessions: several pages
    page.goto(f"{live_server.url}/report/print?from=01/01/{year}&to=31/12/{year}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bilan d'activité"
    pages = pdf_pages(page, "26-report-numbered")
    count = len(pages)
    assert count >= 2
    assert page_numbers(pages) == [(n, count) for n in range(1, count + 1)]
    for number, text in enumerate(pages, start=1):
        body = re.sub(r"page \d+ / \d+", "", text)
        assert body.strip(), f"page {number} is empty"
        assert FOOTER not in body or len(body.replace(FOOTER, "").split()) > 40, \
            f"page {number} holds only the footer: {body.strip()[:200]}"
    assert FOOTER in pages[-1]


def cancelled_session_with_a_full_sheet(db):
    """A coming session of the demo group, cancelled, with enough people referred to fill two pages."""
    from shared.people.models import Benefit, Gender, Participant, Referral
    from shared.sessions.models import Session
    from shared.staff.models import REFERRER_JOBS, StaffMember

    session = db.scalar(select(Session).where(Session.held_on > clock.today(), Session.cancelled.is_(False))
                        .order_by(Session.held_on))
    session.cancelled = True
    session.cancel_reason = "Salle indisponible"
    referrer = db.scalar(select(StaffMember).where(StaffMember.job_title.in_(sorted(REFERRER_JOBS))))
    for n in range(22):
        person = Participant(group_id=session.group_id, first_name=f"Prénom{n:02d}", last_name=f"Imprimé{n:02d}",
                             gender=Gender.FEMALE, birth_year=1980, town="Villeneuve", benefit=Benefit.RSA)
        person.referrals = [Referral(referrer=referrer, group_id=session.group_id,
                                     referred_on=clock.today() - dt.timedelta(days=10))]
        db.add(person)
    db.commit()
    return session.id, session.held_on.strftime("%d/%m/%Y")


def test_a_cancelled_sessions_sign_in_sheet_says_so_and_repeats_its_date_on_each_page(live_server, page):
    session_id, held_on = live_server.call(cancelled_session_with_a_full_sheet)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/actions/print/session/{session_id}")
    pages = pdf_pages(page, "27-sign-in-sheet-cancelled")
    assert len(pages) >= 2, "the sheet should run over two pages"
    assert "SÉANCE ANNULÉE" in pages[0] and "SALLE INDISPONIBLE" in pages[0].upper()
    for number, text in enumerate(pages, start=1):
        assert f"Séance du {held_on}" in text, f"page {number} does not say which session"
        assert "ANNULÉE" in text, f"page {number} does not say the session is cancelled"
        assert re.search(r"N°\s+Nom\s+Prénom\s+Signature", text), f"page {number} lacks the columns"
    assert page_numbers(pages) == [(n, len(pages)) for n in range(1, len(pages) + 1)]
