"""Every kind of e-mail as mail programs read it (Python's ``email`` in strict mode and mail-parser): a Date
(RFC 5322; NeoMutt showed 1 January 1970 without it), a Message-ID in the sender's domain, and a
List-Unsubscribe written as is (RFC 2369), with its one-click List-Unsubscribe-Post (RFC 8058)."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

import pytest

from shared import clock
from shared.messaging.planning import queue_session_notice
from shared.messaging.models import Channel
from tests.readers.mail import read_mail
from tests.shared.messaging_servers import smtp_certificate, smtp_server  # noqa: F401
from tests.shared.test_messaging import EVE, THURSDAY, send, world  # noqa: F401
from tests.shared.test_messaging_digest import MORNING, followed  # noqa: F401
from tests.factories import set_up

UNSUBSCRIBE = re.compile(r"<https://idmix\.cd\.example\.fr/admin/messages/unsubscribe/\d+-[0-9a-f]{32}>")
AT = {"eve": EVE, "morning": dt.datetime.combine(THURSDAY, dt.time(9, 5), tzinfo=clock.CENTRE_TZ)}


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")


def check_dated_and_identified(read, sent_at: dt.datetime) -> None:
    assert email.utils.parsedate_to_datetime(read.strict["Date"]) == sent_at
    assert read.parsed.date == sent_at.astimezone(dt.timezone.utc)
    assert re.fullmatch(r"<[^<>@\s]+@cd\.example\.fr>", read.strict["Message-ID"])
    assert read.parsed.message_id == read.strict["Message-ID"]


def check_unsubscribe(read) -> None:
    assert UNSUBSCRIBE.fullmatch(read.header_lines["list-unsubscribe"]), read.header_lines["list-unsubscribe"]
    assert UNSUBSCRIBE.fullmatch(str(read.strict["List-Unsubscribe"]))
    assert UNSUBSCRIBE.fullmatch(read.parsed.headers["List-Unsubscribe"])
    assert read.header_lines["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    assert read.parsed.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reminders_and_notices_are_dated_identified_and_unsubscribable(db, world, smtp_server):  # noqa: F811
    group, session, people = world
    group.morning_reminder_at = dt.time(9, 0)
    set_up(db)
    moments = [EVE, AT["morning"]]
    send(db, EVE)
    send(db, AT["morning"])
    session.place = "Salle polyvalente, 12 avenue Jean Jaurès"
    queue_session_notice(db, session, {Channel.EMAIL})
    moments.append(AT["morning"] + dt.timedelta(minutes=10))
    send(db, moments[-1])
    session.cancelled, session.cancel_reason = True, "Animatrice malade"
    queue_session_notice(db, session, {Channel.EMAIL})
    moments.append(AT["morning"] + dt.timedelta(minutes=20))
    send(db, moments[-1])

    mails = smtp_server.to("bernard@example.fr")
    subjects = [mail["subject"] for mail in mails]
    assert [s.split(" :")[0] for s in subjects] == ["Rappel", "Rappel", "Changement de séance", "Séance annulée"]
    ids = set()
    for mail, sent_at in zip(mails, moments):
        read = read_mail(mail["raw"])
        check_dated_and_identified(read, sent_at)
        check_unsubscribe(read)
        assert read.strict.get_content().startswith("Bonjour Bernard,") and read.parsed.subject == mail["subject"]
        ids.add(read.strict["Message-ID"])
    assert len(ids) == 4


def test_the_referrers_digest_is_dated_and_identified(db, followed, smtp_server):  # noqa: F811
    send(db, MORNING)
    [mail] = smtp_server.to("nadia.ass@cd.example.fr")
    read = read_mail(mail["raw"])
    check_dated_and_identified(read, MORNING)
    assert "list-unsubscribe" not in read.header_lines  # staff mail: no consent to withdraw
    assert read.strict.get_content().startswith("Bonjour Nadia,")


def test_message_id_falls_back_to_the_application_s_host_without_a_sender_address():
    from shared.messaging.senders.smtp import SmtpSender

    sender = SmtpSender(host="localhost", port=25)  # IDMIX_SMTP_FROM not set: « no-reply@localhost »
    read = read_mail(sender.build("a@example.fr", "Essai", "Bonjour").as_bytes())
    assert read.strict["Message-ID"].endswith("@idmix.cd.example.fr>")
