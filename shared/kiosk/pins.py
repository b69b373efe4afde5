"""Participants' 4-digit PINs: staff set or reset them; the kiosk checks them with growing locks.

Stored as a keyed hash (``shared.kiosk.pin_storage``). Two limits, both in the database so every
server process shares them, and both lifted by a right PIN:
- a person: ``PERSON_MAX_FAILURES`` wrong PINs in a row lock their PIN, for 15 minutes the first
  time, an hour the second, then until staff unlock it (``LOCK_STEPS``). The count of locks starts
  again at their next right PIN. About 15 guesses out of 10,000 before staff step in.
- a tablet: one PIN tried on many people gives each of them a single wrong try. The tablet counts
  the people who got a PIN wrong since its last right PIN (a person retrying counts once), and past
  ``DEVICE_MAX_PEOPLE`` it pauses PIN entry, with the same growing steps. A real group, where
  somebody signs in between two mistakes, never gets there; staff can lift it from the back-office.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.kiosk import audit, pin_storage
from shared.kiosk.errors import DeviceLocked, InvalidPin, PinLocked, PinNotSet, WrongPin
from shared.kiosk.models import Device
from shared.kiosk.times import aware, minutes_until
from shared.people.models import Participant
from shared.staff.models import StaffMember
from shared.writes import operation

PERSON_MAX_FAILURES = 5
DEVICE_MAX_PEOPLE = 6
DEVICE_WINDOW = dt.timedelta(hours=1)  # a tablet's count starts again after an hour without a mistake
LOCK_STEPS = (dt.timedelta(minutes=15), dt.timedelta(hours=1))  # then until staff unlock
LOCK_DURATION = LOCK_STEPS[0]
_PIN_FORMAT = re.compile(r"[0-9]{4}")
# Argon2 for the values stored before the keyed hash (upgraded at the next right PIN) and for the demo
# data set's one shared value. OWASP's minimum Argon2id settings; older values verify whatever theirs.
PRODUCTION_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# The hasher in use; only tests swap it (use_hasher) for cheap settings, never the environment.
HASHER = PRODUCTION_HASHER


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    global HASHER
    previous, HASHER = HASHER, hasher
    return previous


def hash_pin(pin: str) -> str:
    """The Argon2 form, not tied to a person (the demo data set's shared value). ``set_pin`` stores
    the keyed form instead."""
    return HASHER.hash(pin)


def is_pin_format(pin: str | None) -> bool:
    return bool(pin) and _PIN_FORMAT.fullmatch(pin) is not None


@dataclass(frozen=True)
class Lock:
    """A lock in force: until a moment, or (``until`` None) until staff lift it."""

    until: dt.datetime | None

    @property
    def by_staff_only(self) -> bool:
        return self.until is None

    def wait(self, now: dt.datetime) -> str:
        """« encore 12 minutes », or what to do when only staff can lift it."""
        if self.until is None:
            return "jusqu'à ce que l'animateur le débloque"
        return "encore " + duration_text(minutes_until(self.until, now))


def lock_of(locked_until: dt.datetime | None, level: int | None, now: dt.datetime) -> Lock | None:
    """The lock in force for these stored values, or None."""
    if (level or 0) > len(LOCK_STEPS):
        return Lock(None)
    until = aware(locked_until)
    return Lock(until) if until is not None and until > now else None


def person_lock(participant: Participant, now: dt.datetime) -> Lock | None:
    return lock_of(participant.pin_locked_until, participant.pin_lock_level, now)


def device_lock(device: Device, now: dt.datetime) -> Lock | None:
    return lock_of(device.pin_locked_until, device.pin_lock_level, now)


def duration_text(minutes: int) -> str:
    if minutes == 1:
        return "1 minute"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 heure" if hours == 1 else f"{hours} heures"
    return f"{minutes} minutes"


@operation
def set_pin(
    db: DbSession, participant: Participant, pin: str, *, actor: StaffMember | None, now: dt.datetime
) -> None:
    """Set or reset a person's PIN (4 digits); it also lifts a lock."""
    if not is_pin_format(pin):
        raise InvalidPin("Le code doit compter exactement 4 chiffres.", field="pin")
    if participant.id is None:
        db.flush()
    had_pin = participant.pin_hash is not None
    participant.pin_hash = pin_storage.stored_form(participant.id, pin)
    _clear_person(participant)
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
        changes={"pin": ["défini" if had_pin else "aucun", "nouveau code"]}, now=now,
    )
    db.flush()


@operation
def clear_pin(db: DbSession, participant: Participant, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """Remove a person's PIN: they cannot sign in on a PIN tablet until staff set a new one."""
    participant.pin_hash = None
    _clear_person(participant)
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
        changes={"pin": ["défini", "aucun"]}, now=now,
    )
    db.flush()


@operation
def unlock_pin(db: DbSession, participant: Participant, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """Staff lift a person's PIN lock, whatever its step; the count of locks starts again."""
    _clear_person(participant)
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
        changes={"pin_locked_until": ["bloqué", None]}, now=now,
    )
    db.flush()


@operation
def unlock_device(db: DbSession, device: Device, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """Staff lift a tablet's pause of PIN entry; its count starts again."""
    _clear_device(device)
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="device", record_id=device.id,
        changes={"pin_locked_until": ["bloqué", None]}, now=now,
    )
    db.flush()


@operation(keep_on_refusal=True)
def verify_pin(db: DbSession, *, device: Device, participant: Participant, pin: str, now: dt.datetime) -> None:
    """Let the person through, or raise a ``PinRefused`` subclass after counting the failure.

    The counters are flushed before raising: the caller commits them even though it refuses.
    """
    db.refresh(device, with_for_update=True)
    db.refresh(participant, with_for_update=True)
    if (lock := device_lock(device, now)) is not None:
        raise DeviceLocked(_device_locked_text(lock, now))
    if (lock := person_lock(participant, now)) is not None:
        raise PinLocked(_person_locked_text(lock, now))
    if participant.pin_hash is None:
        raise PinNotSet("Vous n'avez pas encore de code. Demandez-le à l'animateur.")
    found = pin_storage.check(participant.pin_hash, participant.id, pin, HASHER) if is_pin_format(pin) else None
    if found is not None and found.matches:
        if found.needs_upgrade:
            participant.pin_hash = pin_storage.stored_form(participant.id, pin)
        _clear_person(participant)
        _clear_device(device)
        return
    first_mistake = not participant.pin_failures
    person = _count_person_failure(participant, now)
    if first_mistake and (tablet := _count_device_failure(device, now)) is not None:
        raise DeviceLocked("Ce code n'est pas le bon. " + _device_locked_text(tablet, now))
    if person is not None:
        raise PinLocked(f"Ce code n'est pas le bon. Après {PERSON_MAX_FAILURES} erreurs, "
                        + _person_locked_text(person, now, fresh=True), fresh=True)
    left = PERSON_MAX_FAILURES - participant.pin_failures
    tries = "une fois" if left == 1 else f"{left} fois"
    raise WrongPin(f"Ce code n'est pas le bon. Vous pouvez encore essayer {tries}.", field="pin",
                   failures=participant.pin_failures)


def _count_person_failure(participant: Participant, now: dt.datetime) -> Lock | None:
    participant.pin_failures = (participant.pin_failures or 0) + 1
    if participant.pin_failures < PERSON_MAX_FAILURES:
        return None
    participant.pin_failures = 0
    participant.pin_lock_level = (participant.pin_lock_level or 0) + 1
    participant.pin_locked_until = _lock_end(participant.pin_lock_level, now)
    return lock_of(participant.pin_locked_until, participant.pin_lock_level, now)


def _count_device_failure(device: Device, now: dt.datetime) -> Lock | None:
    first = aware(device.first_pin_failure_at)
    if first is None or now - first >= DEVICE_WINDOW:
        device.pin_failures, device.first_pin_failure_at = 1, now
    else:
        device.pin_failures = (device.pin_failures or 0) + 1
    if device.pin_failures < DEVICE_MAX_PEOPLE:
        return None
    device.pin_failures, device.first_pin_failure_at = 0, None
    device.pin_lock_level = (device.pin_lock_level or 0) + 1
    device.pin_locked_until = _lock_end(device.pin_lock_level, now)
    return lock_of(device.pin_locked_until, device.pin_lock_level, now)


def _lock_end(level: int, now: dt.datetime) -> dt.datetime | None:
    return now + LOCK_STEPS[level - 1] if level <= len(LOCK_STEPS) else None


def _clear_person(participant: Participant) -> None:
    # Compared first: an unchanged row is not written again (a sign-in writes nothing but its attendance).
    if participant.pin_failures or participant.pin_locked_until is not None or participant.pin_lock_level:
        participant.pin_failures, participant.pin_locked_until, participant.pin_lock_level = 0, None, 0


def _clear_device(device: Device) -> None:
    if device.pin_failures or device.first_pin_failure_at is not None or device.pin_locked_until is not None \
            or device.pin_lock_level:
        device.pin_failures, device.first_pin_failure_at = 0, None
        device.pin_locked_until, device.pin_lock_level = None, 0


def _person_locked_text(lock: Lock, now: dt.datetime, *, fresh: bool = False) -> str:
    verb = "votre code est bloqué" if fresh else "Votre code est bloqué"
    if lock.by_staff_only:
        return f"{verb}. Demandez à l'animateur de le débloquer."
    return f"{verb} pour {lock.wait(now).removeprefix('encore ')}. L'animateur peut le débloquer."


def _device_locked_text(lock: Lock, now: dt.datetime) -> str:
    if lock.by_staff_only:
        return "Trop de codes faux sur cette tablette : elle attend que l'animateur la débloque."
    return (f"Trop de codes faux sur cette tablette. Attendez {lock.wait(now).removeprefix('encore ')} "
            "ou appelez l'animateur.")
