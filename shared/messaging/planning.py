"""Which messages are due: reminders before sessions, referrers' digests, notices of a cancelled or changed session.

Each message has a key (``dedup_key``) that makes it unique: a reminder of a kind per session and person,
a notice per session, person and wording, a digest per referrer and day. Queuing twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.messaging import texts
from shared.messaging.models import Channel, Message, MessageConsent, MessageKind
from shared.messaging.operations import queue_unique
from shared.messaging.queries import (
    absent_twice_unexcused,
    consents_of,
    contracts_ending_unprepared,
    digest_topics,
    expected_at,
    sessions_for_reminders,
)
from shared.messaging.rules import DIGEST_FROM, MessagingRuleError, local, preferred_consent
from shared.dates import fr_long
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.staff.models import StaffMember
from shared.writes import operation


@dataclass
class Planned:
    """What a planning step queued (or would queue), by kind and channel."""

    messages: list[Message] = field(default_factory=list)

    def count(self) -> dict[tuple[MessageKind, Channel], int]:
        counts: dict = defaultdict(int)
        for message in self.messages:
            counts[(message.kind, message.channel)] += 1
        return dict(counts)


def reminder_kind(session: Session, at: dt.datetime) -> MessageKind | None:
    """The reminder due at ``at``: the morning one once its time has come, else the eve one; none once started."""
    group = session.group
    if at >= local(session.held_on, session.starts_at):
        return None
    if group.morning_reminder_at is not None and at >= local(session.held_on, group.morning_reminder_at):
        return MessageKind.MORNING_REMINDER
    if at >= local(session.held_on - dt.timedelta(days=1), group.reminder_at or dt.time(18)):
        return MessageKind.EVE_REMINDER
    return None


def _people_and_consents(db: DbSession, people) -> dict[int, list[MessageConsent]]:
    by_person: dict[int, list[MessageConsent]] = defaultdict(list)
    for consent in db.scalars(consents_of([p.id for p in people])):
        by_person[consent.participant_id].append(consent)
    return by_person


def _session_messages(db: DbSession, session: Session, kind: MessageKind, available: set[Channel],
                      key_of, people=None) -> list[Message]:
    people = list(db.scalars(expected_at(session))) if people is None else people
    consents = _people_and_consents(db, people)
    queued = []
    for person in people:
        consent = preferred_consent(consents.get(person.id, []), available)
        if consent is None:
            continue
        text = texts.for_session(session, kind, consent.channel, first_name=person.first_name,
                                 consent_id=consent.id)
        message = Message(kind=kind, channel=consent.channel, dedup_key=key_of(person, text),
                          participant_id=person.id, session_id=session.id, address=consent.address,
                          subject=text.subject, body=text.body,
                          expires_at=local(session.held_on, session.starts_at), created_at=clock.now())
        if queue_unique(db, message):
            queued.append(message)
    return queued


@operation
def queue_reminders(db: DbSession, at: dt.datetime, available: set[Channel]) -> Planned:
    planned = Planned()
    for session in db.scalars(sessions_for_reminders(at.date())):
        if not session.group.active:
            continue
        kind = reminder_kind(session, at)
        if kind is None:
            continue
        planned.messages += _session_messages(
            db, session, kind, available, lambda person, text: f"{kind.value}:{session.id}:{person.id}")
    return planned


def notice_kind(session: Session) -> MessageKind:
    return MessageKind.CANCELLATION if session.cancelled else MessageKind.CHANGE


def notice_preview(db: DbSession, session: Session, available: set[Channel],
                   among=None) -> list[tuple[Participant, MessageConsent | None]]:
    """Who would be told (and on which channel): the people expected, with or without consent; ``among``: only
    those a condition on ``Participant`` keeps (the viewer's scope: a joint session's other groups are theirs)."""
    query = expected_at(session)
    people = list(db.scalars(query if among is None else query.where(among)))
    consents = _people_and_consents(db, people)
    return [(person, preferred_consent(consents.get(person.id, []), available)) for person in people]


@operation
def queue_session_notice(db: DbSession, session: Session, available: set[Channel]) -> Planned:
    """Tell the people expected that the session is cancelled, or when and where it now takes place.
    The same wording is queued once per person; a later change makes a new notice."""
    if session.held_on < clock.today():
        raise MessagingRuleError("Cette séance est passée : personne n'est prévenu.")
    kind = notice_kind(session)

    def key(person, text):
        digest = hashlib.sha256(text.body.encode()).hexdigest()[:16]
        return f"{kind.value}:{session.id}:{person.id}:{digest}"

    messages = _session_messages(db, session, kind, available, key)
    for message in messages:  # a cancellation is worth telling until the session's end
        message.expires_at = local(session.held_on, session.ends_at)
    return Planned(messages)


@operation
def queue_digests(db: DbSession, at: dt.datetime) -> Planned:
    """One e-mail a day at most per referrer, with only alerts not told before. Never an SMS."""
    at = at.astimezone(clock.CENTRE_TZ)
    if at.time() < DIGEST_FROM:
        return Planned()
    today = at.date()
    items: dict[int, list[tuple[str, str, str, int]]] = defaultdict(list)  # staff -> (topic, name, what, id)
    for person, referrer_id, session_id in db.execute(absent_twice_unexcused(today)):
        items[referrer_id].append((f"absent:{person.id}:{session_id}", person.kiosk_name,
                                   "absent(e) aux deux dernières séances, sans excuse.", person.id))
    for contract in db.scalars(contracts_ending_unprepared(today)):
        person = contract.participant
        items[contract.referrer_id].append((
            f"ending:{contract.id}", person.kiosk_name,
            f"son contrat se termine le {fr_long(contract.ends_on)}, sans renouvellement ni projet de sortie.",
            person.id))
    if not items:
        return Planned()
    told: dict[int, set[str]] = defaultdict(set)
    for staff_id, topics in db.execute(digest_topics(items)):
        told[staff_id].update((topics or "").split())
    planned = Planned()
    for staff in db.scalars(select(StaffMember).where(StaffMember.id.in_(list(items)), StaffMember.active.is_(True))):
        new = sorted({item[0]: item for item in items[staff.id] if item[0] not in told[staff.id]}.values(),
                     key=lambda item: item[1])
        if not new:
            continue
        text = texts.digest(staff.first_name, [(name, what, pid) for _, name, what, pid in new])
        message = Message(kind=MessageKind.DIGEST, channel=Channel.EMAIL, dedup_key=f"digest:{staff.id}:{today}",
                          staff_id=staff.id, address=staff.email, subject=text.subject, body=text.body,
                          topics=" ".join(item[0] for item in new), created_at=clock.now())
        if queue_unique(db, message):
            planned.messages.append(message)
    return planned
