"""A group's sessions as an iCalendar feed (RFC 5545), for staff calendars.

Only what a calendar needs: date, hours, place, theme. Never a participant's name: a feed URL
ends up in phone calendars and sync services outside the department's control.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.groups.models import Group
from shared.messaging.tokens import base_url
from shared.sessions.models import Session
from shared.sessions.queries import held_by_condition
from shared.settings import installation_id

PAST_DAYS = 180  # keep half a year of past sessions so a new subscription shows recent history


def feed_sessions(db: DbSession, group: Group, today: dt.date | None = None) -> list[Session]:
    since = (today or clock.today()) - dt.timedelta(days=PAST_DAYS)
    # Its own sessions and the joint sessions it is invited to.
    query = select(Session).where(held_by_condition(group.id), Session.held_on >= since).order_by(Session.held_on)
    return list(db.scalars(query))


def paris_timezone() -> Timezone:
    """Europe/Paris by its rules (RFC 5545 RRULE), as calendar programs expect it: summer time from the last
    Sunday of March at 02:00, winter time from the last Sunday of October at 03:00 (EU rule since 1996).

    ``icalendar``'s ``add_missing_timezones()`` wrote every change since 1976 as one RDATE list with the
    spring change at 03:00: ical.js (Thunderbird) and vobject read summer sessions one hour late."""
    zone = Timezone()
    zone.add("tzid", str(clock.CENTRE_TZ))
    for part, start, month, offset_from, offset_to, name in (
            (TimezoneDaylight, dt.datetime(1996, 3, 31, 2, 0), 3, dt.timedelta(hours=1), dt.timedelta(hours=2), "CEST"),
            (TimezoneStandard, dt.datetime(1996, 10, 27, 3, 0), 10, dt.timedelta(hours=2), dt.timedelta(hours=1), "CET")):
        rule = part()
        rule.add("tzname", name)
        rule.add("tzoffsetfrom", offset_from)
        rule.add("tzoffsetto", offset_to)
        rule.add("dtstart", start)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(rule)
    return zone


@cache
def _installation_part(installation: str) -> str:
    return hashlib.sha256(installation.encode()).hexdigest()[:16]


def event_uid(session: Session) -> str:
    """Unique to this installation (two departments' feeds in one calendar never collide), the same at
    every download: the session, this installation's id, and the host the application answers at."""
    host = urlsplit(base_url()).hostname or "localhost"
    return f"session-{session.id}-{_installation_part(installation_id())}@{host}"


def session_event(session: Session, group: Group, stamp: dt.datetime) -> Event:
    label = session.title or (session.theme.name if session.theme else "Séance")
    event = Event()
    event.add("uid", event_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(session.held_on, session.starts_at, tzinfo=clock.CENTRE_TZ))
    event.add("dtend", dt.datetime.combine(session.held_on, session.ends_at, tzinfo=clock.CENTRE_TZ))
    event.add("summary", f"{group.name} – {label}" + (" (annulée)" if session.cancelled else ""))
    if session.venue or session.group.location:
        event.add("location", session.venue or session.group.location)
    description = [f"Séance de l'action collective {group.name}."]
    if session.guest_groups:
        names = [g.name for g in [session.group, *session.guest_groups] if g.id != group.id]
        description.append(f"Séance commune avec {', '.join(names)}.")
    if session.partner is not None:
        partner = session.partner
        contact = ", ".join(filter(None, [partner.contact_name, partner.phone]))
        description.append(f"Partenaire\u00a0: {partner.name}" + (f" ({contact})." if contact else "."))
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
    calendar.add_component(paris_timezone())  # before the events: some readers want it first
    stamp = clock.now().astimezone(dt.timezone.utc)
    for session in feed_sessions(db, group, today):
        calendar.add_component(session_event(session, group, stamp))
    return calendar.to_ical()
