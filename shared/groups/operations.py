"""Setting up a group (its rhythm, its team, its tablet rules) and the list of activity themes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session as DbSession

from shared.groups.holidays import check_region
from shared.groups.models import Group, Theme
from shared.groups.rules import (
    CHECKIN_OPENS_BEFORE,
    TRIAL_ALLOWANCE,
    GroupRuleError,
    check_group_name_free,
    check_hours,
    check_range,
    check_theme_name_free,
    check_weekday,
    meeting_weeks_text,
)
from shared.text import NAME, SHORT, clean_text
from shared.writes import operation

DEFAULT_PICTOGRAM = "atelier"


def _apply_group(db: DbSession, group: Group, *, name, district, location, started_on, meeting_weeks, weekday,
                 meets_from, meets_until, trial_allowance, checkin_opens_before, requires_pin, active,
                 staff: Iterable, reminders: dict | None = None) -> Group:
    name = clean_text(name, limit=NAME, field="name", label="le nom du groupe", required=True)
    check_group_name_free(db, name, group_id=group.id)
    values = dict(
        name=name,
        district=clean_text(district, limit=SHORT, field="district", label="la circonscription", required=True),
        location=clean_text(location, limit=SHORT, field="location", label="le lieu", required=True),
        meeting_weeks=meeting_weeks_text(meeting_weeks),
        weekday=check_weekday(weekday),
        trial_allowance=check_range(trial_allowance, TRIAL_ALLOWANCE, field="trial_allowance",
                                    message="Entre 0 et 20 séances d'essai."),
        checkin_opens_before=check_range(checkin_opens_before, CHECKIN_OPENS_BEFORE, field="checkin_opens_before",
                                         message="Entre 0 et 240 minutes."),
    )
    if started_on is None:
        raise GroupRuleError("Indiquez la date de début de l'action.", field="started_on")
    check_hours(meets_from, meets_until)
    for key, value in values.items():
        setattr(group, key, value)
    group.started_on, group.meets_from, group.meets_until = started_on, meets_from, meets_until
    group.requires_pin, group.active = bool(requires_pin), bool(active)
    group.staff = list(staff or [])
    if reminders is not None:
        _apply_reminders(group, **reminders)
    return group


def _apply_reminders(group: Group, *, reminder_at: dt.time | None = None, morning_reminder_at: dt.time | None = None,
                     holiday_region: str | None = None) -> None:
    """When reminders go out (the day before; optionally that morning, before the start) and the region's holidays."""
    if morning_reminder_at is not None and group.meets_from is not None and morning_reminder_at >= group.meets_from:
        raise GroupRuleError("Le rappel du matin doit partir avant le début de la séance.", field="morning_reminder_at")
    group.reminder_at = reminder_at or dt.time(18, 0)
    group.morning_reminder_at = morning_reminder_at
    group.holiday_region = check_region(holiday_region)


@operation
def create_group(db: DbSession, *, name: str | None, district: str | None, location: str | None,
                 started_on: dt.date | None, meeting_weeks: str | None = "2,4", weekday: int | None = 3,
                 meets_from: dt.time | None = dt.time(14), meets_until: dt.time | None = dt.time(17),
                 trial_allowance: int | None = 3, checkin_opens_before: int | None = 30, requires_pin: bool = True,
                 active: bool = True, staff: Iterable = (), reminders: dict | None = None) -> Group:
    """A new collective action. Raises ``GroupRuleError`` (French message on its field).

    ``reminders``: ``reminder_at``, ``morning_reminder_at``, ``holiday_region`` (``_apply_reminders``)."""
    group = Group()
    _apply_group(db, group, name=name, district=district, location=location, started_on=started_on,
                 meeting_weeks=meeting_weeks, weekday=weekday, meets_from=meets_from, meets_until=meets_until,
                 trial_allowance=trial_allowance, checkin_opens_before=checkin_opens_before,
                 requires_pin=requires_pin, active=active, staff=staff, reminders=reminders or {})
    db.add(group)
    return group


@operation
def update_group(db: DbSession, group: Group, *, name: str | None, district: str | None, location: str | None,
                 started_on: dt.date | None, meeting_weeks: str | None, weekday: int | None,
                 meets_from: dt.time | None, meets_until: dt.time | None, trial_allowance: int | None,
                 checkin_opens_before: int | None, requires_pin: bool, active: bool, staff: Iterable,
                 reminders: dict | None = None) -> Group:
    """Change a group's settings; sessions already planned keep their day and hours."""
    return _apply_group(db, group, name=name, district=district, location=location, started_on=started_on,
                        meeting_weeks=meeting_weeks, weekday=weekday, meets_from=meets_from,
                        meets_until=meets_until, trial_allowance=trial_allowance,
                        checkin_opens_before=checkin_opens_before, requires_pin=requires_pin, active=active,
                        staff=staff, reminders=reminders)


def _apply_theme(db: DbSession, theme: Theme, *, name, pictogram, active) -> Theme:
    name = clean_text(name, limit=NAME, field="name", label="le nom du thème", required=True)
    check_theme_name_free(db, name, theme_id=theme.id)
    theme.name = name
    theme.pictogram = clean_text(pictogram, limit=40, field="pictogram", label="le pictogramme") or DEFAULT_PICTOGRAM
    theme.active = bool(active)
    return theme


@operation
def create_theme(db: DbSession, *, name: str | None, pictogram: str | None = None, active: bool = True) -> Theme:
    theme = _apply_theme(db, Theme(), name=name, pictogram=pictogram, active=active)
    db.add(theme)
    return theme


@operation
def update_theme(db: DbSession, theme: Theme, *, name: str | None, pictogram: str | None, active: bool) -> Theme:
    """Rename a theme or stop offering it (``active``); past sessions keep it."""
    return _apply_theme(db, theme, name=name, pictogram=pictogram, active=active)
