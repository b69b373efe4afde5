"""A catch-up run (``--at`` the evening before, run on the morning of the session) words the day from the
moment the message leaves: « aujourd'hui » on the day itself, never « demain »."""

from __future__ import annotations

import datetime as dt

from shared import clock
from shared.db import command_label, make_sessionmaker
from shared.messaging.dispatch import run
from shared.messaging.models import Channel, MessageKind
from shared.messaging.texts import reminder
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401
from tests.shared.test_messaging import EVE, THURSDAY, _keys, world  # noqa: F401

MORNING_OF = dt.datetime.combine(THURSDAY, dt.time(8, 40), tzinfo=clock.CENTRE_TZ)


def catch_up(db, *, at, now):
    def sessions():
        return make_sessionmaker(db.connection(), actor_label=command_label("send-reminders"),
                                 join_transaction_mode="create_savepoint")()
    from shared.messaging.senders import configured_senders

    with clock.frozen_at(now):
        report = run(sessions, at=at, senders=configured_senders())
    db.expire_all()
    return report


def test_the_eve_reminder_sent_on_the_day_itself_says_today(db, world, sms_api, smtp_server):
    catch_up(db, at=EVE, now=MORNING_OF)
    [sms] = sms_api.requests
    assert "aujourd'hui, jeudi 12 mars 2026, à 14h" in sms["json"]["content"]
    assert "demain" not in sms["json"]["content"]
    [mail] = smtp_server.messages
    assert mail["subject"].startswith("Rappel : ") and "aujourd'hui à 14h" in mail["subject"]
    assert "demain" not in mail["body"] + mail["subject"]


def test_the_eve_reminder_sent_on_the_eve_says_tomorrow(db, world, sms_api):
    catch_up(db, at=EVE, now=EVE + dt.timedelta(minutes=30))
    assert "demain, jeudi 12 mars 2026" in sms_api.requests[0]["json"]["content"]


def test_a_reminder_leaving_two_days_ahead_names_the_day_only(db, make, today):
    session = make.session(make.group(), held_on=THURSDAY)
    text = reminder(session, MessageKind.EVE_REMINDER, Channel.EMAIL, first_name="Sam", consent_id=None,
                    sent_on=THURSDAY - dt.timedelta(days=2))
    assert "le jeudi 12 mars 2026, à 14h" in text.body and "demain" not in text.body + text.subject
    assert text.subject.endswith("le jeudi 12 mars 2026 à 14h")
