"""Participants' 4-digit PINs: staff set or reset them; the kiosk checks them with throttling.

Two limits, both kept in the database so every server process shares them:
- a person: after ``PERSON_MAX_FAILURES`` wrong PINs, their PIN is locked for ``LOCK_DURATION``;
- a tablet: after ``DEVICE_MAX_FAILURES`` wrong PINs within ``DEVICE_WINDOW``, whoever they were
  for, PIN entry pauses on that tablet for ``LOCK_DURATION`` (stops one PIN tried on everybody).
"""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.kiosk import audit
from shared.kiosk.errors import DeviceLocked, InvalidPin, PinLocked, PinNotSet, WrongPin
from shared.kiosk.models import Device
from shared.kiosk.times import aware, minutes_until
from shared.people.models import Participant
from shared.staff.models import StaffMember
from shared.writes import operation

PERSON_MAX_FAILURES = 5
DEVICE_MAX_FAILURES = 12
DEVICE_WINDOW = dt.timedelta(minutes=10)
LOCK_DURATION = dt.timedelta(minutes=15)
_PIN_FORMAT = re.compile(r"[0-9]{4}")
# A 4-digit PIN has 10,000 values: no hash cost makes a stolen hash safe, the database throttling
# above is what protects it. OWASP's minimum Argon2id settings (19 MiB, 2 passes, 1 lane; about 25 ms)
# rather than argon2-cffi's defaults (64 MiB, 3 passes; about 130 ms of CPU) keep sign-ins quick on
# two cores. Older hashes keep verifying: their settings are written in them.
PRODUCTION_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# The hasher in use; only tests swap it (use_hasher) for cheap settings, never the environment.
HASHER = PRODUCTION_HASHER


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new PINs with ``hasher`` from now on; return the previous one (to put it back)."""
    global HASHER
    previous, HASHER = HASHER, hasher
    return previous


def hash_pin(pin: str) -> str:
    """The stored form of a PIN (Argon2id with the settings above)."""
    return HASHER.hash(pin)


def is_pin_format(pin: str | None) -> bool:
    return bool(pin) and _PIN_FORMAT.fullmatch(pin) is not None


@operation
def set_pin(
    db: DbSession, participant: Participant, pin: str, *, actor: StaffMember | None, now: dt.datetime
) -> None:
    """Set or reset a person's PIN (4 digits); it also lifts a lock."""
    if not is_pin_format(pin):
        raise InvalidPin("Le code doit compter exactement 4 chiffres.", field="pin")
    had_pin = participant.pin_hash is not None
    participant.pin_hash = hash_pin(pin)
    participant.pin_failures = 0
    participant.pin_locked_until = None
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
        changes={"pin": ["défini" if had_pin else "aucun", "nouveau code"]}, now=now,
    )
    db.flush()


@operation
def clear_pin(db: DbSession, participant: Participant, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """Remove a person's PIN: they cannot sign in on a PIN tablet until staff set a new one."""
    participant.pin_hash = None
    participant.pin_failures = 0
    participant.pin_locked_until = None
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
        changes={"pin": ["défini", "aucun"]}, now=now,
    )
    db.flush()


@operation
def unlock_pin(db: DbSession, participant: Participant, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """Staff lift a PIN lock before its 15 minutes are over."""
    participant.pin_failures = 0
    participant.pin_locked_until = None
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
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
    device_lock = aware(device.pin_locked_until)
    if device_lock is not None and device_lock > now:
        raise DeviceLocked(
            "Trop de codes faux sur cette tablette. Attendez "
            f"{_minutes(minutes_until(device_lock, now))} ou appelez l'animateur."
        )
    person_lock = aware(participant.pin_locked_until)
    if person_lock is not None and person_lock > now:
        raise PinLocked(
            f"Votre code est bloqué pour {_minutes(minutes_until(person_lock, now))}, après "
            f"{PERSON_MAX_FAILURES} erreurs. L'animateur peut le débloquer."
        )
    if participant.pin_hash is None:
        raise PinNotSet("Vous n'avez pas encore de code. Demandez-le à l'animateur.")
    if is_pin_format(pin) and _matches(participant.pin_hash, pin):
        participant.pin_failures = 0
        participant.pin_locked_until = None
        db.flush()
        return
    left = _count_failure(participant, device, now)
    db.flush()
    if left == 0:
        raise PinLocked(
            f"Ce code n'est pas le bon. Après {PERSON_MAX_FAILURES} erreurs, votre code est bloqué "
            f"pour {_minutes(minutes_until(now + LOCK_DURATION, now))}. L'animateur peut le débloquer."
        )
    raise WrongPin(f"Ce code n'est pas le bon. Vous pouvez encore essayer {left} fois.", field="pin")


def _count_failure(participant: Participant, device: Device, now: dt.datetime) -> int:
    """Count one wrong PIN for the person and the tablet; return the person's tries left."""
    first = aware(device.first_pin_failure_at)
    if first is None or now - first >= DEVICE_WINDOW:
        device.pin_failures = 1
        device.first_pin_failure_at = now
    else:
        device.pin_failures = (device.pin_failures or 0) + 1
    if device.pin_failures >= DEVICE_MAX_FAILURES:
        device.pin_locked_until = now + LOCK_DURATION
        device.pin_failures = 0
        device.first_pin_failure_at = None

    participant.pin_failures = (participant.pin_failures or 0) + 1
    if participant.pin_failures >= PERSON_MAX_FAILURES:
        participant.pin_locked_until = now + LOCK_DURATION
        participant.pin_failures = 0
        return 0
    return PERSON_MAX_FAILURES - participant.pin_failures


def _matches(pin_hash: str, pin: str) -> bool:
    try:
        return HASHER.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _minutes(count: int) -> str:
    return "1 minute" if count == 1 else f"{count} minutes"
