"""Enrolling a tablet and revoking it.

Staff create a one-time code for a group (CLI ``idmix enrol-tablet`` or the back-office); the
tablet types it once and receives a device token for its cookie. Only digests are stored.
Operations flush, never commit; refusals raise ``KioskError`` subclasses with French messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.dates import fr
from shared.groups.models import Group
from shared.kiosk import audit, tokens
from shared.kiosk.times import aware as _aware
from shared.kiosk.errors import EnrolmentRefused, KioskError
from shared.kiosk.models import Device, EnrolmentCode
from shared.staff.models import StaffMember
from shared.writes import operation

CODE_VALIDITY = dt.timedelta(hours=24)
MAX_DEVICE_NAME = 80


@dataclass
class IssuedCode:
    """The code in clear, shown once to staff, and its stored record."""

    code: str
    record: EnrolmentCode


@dataclass
class Enrolment:
    """The new device, and the token to put in its cookie (never stored in clear)."""

    device: Device
    token: str


@operation
def create_enrolment_code(
    db: DbSession,
    *,
    group: Group,
    actor: StaffMember | None,
    now: dt.datetime,
    valid_for: dt.timedelta = CODE_VALIDITY,
) -> IssuedCode:
    """A one-time code for a tablet of ``group``; valid ``valid_for`` (24 hours by default)."""
    if not group.active:
        raise KioskError("Ce groupe n'est plus actif : on ne peut pas y activer de tablette.")
    if valid_for <= dt.timedelta(0):
        raise KioskError("La durée de validité du code doit être positive.")
    code = tokens.new_enrolment_code()
    record = EnrolmentCode(
        group_id=group.id,
        code_hash=tokens.digest(code),
        created_by_id=actor.id if actor is not None else None,
        created_at=now,
        expires_at=now + valid_for,
    )
    db.add(record)
    db.flush()
    return IssuedCode(code=code, record=record)


@operation
def enrol_device(db: DbSession, *, code: str, now: dt.datetime, name: str | None = None) -> Enrolment:
    """The tablet typed ``code``: consume it and create the device. Refused if unknown, used or expired."""
    canonical = tokens.normalise_code(code)
    if not canonical:
        raise EnrolmentRefused("Tapez le code d'activation donné par l'équipe.", field="code")
    record = db.scalar(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == tokens.digest(canonical)).with_for_update()
    )
    if record is None:
        raise EnrolmentRefused("Ce code n'est pas reconnu. Vérifiez-le ou demandez un nouveau code.", field="code")
    if record.used_at is not None:
        raise EnrolmentRefused("Ce code a déjà servi. Demandez un nouveau code à l'équipe.", field="code")
    if _aware(record.expires_at) <= now:
        raise EnrolmentRefused("Ce code a expiré. Demandez un nouveau code à l'équipe.", field="code")
    record.used_at = now
    token = tokens.new_device_token()
    label = (name or "").strip()[:MAX_DEVICE_NAME] or f"Tablette activée le {fr(now)}"
    device = Device(group_id=record.group_id, name=label, token_hash=tokens.digest(token), enrolled_at=now)
    db.add(device)
    db.flush()
    return Enrolment(device=device, token=token)


def device_for_token(db: DbSession, token: str | None) -> Device | None:
    """The active device whose cookie holds ``token``, or None."""
    if not token or len(token) > 200:
        return None
    device = db.scalar(select(Device).where(Device.token_hash == tokens.digest(token)))
    return device if device is not None and device.is_active else None


@operation
def revoke_device(db: DbSession, device: Device, *, actor: StaffMember | None, now: dt.datetime) -> None:
    """The tablet stops working at once (lost, stolen, replaced). Idempotent."""
    if device.revoked_at is not None:
        return
    device.revoked_at = now
    audit.record(
        db, actor=actor, action=AuditAction.UPDATE, table_name="device", record_id=device.id,
        changes={"revoked_at": [None, now.isoformat()]}, now=now,
    )
    db.flush()
