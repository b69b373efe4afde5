"""SQLite's write-ahead log after each anonymous opinion, with and without another program reading the base.

The kiosk is served by the documented gunicorn command and the back-office by gunicorn too, on one SQLite
file. People sign in and each gives an anonymous opinion; the test copies the ``-wal`` file after each
step, as someone copying the database's files would.

- Nobody else reads: after each opinion the log is empty, so no copy holds the opinions page by page.
- A database browser holds a read open: the checkpoint cannot complete (SQLite keeps the frames that
  reader may need). The kiosk retries; the dashboard tells staff, calmly, and names the program; once it
  is closed, the next visit of the dashboard empties the log and the notice goes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from shared import clock
from shared.kiosk.operations import create_enrolment_code
from shared.kiosk.pins import set_pin
from shared.staff.models import Role
from tests.factories import Factory
from tests.kiosk.test_anonymity import PIN, TOKEN, kiosk_server  # noqa: F401 (the documented gunicorn command)
from tests.live.client import Browser, csrf_token_in
from tests.typography import typography_faults
from tests.live.conftest import live_database_url, live_engine, live_server, live_session  # noqa: F401

FIRST, SECOND = ("Aïcha", "Bernard", "Chloé"), ("Denis", "Emma", "Farid")
NOTICE = "journal de la base de données n'a pas pu être vidé"
READER = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN'); "
          "c.execute('SELECT count(*) FROM feedback').fetchone(); print('ready', flush=True); sys.stdin.read()")


@pytest.fixture(scope="module")
def world(live_engine, kiosk_server, live_session):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    now = clock.now()
    with live_session() as db:
        make = Factory(db)
        group = make.group(requires_pin=True, checkin_opens_before=30)
        make.session(group=group, held_on=now.date(), starts_at=dt.time(0, 30), ends_at=dt.time(23, 59, 59))
        people = [make.participant(group=group, first_name=name, last_name="Témoin") for name in FIRST + SECOND]
        for person in people:
            set_pin(db, person, PIN, actor=None, now=now)
        code = create_enrolment_code(db, group=group, actor=None, now=now).code
        admin = make.staff(role=Role.ADMIN)
        ids, email = {person.first_name: person.id for person in people}, admin.email
    tablet = Browser(kiosk_server[0])
    page = tablet.get("/activer")
    assert tablet.post("/activer", {"code": code, "csrf_token": csrf_token_in(page.text)}).status == 302
    database = Path(make_url(str(live_engine.url)).database)
    return dict(tablet=tablet, ids=ids, email=email, wal=Path(f"{database}-wal"), database=database)


def give_opinions(world, names) -> list[bytes]:
    """Each person signs in, then gives an anonymous opinion; the log as copied after each opinion.

    The database file is copied too: the first two opinions are nowhere in clear (they wait sealed); after the
    third, each copy holds each of the three once (no stale copy)."""
    tablet, copies = world["tablet"], []
    for name in names:
        tiles = tablet.get("/signer").text
        form = {"csrf_token": csrf_token_in(tiles), "participant": world["ids"][name]}
        assert tablet.post("/signer/code", form | {"pin": PIN}).status == 200
        opinion = tablet.get("/avis").text
        sent = tablet.post("/avis", {"csrf_token": csrf_token_in(opinion), "token": TOKEN.search(opinion).group(1),
                                     "scope": "collective", "mood": "2", "signer": "anonyme", "text": f"wal-{name}"})
        assert sent.status == 200 and "Merci" in sent.text
        copies.append(world["wal"].read_bytes() if world["wal"].exists() else b"")
        if not copies[-1]:  # everything is in the file: the opinions of a batch once each, none before it
            data = world["database"].read_bytes()
            given = names[: names.index(name) + 1]
            expected = 1 if len(given) == 3 else 0  # one or two wait sealed in the pool: nothing in clear
            assert [data.count(f"wal-{person}".encode()) for person in given] == [expected] * len(given)
        tablet.get("/")
    return copies


def test_without_another_reader_the_log_is_empty_after_each_opinion(world):
    copies = give_opinions(world, FIRST)
    assert [len(copy) for copy in copies] == [0, 0, 0]


def test_a_reader_that_keeps_the_log_is_named_on_the_dashboard_until_it_closes(world, live_server):  # noqa: F811
    reader = subprocess.Popen([sys.executable, "-c", READER, str(world["database"])], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"
        copies = give_opinions(world, SECOND)
        # SQLite cannot empty a log that an open read may still need: the frames stay while it reads. Until the
        # third opinion they hold sealed pool entries only; then the batch of three, written together.
        assert [any(f"wal-{name}".encode() in copy for name in SECOND) for copy in copies] == [False, False, True]
        staff = live_server.signed_in(world["email"])
        dashboard = staff.get("/").text
        assert NOTICE in dashboard and f"processus {reader.pid}" in dashboard
        assert typography_faults(dashboard) == []
    finally:
        reader.stdin.close()
        reader.wait(timeout=10)
    dashboard = staff.get("/").text
    assert NOTICE not in dashboard
    assert world["wal"].stat().st_size == 0


def test_the_notice_names_no_program_of_ours(world, live_server):  # noqa: F811
    """Our own servers (the kiosk, the back-office) keep the file open without a read: no notice for them."""
    dashboard = live_server.signed_in(world["email"]).get("/").text
    assert NOTICE not in dashboard and not re.search(r"processus \d+", dashboard)
