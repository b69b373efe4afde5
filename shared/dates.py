"""Date helpers shared by the rules: calendar-wise month arithmetic and French formatting."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months, clipping to the month's end (2025-08-31 + 18 months → 2027-02-28)."""
    return day + relativedelta(months=months)


def fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"
