"""PIN locks on the tablet, as people meet them (#12): a confused group is never locked out together,
one PIN tried on many people pauses the tablet, every message tells the truth."""

from shared.kiosk.pins import DEVICE_MAX_PEOPLE, set_pin
from shared.sessions.models import Attendance

from .conftest import PIN, fresh, post, select, text_of


def try_pin(tablet, person, pin):
    return post(tablet, "/signer/code", {"participant": person.id, "pin": pin})


def test_twelve_wrong_pins_over_four_people_lock_nobody_else(tablet, kiosk, make, db):
    """Was: the tablet locked for everyone for 15 minutes, and the 12th wrong PIN said « encore 2 fois »."""
    people = kiosk.people + [make.participant(group=kiosk.group, first_name=n) for n in ("Karim", "Lina")]
    for person in people[3:]:
        set_pin(db, person, PIN, actor=None, now=kiosk.device.enrolled_at)
    db.commit()
    for person in people[:4]:
        for left in ("4 fois", "3 fois", "2 fois"):
            wrong = try_pin(tablet, person, "0000")
            assert wrong.status_code == 403 and f"encore essayer {left}" in text_of(wrong)
    assert "Bienvenue, Lina" in text_of(try_pin(tablet, people[4], PIN))
    assert "Bienvenue, Fatima" in text_of(try_pin(tablet, people[0], PIN))


def test_one_pin_tried_on_many_people_pauses_the_tablet_until_staff_or_time(tablet, kiosk, make, db):
    people = [make.participant(group=kiosk.group, first_name=f"Personne{n}") for n in range(DEVICE_MAX_PEOPLE)]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=kiosk.device.enrolled_at)
    db.commit()
    answers = [try_pin(tablet, person, "1234") for person in people]
    assert all("encore essayer 4 fois" in text_of(a) for a in answers[:-1])
    assert "Trop de codes faux sur cette tablette. Attendez 15 minutes" in text_of(answers[-1])
    paused = try_pin(tablet, kiosk.people[0], PIN)
    assert paused.status_code == 403 and "cette tablette" in text_of(paused)
    assert fresh(db, select(Attendance).where(Attendance.session_id == kiosk.session.id)) == []


def test_a_right_pin_on_the_tablet_resets_its_count(tablet, kiosk, make, db):
    people = [make.participant(group=kiosk.group, first_name=f"Personne{n}") for n in range(DEVICE_MAX_PEOPLE)]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=kiosk.device.enrolled_at)
    db.commit()
    for person in people[:-1]:
        try_pin(tablet, person, "1234")
    assert "Bienvenue" in text_of(try_pin(tablet, kiosk.people[0], PIN))
    assert "encore essayer 4 fois" in text_of(try_pin(tablet, people[-1], "1234"))
