import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.audit.models import AuditEntry
from shared.kiosk.errors import DeviceLocked, InvalidPin, PinLocked, PinNotSet, WrongPin
from shared.kiosk.models import Device
from shared.kiosk.pins import (
    DEVICE_MAX_FAILURES,
    LOCK_DURATION,
    PERSON_MAX_FAILURES,
    clear_pin,
    set_pin,
    unlock_pin,
    verify_pin,
)

NOW = dt.datetime(2026, 3, 10, 14, 0, tzinfo=clock.CENTRE_TZ)


@pytest.fixture
def device(db, make):
    group = make.group()
    device = Device(group_id=group.id, name="Tablette", token_hash="0" * 64)
    db.add(device)
    db.flush()
    return device


@pytest.fixture
def person(db, make, device):
    participant = make.participant(group=device.group)
    set_pin(db, participant, "4821", actor=None, now=NOW)
    return participant


def test_right_pin_lets_the_person_through_and_clears_failures(db, device, person):
    with pytest.raises(WrongPin, match="encore essayer 4 fois"):
        verify_pin(db, device=device, participant=person, pin="0000", now=NOW)
    verify_pin(db, device=device, participant=person, pin="4821", now=NOW)
    assert person.pin_failures == 0


def test_pin_is_hashed_and_audited_without_the_hash(db, person):
    assert person.pin_hash.startswith("$argon2")
    entry = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant")).all()[-1]
    assert "4821" not in str(entry.changes) and "argon2" not in str(entry.changes)


@pytest.mark.parametrize("pin", ["123", "12345", "abcd", "", "12 4", "١٢٣٤"])
def test_staff_can_only_set_four_digits(db, make, pin):
    with pytest.raises(InvalidPin):
        set_pin(db, make.participant(), pin, actor=None, now=NOW)


def test_five_wrong_pins_lock_the_person_for_fifteen_minutes(db, device, person):
    for _ in range(PERSON_MAX_FAILURES - 1):
        with pytest.raises(WrongPin):
            verify_pin(db, device=device, participant=person, pin="1111", now=NOW)
    with pytest.raises(PinLocked, match="bloqué"):
        verify_pin(db, device=device, participant=person, pin="1111", now=NOW)
    with pytest.raises(PinLocked, match="15 minutes"):
        verify_pin(db, device=device, participant=person, pin="4821", now=NOW)
    verify_pin(db, device=device, participant=person, pin="4821", now=NOW + LOCK_DURATION)


def test_staff_can_unlock_and_reset(db, device, person):
    for _ in range(PERSON_MAX_FAILURES):
        with pytest.raises((WrongPin, PinLocked)):
            verify_pin(db, device=device, participant=person, pin="1111", now=NOW)
    unlock_pin(db, person, actor=None, now=NOW)
    verify_pin(db, device=device, participant=person, pin="4821", now=NOW)
    set_pin(db, person, "9999", actor=None, now=NOW)
    verify_pin(db, device=device, participant=person, pin="9999", now=NOW)
    clear_pin(db, person, actor=None, now=NOW)
    with pytest.raises(PinNotSet):
        verify_pin(db, device=device, participant=person, pin="9999", now=NOW)


def test_one_pin_tried_on_everybody_locks_the_tablet(db, make, device):
    people = [make.participant(group=device.group) for _ in range(DEVICE_MAX_FAILURES)]
    for p in people:
        set_pin(db, p, "4821", actor=None, now=NOW)
    for p in people[:-1]:
        with pytest.raises(WrongPin):
            verify_pin(db, device=device, participant=p, pin="0000", now=NOW)
    with pytest.raises(WrongPin):
        verify_pin(db, device=device, participant=people[-1], pin="0000", now=NOW)
    # The tablet is now paused for everybody, even with a right PIN.
    with pytest.raises(DeviceLocked, match="cette tablette"):
        verify_pin(db, device=device, participant=people[0], pin="4821", now=NOW + dt.timedelta(minutes=1))
    verify_pin(db, device=device, participant=people[0], pin="4821", now=NOW + LOCK_DURATION)


def test_device_failures_outside_the_window_start_a_new_count(db, make, device):
    p = make.participant(group=device.group)
    set_pin(db, p, "4821", actor=None, now=NOW)
    for minutes in range(0, 40, 11):
        unlock_pin(db, p, actor=None, now=NOW)
        with pytest.raises(WrongPin):
            verify_pin(db, device=device, participant=p, pin="0000", now=NOW + dt.timedelta(minutes=minutes))
    assert device.pin_failures == 1


def test_locks_survive_a_round_trip_through_the_database(db, device, person):
    """SQLite gives naive datetimes back: the lock must still compare with the centre's time."""
    for _ in range(PERSON_MAX_FAILURES):
        with pytest.raises((WrongPin, PinLocked)):
            verify_pin(db, device=device, participant=person, pin="1111", now=NOW)
    db.commit()
    db.expire_all()
    with pytest.raises(PinLocked):
        verify_pin(db, device=device, participant=person, pin="4821", now=NOW + dt.timedelta(minutes=14))
    verify_pin(db, device=device, participant=person, pin="4821", now=NOW + dt.timedelta(minutes=15, seconds=1))
