"""Creating and changing staff accounts (the CLI and the back-office both go through here)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session as DbSession

from shared.groups.models import Group
from shared.staff.known_words import structure_words
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password
from shared.staff.rules import AccountError, check_email, check_names, check_new_account_password
from shared.writes import operation

__all__ = ["AccountError", "check_email", "create_staff_member", "update_staff_member"]

DEFAULT_JOB = {Role.ADMIN: JobTitle.MANAGER, Role.FACILITATOR: JobTitle.FACILITATOR, Role.REFERRER: JobTitle.ASS}


def _check_role(role: Role | None) -> Role:
    if not isinstance(role, Role):
        raise AccountError("Choisissez le rôle.", field="role")
    return role


@operation
def create_staff_member(
    db: DbSession,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: Role,
    password: str | None,
    job_title: JobTitle | None = None,
    groups: Iterable[Group] = (),
    active: bool = True,
    temporary_password: bool = False,
) -> StaffMember:
    """A new account; its password is hashed (``shared.staff.passwords``), never stored in clear. A referrer
    without a password is a contact: chosen as referrer and party, never signed in.

    ``temporary_password``: the password was chosen by someone else (an admin, in the back-office): the
    first sign-in must replace it (``shared.staff.password_resets``). ``idmix create-user`` leaves it off.
    """
    first_name, last_name = check_names(first_name, last_name)
    role = _check_role(role)
    password = check_new_account_password(password, role)
    staff = StaffMember(
        email=check_email(db, email),
        first_name=first_name,
        last_name=last_name,
        role=role,
        job_title=job_title or DEFAULT_JOB[role],
        password_hash=None if password is None else hash_password(password, (email, first_name, last_name),
                                                                  structure_words(db)),
        active=bool(active),
        must_change_password=bool(temporary_password and password is not None),
    )
    staff.groups = list(groups or [])
    db.add(staff)
    return staff


@operation
def update_staff_member(
    db: DbSession,
    staff: StaffMember,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: Role,
    job_title: JobTitle | None,
    groups: Iterable[Group],
    active: bool,
    actor: StaffMember | None = None,
) -> StaffMember:
    """Change an account, never its password: each person changes their own, and an admin sends a
    reset (``shared.staff.password_resets``).

    The signed-in admin cannot lock themself out (deactivate their own account or drop their role).
    """
    first_name, last_name = check_names(first_name, last_name)
    role = _check_role(role)
    if actor is not None and actor.id == staff.id:
        if not active:
            raise AccountError("Vous ne pouvez pas désactiver votre propre compte.", field="active")
        if role is not staff.role:
            raise AccountError("Vous ne pouvez pas changer votre propre rôle : demandez à un autre administrateur.",
                               field="role")
    ends_sessions = (staff.active and not active) or role is not staff.role
    staff.email = check_email(db, email, exclude_id=staff.id)
    staff.first_name, staff.last_name, staff.role = first_name, last_name, role
    staff.job_title = job_title or DEFAULT_JOB[role]
    staff.groups = list(groups or [])
    staff.active = bool(active)
    if ends_sessions:  # a deactivation or a role change signs the account out everywhere
        staff.session_version = (staff.session_version or 1) + 1
    return staff
