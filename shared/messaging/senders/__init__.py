"""Who carries the messages: SMTP for e-mail, an SMS provider's HTTP API for SMS.

A sender has one method, ``send(address, subject, body) -> Outcome``. ``configured_senders()`` reads
the environment: ``IDMIX_SMTP_URL`` for e-mail, ``IDMIX_SMS_PROVIDER`` (and its ``IDMIX_SMS_*``
settings) for SMS. A channel with no sender keeps its messages « à envoyer ».

To add an SMS provider: write a class with ``send`` (and ``parse_reply`` for « STOP » replies) in a
module of this folder, and add it to ``SMS_PROVIDERS`` (docs/rappels.md).
"""

from __future__ import annotations

import os

from shared.messaging.models import Channel
from shared.messaging.senders.base import Outcome, Sender
from shared.messaging.senders.brevo import BrevoSms
from shared.messaging.senders.smtp import SmtpSender

SMS_PROVIDERS: dict[str, type] = {"brevo": BrevoSms}

__all__ = ["Outcome", "Sender", "SMS_PROVIDERS", "configured_senders", "sms_provider"]


def sms_provider():
    name = (os.environ.get("IDMIX_SMS_PROVIDER") or "").strip().lower()
    if not name:
        return None
    if name not in SMS_PROVIDERS:
        raise ValueError(f"IDMIX_SMS_PROVIDER : fournisseur inconnu « {name} » "
                         f"(connus : {', '.join(sorted(SMS_PROVIDERS))}).")
    return SMS_PROVIDERS[name].from_environment()


def configured_senders() -> dict[Channel, Sender]:
    senders: dict[Channel, Sender] = {}
    if os.environ.get("IDMIX_SMTP_URL"):
        senders[Channel.EMAIL] = SmtpSender.from_environment()
    sms = sms_provider()
    if sms is not None:
        senders[Channel.SMS] = sms
    return senders
