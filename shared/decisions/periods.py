"""Which session a vote's result is for: the vote's question often names a month (« Quelle sortie en
janvier ? »). The session offered by default is one in that month, else the first after the vote; the
facilitator always chooses, and sees what the session's title was before it is replaced."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Select, select

from shared.dates import MONTHS
from shared.decisions.models import Vote
from shared.sessions.models import Session

OFFERED = 8  # coming sessions offered, besides those of the month the vote is about


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


_MONTH = re.compile(r"\b(" + "|".join(_plain(m) for m in MONTHS) + r")\b(?:\s+(\d{4}))?")


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        return f"{MONTHS[self.first.month - 1]} {self.first.year}"

    def holds(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def period_of(vote: Vote) -> Period | None:
    """The month named in the vote's question, the first one on or after the month the vote opened (or the
    year written beside it); None when the question names no month."""
    found = _MONTH.search(_plain(vote.question or ""))
    if found is None:
        return None
    month = [_plain(m) for m in MONTHS].index(found.group(1)) + 1
    opened = vote.opens_on
    year = int(found.group(2)) if found.group(2) else opened.year + (month < opened.month)
    return Period(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def sessions_for_result(vote: Vote, today: dt.date) -> Select:
    """Sessions a vote's result may go to: its group's coming sessions, not cancelled, in date order, up to the
    end of the vote's period (``period_of``) or the first ``OFFERED``; ``offered_sessions`` keeps what is shown."""
    query = (select(Session).where(Session.group_id == vote.group_id, Session.held_on >= today,
                                   Session.cancelled.is_(False)).order_by(Session.held_on, Session.id))
    period = period_of(vote)
    if period is None or period.last < today:
        return query.limit(OFFERED)
    return query.where(Session.held_on <= period.last).limit(60)  # two a month: a year ahead, and more


def offered_sessions(sessions: list[Session], vote: Vote) -> list[Session]:
    """The first ``OFFERED`` sessions and every one of the vote's period, in date order."""
    period = period_of(vote)
    return [s for n, s in enumerate(sessions) if n < OFFERED or (period is not None and period.holds(s.held_on))]


def default_session(sessions: list[Session], vote: Vote) -> Session | None:
    """The session offered first: the first one in the vote's period, else the first after the vote ended."""
    period = period_of(vote)
    if period is not None:
        found = next((s for s in sessions if period.holds(s.held_on)), None)
        if found is not None:
            return found
    return next((s for s in sessions if s.held_on > vote.closes_on), sessions[0] if sessions else None)
