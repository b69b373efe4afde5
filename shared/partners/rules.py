"""The rules of the partner directory: what a structure's card holds, who may change it, and which partner a
session or an exit may name.

There is no department in ID'MIX: « a partner from another department's directory » is, here, a structure
that none of the groups concerned works with. A session names a partner of one of its groups; an exit plan or an
exit, a partner of the person's group. A structure new to the group is first linked to it in the directory.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.errors import DomainError
from shared.partners.models import Partner, PartnerKind
from shared.people.rules import normalise_phone
from shared.staff.models import Role, StaffMember
from shared.staff.rules import _EMAIL as EMAIL_PATTERN
from shared.text import LINE, NAME, SHORT, clean_text


class PartnerRuleError(DomainError):
    """A partner's card, or a partner named on a session or an exit, breaks a rule."""


def partner_fields(*, name, kind, address, contact_name, phone, email) -> dict:
    """The card's fields, cleaned; a French refusal next to the field otherwise."""
    if not isinstance(kind, PartnerKind):
        raise PartnerRuleError("Choisissez le type de structure.", field="kind")
    email = clean_text(email, limit=SHORT, field="email", label="l'adresse e-mail")
    if email is not None and not EMAIL_PATTERN.match(email):
        raise PartnerRuleError("Adresse e-mail invalide : écrivez-la sous la forme contact@structure.fr.",
                               field="email")
    try:
        phone = normalise_phone(phone)
    except DomainError as error:
        raise PartnerRuleError(error.message, field="phone") from None
    return dict(
        name=clean_text(name, limit=SHORT, field="name", label="le nom de la structure", required=True),
        kind=kind,
        address=clean_text(address, limit=LINE, field="address", label="l'adresse"),
        contact_name=clean_text(contact_name, limit=NAME, field="contact_name", label="la personne à contacter"),
        phone=phone,
        email=email,
    )


def check_may_change(actor: StaffMember | None, partner: Partner, new_group_ids: set[int]) -> None:
    """Admins (and the command line, ``actor`` None) change any card; a facilitator, the cards of structures their
    groups work with, ticking or unticking their own groups only and keeping one; nobody else."""
    if actor is None or actor.role is Role.ADMIN:
        return
    if actor.role is not Role.FACILITATOR:
        raise PartnerRuleError("Seuls les administrateurs et les animateurs des groupes modifient l'annuaire.")
    own = {group.id for group in actor.groups}
    if partner.id is not None and not (partner.group_ids & own):
        raise PartnerRuleError("Cette structure ne travaille avec aucun de vos groupes : seul un administrateur "
                               "ou un animateur d'un de ses groupes la modifie.")
    if not new_group_ids & own:
        raise PartnerRuleError("Cochez au moins un de vos groupes parmi ceux qui travaillent avec cette structure.",
                               field="groups")
    # Another group's link is that group's to make or undo.
    if (new_group_ids ^ partner.group_ids) - own:
        raise PartnerRuleError("Vous ne pouvez ajouter ou retirer que vos propres groupes.", field="groups")


def check_partner_of(partner: Partner | None, group_ids: Iterable[int], *, field: str, whose: str) -> None:
    """``partner`` (if any) works with one of ``group_ids``: else it belongs to another directory."""
    if partner is None:
        return
    if not partner.group_ids & set(group_ids):
        raise PartnerRuleError(
            f"« {partner.name} » ne travaille pas avec {whose} : ajoutez d'abord le groupe à sa fiche dans "
            "l'annuaire des partenaires.", field=field)
