"""Staff sign-in with per-account throttling stored in the database (shared by all workers)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.errors import DomainError
from shared.staff.models import StaffMember
from shared.staff.passwords import verify_password
from shared.writes import operation

MAX_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)
GENERIC_REFUSAL = "Adresse e-mail ou mot de passe incorrect."


class LoginRefused(DomainError):
    pass


@operation(keep_on_refusal=True)
def authenticate(db: DbSession, email: str, password: str, now: dt.datetime | None = None) -> StaffMember:
    """Return the staff member, or raise LoginRefused (the same message whether the email exists or not)."""
    now = now or clock.now()
    email = (email or "").strip().lower()
    staff = db.scalar(select(StaffMember).where(func.lower(StaffMember.email) == email)) if email else None
    if staff is None:
        raise LoginRefused(GENERIC_REFUSAL)
    if staff.locked_until is not None and staff.locked_until > now:
        minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
        raise LoginRefused(
            f"Trop d'essais infructueux : ce compte est bloqué pendant encore {minutes} minute(s). "
            "Réessayez plus tard ou demandez à un administrateur."
        )
    if not staff.active or not verify_password(staff.password_hash, password or ""):
        _record_failure(staff, now)
        db.flush()
        raise LoginRefused(GENERIC_REFUSAL)
    staff.failed_logins = 0
    staff.first_failed_login_at = None
    staff.locked_until = None
    db.flush()
    return staff


def _record_failure(staff: StaffMember, now: dt.datetime) -> None:
    first = staff.first_failed_login_at
    if first is None or now - first > FAILURE_WINDOW:
        staff.first_failed_login_at = now
        staff.failed_logins = 0
    staff.failed_logins += 1
    if staff.failed_logins >= MAX_FAILURES:
        staff.locked_until = now + LOCK_DURATION
        staff.failed_logins = 0
        staff.first_failed_login_at = None

