"""Reading back the timestamps the kiosk stores.

Every kiosk timestamp is written as the centre's aware time (``shared.clock.now()``). PostgreSQL
gives it back aware; SQLite drops the offset and gives back the same wall-clock time, naive.
"""

from __future__ import annotations

import datetime as dt

from shared import clock


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=clock.CENTRE_TZ)


def minutes_until(moment: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes left, rounded up, at least 1: "encore 3 minutes"."""
    seconds = (moment - now).total_seconds()
    return max(1, int(-(-seconds // 60)))
