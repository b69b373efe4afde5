"""Named exit queries: whether a person had left the group on a given day.

A person who left comes back through a new referral: an exit is undone, from the day of that return,
by a later referral. The contracts (no renewal after leaving) and the sessions (no attendance after
leaving) ask the same question of this one builder, in SQL or for one person.
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from shared.exits.models import Exit
from shared.people.models import Referral


def exits_not_undone_by(participant_id, on) -> Select:
    """The exits of a person that no return (a referral after the exit, on or before ``on``) undid.

    ``participant_id`` and ``on`` are values or columns of an enclosing query (correlated then).
    """
    back = aliased(Referral)
    came_back = (
        select(back.id)
        .where(back.participant_id == Exit.participant_id, back.referred_on > Exit.left_on, back.referred_on <= on)
        .correlate_except(back)
        .exists()
    )
    return select(Exit).where(Exit.participant_id == participant_id, ~came_back).correlate_except(Exit)
