"""``idmix send-reminders``: two runs started at once (two processes) send nothing twice, on SQLite and
PostgreSQL (a database of its own, like tests/live), through a real SMTP server and a stand-in for Brevo."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared import clock
from shared.db import make_engine
from shared.messaging.models import Channel, Message, MessageState
from shared.messaging.operations import record_consent
from tests.databases import fresh_database
from tests.factories import Factory
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 12  # per channel


@pytest.fixture
def reminders_db(tmp_path, monkeypatch):
    """A database of its own that the command's processes share (SQLite file, or a new PostgreSQL database)."""
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")
    with fresh_database(tmp_path, "reminders") as url:
        monkeypatch.setenv("IDMIX_DATABASE_URL", url)
        yield url


def seed(url) -> dict:
    """A session tomorrow whose eve reminder is already due (the group reminds at midnight)."""
    engine = make_engine(url)
    today = clock.today()
    with DbSession(engine) as db:
        make = Factory(db)
        group = make.group(reminder_at=dt.time(0, 0))
        make.session(group, held_on=today + dt.timedelta(days=1))
        numbers, emails = [], []
        for n in range(PEOPLE):
            sms = make.participant(group, first_name=f"Personne{n}")
            record_consent(db, sms, channel=Channel.SMS, address=f"06 10 00 00 {n:02d}", given_on=today)
            numbers.append(f"336100000{n:02d}")
            mail = make.participant(group, first_name=f"Courriel{n}")
            record_consent(db, mail, channel=Channel.EMAIL, address=f"p{n}@example.fr", given_on=today)
            emails.append(f"p{n}@example.fr")
        make.participant(group, first_name="Sansaccord")  # no consent: nothing
        db.commit()
    engine.dispose()
    return {"numbers": numbers, "emails": emails}


def states(url) -> dict:
    engine = make_engine(url)
    with DbSession(engine) as db:
        rows = dict(db.execute(select(Message.state, func.count()).group_by(Message.state)).all())
    engine.dispose()
    return rows


def start_run(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from idmix.cli import main; main()", "send-reminders", *args],
                            cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_at_once_send_each_message_exactly_once(reminders_db, smtp_server, sms_api):
    people = seed(reminders_db)
    sms_api.delay = 0.02  # a provider that takes its time: the two runs overlap
    runs = [start_run(), start_run()]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(r["json"]["recipient"] for r in sms_api.requests) == sorted(people["numbers"])
    assert sorted(m["to"][0] for m in smtp_server.messages) == sorted(people["emails"])
    assert states(reminders_db) == {MessageState.SENT: 2 * PEOPLE}
    sent = [int(out.split("Envoyés : ")[1].split(".")[0]) for out, _ in outputs]
    assert sum(sent) == 2 * PEOPLE
    for out, err in outputs:  # nothing about a person on the command's output
        assert "Personne" not in out + err and "@example.fr" not in out + err and "3361" not in out + err

    again = start_run()
    out, _ = again.communicate(timeout=60)
    assert "aucun nouveau message dû" in out and "Envoyés : 0." in out
    assert len(sms_api.requests) == PEOPLE and len(smtp_server.messages) == PEOPLE


def test_dry_run_writes_and_sends_nothing(reminders_db, smtp_server, sms_api):
    seed(reminders_db)
    result = CliRunner().invoke(main, ["send-reminders", "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 0 and f"Simulation : {PEOPLE} × Rappel la veille (SMS)" in result.output
    assert states(reminders_db) == {} and sms_api.requests == [] and smtp_server.messages == []


def test_at_catches_up_and_refuses_the_future_and_bad_dates(reminders_db, sms_api, smtp_server):
    seed(reminders_db)
    runner = CliRunner()
    future = (clock.now() + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    result = runner.invoke(main, ["send-reminders", "--at", future])
    assert result.exit_code == 1 and "--at est dans le futur" in result.output
    result = runner.invoke(main, ["send-reminders", "--at", "11/03/2026 18h"])
    assert result.exit_code == 1 and "AAAA-MM-JJ HH:MM" in result.output
    before = (dt.datetime.combine(clock.today(), dt.time(0, 0)) - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
    assert "aucun nouveau message dû" in runner.invoke(main, ["send-reminders", "--at", before]).output
    earlier = dt.datetime.combine(clock.today(), dt.time(0, 1)).strftime("%Y-%m-%d %H:%M")
    result = runner.invoke(main, ["send-reminders", "--at", earlier], catch_exceptions=False)
    assert f"Envoyés : {2 * PEOPLE}." in result.output


def test_with_nothing_configured_messages_wait(reminders_db, monkeypatch):
    seed(reminders_db)
    for name in ("IDMIX_SMTP_URL", "IDMIX_SMS_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["send-reminders"], catch_exceptions=False)
    assert "Envoyés : 0." in result.output and f"À envoyer (en attente) : {2 * PEOPLE}." in result.output
    assert "Non configuré : e-mail (IDMIX_SMTP_URL), SMS (IDMIX_SMS_PROVIDER)" in result.output
    assert states(reminders_db) == {MessageState.PENDING: 2 * PEOPLE}
