"""Creating staff accounts (the CLI and the back-office both go through here)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.errors import DomainError
from shared.groups.models import Group
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password
from shared.writes import operation

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_JOB = {Role.ADMIN: JobTitle.MANAGER, Role.FACILITATOR: JobTitle.FACILITATOR, Role.REFERRER: JobTitle.ASS}


class AccountError(DomainError):
    pass


def check_email(db: DbSession, email: str, *, exclude_id: int | None = None) -> str:
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise AccountError("Adresse e-mail invalide.", field="email")
    query = select(StaffMember.id).where(func.lower(StaffMember.email) == email)
    if exclude_id is not None:
        query = query.where(StaffMember.id != exclude_id)
    if db.scalar(query) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.", field="email")
    return email


@operation
def create_staff_member(
    db: DbSession,
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: Role,
    password: str,
    job_title: JobTitle | None = None,
    groups: list[Group] = (),
) -> StaffMember:
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise AccountError("Indiquez le prénom et le nom.", field="first_name")
    staff = StaffMember(
        email=check_email(db, email),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        job_title=job_title or DEFAULT_JOB[role],
        password_hash=hash_password(password),
        active=True,
    )
    staff.groups = list(groups)
    db.add(staff)
    db.flush()
    return staff
