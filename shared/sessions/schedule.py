"""A group's schedule: which days it meets, and which public holidays (of its region) and closure
periods skip a session."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.errors import ScheduleError
from shared.groups.closures import GroupClosure, closures_between
from shared.groups.holidays import public_holidays
from shared.groups.models import Group
from shared.sessions.models import Session
from shared.sessions.rules import check_session_day
from shared.writes import operation

MAX_RANGE_DAYS = 3 * 366


@dataclass
class SkippedDate:
    day: dt.date
    reason: str


@dataclass
class ScheduleResult:
    created: list[Session] = field(default_factory=list)
    already_there: list[dt.date] = field(default_factory=list)
    skipped: list[SkippedDate] = field(default_factory=list)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th given weekday of a month (1-based), or None when the month has fewer."""
    days = [week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday]]
    return dt.date(year, month, days[n - 1]) if n <= len(days) else None


def french_holidays(start: dt.date, end: dt.date, region: str | None = None) -> dict[dt.date, str]:
    return public_holidays(start, end, region)


def planned_days(group: Group, start: dt.date, end: dt.date,
                 closures: list[GroupClosure] = ()) -> tuple[list[dt.date], list[SkippedDate]]:
    """Meeting days between start and end (inclusive), and the dates skipped for a holiday of the
    group's region or a closure period."""
    if end < start:
        raise ScheduleError("La date de fin de la période est avant sa date de début.", field="end")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ScheduleError("Générez au plus trois ans de séances à la fois.", field="end")
    holidays_off = french_holidays(start, end, group.holiday_region)
    days: list[dt.date] = []
    skipped: list[SkippedDate] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        for n in group.weeks:
            day = nth_weekday(year, month, group.weekday, n)
            if day is None or not start <= day <= end:
                continue
            closure = next((c for c in closures if c.covers(day)), None)
            if day in holidays_off:
                skipped.append(SkippedDate(day, holidays_off[day]))
            elif closure is not None:
                skipped.append(SkippedDate(day, closure.reason))
            else:
                days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(days), sorted(skipped, key=lambda s: s.day)


@operation
def generate_sessions(db: DbSession, group: Group, start: dt.date, end: dt.date) -> ScheduleResult:
    """Create the group's missing sessions for the period; running it twice creates nothing twice."""
    check_session_day(start, field="start", label="La date de début de la période")
    check_session_day(end, field="end", label="La date de fin de la période")
    closures = list(db.scalars(closures_between(group.id, start, end))) if group.id is not None else []
    days, skipped = planned_days(group, start, end, closures)
    existing = set(
        db.scalars(select(Session.held_on).where(Session.group_id == group.id, Session.held_on.between(start, end)))
    )
    result = ScheduleResult(skipped=skipped)
    for day in days:
        if day in existing:
            result.already_there.append(day)
            continue
        session = Session(
            group=group, held_on=day, starts_at=group.meets_from, ends_at=group.meets_until, place=group.location
        )
        db.add(session)
        result.created.append(session)
    db.flush()
    return result
