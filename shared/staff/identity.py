"""Signing in through the department's OpenID provider: which account an identity opens, or why none.

- an identity already linked opens its account, found by issuer and ``sub`` only: an e-mail changed at
  the provider cannot take over another account;
- otherwise the provider's verified e-mail links the account an administrator created beforehand (once:
  an account already linked to another identity is refused);
- no account is created unless the administrator chose a mapping from a claim's values (a group, a role)
  to ID'MIX roles (``role_map``): then the first sign-in creates it with the mapped role;
- a deactivated account is refused whatever the provider says.
Every refusal is an ``IdentityRefused`` with its French sentence; the caller rolls back, nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.audit.models import AuditAction
from shared.audit.recorder import note
from shared.errors import DomainError
from shared.staff.accounts import DEFAULT_JOB
from shared.staff.models import Role, StaffMember
from shared.staff.rules import check_email, check_names
from shared.writes import operation

UNVERIFIED_EMAIL = ("Votre fournisseur d'identité n'a pas confirmé votre adresse e-mail\u00a0: la connexion est "
                    "refusée. Demandez à votre service informatique de la faire vérifier.")
NO_ACCOUNT = ("Aucun compte ID'MIX ne correspond à votre identité. Demandez à un administrateur d'ID'MIX de "
              "créer votre compte avec votre adresse e-mail professionnelle.")
DEACTIVATED = "Votre compte ID'MIX est désactivé. Adressez-vous à un administrateur d'ID'MIX."
OTHER_IDENTITY = ("Le compte ID'MIX de cette adresse e-mail est déjà relié à une autre identité de votre "
                  "fournisseur. Adressez-vous à un administrateur d'ID'MIX.")
ROLE_PRIORITY = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)


class IdentityRefused(DomainError):
    """The provider vouched for someone ID'MIX does not let in."""


@dataclass(frozen=True)
class ProviderIdentity:
    """What a verified ID token (and userinfo) says of the person."""

    issuer: str
    subject: str
    email: str | None = None
    email_verified: bool = False
    first_name: str | None = None
    last_name: str | None = None
    claim_values: tuple[str, ...] = field(default_factory=tuple)  # the mapped claim's values (groups, roles)


def parse_role_map(text: str | None) -> dict[str, Role]:
    """``IDMIX_OIDC_ROLE_MAP``: « valeur=rôle » pairs separated by commas, the role one of admin, facilitator,
    referrer (« idmix-admins=admin, idmix-animateurs=facilitator »). A mistake raises ValueError in French."""
    mapping: dict[str, Role] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        value, _, role = pair.partition("=")
        try:
            mapping[value.strip()] = Role(role.strip())
        except ValueError:
            raise ValueError(f"IDMIX_OIDC_ROLE_MAP\u00a0: «\u00a0{pair.strip()}\u00a0» n'est pas de la forme "
                             "valeur=admin, valeur=facilitator ou valeur=referrer.") from None
    return mapping


def mapped_role(values: Iterable[str], role_map: Mapping[str, Role]) -> Role | None:
    """The highest role any of the claim's values maps to, or None."""
    roles = {role_map[value] for value in values if value in role_map}
    return next((role for role in ROLE_PRIORITY if role in roles), None)


def linked_account(db: DbSession, issuer: str, subject: str) -> StaffMember | None:
    return db.scalar(select(StaffMember).where(StaffMember.oidc_issuer == issuer,
                                               StaffMember.oidc_subject == subject))


@operation
def sign_in_with_provider(db: DbSession, identity: ProviderIdentity, *, provider_name: str,
                          role_map: Mapping[str, Role] | None = None, now: dt.datetime | None = None) -> StaffMember:
    """The account ``identity`` opens (linked, or created when ``role_map`` says so), with « Connexion par
    <fournisseur> » in the journal; else IdentityRefused."""
    staff = linked_account(db, identity.issuer, identity.subject)
    if staff is None:
        staff = _link_or_create(db, identity, role_map or {})
    if not staff.active:
        raise IdentityRefused(DEACTIVATED)
    note(db, actor=staff, action=AuditAction.UPDATE, table_name=StaffMember.__tablename__, record_id=staff.id,
         changes={"connexion": [None, f"Connexion par {provider_name}"]}, now=now or clock.now())
    return staff


def _link_or_create(db: DbSession, identity: ProviderIdentity, role_map: Mapping[str, Role]) -> StaffMember:
    email = (identity.email or "").strip().lower()
    if not email or not identity.email_verified:
        raise IdentityRefused(UNVERIFIED_EMAIL)
    staff = db.scalar(select(StaffMember).where(func.lower(StaffMember.email) == email))
    if staff is not None:
        if not staff.active:
            raise IdentityRefused(DEACTIVATED)
        if staff.oidc_subject is not None:
            raise IdentityRefused(OTHER_IDENTITY)
        staff.oidc_issuer, staff.oidc_subject = identity.issuer, identity.subject
        return staff
    role = mapped_role(identity.claim_values, role_map)
    if role is None:
        raise IdentityRefused(NO_ACCOUNT)
    try:
        first_name, last_name = check_names(identity.first_name, identity.last_name)
        staff = StaffMember(email=check_email(db, email), first_name=first_name, last_name=last_name, role=role,
                            job_title=DEFAULT_JOB[role], password_hash=None, active=True,
                            oidc_issuer=identity.issuer, oidc_subject=identity.subject)
    except DomainError as error:  # a name or an address the accounts' rules refuse
        raise IdentityRefused(f"Votre compte ne peut pas être créé\u00a0: {error.message}") from None
    db.add(staff)
    db.flush()  # its id, for the journal's entry
    return staff
