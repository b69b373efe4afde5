"""The yearly activity report (bilan d'activité) for the funders: every figure, for a group or all
groups, in a fixed number of SQL queries whatever the number of people: the one-row counts
(sessions, attendance, contracts) together in one statement (``one_row``), then one GROUP BY query
per breakdown (people, referrals, objectives, exits, moods and moods per session, decisions, joint sessions and
partners); the attestations' counts join the one-row statement.

The screens, the print view, the CSV/XLSX export and ``idmix report`` all call ``activity_report``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.reports.attestations import AttestationFigures, attestation_counts, attestation_figures
from shared.reports.contracts import (
    ContractFigures, ExitFigures, ObjectiveFigures, contract_counts, contract_figures, exit_figures, objective_figures,
)
from shared.reports.one_row import read_one_row
from shared.reports.people import PeopleFigures, ReferralFigures, people_figures, referral_figures
from shared.reports.decisions import DecisionFigures, decision_figures
from shared.reports.openness import OpennessFigures, openness_figures
from shared.reports.scope import ReportScope
from shared.reports.sessions import (
    AttendanceFigures, MoodFigures, SessionFigures, attendance_figures, expected_under_contract, mood_figures,
    presence_counts, session_counts, session_figures,
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
    decisions: DecisionFigures | None = None  # « décisions prises avec le groupe » (shared.decisions)
    attestations: AttestationFigures | None = None  # « valorisation des personnes » (shared.attestations)
    openness: OpennessFigures | None = None  # « Ouverture sur l'extérieur » (joint sessions, partners)


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
    counts = read_one_row(db, {
        "sessions": session_counts(scope),
        "presences": presence_counts(scope),
        "expected": expected_under_contract(scope),
        "contracts": contract_counts(scope),
        "attestations": attestation_counts(scope),
    })
    sessions = session_figures(counts["sessions"])
    return ActivityReport(
        scope=scope,
        sessions=sessions,
        attendance=attendance_figures(counts["presences"], counts["expected"], held=sessions.held),
        people=people_figures(db, scope),
        referrals=referral_figures(db, scope),
        contracts=contract_figures(counts["contracts"]),
        objectives=objective_figures(db, scope),
        exits=exit_figures(db, scope),
        moods=mood_figures(db, scope),
        decisions=decision_figures(db, scope),
        attestations=attestation_figures(counts["attestations"]),
        openness=openness_figures(db, scope),
    )


def yearly_report(db: DbSession, year: int, *, group_id: int | None = None,
                  today: dt.date | None = None) -> ActivityReport:
    """The calendar year, 1 January to 31 December."""
    return activity_report(db, period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31),
                           group_id=group_id, today=today)
