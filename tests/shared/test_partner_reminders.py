"""Reminders of a session with a partner, and of a joint session, through the real ``send-reminders`` run with a
real SMTP server and the SMS stand-in (issue #32): the partner and its address are in the message; the people of
every group of a joint session are reminded."""

from __future__ import annotations


import pytest

from shared.messaging.models import Channel
from shared.messaging.operations import record_consent
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401
from tests.shared.test_messaging import EVE, THURSDAY, _keys, send  # noqa: F401


@pytest.fixture
def outing(db, make, today):
    host, guest = make.group(name="ID'MIX Tilleuls"), make.group(name="Les Jardins du Nord")
    centre = make.partner(groups=[host], name="AFPA Évry", address="2 rue de l'Industrie, 91000 Évry")
    session = make.session(host, held_on=THURSDAY, title="Visite du centre de formation", partner=centre,
                           at_partner=True, guest_groups=[guest])
    aicha = make.participant(host, first_name="Aïcha")
    gaelle = make.participant(guest, first_name="Gaëlle")
    record_consent(db, aicha, channel=Channel.SMS, address="06 12 34 56 78", given_on=today)
    record_consent(db, gaelle, channel=Channel.EMAIL, address="gaelle@example.fr", given_on=today)
    db.flush()
    return session


def test_the_reminder_names_the_partner_and_gives_its_address_as_the_place(db, outing, smtp_server, sms_api):
    report = send(db, EVE)
    assert report.sent == 2
    sms = sms_api.requests[0]["json"]["content"]
    assert "Lieu : AFPA Évry, 2 rue de l'Industrie, 91000 Évry." in sms and "Avec AFPA Évry." in sms
    assert "Séance commune : ID'MIX Tilleuls et Les Jardins du Nord." in sms
    [mail] = smtp_server.messages  # the guest group's person is reminded too
    assert mail["to"] == ["gaelle@example.fr"] and mail["body"].startswith("Bonjour Gaëlle,")
    assert "Lieu : AFPA Évry, 2 rue de l'Industrie" in mail["body"]


def test_the_sms_stays_within_three_parts(db, outing, sms_api, smtp_server):
    send(db, EVE)
    assert len(sms_api.requests[0]["json"]["content"]) <= 3 * 153
