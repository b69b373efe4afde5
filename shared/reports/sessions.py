"""Report figures about sessions: held and cancelled, attendance, and feedback moods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session as DbSession

from shared.contracts.models import Contract
from shared.feedback.models import Feedback, Mood
from shared.feedback.queries import MIN_ANSWERS_FOR_AVERAGE, mood_averages, visible_to_staff
from shared.reports.one_row import count_if
from shared.reports.scope import ReportScope
from shared.sessions.models import Attendance, AttendanceStatus, Session, session_guest_group


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
        scope.of_session_group(),
    )


def of_session_groups(group_id_column):
    """``group_id_column`` is the session's group or one of its guests (a joint session)."""
    guests = select(session_guest_group.c.group_id).where(session_guest_group.c.session_id == Session.id)
    return or_(group_id_column == Session.group_id, group_id_column.in_(guests.scalar_subquery()))


def session_counts(scope: ReportScope) -> Select:
    """One row: held, cancelled, planned (read with the other one-row counts, see ``one_row``)."""
    return select(
        count_if(and_(Session.cancelled.is_(False), Session.held_on <= scope.today)).label("held"),
        count_if(Session.cancelled.is_(True)).label("cancelled"),
        count_if(and_(Session.cancelled.is_(False), Session.held_on > scope.today)).label("planned"),
    ).where(scope.covers(Session.held_on), scope.of_session_group())


def session_figures(counts: Mapping[str, Any]) -> SessionFigures:
    return SessionFigures(held=int(counts["held"]), cancelled=int(counts["cancelled"]), planned=int(counts["planned"]))


def _contract_in_force_at_session(participant_id):
    return (
        select(Contract.id)
        .where(Contract.participant_id == participant_id, of_session_groups(Contract.group_id),
               Contract.in_force_on(Session.held_on))
        .correlate(Attendance, Session)
        .exists()
    )


def presence_counts(scope: ReportScope) -> Select:
    """One row: the presences at the sessions held, and how many of them under a contract in force. On a joint
    session, each group counts its own people (``ReportScope.of_own_people``)."""
    return (
        select(
            func.count(Attendance.id).label("present"),
            count_if(_contract_in_force_at_session(Attendance.participant_id)).label("under_contract"),
        )
        .join(Session, Session.id == Attendance.session_id)
        .where(held_condition(scope), Attendance.status == AttendanceStatus.PRESENT,
               scope.of_own_people(Attendance.participant_id))
    )


def expected_under_contract(scope: ReportScope) -> Select:
    """One row: the presences expected from the contracts (one per contract in force at each session held, with
    the session's group or, on a joint session, one of its guests: each counted in its own group)."""
    return (
        select(func.count().label("expected"))
        .select_from(Session)
        .join(Contract, and_(of_session_groups(Contract.group_id), Contract.in_force_on(Session.held_on)))
        .where(held_condition(scope), scope.of_group(Contract.group_id))
    )


def attendance_figures(presences: Mapping[str, Any], under_contract_expected: Mapping[str, Any],
                       held: int) -> AttendanceFigures:
    """From the rows of ``presence_counts`` and ``expected_under_contract``, whatever the number of sessions."""
    total, under_contract = int(presences["present"]), int(presences["under_contract"])
    on_trial = total - under_contract
    expected = int(under_contract_expected["expected"]) + on_trial
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
        .where(visible_to_staff(scope.today), scope.covers(Session.held_on), scope.of_session_group())
        .group_by(Feedback.mood)
    ).all()
    counts = {mood: int(n) for mood, n in rows}
    answers = sum(counts.values())
    per_session = db.execute(
        mood_averages(scope.today).where(scope.of_session_group(), scope.covers(Session.held_on))
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
