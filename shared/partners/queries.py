"""Named queries of the partner directory."""

from __future__ import annotations

from sqlalchemy import Select, select

from shared.alphabetical import alphabetical
from shared.exits.models import ExitDestination
from shared.partners.models import Partner, PartnerKind, partner_group

# The kinds of structure a destination usually leads to: what the exit planning suggests first.
DESTINATION_KINDS: dict[ExitDestination, tuple[PartnerKind, ...]] = {
    ExitDestination.EMPLOYMENT: (PartnerKind.EMPLOYER, PartnerKind.INTEGRATION),
    ExitDestination.TRAINING: (PartnerKind.TRAINING, PartnerKind.INTEGRATION),
    ExitDestination.OTHER_GROUP: (PartnerKind.ASSOCIATION, PartnerKind.COLLECTIVE_ACTION),
    ExitDestination.HEALTH_CARE: (PartnerKind.HEALTH,),
}


def partners_of_groups(group_ids) -> Select:
    """The structures one of ``group_ids`` works with, by name."""
    linked = select(partner_group.c.partner_id).where(partner_group.c.group_id.in_(list(group_ids)))
    return select(Partner).where(Partner.id.in_(linked)).order_by(*alphabetical(Partner.name, Partner.id))


def suggested_partners(group_id: int, destination: ExitDestination | None) -> Select:
    """The structures the group already works with for that kind of destination (none for a destination no kind
    of structure matches: a move, a person who stopped coming)."""
    kinds = DESTINATION_KINDS.get(destination, ()) if destination is not None else ()
    return partners_of_groups([group_id]).where(Partner.kind.in_(kinds))
