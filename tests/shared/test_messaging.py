"""Reminders reach the right people once, in French, through a real SMTP server and a stand-in for Brevo's API."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.db import command_label, make_sessionmaker
from shared.messaging.dispatch import run
from shared.messaging.models import Channel, Message, MessageKind, MessageState, Withdrawal
from shared.messaging.operations import record_consent, withdraw_consent, withdraw_sms_number
from shared.messaging.senders import configured_senders
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401
from tests.factories import set_up

THURSDAY = dt.date(2026, 3, 12)
EVE = dt.datetime(2026, 3, 11, 18, 5, tzinfo=clock.CENTRE_TZ)


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")


def send(db, at, senders=None):
    """One ``send-reminders`` run at ``at`` on the test's connection (its commits are savepoints)."""
    def sessions():
        return make_sessionmaker(db.connection(), actor_label=command_label("send-reminders"),
                                 join_transaction_mode="create_savepoint")()
    with clock.frozen_at(at):
        report = run(sessions, at=at, senders=configured_senders() if senders is None else senders)
    db.expire_all()
    return report


@pytest.fixture
def world(db, make, today):
    group = make.group(location="CMS des Tilleuls, 3 rue des Lilas")
    cooking = make.theme(name="Cuisine\u00a0: saveurs du monde", pictogram="cuisine")  # typed, French-spaced
    session = make.session(group, held_on=THURSDAY, theme=cooking)
    people = {name: make.participant(group, first_name=name) for name in
              ("Aïcha", "Bernard", "Chantal", "Didier", "Emma")}
    record_consent(db, people["Aïcha"], channel=Channel.SMS, address="06 12 34 56 78", given_on=today)
    record_consent(db, people["Bernard"], channel=Channel.EMAIL, address="bernard@example.fr", given_on=today)
    record_consent(db, people["Didier"], channel=Channel.SMS, address="06 99 88 77 66", given_on=today)
    withdraw_sms_number(db, "+33699887766")  # Didier answered STOP
    record_consent(db, people["Emma"], channel=Channel.SMS, address="07 11 22 33 44", given_on=today)
    people["Emma"].closed_on = today  # her file is closed: she is not expected any more
    elsewhere = make.participant(make.group(), first_name="Farid")
    record_consent(db, elsewhere, channel=Channel.SMS, address="06 55 44 33 22", given_on=today)
    make.session(elsewhere.group, held_on=dt.date(2026, 3, 19))
    db.flush()
    return group, session, people


def test_the_right_people_each_get_exactly_one_reminder_in_french(db, world, smtp_server, sms_api):
    group, session, people = world
    report = send(db, EVE)
    assert report.sent == 2
    assert [r["json"]["recipient"] for r in sms_api.requests] == ["33612345678"]
    sms = sms_api.requests[0]["json"]["content"]
    assert "demain, jeudi 12 mars 2026, à 14h" in sms and "CMS des Tilleuls, 3 rue des Lilas" in sms
    assert "tablier" in sms and "répondez STOP" in sms and "Aïcha" not in sms  # no name in an SMS
    assert "Cuisine : saveurs du monde" in sms and "\u00a0" not in sms  # GSM alphabet: 160 characters a part
    assert sms_api.requests[0]["key"] == "cle-de-test"
    [mail] = smtp_server.messages
    assert mail["to"] == ["bernard@example.fr"] and mail["tls"]
    assert mail["body"].startswith("Bonjour Bernard,")
    assert "jeudi 12 mars 2026" in mail["body"] and "Lieu : CMS des Tilleuls" in mail["body"]
    assert "Cuisine\u00a0: saveurs du monde" in mail["body"]
    assert mail["message"]["List-Unsubscribe"].startswith("<https://idmix.cd.example.fr/admin/messages/unsubscribe/")

    assert send(db, EVE + dt.timedelta(minutes=5)).sent == 0  # the next run: nothing twice
    assert len(sms_api.requests) == 1 and len(smtp_server.messages) == 1
    rows = db.scalars(select(Message)).all()
    assert {(m.participant_id, m.state, m.kind) for m in rows} == {
        (people["Aïcha"].id, MessageState.SENT, MessageKind.EVE_REMINDER),
        (people["Bernard"].id, MessageState.SENT, MessageKind.EVE_REMINDER)}
    assert all(m.provider_answer for m in rows)


def test_nothing_before_the_group_s_reminder_time_and_nothing_once_the_session_started(db, world, sms_api):
    group, session, people = world
    assert send(db, EVE.replace(hour=17, minute=59)).sent == 0
    assert send(db, dt.datetime(2026, 3, 12, 14, 0, tzinfo=clock.CENTRE_TZ)).sent == 0
    assert sms_api.requests == []


def test_the_morning_reminder_is_a_second_message_and_says_today(db, world, sms_api, smtp_server):
    group, session, people = world
    group.morning_reminder_at = dt.time(9, 0)
    set_up(db)
    send(db, EVE)
    send(db, dt.datetime(2026, 3, 12, 9, 1, tzinfo=clock.CENTRE_TZ))
    send(db, dt.datetime(2026, 3, 12, 9, 30, tzinfo=clock.CENTRE_TZ))
    contents = [r["json"]["content"] for r in sms_api.requests]
    assert len(contents) == 2 and "demain" in contents[0] and "aujourd'hui, jeudi 12 mars 2026" in contents[1]


def test_a_late_run_catches_up_with_the_morning_reminder_only(db, world, sms_api):
    group, session, people = world
    group.morning_reminder_at = dt.time(9, 0)
    set_up(db)
    send(db, dt.datetime(2026, 3, 12, 10, 0, tzinfo=clock.CENTRE_TZ))  # the server was down last night
    assert len(sms_api.requests) == 1 and "aujourd'hui" in sms_api.requests[0]["json"]["content"]


def test_a_provider_error_is_recorded_and_retried_later_never_doubled(db, world, sms_api, smtp_server):
    group, session, people = world
    sms_api.answers = [(503, {"code": "service_unavailable"})]
    smtp_server.reply = "451 4.3.0 Réessayez plus tard"
    report = send(db, EVE)
    assert report.retry_later == 2 and sms_api.requests == [] and smtp_server.messages == []
    failed = db.scalars(select(Message)).all()
    assert {m.state for m in failed} == {MessageState.FAILED}
    assert sorted(m.provider_answer for m in failed) == ["Brevo HTTP 503 service_unavailable", "SMTP 451"]

    smtp_server.reply = "250 OK"
    assert send(db, EVE + dt.timedelta(minutes=5)).sent == 0  # not yet: the retry waits ten minutes
    assert send(db, EVE + dt.timedelta(minutes=16)).sent == 2
    assert send(db, EVE + dt.timedelta(minutes=40)).sent == 0
    assert len(sms_api.requests) == 1 and len(smtp_server.messages) == 1
    assert {(m.state, m.attempts) for m in db.scalars(select(Message))} == {(MessageState.SENT, 2)}


def test_a_refused_number_fails_for_good(db, world, sms_api):
    sms_api.answers = [(400, {"code": "invalid_parameter"})]
    send(db, EVE)
    send(db, EVE + dt.timedelta(hours=1))
    message = db.scalars(select(Message).where(Message.channel == Channel.SMS)).one()
    assert message.state is MessageState.FAILED and message.next_attempt_at is None and message.attempts == 1
    assert sms_api.requests == []


def test_without_any_sender_messages_stay_to_send(db, world):
    report = send(db, EVE, senders={})
    assert report.sent == 0 and report.waiting == 2
    assert {m.state for m in db.scalars(select(Message))} == {MessageState.PENDING}


def test_a_stop_between_queueing_and_sending_stops_the_message(db, world, sms_api):
    group, session, people = world
    send(db, EVE, senders={})  # queued while no SMS provider was configured
    withdraw_sms_number(db, "+33612345678")
    send(db, EVE + dt.timedelta(minutes=5))
    assert sms_api.requests == []


def test_a_reminder_of_a_session_cancelled_meanwhile_is_not_sent(db, world, sms_api, smtp_server):
    group, session, people = world
    send(db, EVE, senders={})
    session.cancelled, session.cancel_reason = True, "Animatrice malade"
    set_up(db)
    send(db, EVE + dt.timedelta(minutes=5))
    assert sms_api.requests == [] and smtp_server.messages == []


def test_consent_given_again_after_a_withdrawal_counts_from_then(db, world, sms_api, today):
    group, session, people = world
    consent = record_consent(db, people["Chantal"], channel=Channel.SMS, address="0611111111", given_on=today)
    withdraw_consent(db, consent, how=Withdrawal.STAFF)
    send(db, EVE)
    assert sms_api.to("+33611111111") == []
    record_consent(db, people["Chantal"], channel=Channel.SMS, address="0611111111", given_on=today)
    send(db, EVE + dt.timedelta(minutes=5))
    assert len(sms_api.to("+33611111111")) == 1


def test_an_excused_person_gets_no_reminder(db, world, make, sms_api):
    from shared.sessions.models import AttendanceStatus

    group, session, people = world
    make.attendance(session, people["Aïcha"], status=AttendanceStatus.EXCUSED)
    send(db, EVE)
    assert sms_api.requests == []


def test_overseas_mobiles_get_their_country_code(db, make, today):
    person = make.participant()
    consent = record_consent(db, person, channel=Channel.SMS, address="0692 12 34 56", given_on=today)
    assert consent.address == "+262692123456"
