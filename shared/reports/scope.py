"""What a report is about: a period (both days included), one group or all, and "today"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import true

from shared.errors import DomainError


class ReportError(DomainError):
    """A report cannot be built as asked."""


@dataclass(frozen=True)
class ReportScope:
    period_from: dt.date
    period_to: dt.date
    today: dt.date
    group_id: int | None = None  # None: all groups

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
        """``column == group_id``, or no condition for all groups."""
        return true() if self.group_id is None else column == self.group_id

    def covers(self, column):
        return column.between(self.period_from, self.period_to)
