"""Consent, and the life of a message: queued once, claimed before sending, settled with the provider's answer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.messaging import texts
from shared.messaging.models import REMINDERS, Channel, Message, MessageConsent, MessageState, Withdrawal
from shared.messaging.queries import consent_still_given, interrupted, sendable_condition, session_still_on
from shared.messaging.rules import MAX_ATTEMPTS, check_address, check_given_on, preferred_consent, retry_at, shorten
from shared.messaging.senders.base import Outcome
from shared.messaging.tokens import consent_id_from_token
from shared.writes import operation

INTERRUPTED_AFTER = dt.timedelta(minutes=30)
INTERRUPTED = "Envoi interrompu (arrêt pendant l'envoi) : pas de nouvel essai, pour ne jamais envoyer deux fois"


@operation
def record_consent(db: DbSession, participant, *, channel: Channel, address: str | None,
                   given_on: dt.date | None) -> MessageConsent:
    """The person agrees to receive reminders on ``channel`` at ``address`` (given again after a withdrawal)."""
    address = check_address(channel, address)
    given_on = check_given_on(given_on)
    consent = db.scalar(select(MessageConsent).where(MessageConsent.participant_id == participant.id,
                                                     MessageConsent.channel == channel))
    if consent is None:
        consent = MessageConsent(participant_id=participant.id, channel=channel)
        db.add(consent)
    consent.address, consent.given_on = address, given_on
    consent.withdrawn_on, consent.withdrawn_how = None, None
    return consent


@operation
def withdraw_consent(db: DbSession, consent: MessageConsent, *, how: Withdrawal) -> MessageConsent:
    """No more messages on this channel from now on; messages waiting are not sent (checked at claim)."""
    if consent.withdrawn_on is None:
        consent.withdrawn_on, consent.withdrawn_how = max(clock.today(), consent.given_on), how
    return consent


@operation
def withdraw_by_token(db: DbSession, token: str) -> MessageConsent | None:
    """The e-mail's unsubscribe link. None when the token is not ours."""
    consent_id = consent_id_from_token(token)
    consent = db.get(MessageConsent, consent_id) if consent_id is not None else None
    if consent is None:
        return None
    return withdraw_consent(db, consent, how=Withdrawal.LINK)


@operation
def withdraw_sms_number(db: DbSession, number: str) -> int:
    """A « STOP » reply from ``number`` (international form): every SMS consent at that number ends."""
    consents = db.scalars(select(MessageConsent).where(MessageConsent.channel == Channel.SMS,
                                                       MessageConsent.address == number,
                                                       MessageConsent.withdrawn_on.is_(None))).all()
    for consent in consents:
        withdraw_consent(db, consent, how=Withdrawal.STOP)
    return len(consents)


def queue_unique(db: DbSession, message: Message) -> bool:
    """Add ``message`` unless one with its key exists (another run may be adding it right now)."""
    if db.scalar(select(Message.id).where(Message.dedup_key == message.dedup_key)) is not None:
        return False
    try:
        with db.begin_nested():
            db.add(message)
    except IntegrityError:  # the other run committed it first: its copy is the one
        return False
    return True


@operation
def claim(db: DbSession, message_id: int, now: dt.datetime) -> Message | None:
    """Take the message for sending, if it is still to send and its person still agrees. The caller
    commits before calling the provider: a second run finds it ``sending`` and leaves it."""
    taken = db.execute(
        update(Message)
        .where(Message.id == message_id, sendable_condition(now), consent_still_given(), session_still_on())
        .values(state=MessageState.SENDING, claimed_at=now, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    message = db.get(Message, message_id, populate_existing=True)
    if message.kind in REMINDERS and message.session is not None and message.participant is not None:
        text = texts.for_session(message.session, message.kind, message.channel,  # the session as it is now
                                 first_name=message.participant.first_name, consent_id=_consent_id(db, message),
                                 sent_on=now.astimezone(clock.CENTRE_TZ).date())  # « demain » from today
        message.subject, message.body = text.subject, text.body
    return message


def _consent_id(db: DbSession, message: Message) -> int | None:
    return db.scalar(select(MessageConsent.id).where(MessageConsent.participant_id == message.participant_id,
                                                     MessageConsent.channel == message.channel))


@operation
def follow_channel_rule(db: DbSession, available: set[Channel]) -> int:
    """Messages to people still « à envoyer » go on the channel the rule gives with this run's senders (SMS if a
    provider is configured, else e-mail). A notice is queued by the web process, whose settings may lack the
    senders': it chose SMS for people who also accepted e-mail, with no SMS provider, and they waited for good."""
    moved = 0
    waiting = db.scalars(select(Message).where(Message.state == MessageState.PENDING, Message.attempts == 0,
                                               Message.participant_id.is_not(None), Message.session_id.is_not(None)))
    for message in waiting.all():
        consents = db.scalars(select(MessageConsent).where(MessageConsent.participant_id == message.participant_id))
        chosen = preferred_consent(list(consents), available)
        if chosen is None or chosen.channel is message.channel or chosen.channel not in available:
            continue
        text = texts.for_session(message.session, message.kind, chosen.channel,
                                 first_name=message.participant.first_name, consent_id=chosen.id)
        message.channel, message.address, message.subject, message.body = (chosen.channel, chosen.address,
                                                                           text.subject, text.body)
        moved += 1
    return moved


@operation
def settle(db: DbSession, message: Message, outcome: Outcome, now: dt.datetime) -> Message:
    """Record the provider's answer: sent, failed for good, or failed with a retry later (before expiry)."""
    message.provider_answer = shorten(outcome.answer)
    if outcome.sent:
        message.state, message.sent_at, message.next_attempt_at = MessageState.SENT, now, None
        return message
    message.state = MessageState.FAILED
    later = retry_at(message.attempts, now)
    useful = message.expires_at is None or later < message.expires_at
    message.next_attempt_at = later if outcome.retry and message.attempts < MAX_ATTEMPTS and useful else None
    return message


@operation
def settle_interrupted(db: DbSession, now: dt.datetime) -> int:
    """Messages a crashed run had claimed: maybe sent, so never again; staff see why."""
    rows = db.scalars(interrupted(now - INTERRUPTED_AFTER)).all()
    for message in rows:
        message.state, message.next_attempt_at, message.provider_answer = MessageState.FAILED, None, INTERRUPTED
    return len(rows)
