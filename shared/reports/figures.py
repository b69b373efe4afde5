"""The yearly activity report (bilan d'activité) for the funders: every figure, for a group or all
groups, in a fixed number of SQL queries (GROUP BY aggregates) whatever the number of people.

The screens, the print view, the CSV/XLSX export and ``idmix report`` all call ``activity_report``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.reports.contracts import (
    ContractFigures, ExitFigures, ObjectiveFigures, contract_figures, exit_figures, objective_figures,
)
from shared.reports.people import PeopleFigures, ReferralFigures, people_figures, referral_figures
from shared.reports.scope import ReportScope
from shared.reports.sessions import (
    AttendanceFigures, MoodFigures, SessionFigures, attendance_figures, mood_figures, session_figures,
)


@dataclass(frozen=True)
class ActivityReport:
    scope: ReportScope
    sessions: SessionFigures
    attendance: AttendanceFigures
    people: PeopleFigures
    referrals: ReferralFigures
    contracts: ContractFigures
    objectives: ObjectiveFigures
    exits: ExitFigures
    moods: MoodFigures


def activity_report(
    db: DbSession,
    *,
    period_from: dt.date,
    period_to: dt.date,
    group_id: int | None = None,
    group_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> ActivityReport:
    """The report for ``[period_from, period_to]`` (both included), for one group, the groups of
    ``group_ids`` together (a facilitator's "all my groups"), or all groups (both ``None``).

    Raise ``ReportError`` when the period ends before it starts.
    """
    scope = ReportScope(period_from=period_from, period_to=period_to, group_id=group_id,
                        group_ids=frozenset(group_ids) if group_ids is not None else None,
                        today=today or clock.today())
    sessions = session_figures(db, scope)
    return ActivityReport(
        scope=scope,
        sessions=sessions,
        attendance=attendance_figures(db, scope, sessions.held),
        people=people_figures(db, scope),
        referrals=referral_figures(db, scope),
        contracts=contract_figures(db, scope),
        objectives=objective_figures(db, scope),
        exits=exit_figures(db, scope),
        moods=mood_figures(db, scope),
    )


def yearly_report(db: DbSession, year: int, *, group_id: int | None = None,
                  today: dt.date | None = None) -> ActivityReport:
    """The calendar year, 1 January to 31 December."""
    return activity_report(db, period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31),
                           group_id=group_id, today=today)
