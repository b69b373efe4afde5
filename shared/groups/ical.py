"""A group's sessions as an iCalendar feed (RFC 5545), for staff calendars.

Only what a calendar needs: date, hours, place, theme. Never a participant's name: a feed URL
ends up in phone calendars and sync services outside the department's control.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.groups.models import Group
from shared.sessions.models import Session

PAST_DAYS = 180  # keep half a year of past sessions so a new subscription shows recent history


def feed_sessions(db: DbSession, group: Group, today: dt.date | None = None) -> list[Session]:
    since = (today or clock.today()) - dt.timedelta(days=PAST_DAYS)
    query = select(Session).where(Session.group_id == group.id, Session.held_on >= since).order_by(Session.held_on)
    return list(db.scalars(query))


def session_event(session: Session, group: Group, stamp: dt.datetime) -> Event:
    label = session.title or (session.theme.name if session.theme else "Séance")
    event = Event()
    event.add("uid", f"session-{session.id}@idmix")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(session.held_on, session.starts_at, tzinfo=clock.CENTRE_TZ))
    event.add("dtend", dt.datetime.combine(session.held_on, session.ends_at, tzinfo=clock.CENTRE_TZ))
    event.add("summary", f"{group.name} – {label}" + (" (annulée)" if session.cancelled else ""))
    if session.place or group.location:
        event.add("location", session.place or group.location)
    description = [f"Séance de l'action collective {group.name}."]
    if session.theme:
        description.append(f"Thème : {session.theme.name}.")
    if session.cancelled:
        description.append("Séance annulée." + (f" Motif : {session.cancel_reason}" if session.cancel_reason else ""))
    event.add("description", " ".join(description))
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def build_calendar(db: DbSession, group: Group, today: dt.date | None = None) -> bytes:
    """The feed's body: one VEVENT per session, times in Europe/Paris with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//ID'MIX//Séances des actions collectives//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{group.name} – séances")
    calendar.add("x-wr-timezone", str(clock.CENTRE_TZ))
    stamp = clock.now().astimezone(dt.timezone.utc)
    for session in feed_sessions(db, group, today):
        calendar.add_component(session_event(session, group, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
