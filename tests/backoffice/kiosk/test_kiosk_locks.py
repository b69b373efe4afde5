"""Staff see and lift the kiosk's PIN locks: a person's (whatever its step) and a tablet's pause (#12)."""

import datetime as dt
import html

import pytest

from shared import clock
from shared.kiosk.errors import DeviceLocked, PinLocked
from shared.kiosk.pins import DEVICE_MAX_PEOPLE, PERSON_MAX_FAILURES, set_pin, verify_pin
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def text(page) -> str:
    return " ".join(html.unescape(page.get_data(as_text=True)).split())


def lock_for_good(db, device, person):
    """Three rounds of five wrong PINs, two hours apart: locked until staff unlock it."""
    now = clock.now()
    for _ in range(3):
        for _ in range(PERSON_MAX_FAILURES):
            with pytest.raises(Exception):
                verify_pin(db, device=device, participant=person, pin="0000", now=now)
        now += dt.timedelta(hours=2)
    db.commit()


def test_a_pin_locked_until_staff_act_is_shown_and_lifted(world, login_as, db):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    lock_for_good(db, world.device, world.participant)
    with pytest.raises(PinLocked):
        verify_pin(db, device=world.device, participant=world.participant, pin="2580",
                   now=clock.now() + dt.timedelta(days=2))
    client = login_as(world.facilitator)
    page = text(client.get(f"/actions/kiosk/pin/{world.participant.id}"))
    assert "jusqu'à ce que vous le débloquiez" in page and "Débloquer maintenant" in page
    assert client.post(f"/actions/kiosk/pin/{world.participant.id}/unlock").status_code == 302
    db.expire_all()
    verify_pin(db, device=world.device, participant=world.participant, pin="2580", now=clock.now())


def test_the_dashboard_counts_locked_pins_and_lists_the_people(world, login_as, db):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    lock_for_good(db, world.device, world.participant)
    client = login_as(world.facilitator)
    dashboard = client.get("/")
    page = text(dashboard)
    assert "Codes bloqués" in page
    link = next(part for part in dashboard.get_data(as_text=True).split('href="')[1:] if "code_bloque" in part)
    listed = text(client.get(html.unescape(link.split('"')[0])))
    assert world.participant.last_name in listed
    assert world.other_participant.last_name not in listed


def test_staff_lift_a_tablets_pause(world, make, login_as, db):
    people = [make.participant(world.group) for _ in range(DEVICE_MAX_PEOPLE)]
    for person in people:
        set_pin(db, person, "2580", actor=None, now=clock.now())
    for person in people:
        with pytest.raises(Exception):
            verify_pin(db, device=world.device, participant=person, pin="1111", now=clock.now())
    db.commit()
    with pytest.raises(DeviceLocked):
        verify_pin(db, device=world.device, participant=people[0], pin="2580", now=clock.now())
    client = login_as(world.facilitator)
    assert "codes en pause (encore 15 minutes)" in text(client.get("/device/"))
    response = client.post("/device/action/", data={"action": "unlock", "rowid": str(world.device.id)})
    assert response.status_code == 302
    db.expire_all()
    verify_pin(db, device=world.device, participant=people[0], pin="2580", now=clock.now())
    assert "codes en pause" not in text(client.get("/device/"))
