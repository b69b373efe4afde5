"""An attestation de parcours in real Chromium: the person's attestation page at 1024×600, 1280×800 and 800×1280
(axe-core finds nothing), made by ticking what the person agrees to; then its print view and its public
verification page, also checked by axe-core. Screenshots: test-artifacts/backoffice/."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceStatus
from shared.staff.models import Role, StaffMember
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.chromium import opened_page
from tests.kiosk.browser_support import axe_violations

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}


def a_person_with_a_journey(db) -> int:
    """A person of the demo facilitator's group with the most sessions attended."""
    facilitator = db.scalar(select(StaffMember).where(StaffMember.role == Role.FACILITATOR,
                                                      StaffMember.password_hash.is_not(None)))
    groups = [group.id for group in facilitator.groups]
    return db.scalar(select(Participant.id).join(Attendance, Attendance.participant_id == Participant.id)
                     .where(Participant.group_id.in_(groups), Attendance.status == AttendanceStatus.PRESENT)
                     .group_by(Participant.id).order_by(func.count(Attendance.id).desc(), Participant.id).limit(1))


def no_violations(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)]
    assert found == [], f"axe-core on {name}: {found}"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_person_s_attestation_page_then_the_document_and_its_public_page(browser, live_server, size):
    person = live_server.call(a_person_with_a_journey)
    with opened_page(browser, size=SIZES[size], bypass_csp=True) as page:
        sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
        page.goto(f"{live_server.url}/actions/attestation/{person}")
        assert page.locator("h1").inner_text().startswith("Attestation de parcours de ")
        no_violations(page, f"attestation-{size}-form")
        page.check("#consent-group")
        page.check("#consent-sessions")
        page.check("#skill-1")
        page.fill("#own_words", "J'ai repris confiance en moi.")
        page.click("button:has-text(\"Faire l'attestation\")")
        page.wait_for_selector("#attestations .badge-success")
        no_violations(page, f"attestation-{size}-made")
        page.click("#attestations a:has-text('Imprimer')")
        page.wait_for_selector(".attestation")
        assert "J'ai repris confiance en moi." in page.locator(".attestation").inner_text()
        no_violations(page, f"attestation-{size}-print")
        public = page.locator(".attestation .url").inner_text()
        code = public.rsplit("/", 1)[1]
        page.goto(f"{live_server.url}/attestation/{code}")
        assert "Attestation valable" in page.locator("#verification-answer").inner_text()
        no_violations(page, f"attestation-{size}-public")

