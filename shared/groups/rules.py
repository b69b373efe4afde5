"""The rules of a group's settings and of the list of themes, checked by ``shared.groups.operations``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.errors import DomainError
from shared.groups.models import WEEKDAY_NAMES, Group, Theme, parse_meeting_weeks

TRIAL_ALLOWANCE = range(0, 21)        # sessions a person may try before a contract (the table says so too)
CHECKIN_OPENS_BEFORE = range(0, 241)  # minutes before the start the tablet opens


class GroupRuleError(DomainError):
    """A group's or a theme's settings break a rule."""


def meeting_weeks_text(text: str | None) -> str:
    """" 4, 2 " → "2,4"; the weeks of the month the group meets (1 to 5)."""
    try:
        return ",".join(str(w) for w in parse_meeting_weeks(text or ""))
    except ValueError as error:
        raise GroupRuleError(str(error), field="meeting_weeks") from None


def check_hours(meets_from: dt.time | None, meets_until: dt.time | None) -> None:
    if meets_from is None:
        raise GroupRuleError("Indiquez l'heure de début des séances.", field="meets_from")
    if meets_until is None:
        raise GroupRuleError("Indiquez l'heure de fin des séances.", field="meets_until")
    if meets_until <= meets_from:
        raise GroupRuleError("L'heure de fin doit être après l'heure de début.", field="meets_until")


def check_weekday(weekday: int | None) -> int:
    if weekday is None or not 0 <= weekday < len(WEEKDAY_NAMES):
        raise GroupRuleError("Choisissez le jour des séances.", field="weekday")
    return weekday


def check_range(value: int | None, allowed: range, *, field: str, message: str) -> int:
    if value is None or value not in allowed:
        raise GroupRuleError(message, field=field)
    return value


def check_group_name_free(db: DbSession, name: str, *, group_id: int | None = None) -> None:
    query = select(func.count(Group.id)).where(func.lower(Group.name) == name.lower())
    if group_id is not None:
        query = query.where(Group.id != group_id)
    with db.no_autoflush:
        if db.scalar(query):
            raise GroupRuleError("Un groupe porte déjà ce nom.", field="name")


def check_theme_name_free(db: DbSession, name: str, *, theme_id: int | None = None) -> None:
    query = select(func.count(Theme.id)).where(func.lower(Theme.name) == name.lower())
    if theme_id is not None:
        query = query.where(Theme.id != theme_id)
    with db.no_autoflush:
        if db.scalar(query):
            raise GroupRuleError("Ce thème existe déjà.", field="name")
