"""Anonymous opinions are anonymous in fact: storage and logs keep no order of arrival.

A, B and C sign in on the tablet, each followed at once by an anonymous opinion, through the kiosk
served by the documented gunicorn command (docs/kiosk.md) on a database of its own. Then the test
plays the attacker who holds the database files and the server's log, and tries to put the opinions
back in the sign-in order: by PostgreSQL's ``xmin`` and ``ctid``, by the place of each row in SQLite's
file, by SQLite's write-ahead log, by the log lines. Every trace it finds must follow the opinions'
random keys (or be the same for all of them), never their order of arrival.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from shared import clock
from shared.kiosk import pin_storage
from shared.kiosk.operations import create_enrolment_code
from shared.kiosk.pins import set_pin
from shared.sessions.models import Attendance
from tests.factories import Factory
from tests.live.client import Browser, csrf_token_in
from tests.live.conftest import live_database_url, live_engine, live_session  # noqa: F401 (fixtures)


ROOT = Path(__file__).resolve().parents[2]
PIN = "4821"
PEOPLE = ("Aïcha", "Bernard", "Chloé")  # A, B and C, in the order they sign in
TOKEN = re.compile(r'name="token" value="([^"]+)"')
KIOSK_INSTANCES: dict[str, Path] = {}  # each served kiosk's instance folder (IDMIX_INSTANCE_PATH)


def files_and_times(folder: Path) -> dict:
    """Every file under ``folder`` with its size and times, as someone copying the folder would see them."""
    return {str(path): (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ctime_ns)
            for path in sorted(folder.rglob("*"))}


def documented_kiosk_command(port: int) -> list[str]:
    """docs/kiosk.md, « En production » : no access log for the kiosk."""
    return [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:create_kiosk()"]


def _both_workers_booted(log_path: Path) -> bool:
    return log_path.read_text().count("Booting worker") >= 2


@pytest.fixture(scope="module")
def kiosk_server(live_database_url, tmp_path_factory):  # noqa: F811
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path_factory.mktemp("kiosk-log") / "gunicorn.log"
    instance = tmp_path_factory.mktemp("kiosk-instance")
    env = os.environ | {"IDMIX_DATABASE_URL": live_database_url, "IDMIX_SECRET_KEY": secrets.token_urlsafe(32),
                        "IDMIX_PIN_KEY": pin_storage.keys().current.decode(), "IDMIX_INSTANCE_PATH": str(instance)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(documented_kiosk_command(port), cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_path.read_text()
            with contextlib.suppress(OSError), urllib.request.urlopen(base + "/activer", timeout=2) as answer:
                if answer.status == 200:
                    break
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        # Both workers have made or read their keys: the second one may still be making an RSA key when the
        # first one answers, and would write then drop a temporary file (create_private_file) during the journeys.
        deadline = time.monotonic() + 30
        while not _both_workers_booted(log_path) or any(path.name.startswith(".") for path in instance.iterdir()):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        KIOSK_INSTANCES[base] = instance
        yield base, log_path
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def journeys(kiosk_server, live_session, live_engine):  # noqa: F811
    """A, B, C sign in, each followed by an anonymous opinion; returns what an attacker would read."""
    base, log_path = kiosk_server
    now = clock.now()
    with live_session() as db:
        make = Factory(db)
        group = make.group(requires_pin=True, checkin_opens_before=30, anonymous_proposals=True)
        session = make.session(group=group, held_on=now.date(), starts_at=dt.time(0, 30),
                               ends_at=dt.time(23, 59, 59))
        people = [make.participant(group=group, first_name=name, last_name="Témoin") for name in PEOPLE]
        for person in people:
            set_pin(db, person, PIN, actor=None, now=now)
        code = create_enrolment_code(db, group=group, actor=None, now=now).code
        ids = {person.first_name: person.id for person in people}
        session_id = session.id
    tablet = Browser(base)
    page = tablet.get("/activer")
    assert tablet.post("/activer", {"code": code, "csrf_token": csrf_token_in(page.text)}).status == 302
    log_before = log_path.read_text()
    files_before = files_and_times(KIOSK_INSTANCES[base])
    for name in PEOPLE:
        tiles = tablet.get("/signer").text
        form = {"csrf_token": csrf_token_in(tiles), "participant": ids[name]}
        assert tablet.post("/signer/personne", form).status == 200
        welcome = tablet.post("/signer/code", form | {"pin": PIN})
        assert welcome.status == 200 and f"Bienvenue, {name}" in welcome.text
        opinion = tablet.get("/avis").text
        # « Écouter » on the face they then choose: neither the log nor the instance folder may keep it.
        assert tablet.post("/parler", {"text": "Bien"}).status == (200 if shutil.which("espeak-ng") else 503)
        sent = tablet.post("/avis", {"csrf_token": csrf_token_in(opinion), "token": TOKEN.search(opinion).group(1),
                                     "scope": "collective", "mood": "3", "signer": "anonyme",
                                     "text": f"opinion-{name}"})
        assert sent.status == 200 and "Merci" in sent.text
        idea = tablet.get("/decisions/idee").text
        sent = tablet.post("/decisions/idee", {"csrf_token": csrf_token_in(idea), "token": TOKEN.search(idea).group(1),
                                               "text": f"idee-{name}", "pictogram": "", "signer": "anonyme"})
        assert sent.status == 200 and "Merci pour votre idée" in sent.text
        tablet.get("/")
    with live_engine.connect() as connection:
        attendance_order = [row.participant_id for row in connection.execute(
            select(Attendance.participant_id).where(Attendance.session_id == session_id)
            .order_by(Attendance.recorded_at))]
    assert attendance_order == [ids[name] for name in PEOPLE]  # the sign-in order is plain to see
    return dict(session_id=session_id, log=log_path.read_text()[len(log_before):],
                files=(files_before, files_and_times(KIOSK_INSTANCES[base])),
                keys=_texts_in_key_order(live_engine, session_id))


def _texts_in_key_order(engine, session_id) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, text FROM feedback WHERE session_id = :s"), {"s": session_id})
        return [t for _, t in sorted(((str(i).replace("-", ""), t) for i, t in rows))]


ARRIVAL = [f"opinion-{name}" for name in PEOPLE]
IDEAS = [f"idee-{name}" for name in PEOPLE]  # anonymous ideas, one after each opinion


def test_three_anonymous_opinions_were_stored(journeys):
    assert sorted(journeys["keys"]) == sorted(ARRIVAL)


def test_the_server_log_says_nothing_of_the_journeys(journeys):
    """The documented command keeps no access log; the app logs nothing of a sign-in or an opinion."""
    assert journeys["log"].strip() == ""


def test_listening_before_an_opinion_leaves_no_file_nor_file_time_in_the_instance_folder(journeys):
    before, after = journeys["files"]
    assert after == before


def test_postgresql_system_columns_do_not_follow_arrival(journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's xmin and ctid")
    with live_engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT xmin::text::bigint AS xmin, ctid::text AS ctid, text FROM feedback WHERE session_id = :s"),
            {"s": journeys["session_id"]}).all()
        attendance_xmins = connection.execute(text(
            "SELECT xmin::text::bigint FROM attendance WHERE session_id = :s"), {"s": journeys["session_id"]}).scalars()
        latest_sign_in = max(attendance_xmins)
    # One transaction wrote all three, after the last sign-in: nothing places one between two sign-ins.
    assert len({row.xmin for row in rows}) == 1 and rows[0].xmin > latest_sign_in
    by_place = [row.text for row in sorted(rows, key=lambda row: tuple(map(int, row.ctid.strip("()").split(","))))]
    assert by_place == journeys["keys"]


def heap_versions(engine, table: str) -> list:
    """Every row version PostgreSQL's pages hold for ``table``, live or dead (pageinspect): (xmin, bytes)."""
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        pages = connection.execute(text("SELECT pg_relation_size(:t) / current_setting('block_size')::int"),
                                   {"t": table}).scalar()
        return [row for page in range(pages) for row in connection.execute(text(
            "SELECT t_xmin::text::bigint AS xmin, t_data AS data FROM heap_page_items(get_raw_page(:t, :p)) "
            "WHERE t_data IS NOT NULL"), {"t": table, "p": page})]


def test_postgresql_pages_keep_no_earlier_version_of_the_opinions(journeys, live_engine):  # noqa: F811
    """Dead row versions (A alone, then A and B) would tell who came first: none is left in the pages."""
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's pages (pageinspect)")
    versions = [row for row in heap_versions(live_engine, "feedback")
                if any(t.encode() in bytes(row.data) for t in ARRIVAL)]
    assert sorted(next(t for t in ARRIVAL if t.encode() in bytes(row.data)) for row in versions) == sorted(ARRIVAL)
    assert len({row.xmin for row in versions}) == 1


def test_postgresql_anonymous_ideas_share_one_transaction_and_keep_no_earlier_version(
        journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's pages (pageinspect)")
    versions = [row for row in heap_versions(live_engine, "proposal")
                if any(t.encode() in bytes(row.data) for t in IDEAS)]
    assert sorted(next(t for t in IDEAS if t.encode() in bytes(row.data)) for row in versions) == sorted(IDEAS)
    with live_engine.connect() as connection:
        latest_sign_in = connection.execute(text(
            "SELECT max(xmin::text::bigint) FROM attendance WHERE session_id = :s"),
            {"s": journeys["session_id"]}).scalar()
    assert len({row.xmin for row in versions}) == 1 and versions[0].xmin > latest_sign_in


def test_sqlite_file_keeps_one_copy_of_each_anonymous_idea(journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file")
    data = Path(make_url(str(live_engine.url)).database).read_bytes()
    assert [data.count(t.encode()) for t in IDEAS] == [1, 1, 1]


def test_sqlite_file_keeps_the_rows_in_key_order_and_no_old_copies(journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file")
    data = Path(make_url(str(live_engine.url)).database).read_bytes()
    places = {t: [m.start() for m in re.finditer(t.encode(), data)] for t in ARRIVAL}
    assert all(len(found) == 1 for found in places.values()), places  # no stale copy left in free space
    # SQLite fills a page from its end: the cell written first sits highest. Here that is the first key.
    by_place = sorted(ARRIVAL, key=lambda t: -places[t][0])
    assert by_place == journeys["keys"]


def test_sqlite_write_ahead_log_is_empty(journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    wal = Path(make_url(str(live_engine.url)).database + "-wal")
    content = wal.read_bytes() if wal.exists() else b""
    assert not any(t.encode() in content for t in ARRIVAL)
    assert len(content) == 0
