"""Report figures about sessions: held and cancelled, attendance, and feedback moods."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session as DbSession

from shared.contracts.models import Contract
from shared.feedback.models import Feedback, Mood
from shared.feedback.queries import MIN_ANSWERS_FOR_AVERAGE, mood_averages, visible_to_staff
from shared.reports.scope import ReportScope
from shared.sessions.models import Attendance, AttendanceStatus, Session


@dataclass(frozen=True)
class SessionFigures:
    held: int       # not cancelled, in the period, on or before today
    cancelled: int  # cancelled, in the period
    planned: int    # not cancelled, in the period, after today (a period still running)


@dataclass(frozen=True)
class AttendanceFigures:
    """Attendance at the sessions held.

    Expected at a session: the people with a contract in force that day with the session's group,
    plus the people who came without one (on trial). ``rate`` = present / expected.
    """

    present: int
    present_under_contract: int
    present_on_trial: int
    expected: int
    per_session: float | None  # present / sessions held
    rate: float | None


@dataclass(frozen=True)
class SessionMood:
    session_id: int
    held_on: dt.date
    answers: int
    average: float


@dataclass(frozen=True)
class MoodFigures:
    """Feedback moods staff may see. Averages and counts only from 3 answers (the kiosk rule)."""

    answers: int
    average: float | None
    by_mood: dict[Mood, int] | None
    sessions: list[SessionMood] = field(default_factory=list)


def held_condition(scope: ReportScope):
    return and_(
        Session.cancelled.is_(False),
        Session.held_on.between(scope.period_from, scope.last_day_so_far),
        scope.of_group(Session.group_id),
    )


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def session_figures(db: DbSession, scope: ReportScope) -> SessionFigures:
    row = db.execute(
        select(
            _count_if(and_(Session.cancelled.is_(False), Session.held_on <= scope.today)).label("held"),
            _count_if(Session.cancelled.is_(True)).label("cancelled"),
            _count_if(and_(Session.cancelled.is_(False), Session.held_on > scope.today)).label("planned"),
        ).where(scope.covers(Session.held_on), scope.of_group(Session.group_id))
    ).one()
    return SessionFigures(held=int(row.held), cancelled=int(row.cancelled), planned=int(row.planned))


def _contract_in_force_at_session(participant_id):
    return (
        select(Contract.id)
        .where(Contract.participant_id == participant_id, Contract.group_id == Session.group_id,
               Contract.in_force_on(Session.held_on))
        .correlate(Attendance, Session)
        .exists()
    )


def attendance_figures(db: DbSession, scope: ReportScope, held: int) -> AttendanceFigures:
    """Two queries, whatever the number of sessions and people."""
    present = db.execute(
        select(
            func.count(Attendance.id).label("present"),
            _count_if(_contract_in_force_at_session(Attendance.participant_id)).label("under_contract"),
        )
        .join(Session, Session.id == Attendance.session_id)
        .where(held_condition(scope), Attendance.status == AttendanceStatus.PRESENT)
    ).one()
    under_contract_expected = db.scalar(
        select(func.count())
        .select_from(Session)
        .join(Contract, and_(Contract.group_id == Session.group_id, Contract.in_force_on(Session.held_on)))
        .where(held_condition(scope))
    ) or 0
    total, under_contract = int(present.present), int(present.under_contract)
    on_trial = total - under_contract
    expected = int(under_contract_expected) + on_trial
    return AttendanceFigures(
        present=total,
        present_under_contract=under_contract,
        present_on_trial=on_trial,
        expected=expected,
        per_session=round(total / held, 2) if held else None,
        rate=round(total / expected, 4) if expected else None,
    )


def mood_figures(db: DbSession, scope: ReportScope) -> MoodFigures:
    """Reuses the kiosk's ``mood_averages`` (3 answers at least) for the per-session line."""
    rows = db.execute(
        select(Feedback.mood, func.count(Feedback.id))
        .join(Session, Session.id == Feedback.session_id)
        .where(visible_to_staff(scope.today), scope.covers(Session.held_on), scope.of_group(Session.group_id))
        .group_by(Feedback.mood)
    ).all()
    counts = {mood: int(n) for mood, n in rows}
    answers = sum(counts.values())
    per_session = db.execute(
        mood_averages(scope.today).where(scope.of_group(Session.group_id), scope.covers(Session.held_on))
    ).all()
    sessions = [SessionMood(r.session_id, r.held_on, int(r.answers), round(float(r.average), 2))
                for r in sorted(per_session, key=lambda r: r.held_on)]
    if answers < MIN_ANSWERS_FOR_AVERAGE:
        return MoodFigures(answers=answers, average=None, by_mood=None, sessions=sessions)
    average = sum(mood.score * n for mood, n in counts.items()) / answers
    return MoodFigures(
        answers=answers,
        average=round(average, 2),
        by_mood={mood: counts.get(mood, 0) for mood in Mood},
        sessions=sessions,
    )
