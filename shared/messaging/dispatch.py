"""A run of ``idmix send-reminders``: queue what is due, then send each message once.

Every step is its own transaction: the queue is committed, each claim is committed before the
provider is called, each answer is committed after. Two runs at once claim different messages; a
run killed between a claim and its answer leaves the message « envoi en cours », settled as an
interrupted failure (never resent) by a later run. Nothing about a person is printed or logged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from collections.abc import Callable

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.messaging.models import Channel, MessageState
from shared.messaging.operations import claim, follow_channel_rule, settle, settle_interrupted
from shared.messaging.planning import queue_digests, queue_reminders
from shared.messaging.queries import sendable, waiting
from shared.messaging.senders.base import Outcome, Sender


@dataclass
class RunReport:
    queued: Counter = field(default_factory=Counter)   # (kind label, channel label) -> count
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    waiting: int = 0       # still « à envoyer »: no sender configured for their channel
    interrupted: int = 0


def run(sessions: Callable[[], DbSession], *, at: dt.datetime | None = None, dry_run: bool = False,
        senders: dict[Channel, Sender] | None = None) -> RunReport:
    """``sessions()`` gives a new database session (``expire_on_commit=False``) for each step."""
    senders = senders or {}
    now = clock.now()
    at = at or now
    report = RunReport()
    with sessions() as db:
        planned = queue_reminders(db, at, set(senders))
        planned.messages += queue_digests(db, at).messages
        for (kind, channel), count in planned.count().items():
            report.queued[(kind.label, channel.label)] += count
        if dry_run:
            report.waiting = db.scalar(waiting(now)) or 0
            db.rollback()
            return report
        report.interrupted = settle_interrupted(db, now)
        follow_channel_rule(db, set(senders))
        db.commit()
        ids = list(db.scalars(sendable(now, senders)))
    for message_id in ids:
        _send_one(sessions, message_id, senders, report)
    with sessions() as db:
        report.waiting = db.scalar(waiting(clock.now())) or 0
    return report


def _send_one(sessions: Callable[[], DbSession], message_id: int, senders: dict[Channel, Sender],
              report: RunReport) -> None:
    with sessions() as db:
        message = claim(db, message_id, clock.now())
        db.commit()  # claimed for good before anything leaves
        if message is None:
            return  # another run has it, or the person withdrew, or the session was cancelled
        address, subject, body = message.address, message.subject, message.body
        try:
            outcome = senders[message.channel].send(address, subject, body)
        except Exception as error:  # noqa: BLE001 - a bug in a sender: recorded, never retried blindly
            outcome = Outcome(False, f"Erreur de l'envoi ({type(error).__name__}) : pas de nouvel essai")
        settle(db, message, outcome, clock.now())
        db.commit()
        if message.state is MessageState.SENT:
            report.sent += 1
        elif message.next_attempt_at is not None:
            report.retry_later += 1
        else:
            report.failed += 1
