"""What a report is about: a period (both days included), one group, several or all, and "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select, true

from shared.errors import DomainError


class ReportError(DomainError):
    """A report cannot be built as asked."""


@dataclass(frozen=True)
class ReportScope:
    period_from: dt.date
    period_to: dt.date
    today: dt.date
    group_id: int | None = None  # None: all groups (or those of ``group_ids``)
    # Several groups, e.g. "all my groups" for a facilitator; None: no limit. Ignored when group_id is set.
    group_ids: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if self.period_from is None or self.period_to is None:
            raise ReportError("Indiquez le début et la fin de la période.")
        if self.period_to < self.period_from:
            raise ReportError("La fin de la période doit être après son début.", field="period_to")

    @property
    def last_day_so_far(self) -> dt.date:
        """The period's last day, or today while the period is still running."""
        return min(self.period_to, self.today)

    def of_group(self, column):
        """``column == group_id``, ``column IN group_ids``, or no condition for all groups."""
        if self.group_id is not None:
            return column == self.group_id
        if self.group_ids is not None:
            return column.in_(sorted(self.group_ids)) if self.group_ids else false()
        return true()

    def of_session_group(self):
        """Sessions of the report's groups: hosted by one, or a joint session one is invited to."""
        if self.group_id is None and self.group_ids is None:
            return true()
        from shared.sessions.models import Session, session_guest_group

        guests = select(session_guest_group.c.session_id).where(self.of_group(session_guest_group.c.group_id))
        return or_(self.of_group(Session.group_id), Session.id.in_(guests))

    def of_own_people(self, participant_id):
        """On a joint session, each person counts in their own group's report: ``participant_id`` is one of the
        report's groups' people, or the session has no guest (everyone there is the group's)."""
        if self.group_id is None and self.group_ids is None:
            return true()
        from shared.people.models import Participant
        from shared.sessions.models import Session, session_guest_group

        joint = Session.id.in_(select(session_guest_group.c.session_id))
        own = participant_id.in_(select(Participant.id).where(self.of_group(Participant.group_id)))
        return or_(and_(self.of_group(Session.group_id), ~joint), own)

    def covers(self, column):
        return column.between(self.period_from, self.period_to)
