"""Referrers' digest: one e-mail, never an SMS, first names and initials and a link, nothing told twice.
Cancellation and change notices: the people expected, once per wording."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.messaging.models import Channel, Message, MessageKind
from shared.messaging.operations import record_consent
from shared.messaging.planning import notice_preview, queue_session_notice
from shared.sessions.models import AttendanceStatus
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401
from tests.shared.test_messaging import send
from tests.factories import set_up

MORNING = dt.datetime(2026, 3, 10, 8, 30, tzinfo=clock.CENTRE_TZ)


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")


@pytest.fixture
def followed(db, make, today):
    group = make.group()
    referrer = make.referrer(first_name="Nadia", email="nadia.ass@cd.example.fr")
    other = make.referrer(first_name="Paul", email="paul.cip@cd.example.fr")
    past = [make.session(group, held_on=today - dt.timedelta(days=d)) for d in (42, 28, 14)]
    absent = make.participant(group, referrer, first_name="Fatima", last_name="Benali", phone="06 12 34 56 78",
                              referred_on=today - dt.timedelta(days=90))
    record_consent(db, absent, channel=Channel.SMS, address="0612345678", given_on=today)
    make.attendance(past[0], absent)
    make.attendance(past[1], absent, status=AttendanceStatus.ABSENT)
    excused = make.participant(group, other, first_name="Karim", referred_on=today - dt.timedelta(days=90))
    make.attendance(past[2], excused, status=AttendanceStatus.EXCUSED)
    ending = make.participant(group, referrer, first_name="Louise", last_name="Moreau",
                              referred_on=today - dt.timedelta(days=400))
    for s in past:
        make.attendance(s, ending)
    contract = make.contract(ending, starts_on=today - dt.timedelta(days=340), ends_on=today + dt.timedelta(days=20))
    return referrer, other, absent, ending, contract


def test_a_referrer_gets_one_e_mail_with_first_names_initials_and_links(db, followed, smtp_server, sms_api):
    referrer, other, absent, ending, contract = followed
    send(db, MORNING)
    digests = smtp_server.to("nadia.ass@cd.example.fr")
    assert len(digests) == 1 and smtp_server.to("paul.cip@cd.example.fr") == []  # Karim was excused
    body = digests[0]["body"]
    assert body.startswith("Bonjour Nadia,")
    assert "Fatima B. : absent(e) aux deux dernières séances, sans excuse." in body
    assert "Louise M. : son contrat se termine le " in body and "sans renouvellement ni projet de sortie" in body
    assert f"https://idmix.cd.example.fr/admin/participant/details/?id={absent.id}" in body
    for personal in ("Benali", "Moreau", "06 12", "0612", str(absent.birth_year), absent.town):
        assert personal not in body
    assert sms_api.requests == []  # never an SMS to a referrer, nor about them


def test_the_digest_says_nothing_twice_and_waits_for_eight(db, followed, smtp_server, today):
    referrer, other, absent, ending, contract = followed
    send(db, MORNING.replace(hour=7, minute=59))
    assert smtp_server.messages == []
    send(db, MORNING)
    send(db, MORNING + dt.timedelta(days=1))  # the same two alerts the next day: no new e-mail
    assert len(smtp_server.to("nadia.ass@cd.example.fr")) == 1
    assert db.scalars(select(Message).where(Message.kind == MessageKind.DIGEST)).one().topics


def test_a_cancellation_is_offered_to_the_people_expected_with_consent_once(db, make, today, sms_api):
    group = make.group()
    session = make.session(group, held_on=today + dt.timedelta(days=2), cancelled=True,
                           cancel_reason="Salle indisponible")
    reached, unreached = make.participant(group, first_name="Sam"), make.participant(group, first_name="Tom")
    record_consent(db, reached, channel=Channel.SMS, address="0612345678", given_on=today)
    preview = notice_preview(db, session, {Channel.SMS})
    assert [(p.first_name, c is not None) for p, c in preview] == [("Sam", True), ("Tom", False)]
    assert len(queue_session_notice(db, session, {Channel.SMS}).messages) == 1
    assert queue_session_notice(db, session, {Channel.SMS}).messages == []  # a second click adds nothing
    send(db, clock.now())
    [sms] = sms_api.requests
    assert "est annulée" in sms["json"]["content"] and "Motif : Salle indisponible." in sms["json"]["content"]
    assert "jeudi 12 mars 2026" in sms["json"]["content"]


def test_a_change_of_hours_makes_a_new_notice(db, make, today):
    group = make.group()
    session = make.session(group, held_on=today + dt.timedelta(days=2))
    person = make.participant(group)
    record_consent(db, person, channel=Channel.EMAIL, address="sam@example.fr", given_on=today)
    [first] = queue_session_notice(db, session, {Channel.EMAIL}).messages
    session.starts_at = dt.time(15, 0)
    set_up(db)
    [second] = queue_session_notice(db, session, {Channel.EMAIL}).messages
    assert first.kind is second.kind is MessageKind.CHANGE
    assert "de 14h à 17h" in first.body and "de 15h à 17h" in second.body
