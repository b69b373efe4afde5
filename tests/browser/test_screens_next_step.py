"""In Chromium at 1366×768: a contract's page shows « Signatures » and « Imprimer » without scrolling, and each
« présence à confirmer » is confirmed with its own button, one click, no menu and no dialog."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser
VIEWPORT_HEIGHT = 768


def unsigned_contract(db) -> int:
    from shared.contracts.models import Contract

    return db.scalar(select(Contract.id).where(Contract.participant_signed_on.is_(None)).order_by(Contract.id))


def signed_contract(db) -> int:
    from shared.contracts.models import Contract

    return db.scalar(select(Contract.id).where(Contract.participant_signed_on.is_not(None),
                                               Contract.referrer_signed_on.is_not(None),
                                               Contract.facilitator_signed_on.is_not(None)).order_by(Contract.id))


def above_the_fold(page, locator) -> bool:
    box = locator.bounding_box()
    return (page.evaluate("window.scrollY") == 0 and box is not None and box["y"] >= 0
            and box["y"] + box["height"] <= VIEWPORT_HEIGHT)


def test_an_unsigned_contracts_signatures_and_print_are_above_the_fold(live_server, page_in, shoot):
    page, locale = page_in
    contract_id = live_server.call(unsigned_contract)
    assert contract_id is not None, "the demo has a contract to sign"
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/contract/details/?id={contract_id}")
    actions = page.locator(".contract-actions")
    for name in ("Signatures", "Imprimer"):
        link = actions.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert above_the_fold(page, link), f"« {name} » below the fold at 1366×768"
    shoot(page, f"50-contract-fold-{locale}", full_page=False)


def test_a_signed_contracts_print_and_renew_are_above_the_fold(live_server, page_in):
    page, _ = page_in
    contract_id = live_server.call(signed_contract)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/contract/details/?id={contract_id}")
    link = page.locator(".contract-actions").get_by_role("link", name="Imprimer", exact=True)
    assert above_the_fold(page, link)


def add_pending(db):
    from shared import clock
    from shared.kiosk.offline_models import PendingAttendance
    from shared.people.models import Participant
    from shared.sessions.models import Session
    from shared.staff.models import StaffMember

    facilitator = db.scalar(select(StaffMember).where(StaffMember.role == Role.FACILITATOR,
                                                      StaffMember.password_hash.is_not(None)))
    group_ids = [g.id for g in facilitator.groups]
    session = db.scalar(select(Session).where(Session.group_id.in_(group_ids), Session.cancelled.is_(False))
                        .order_by(Session.held_on.desc()))
    people = db.scalars(select(Participant).where(Participant.group_id == session.group_id,
                                                  Participant.closed_on.is_(None)).order_by(Participant.id).limit(2)).all()
    rows = [PendingAttendance(session_id=session.id, participant_id=p.id, signed_at=clock.now(),
                              reason="Code tablette faux 3 fois de suite (hors ligne), présence à vérifier.")
            for p in people]
    db.add_all(rows)
    db.commit()
    return [(row.id, person.full_name) for row, person in zip(rows, people)]


def test_a_pending_sign_in_is_confirmed_with_its_rows_own_button_in_one_click(live_server, page, shoot):
    (first_id, first_name), (second_id, second_name) = live_server.call(add_pending)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server.url}/pendingattendance/")
    row = page.locator("table.model-list tbody tr").filter(has=page.locator(f'button[value="{first_id}"]'))
    expect(row).to_contain_text("Code tablette faux 3 fois de suite")
    shoot(page, "51-pending-row-buttons", full_page=False)
    row.get_by_role("button", name="Confirmer").click()
    page.wait_for_load_state()
    assert dialogs == []
    expect(page.locator(".alert-success")).to_contain_text(f"Présence confirmée\u00a0: {first_name}")
    expect(page.locator(f'button[value="{first_id}"]')).to_have_count(0)
    other = page.locator("table.model-list tbody tr").filter(has=page.locator(f'button[value="{second_id}"]'))
    other.get_by_role("button", name="Refuser").click()
    page.wait_for_load_state()
    assert dialogs == []
    expect(page.locator(".alert-success")).to_contain_text(f"Présence refusée, non notée\u00a0: {second_name}")
