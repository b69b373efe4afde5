"""Each person sets their own password: an admin never knows a colleague's (issue #23, point 5).

- ``change_own_password``: the signed-in person, with their current password, under the same
  strength rules as everywhere;
- an admin sends a reset instead: a one-time link by e-mail, valid one hour (``reset_token``), or a
  temporary password shown once, which the next sign-in must replace (``issue_temporary_password``).

The link's token is signed with the application's secret key and names the account, its end of
validity and a fingerprint of the account's current password hash and session version: once used
(the password changes) or outdated by another change, it opens nothing. Nothing is stored for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import MAX_ID
from shared.staff.known_words import structure_words
from shared.staff.models import StaffMember
from shared.staff import passwords, throttling
from shared.staff.passwords import hash_password, verify_password
from shared.staff.rules import AccountError
from shared.writes import operation

RESET_LINK_LIFETIME = dt.timedelta(hours=1)
TEMPORARY_PASSWORD_BYTES = 12  # 16 characters of base64: far beyond any guessing


def _personal(staff: StaffMember) -> tuple[str, ...]:
    return (staff.email, staff.first_name, staff.last_name)


def _set_password(db: DbSession, staff: StaffMember, password: str) -> None:
    staff.password_hash = hash_password(password, _personal(staff), structure_words(db))
    staff.must_change_password = False
    staff.session_version = (staff.session_version or 1) + 1  # every other session of the account ends


def check_confirmation(new_password: str | None, confirmation: str | None) -> None:
    if (new_password or "") != (confirmation or ""):
        raise AccountError("Les deux mots de passe ne sont pas identiques.", field="confirmation")


@operation(keep_on_refusal=True)
def change_own_password(db: DbSession, staff: StaffMember, *, current_password: str, new_password: str,
                        confirmation: str, client_address: str | None = None,
                        now: dt.datetime | None = None) -> StaffMember:
    """The person's own change; the current password is required. Other sessions of the account end.

    A wrong current password counts as a failed sign-in from this client address (``throttling``): a
    stolen session cannot be used to guess the password at leisure. The caller keeps that count
    (commits) even though the change is refused.
    """
    now = now or clock.now()
    keys = throttling.sign_in_keys(staff.email, client_address)
    wait = throttling.wait_left(db, keys, now)
    if wait:
        raise AccountError(f"Trop d'essais infructueux : réessayez dans {throttling.french_wait(wait)}.",
                           field="current_password")
    if not verify_password(staff.password_hash, current_password or ""):
        throttling.record_failure(db, keys, now)
        raise AccountError("Le mot de passe actuel n'est pas le bon.", field="current_password")
    check_confirmation(new_password, confirmation)
    if new_password == current_password:
        raise AccountError("Choisissez un mot de passe différent de l'actuel.", field="password")
    _set_password(db, staff, new_password)
    return staff


@operation
def issue_temporary_password(db: DbSession, staff: StaffMember, *, actor: StaffMember) -> str:
    """A random password for ``staff``, to show once to ``actor`` (an admin); the next sign-in must replace it.
    The account's sessions end. Returned in clear, stored hashed only."""
    if actor.id == staff.id:
        raise AccountError("Changez votre propre mot de passe depuis « Mon compte ».")
    password = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    staff.password_hash = passwords.HASHER.hash(password)  # random: no strength rule to check
    staff.must_change_password = True
    staff.session_version = (staff.session_version or 1) + 1
    return password


@operation
def reset_password(db: DbSession, staff: StaffMember, *, new_password: str, confirmation: str) -> StaffMember:
    """The person followed a reset link (its token checked by ``staff_for_reset_token``)."""
    check_confirmation(new_password, confirmation)
    _set_password(db, staff, new_password)
    return staff


def _fingerprint(staff: StaffMember) -> str:
    state = f"{staff.password_hash or ''}:{staff.session_version or 1}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="idmix-password-reset")


def reset_token(staff: StaffMember, secret_key: str, now: dt.datetime | None = None) -> str:
    """The token of a reset link for ``staff``, valid ``RESET_LINK_LIFETIME`` and once."""
    ends = int(((now or clock.now()) + RESET_LINK_LIFETIME).timestamp())
    return _serializer(secret_key).dumps([staff.id, ends, _fingerprint(staff)])


def staff_for_reset_token(db: DbSession, token: str, secret_key: str,
                          now: dt.datetime | None = None) -> StaffMember | None:
    """The active account a reset token names, if it is still valid and unused; else None."""
    if not token or len(token) > 512:
        return None
    try:
        staff_id, ends, fingerprint = _serializer(secret_key).loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(staff_id, int) or not 0 < staff_id <= MAX_ID or not isinstance(ends, int):
        return None
    if (now or clock.now()).timestamp() > ends:
        return None
    staff = db.get(StaffMember, staff_id)
    if staff is None or not staff.active or fingerprint != _fingerprint(staff):
        return None
    return staff


def reset_message(staff: StaffMember, link: str) -> tuple[str, str]:
    """The e-mail of a reset link: (subject, body)."""
    minutes = int(RESET_LINK_LIFETIME.total_seconds() // 60)
    return ("ID'MIX : choisir votre mot de passe", (
        f"Bonjour {staff.first_name},\n\n"
        "Un administrateur d'ID'MIX vous envoie ce lien pour choisir votre mot de passe :\n\n"
        f"{link}\n\n"
        f"Il est valable {minutes} minutes et une seule fois. Si vous n'avez rien demandé, ignorez ce message : "
        "votre mot de passe actuel reste valable.\n"))
