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


def fr(day: dt.date | None) -> str:
    """JJ/MM/AAAA, or a dash when there is no date."""
    return day.strftime("%d/%m/%Y") if day else "—"


def fr_day(day: dt.date) -> str:
    """"1er janvier 2025", "31 décembre 2025"."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def fr_long(day: dt.date) -> str:
    """"jeudi 10 décembre 2026", "mardi 1er juin 2027"."""
    return f"{WEEKDAYS[day.weekday()]} {fr_day(day)}"


def fr_datetime(value: dt.datetime | None) -> str:
    """JJ/MM/AAAA HH:MM at the centre's time."""
    return value.astimezone(clock.CENTRE_TZ).strftime("%d/%m/%Y %H:%M") if value else "—"
