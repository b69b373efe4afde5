"""The channel of a notice follows the documented rule (SMS if a provider is configured, else e-mail) for the
process that sends it, not for the web process that queued it with settings of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.messaging.models import Channel, Message, MessageState
from shared.messaging.operations import record_consent
from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401
from tests.shared.test_messaging import send


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")


@pytest.fixture
def cancelled(world, make, db, today):
    session = make.session(world.group, held_on=today + dt.timedelta(days=2), cancelled=True,
                           cancel_reason="Salle indisponible")
    for channel, address in ((Channel.SMS, "06 12 34 56 78"), (Channel.EMAIL, "fatima@example.fr")):
        record_consent(db, world.participant, channel=channel, address=address, given_on=dt.date(2026, 3, 1))
    db.commit()
    return session


def notice(db, session) -> Message:
    db.expire_all()
    [message] = db.scalars(select(Message).where(Message.session_id == session.id)).all()
    return message


def queue_from_a_web_process_without_senders(client, session, monkeypatch):
    saved = {name: value for name in ("IDMIX_SMTP_URL", "IDMIX_SMS_PROVIDER")
             if (value := __import__("os").environ.get(name)) is not None}
    for name in saved:
        monkeypatch.delenv(name)
    page = client.post(f"/actions/session-notice/{session.id}", follow_redirects=True).get_data(as_text=True)
    assert "1 message(s) prêt(s)" in page
    for name, value in saved.items():
        monkeypatch.setenv(name, value)


def test_a_notice_queued_without_settings_leaves_by_e_mail_when_only_e_mail_is_configured(
        world, cancelled, login_as, db, smtp_server, monkeypatch):
    queue_from_a_web_process_without_senders(login_as(world.facilitator), cancelled, monkeypatch)
    send(db, clock.now())
    [mail] = smtp_server.to("fatima@example.fr")
    assert "est annulée" in mail["body"] and "Motif : Salle indisponible." in mail["body"]
    message = notice(db, cancelled)
    assert (message.channel, message.state, message.address) == (Channel.EMAIL, MessageState.SENT, "fatima@example.fr")
    assert "Pour ne plus les recevoir" in message.body  # the e-mail's wording, not the SMS's


def test_a_notice_queued_without_settings_leaves_by_sms_when_a_provider_is_configured(
        world, cancelled, login_as, db, smtp_server, sms_api, monkeypatch):
    queue_from_a_web_process_without_senders(login_as(world.facilitator), cancelled, monkeypatch)
    send(db, clock.now())
    assert smtp_server.to("fatima@example.fr") == []
    assert [r["json"]["recipient"] for r in sms_api.requests] == ["33612345678"]
    assert (notice(db, cancelled).channel, notice(db, cancelled).state) == (Channel.SMS, MessageState.SENT)


def test_with_no_sender_at_all_the_notice_waits_on_its_channel(world, cancelled, login_as, db, monkeypatch):
    queue_from_a_web_process_without_senders(login_as(world.facilitator), cancelled, monkeypatch)
    monkeypatch.delenv("IDMIX_SMTP_URL", raising=False)
    monkeypatch.delenv("IDMIX_SMS_PROVIDER", raising=False)
    send(db, clock.now())
    assert (notice(db, cancelled).channel, notice(db, cancelled).state) == (Channel.SMS, MessageState.PENDING)


def test_a_withdrawn_e_mail_consent_is_never_chosen(world, cancelled, login_as, db, smtp_server, monkeypatch):
    from shared.messaging.models import MessageConsent, Withdrawal
    from shared.messaging.operations import withdraw_consent

    email = db.scalar(select(MessageConsent).where(MessageConsent.channel == Channel.EMAIL))
    withdraw_consent(db, email, how=Withdrawal.LINK)
    db.commit()
    queue_from_a_web_process_without_senders(login_as(world.facilitator), cancelled, monkeypatch)
    send(db, clock.now())
    assert smtp_server.to("fatima@example.fr") == []
    assert (notice(db, cancelled).channel, notice(db, cancelled).state) == (Channel.SMS, MessageState.PENDING)
