"""The one place that knows what "today" and "now" are: the centre's local time (Europe/Paris).

Tests move time with ``frozen_today``; SQL filters read the same clock through ``today_param``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam

CENTRE_TZ = ZoneInfo("Europe/Paris")
_frozen_now: ContextVar[dt.datetime | None] = ContextVar("idmix_frozen_now", default=None)


def now() -> dt.datetime:
    """Aware datetime in the centre's time zone."""
    frozen = _frozen_now.get()
    return frozen if frozen is not None else dt.datetime.now(CENTRE_TZ)


def today() -> dt.date:
    return now().date()


def today_param():
    """A bound parameter evaluated at execution time, so SQL and Python agree on today."""
    return bindparam("idmix_today", callable_=today, type_=Date)


@contextlib.contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[None]:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CENTRE_TZ)
    token = _frozen_now.set(moment)
    try:
        yield
    finally:
        _frozen_now.reset(token)


def frozen_today(day: dt.date) -> contextlib.AbstractContextManager[None]:
    return frozen_at(dt.datetime.combine(day, dt.time(12, 0), tzinfo=CENTRE_TZ))
