"""Staff sign-in: the same answer, in the same time, whatever the address typed.

Every refusal says the same sentence; an unknown address is checked against a dummy hash so it
takes as long as a real one; throttling (``shared.staff.throttling``) counts failures per client
address and address typed, per address typed and per client address, known accounts or not. A
browser holding a device cookie of the account is judged on its own failures only: wrong passwords
sent by others never keep the account's owner out of her usual browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import MAX_ID
from shared.errors import DomainError
from shared.staff import throttling
from shared.staff.models import StaffMember
from shared.staff.passwords import verify_against_dummy, verify_password
from shared.writes import operation

GENERIC_REFUSAL = "Adresse e-mail ou mot de passe incorrect."


class LoginRefused(DomainError):
    pass


@operation(keep_on_refusal=True)
def authenticate(db: DbSession, email: str, password: str, client_address: str | None = None,
                 now: dt.datetime | None = None, devices: Mapping[int, str] | None = None) -> StaffMember:
    """Return the staff member, or raise LoginRefused: the generic sentence, or a wait to respect
    (the same for every address typed, known or not).

    ``devices``: the browser's device cookies, their signature already checked ({account id: nonce}).
    """
    now = now or clock.now()
    email = (email or "").strip().lower()
    staff = db.scalar(select(StaffMember).where(func.lower(StaffMember.email) == email)) if email else None
    nonce = (devices or {}).get(staff.id) if staff is not None else None
    keys = throttling.sign_in_keys(email, client_address, nonce)
    wait = throttling.wait_left(db, keys, now)
    if wait:
        raise LoginRefused(
            f"Trop d'essais infructueux : réessayez dans {throttling.french_wait(wait)}. "
            "Un administrateur peut aussi lever ce délai."
        )
    if staff is None or not staff.password_hash:
        verify_against_dummy(password or "")
        accepted = False
    else:
        accepted = verify_password(staff.password_hash, password or "") and staff.active
    if not accepted:
        throttling.record_failure(db, keys, now)
        raise LoginRefused(GENERIC_REFUSAL)
    throttling.forget_after_success(db, keys)
    return staff


@operation
def end_sessions(db: DbSession, staff: StaffMember) -> None:
    """End every existing session of the account (logout, and through ``update_staff_member``)."""
    staff.session_version = (staff.session_version or 1) + 1


def session_token(staff: StaffMember) -> str:
    """What a signed-in cookie holds: the account and its session version."""
    return f"{staff.id}:{staff.session_version or 1}"


def staff_for_session(db: DbSession, token: str) -> StaffMember | None:
    """The active account a cookie's token names, if its session version is still the current one."""
    try:
        staff_id, version = (int(part) for part in str(token).split(":"))
    except (TypeError, ValueError):
        return None
    if not 0 < staff_id <= MAX_ID:
        return None
    staff = db.get(StaffMember, staff_id)
    if staff is None or not staff.active or (staff.session_version or 1) != version:
        return None
    return staff
