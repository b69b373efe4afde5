"""The demo has people who agreed to SMS and to e-mail reminders, and one who said STOP."""

import datetime as dt

from sqlalchemy import select

from shared import clock
from shared.demo.loader import load_demo
from shared.messaging.models import Channel, MessageConsent, Withdrawal
from tests.factories import directly


def test_the_demo_has_sms_and_e_mail_consents(db):
    day = dt.date(2026, 3, 10)
    with clock.frozen_today(day), directly(db):
        load_demo(db, today=day, password="demo-idmix-2026", pin_hasher=lambda pin: f"hash-{pin}")
    consents = db.scalars(select(MessageConsent)).all()
    active = {c.channel for c in consents if c.active}
    assert active == {Channel.SMS, Channel.EMAIL}
    assert [c.withdrawn_how for c in consents if not c.active] == [Withdrawal.STOP]
    assert all(c.address.startswith("+") for c in consents if c.channel is Channel.SMS)  # international form
