"""The rules of messages: who may receive one, at which address, and when a reminder is due."""

from __future__ import annotations

import datetime as dt

from shared import clock
from shared.errors import DomainError
from shared.messaging.models import Channel, MessageConsent
from shared.people.rules import normalise_phone
from shared.staff.rules import _EMAIL as EMAIL_PATTERN
from shared.text import SHORT, clean_text

MAX_ATTEMPTS = 3                       # a provider error is retried twice, never after the session started
RETRY_AFTER = dt.timedelta(minutes=10)  # then 20 minutes
DIGEST_FROM = dt.time(8, 0)            # referrers' digests go out from 8 o'clock
# Mobile prefixes of the overseas departments: their numbers start 06 too, with their own country code.
OVERSEAS_MOBILES = {"0690": "+590", "0691": "+590", "0696": "+596", "0697": "+596", "0694": "+594",
                    "0692": "+262", "0693": "+262", "0639": "+262"}
NOT_A_MOBILE = ("Ce numéro n'est pas un portable : les SMS partent vers un numéro en 06 ou 07 "
                "(ou international, commençant par +).")


class MessagingRuleError(DomainError):
    """A consent or a message breaks a rule."""


def mobile_number(text: str | None) -> str:
    """« 06 12 34 56 78 » → « +33612345678 »: the international form SMS providers want."""
    try:
        phone = normalise_phone(text)
    except DomainError as error:
        raise MessagingRuleError(error.message, field="address") from None
    if phone is None:
        raise MessagingRuleError("Indiquez le numéro de portable.", field="address")
    digits = phone.replace(" ", "")
    if digits.startswith("+"):
        return digits
    if digits[:4] in OVERSEAS_MOBILES:
        return OVERSEAS_MOBILES[digits[:4]] + digits[1:]
    if digits[:2] in ("06", "07"):
        return "+33" + digits[1:]
    raise MessagingRuleError(NOT_A_MOBILE, field="address")


def email_address(text: str | None) -> str:
    email = (clean_text(text, limit=SHORT, field="address", label="l'adresse e-mail", required=True) or "")
    if not EMAIL_PATTERN.match(email.lower()):
        raise MessagingRuleError("Adresse e-mail invalide : écrivez-la sous la forme prenom.nom@exemple.fr.",
                                 field="address")
    return email


def check_address(channel: Channel, text: str | None) -> str:
    return mobile_number(text) if channel is Channel.SMS else email_address(text)


def check_given_on(given_on: dt.date | None, today: dt.date | None = None) -> dt.date:
    if given_on is None:
        raise MessagingRuleError("Indiquez la date du consentement.", field="given_on")
    if given_on > (today or clock.today()):
        raise MessagingRuleError("La date du consentement ne peut pas être dans le futur.", field="given_on")
    return given_on


def preferred_consent(consents: list[MessageConsent], available: set[Channel]) -> MessageConsent | None:
    """One channel per person and message: SMS first (read by everyone), else e-mail; a channel
    that can send now before one that cannot."""
    active = [c for c in consents if c.active]
    order = sorted(active, key=lambda c: (c.channel not in available, c.channel is not Channel.SMS))
    return order[0] if order else None


def local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=clock.CENTRE_TZ)


def retry_at(attempts: int, now: dt.datetime) -> dt.datetime:
    return now + RETRY_AFTER * attempts


def shorten(answer: str | None, limit: int = 300) -> str | None:
    """The provider's answer as stored: one line, bounded."""
    if not answer:
        return None
    text = " ".join(str(answer).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
