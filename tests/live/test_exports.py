"""Every list's CSV and XLSX export, taken by an admin through the real server, holds all its rows.

Flask-Admin streams its CSV while the answer is being sent, after the request's commit and session
teardown: on a real server the file used to stop after its header (DetachedInstanceError).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backoffice.core.exports import SafeExportMixin
from shared import clock
from shared.attestations.models import AttestationRequest, Skill
from shared.audit.models import AuditEntry
from shared.contracts.models import Contract
from shared.exits.models import Exit
from shared.feedback.models import Feedback
from shared.feedback.queries import visible_to_staff
from shared.groups.models import Group, Theme
from shared.kiosk.models import Device, WalkIn
from shared.groups.closures import GroupClosure
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import Message
from shared.partners.models import Partner
from shared.people.models import Participant, Referral
from shared.people.queries import open_file_condition
from shared.reviews.models import ContractReview
from shared.sessions.models import Attendance, Session
from shared.staff.models import Role, StaffMember
from tests.live.app import create_app
from tests.readers.spreadsheets import read_french_csv, read_xlsx


def _all(model):
    return lambda: select(func.count()).select_from(model)


# What an admin's list shows, counted in SQL: every row, except where the list itself hides some.
ADMIN_ROWS = {
    "participant": lambda: select(func.count(Participant.id)).where(open_file_condition()),
    "referral": _all(Referral),
    "exit": _all(Exit),
    "contract": _all(Contract),
    "review": _all(ContractReview),
    "session": _all(Session),
    "attendance": _all(Attendance),
    "walkin": _all(WalkIn),
    "feedback": lambda: select(func.count(Feedback.id)).where(visible_to_staff(clock.today())),
    "group": _all(Group),
    "theme": _all(Theme),
    "device": _all(Device),
    "staff": _all(StaffMember),
    "audit": _all(AuditEntry),
    "pendingattendance": _all(PendingAttendance),
    "group_closure": _all(GroupClosure),
    "message": _all(Message),
    "partner": _all(Partner),
    "skill": _all(Skill),
    "attestation_request": _all(AttestationRequest),
}


def test_every_list_an_admin_may_export_is_checked_here(live_database_url):
    app = create_app(live_database_url, "enumeration-only")
    exportable = {view.endpoint for admin in app.extensions["admin"] for view in admin._views
                  if isinstance(view, SafeExportMixin) and view.column_export_list is not None
                  and Role.ADMIN in view.export_roles}
    assert exportable == set(ADMIN_ROWS)


@pytest.fixture(scope="module")
def admin_browser(live_server, live_world):
    return live_server.signed_in(live_world.admin.email)


def _admin_rows(live_session, endpoint: str) -> int:
    with live_session() as db:
        return db.scalar(ADMIN_ROWS[endpoint]())


@pytest.mark.parametrize("endpoint", sorted(ADMIN_ROWS))
def test_the_csv_export_holds_every_row_of_the_list(admin_browser, live_session, endpoint):
    expected = _admin_rows(live_session, endpoint)
    assert expected >= 2, "seed several rows"

    answer = admin_browser.get(f"/{endpoint}/export/csv/")
    assert answer.status == 200 and answer.headers.get_content_type() == "text/csv"
    rows = read_french_csv(answer.body)  # a BOM, ``;``, every row as wide as the header
    assert len(rows) == 1 + expected, rows[:3]


@pytest.mark.parametrize("endpoint", sorted(ADMIN_ROWS))
def test_the_xlsx_export_holds_every_row_of_the_list(admin_browser, live_session, endpoint):
    expected = _admin_rows(live_session, endpoint)

    answer = admin_browser.get(f"/{endpoint}/export/xlsx/")
    assert answer.status == 200, answer.text[:300]
    [rows] = read_xlsx(answer.body).values()
    assert len(rows) == 1 + expected, rows[:3]


def test_an_export_cell_starting_with_a_formula_sign_is_neutralised(admin_browser, live_session):
    with live_session() as db:
        db.add(Theme(name="=HYPERLINK(\"http://evil.example\")", pictogram="cuisine", active=True))
    rows = read_french_csv(admin_browser.get("/theme/export/csv/").body)
    names = [row[0] for row in rows[1:]]
    assert not any(name.startswith("=") for name in names)
    assert any("HYPERLINK" in name for name in names)

