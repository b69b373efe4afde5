"""Named session queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select

from shared import clock
from shared.sessions.models import Session


def session_on(group_id: int, day: dt.date) -> Select:
    return select(Session).where(Session.group_id == group_id, Session.held_on == day)


def upcoming_sessions(group_id: int | None = None, today: dt.date | None = None) -> Select:
    query = select(Session).where(Session.held_on >= (today or clock.today()), Session.cancelled.is_(False))
    if group_id is not None:
        query = query.where(Session.group_id == group_id)
    return query.order_by(Session.held_on)


def next_session(group_id: int, today: dt.date | None = None) -> Select:
    return upcoming_sessions(group_id, today).limit(1)
