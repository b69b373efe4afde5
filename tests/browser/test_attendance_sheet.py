"""In Chromium: a past session's attendance screen leaves off a person referred after its day and says so;
« Présent(e) pour toutes les lignes vides » marks the other empty rows and says what it did (issue #22)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def referred_today_after_a_session(db):
    """The group's last session held, and a person of that group referred today, after it."""
    from shared import clock
    from shared.people.models import Benefit, Gender, Participant, Referral
    from shared.sessions.models import Attendance, Session
    from shared.staff.models import REFERRER_JOBS, StaffMember

    session = db.scalar(select(Session).where(Session.held_on < clock.today(), Session.cancelled.is_(False))
                        .order_by(Session.held_on.desc()))
    referrer = db.scalar(select(StaffMember).where(StaffMember.job_title.in_(sorted(REFERRER_JOBS))))
    person = Participant(group_id=session.group_id, first_name="Inès", last_name="Nouvelle", gender=Gender.FEMALE,
                         birth_year=1980, town="Villeneuve", benefit=Benefit.RSA)
    person.referrals = [Referral(referrer=referrer, group_id=session.group_id, referred_on=clock.today())]
    db.add(person)
    # Some empty rows for the button: the session's excused and absent rows are cleared.
    for row in db.scalars(select(Attendance).where(Attendance.session_id == session.id).limit(2)):
        db.delete(row)
    db.commit()
    return session.id


def test_the_all_present_button_marks_the_empty_rows_and_says_who_is_not_on_the_sheet(live_server, page, shoot):
    session_id = live_server.call(referred_today_after_a_session)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/actions/attendance/{session_id}")
    expect(page.locator("h1")).to_contain_text("Présences")
    expect(page.locator(".attendance-table")).not_to_contain_text("NOUVELLE Inès")
    expect(page.locator("#left-off")).to_contain_text("pas sur cette feuille")
    empty_before = page.locator(".attendance-table tbody tr:not(:has(input:checked))").count()
    assert empty_before >= 1
    page.get_by_role("button", name="Présent(e) pour toutes les lignes vides").click()
    expect(page.locator(".attendance-table tbody tr:not(:has(input:checked))")).to_have_count(0)
    note = page.locator("#all-present-note")
    expect(note).to_contain_text(f"{empty_before} ligne")
    expect(note).to_contain_text("Les personnes orientées après cette séance ne sont pas sur la feuille.")
    shoot(page, "16-attendance-all-present")
