"""Staff see the offline kiosk (#13): each tablet's last contact and queue, and confirm « présences à confirmer »."""

import html
import uuid

import pytest
from sqlalchemy import select

from shared import clock
from shared.kiosk.models import Device
from shared.kiosk.offline_models import ConfirmationStatus, DeviceContact, PendingAttendance
from shared.sessions.models import Attendance
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db, today):
    world = build_world(make, db)
    session = make.session(world.group, held_on=today)
    other_session = make.session(world.other_group, held_on=today)
    person = make.participant(world.group, first_name="Karim", last_name="Diallo")
    stranger = make.participant(world.other_group, first_name="Zoé", last_name="Lambert")
    db.add_all([
        DeviceContact(device_id=world.device.id, last_seen_at=clock.now(), waiting=2),
        PendingAttendance(session_id=session.id, participant_id=person.id, reason="Ce code n'est pas le bon.",
                          signed_at=clock.now()),
        PendingAttendance(session_id=other_session.id, participant_id=stranger.id, reason="Ce code n'est pas le bon.",
                          signed_at=clock.now()),
    ])
    db.commit()
    world.extra.update(session=session, person=person)
    return world


def text(page) -> str:
    return " ".join(html.unescape(page.get_data(as_text=True)).split())


def test_the_tablets_list_and_the_dashboard_show_the_last_contact_and_the_queue(world, login_as):
    client = login_as(world.facilitator)
    assert "2 éléments en attente d'envoi" in text(client.get("/device/"))
    dashboard = text(client.get("/"))
    assert "Tablette du CMS : dernier contact le" in dashboard and "Présences à confirmer" in dashboard


def test_a_facilitator_sees_their_groups_presences_to_confirm_only(world, login_as):
    page = text(login_as(world.facilitator).get("/pendingattendance/"))
    assert "Diallo" in page and "Lambert" not in page


def test_confirming_records_the_attendance_refusing_does_not(world, login_as, db):
    client = login_as(world.facilitator)
    pending = db.scalar(select(PendingAttendance).where(PendingAttendance.participant_id == world.extra["person"].id))
    response = client.post("/pendingattendance/action/", data={"action": "confirm", "rowid": str(pending.id)})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(PendingAttendance, pending.id).status is ConfirmationStatus.CONFIRMED
    assert db.scalar(select(Attendance).where(Attendance.participant_id == world.extra["person"].id)) is not None
    again = client.post("/pendingattendance/action/", data={"action": "refuse", "rowid": str(pending.id)})
    assert again.status_code == 302
    db.expire_all()
    assert db.get(PendingAttendance, pending.id).status is ConfirmationStatus.CONFIRMED  # decided once


def test_the_tablets_list_and_the_dashboard_show_how_many_items_were_refused(world, login_as, db):
    db.get(DeviceContact, world.device.id).refused = 7
    db.commit()
    client = login_as(world.facilitator)
    assert "7 éléments refusés à la réception" in text(client.get("/device/"))
    assert "7 éléments refusés à la réception" in text(client.get("/"))


def test_tablets_never_heard_from_are_one_line_on_the_dashboard(world, login_as, db):
    # Activating a few tablets at once used to list « Tablette … : pas encore de contact » once for each.

    db.add_all([Device(group=world.group, name="Tablette activée le 07/12/2026", token_hash=uuid.uuid4().hex)
                for _ in range(3)])
    db.commit()
    dashboard = text(login_as(world.facilitator).get("/"))
    assert "Tablette du CMS : dernier contact le" in dashboard
    assert "3 tablettes sans contact pour l'instant" in dashboard
    assert "pas encore de contact" not in dashboard
