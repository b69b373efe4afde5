"""The rules of a session and of its attendance, checked by the operations of ``shared.sessions``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.dates import add_months, fr
from shared.errors import DomainError
from shared.sessions.models import AttendanceStatus, Session

# « présent » and « absent » say what happened: only for a session that has started.
NEEDS_STARTED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.ABSENT})

# A session's day: from the year the action began (April 2007; the spreadsheets brought in go back
# that far) to two years ahead of today (a term planned well in advance). Outside: a typo.
EARLIEST_SESSION_DAY = dt.date(2007, 1, 1)
MONTHS_AHEAD = 24


class SessionRuleError(DomainError):
    """A session's hours, capacity or day break a rule."""


class AttendanceRuleError(DomainError):
    """An attendance cannot be recorded as asked (not started yet, already recorded...)."""


def starts_at(session: Session) -> dt.datetime:
    return dt.datetime.combine(session.held_on, session.starts_at, tzinfo=clock.CENTRE_TZ)


def has_started(session: Session, now: dt.datetime | None = None) -> bool:
    return starts_at(session) <= (now or clock.now())


def check_status_plausible(session: Session, status: AttendanceStatus, *, now: dt.datetime | None = None,
                           field: str = "status") -> None:
    """Present or absent only once the session has started; an excused absence may be entered ahead."""
    if status in NEEDS_STARTED and not has_started(session, now):
        raise AttendanceRuleError(
            f"La séance du {fr(session.held_on)} n'a pas encore commencé (début à {session.starts_at:%Hh%M}) : "
            f"on ne peut pas encore noter « {status.label} ». Une absence excusée peut être notée à l'avance.",
            field=field,
        )


def check_hours(starts: dt.time | None, ends: dt.time | None) -> None:
    if starts is None:
        raise SessionRuleError("Indiquez l'heure de début.", field="starts_at")
    if ends is None:
        raise SessionRuleError("Indiquez l'heure de fin.", field="ends_at")
    if ends <= starts:
        raise SessionRuleError("L'heure de fin doit être après l'heure de début.", field="ends_at")


def check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity <= 0:
        raise SessionRuleError("Le nombre de places doit être positif (ou laissé vide).", field="capacity")


def check_one_session_a_day(db: DbSession, *, group_id: int, held_on: dt.date, session_id: int | None = None) -> None:
    """A group meets at most once a day (the sign-in and the schedule rely on it)."""
    query = select(func.count(Session.id)).where(Session.group_id == group_id, Session.held_on == held_on)
    if session_id is not None:
        query = query.where(Session.id != session_id)
    with db.no_autoflush:
        if db.scalar(query):
            raise SessionRuleError(f"Ce groupe a déjà une séance le {fr(held_on)}.", field="held_on")


def session_days(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last days a session may be held on, as of ``today``."""
    return EARLIEST_SESSION_DAY, add_months(today or clock.today(), MONTHS_AHEAD)


def check_session_day(day: dt.date, *, today: dt.date | None = None, field: str = "held_on",
                      label: str = "La date de la séance") -> dt.date:
    """Every road that dates a session (the form, the schedule, the command line) checks it here."""
    earliest, latest = session_days(today)
    if not earliest <= day <= latest:
        raise SessionRuleError(f"{label} doit être comprise entre le {fr(earliest)} et le {fr(latest)} "
                               "(deux ans après aujourd'hui).", field=field)
    return day
