"""PINs given offline count exactly like PINs typed on the screen (#23): the same counters, the same locks,
an answer that tells no right code from a wrong one, and a cap on the « présences à confirmer » a queue adds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from shared import clock
from shared.kiosk.models import Device
from shared.kiosk.offline import MAX_ITEMS
from shared.kiosk.offline_limits import MAX_PENDING_PER_PERSON, MAX_PENDING_PER_TABLET
from shared.kiosk.offline_models import DeviceContact, PendingAttendance
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import DEVICE_MAX_PEOPLE, set_pin
from shared.people.models import Participant
from shared.sessions.models import Attendance
from tests.kiosk.conftest import DEVICE_COOKIE, DURING_SESSION, PIN, csrf_token, fresh
from tests.kiosk.test_offline_sync import checkin, count, send

# A thousand codes, the right one among them: the first five wrong ones lock the person, as on the screen.
CODES = [f"{n:04d}" for n in range(5000, 5999)]
CODES.insert(650, PIN)
# Each batch after the last lock ended: 15 minutes, then an hour, then only staff lift it.
MOMENTS = [DURING_SESSION + dt.timedelta(minutes=m) for m in (0, 16, 16 + 61, 16 + 65, 16 + 70)]


def counters(db, model, id_):
    row = fresh(db, select(model).where(model.id == id_))[0]
    return row.pin_failures, row.pin_lock_level, row.pin_locked_until


def other_tablet(kiosk_app, kiosk, db):
    """A second enrolled tablet of the same group: the screen's road, with its own tablet counter."""
    code = create_enrolment_code(db, group=kiosk.group, actor=None, now=DURING_SESSION).code
    enrolment = enrol_device(db, code=code, now=DURING_SESSION, name="Tablette écran")
    db.commit()
    client = kiosk_app.test_client()
    client.set_cookie(DEVICE_COOKIE, enrolment.token)
    return client, enrolment.device


def pending_of(db, **where) -> int:
    return count(db, PendingAttendance, **where)


def test_a_thousand_offline_guesses_count_and_lock_exactly_as_on_the_screen(tablet, kiosk, db, kiosk_app):
    """Was: the counters written by verify_pin were rolled back with the savepoint, and the right code was
    answered « recorded » among hundreds of « to_confirm »."""
    target, twin = kiosk.people[0], kiosk.people[1]
    screen, screen_device = other_tablet(kiosk_app, kiosk, db)
    token = csrf_token(screen)
    levels = []
    for start, moment in zip(range(0, len(CODES), MAX_ITEMS), MOMENTS):
        batch = CODES[start:start + MAX_ITEMS]
        with clock.frozen_at(moment):
            items = [checkin(kiosk, target, pin=code) for code in batch]
            answer = send(tablet, items)
            for code in batch:  # the same codes typed on the other tablet's screen by the twin
                screen.post("/signer/code", data={"csrf_token": token, "participant": twin.id, "pin": code})
        assert answer.status_code == 200
        assert answer.json["outcomes"] == {item["key"]: "received" for item in items}
        assert counters(db, Participant, target.id) == counters(db, Participant, twin.id)
        assert counters(db, Device, kiosk.device.id) == counters(db, Device, screen_device.id)
        levels.append(counters(db, Participant, target.id)[1])
    assert levels == [1, 2, 3, 3, 3]  # 15 minutes, an hour, then until staff unlock: as verify_pin
    assert counters(db, Device, kiosk.device.id)[:2] == (1, 0)  # one person wrong: the tablet counts one
    assert fresh(db, select(Attendance).where(Attendance.participant_id.in_([target.id, twin.id]))) == []
    assert pending_of(db, participant_id=target.id) == MAX_PENDING_PER_PERSON
    [contact] = fresh(db, select(DeviceContact).where(DeviceContact.device_id == kiosk.device.id))
    assert contact.refused == len(CODES) - MAX_PENDING_PER_PERSON


def test_twelve_wrong_codes_then_the_right_one_in_one_batch_lock_the_person_first(tablet, kiosk, db):
    person = kiosk.people[0]
    items = [checkin(kiosk, person, pin=f"{n:04d}") for n in range(12)] + [checkin(kiosk, person)]
    outcomes = send(tablet, items).json["outcomes"]
    assert set(outcomes.values()) == {"received"} and len(outcomes) == 13
    failures, level, until = counters(db, Participant, person.id)
    assert (failures, level) == (0, 1) and until is not None  # locked at the fifth: the rest were not tried
    assert count(db, Attendance, participant_id=person.id) == 0
    assert count(db, Device, id=kiosk.device.id, pin_failures=1) == 1


def test_a_right_code_and_a_wrong_one_get_the_same_answer_and_the_right_one_is_recorded(tablet, kiosk, db):
    right, wrong = checkin(kiosk, kiosk.people[0]), checkin(kiosk, kiosk.people[1], pin="0000")
    outcomes = send(tablet, [right, wrong]).json["outcomes"]
    assert outcomes == {right["key"]: "received", wrong["key"]: "received"}
    assert count(db, Attendance, participant_id=kiosk.people[0].id) == 1
    assert count(db, Attendance, participant_id=kiosk.people[1].id) == 0
    assert pending_of(db, participant_id=kiosk.people[1].id) == 1
    assert counters(db, Participant, kiosk.people[1].id)[0] == 1  # the wrong code counted


def test_one_code_tried_offline_on_many_people_pauses_the_tablet_as_on_the_screen(tablet, kiosk, make, db):
    people = [make.participant(group=kiosk.group, first_name=f"Personne{n}") for n in range(DEVICE_MAX_PEOPLE)]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=DURING_SESSION)
    db.commit()
    send(tablet, [checkin(kiosk, person, pin="1234") for person in people])
    failures, level, until = counters(db, Device, kiosk.device.id)
    assert (failures, level) == (0, 1) and until is not None
    honest = checkin(kiosk, kiosk.people[0])  # paused: even the right code waits for staff
    assert send(tablet, [honest]).json["outcomes"] == {honest["key"]: "received"}
    assert count(db, Attendance, participant_id=kiosk.people[0].id) == 0


def test_a_queue_adds_at_most_its_caps_of_presences_to_confirm_and_counts_the_rest(tablet, kiosk, make, db):
    people = [make.participant(group=kiosk.group, first_name=f"Personne{n}")
              for n in range(MAX_PENDING_PER_TABLET // MAX_PENDING_PER_PERSON + 1)]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=DURING_SESSION)
    db.commit()
    items = [checkin(kiosk, person, pin="0000") for person in people for _ in range(MAX_PENDING_PER_PERSON + 2)]
    for start in range(0, len(items), MAX_ITEMS):
        outcomes = send(tablet, items[start:start + MAX_ITEMS]).json["outcomes"]
        assert set(outcomes.values()) == {"received"}
    assert pending_of(db, device_id=kiosk.device.id) == MAX_PENDING_PER_TABLET
    assert all(pending_of(db, participant_id=p.id) <= MAX_PENDING_PER_PERSON for p in people)
    [contact] = fresh(db, select(DeviceContact))
    assert contact.refused == len(items) - MAX_PENDING_PER_TABLET
