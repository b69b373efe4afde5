"""A group's schedule: which days it meets, and which public holidays skip a session."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.errors import ScheduleError
from shared.groups.models import Group
from shared.sessions.models import Session
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


def french_holidays(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("FR", years=range(start.year, end.year + 1), language="fr"))


def planned_days(group: Group, start: dt.date, end: dt.date) -> tuple[list[dt.date], list[SkippedDate]]:
    """Meeting days between start and end (inclusive), and the dates skipped for a holiday."""
    if end < start:
        raise ScheduleError("La date de fin de la période est avant sa date de début.", field="end")
    if (end - start).days > MAX_RANGE_DAYS:
        raise ScheduleError("Générez au plus trois ans de séances à la fois.", field="end")
    public_holidays = french_holidays(start, end)
    days: list[dt.date] = []
    skipped: list[SkippedDate] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        for n in group.weeks:
            day = nth_weekday(year, month, group.weekday, n)
            if day is None or not start <= day <= end:
                continue
            if day in public_holidays:
                skipped.append(SkippedDate(day, public_holidays[day]))
            else:
                days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(days), sorted(skipped, key=lambda s: s.day)


@operation
def generate_sessions(db: DbSession, group: Group, start: dt.date, end: dt.date) -> ScheduleResult:
    """Create the group's missing sessions for the period; running it twice creates nothing twice."""
    days, skipped = planned_days(group, start, end)
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
