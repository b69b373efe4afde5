"""Adding and changing a structure of the partner directory. Operations flush, never commit."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from shared.alphabetical import sort_key
from shared.groups.models import Group
from shared.partners.models import Partner
from shared.partners.rules import check_may_change, partner_fields
from shared.staff.models import StaffMember
from shared.writes import operation


def _apply(partner: Partner, groups, actor, values) -> Partner:
    groups = list(groups or [])
    check_may_change(actor, partner, {group.id for group in groups})
    for name, value in partner_fields(**values).items():
        setattr(partner, name, value)
    partner.groups = sorted(set(groups), key=lambda group: sort_key(group.name))
    return partner


@operation
def add_partner(db: DbSession, *, name: str | None, kind, address: str | None = None,
                contact_name: str | None = None, phone: str | None = None, email: str | None = None,
                groups: list[Group] | None = None, actor: StaffMember | None = None) -> Partner:
    """A new structure in the directory. Raises ``PartnerRuleError`` (French, on its field)."""
    partner = _apply(Partner(), groups, actor, dict(name=name, kind=kind, address=address,
                                                   contact_name=contact_name, phone=phone, email=email))
    db.add(partner)
    return partner


@operation
def update_partner(db: DbSession, partner: Partner, *, name: str | None, kind, address: str | None = None,
                   contact_name: str | None = None, phone: str | None = None, email: str | None = None,
                   groups: list[Group] | None = None, actor: StaffMember | None = None) -> Partner:
    return _apply(partner, groups, actor, dict(name=name, kind=kind, address=address, contact_name=contact_name,
                                               phone=phone, email=email))
