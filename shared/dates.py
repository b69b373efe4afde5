"""Date helpers shared by the rules and both apps: calendar-wise month arithmetic and French
formatting (the one place that writes a date for a French reader)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from shared import clock

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months, clipping to the month's end (2025-08-31 + 18 months → 2027-02-28)."""
    return day + relativedelta(months=months)


def _at_centre(value):
    """An aware timestamp as the centre's wall-clock time; a date, a time or a naive value as it is."""
    return value.astimezone(clock.CENTRE_TZ) if isinstance(value, dt.datetime) and value.tzinfo else value


def fr(day: dt.date | None) -> str:
    """JJ/MM/AAAA (a timestamp: its day at the centre), or a dash when there is no date."""
    return _at_centre(day).strftime("%d/%m/%Y") if day else "—"


def _day_and_month(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"


def fr_compact(day: dt.date) -> str:
    """JJ/MM/AA: a chart's axis, where room is short."""
    return day.strftime("%d/%m/%y")


def fr_day(day: dt.date) -> str:
    """"1er janvier 2025", "31 décembre 2025"."""
    return f"{_day_and_month(day)} {day.year}"


def fr_long(day: dt.date) -> str:
    """"jeudi 10 décembre 2026", "mardi 1er juin 2027"."""
    return f"{WEEKDAYS[day.weekday()]} {fr_day(day)}"


def fr_long_without_year(day: dt.date) -> str:
    """"jeudi 12 mars", "mardi 1er juin": a day close by, as the tablet says it."""
    return f"{WEEKDAYS[day.weekday()]} {_day_and_month(day)}"


def fr_time(value: dt.time | dt.datetime) -> str:
    """"14h00" (a timestamp: at the centre's time)."""
    return _at_centre(value).strftime("%Hh%M")


def fr_at(value: dt.datetime) -> str:
    """"JJ/MM/AAAA à 14h00" at the centre's time."""
    return f"{fr(value)} à {fr_time(value)}"


def fr_datetime(value: dt.datetime | None) -> str:
    """JJ/MM/AAAA HH:MM at the centre's time (lists, exports and the journal), or a dash."""
    return _at_centre(value).strftime("%d/%m/%Y %H:%M") if value else "—"
