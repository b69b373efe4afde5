"""``idmix send-reminders --at`` the evening before, run on the morning of the session (under ``faketime``,
the real command at that moment): the reminder says « aujourd'hui », as the day it arrives, never « demain »."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import make_engine
from shared.messaging.models import Channel
from shared.messaging.operations import record_consent
from tests.cli.test_send_reminders import ROOT, reminders_db  # noqa: F401
from tests.factories import Factory
from tests.chromium import need
from tests.shared.messaging_servers import sms_api, smtp_certificate, smtp_server  # noqa: F401


def seed(url, day: dt.date) -> None:
    engine = make_engine(url)
    with DbSession(engine) as db:
        make = Factory(db)
        group = make.group(reminder_at=dt.time(18, 0))
        make.session(group, held_on=day, starts_at=dt.time(14, 0), ends_at=dt.time(16, 0))
        sms, mail = make.participant(group, first_name="Aïcha"), make.participant(group, first_name="Bernard")
        record_consent(db, sms, channel=Channel.SMS, address="06 12 34 56 78", given_on=clock.today())
        record_consent(db, mail, channel=Channel.EMAIL, address="bernard@example.fr", given_on=clock.today())
        db.commit()
    engine.dispose()


def test_a_catch_up_run_on_the_morning_of_the_session_says_today(reminders_db, sms_api, smtp_server):  # noqa: F811
    need(shutil.which("faketime") is not None, "faketime is missing: apt-get install -y faketime")
    day = clock.today() + dt.timedelta(days=1)  # the test certificate of the SMTP server is valid two days
    seed(reminders_db, day)
    eve = f"{day - dt.timedelta(days=1):%Y-%m-%d} 18:05"
    done = subprocess.run(
        ["faketime", f"{day:%Y-%m-%d} 08:40:00", sys.executable, "-c", "from idmix.cli import main; main()",
         "send-reminders", "--at", eve],
        cwd=ROOT, env=dict(os.environ, TZ="Europe/Paris"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Envoyés : 2." in done.stdout
    [sms] = sms_api.requests
    assert "aujourd'hui" in sms["json"]["content"] and "demain" not in sms["json"]["content"]
    [mail] = smtp_server.messages
    assert "aujourd'hui à 14h" in mail["subject"] and "demain" not in mail["body"]


def test_the_same_run_on_the_eve_says_tomorrow(reminders_db, sms_api, smtp_server):  # noqa: F811
    need(shutil.which("faketime") is not None, "faketime is missing: apt-get install -y faketime")
    day = clock.today() + dt.timedelta(days=1)
    seed(reminders_db, day)
    done = subprocess.run(
        ["faketime", f"{day - dt.timedelta(days=1):%Y-%m-%d} 18:30:00", sys.executable, "-c",
         "from idmix.cli import main; main()", "send-reminders"],
        cwd=ROOT, env=dict(os.environ, TZ="Europe/Paris"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "demain" in sms_api.requests[0]["json"]["content"]
