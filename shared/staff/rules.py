"""The rules of a staff account: a valid e-mail no other account uses, a name, a password to start with."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.errors import DomainError
from shared.staff.models import Role, StaffMember
from shared.text import NAME, SHORT, clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(DomainError):
    """A staff account cannot be saved as asked."""


def check_email(db: DbSession, email: str | None, *, exclude_id: int | None = None) -> str:
    """The address in lower case; refused when it is not an address or another account has it."""
    email = (clean_text(email, limit=SHORT, field="email", label="l'adresse e-mail", required=True) or "").lower()
    if not _EMAIL.match(email):
        raise AccountError("Adresse e-mail invalide : écrivez-la sous la forme prenom.nom@exemple.fr.", field="email")
    query = select(StaffMember.id).where(func.lower(StaffMember.email) == email)
    if exclude_id is not None:
        query = query.where(StaffMember.id != exclude_id)
    with db.no_autoflush:
        if db.scalar(query) is not None:
            raise AccountError("Un compte existe déjà avec cette adresse e-mail.", field="email")
    return email


def check_names(first_name: str | None, last_name: str | None) -> tuple[str, str]:
    return (clean_text(first_name, limit=NAME, field="first_name", label="le prénom", required=True),
            clean_text(last_name, limit=NAME, field="last_name", label="le nom", required=True))


def check_new_account_password(password: str | None, role: Role) -> str | None:
    """A password for every new account, except a referring social worker's: without one, the record is a
    contact (external, or without an account) who can be a referrer and a party but never signs in."""
    if not password:
        if role is Role.REFERRER:
            return None
        raise AccountError("Choisissez un mot de passe pour ce nouveau compte (seul un travailleur social "
                           "orienteur peut être enregistré sans mot de passe, comme contact).", field="password")
    return password
