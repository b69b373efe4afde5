"""After each single anonymous answer, a copy of the database ties nothing to a sign-in (docs/kiosk.md).

A, B and C sign in on the tablet served by the documented gunicorn command, each followed at once by an
anonymous opinion, an anonymous idea and a ballot; then D, E and F do the same while another connection holds
a read transaction open. After each single answer the test copies what an attacker could copy:

- SQLite: the database file and its write-ahead log, read as bytes and opened as a database;
- PostgreSQL: every row version (live and dead) in the pages of the answer tables (pageinspect), the WAL
  records the answer's request wrote (pg_walinspect: which tables they touch) and the bytes of ``pg_wal``
  between the positions before and after the request.

Until the third answer of a round nothing of the round's answers is anywhere in clear: the answer tables
have not changed, the pool holds sealed entries all of one size. The third answer writes the three together.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from shared import clock
from shared.anonymity.seal import SEALED_SIZE
from shared.decisions.operations import ChoiceInput, open_vote
from shared.kiosk.operations import create_enrolment_code
from shared.kiosk.pins import set_pin
from tests.factories import Factory
from tests.kiosk.test_anonymity import PIN, TOKEN, heap_versions, kiosk_server  # noqa: F401 (gunicorn, as documented)
from tests.kiosk.test_anonymity_wal import READER
from tests.live.client import Browser, csrf_token_in
from tests.live.conftest import live_database_url, live_engine, live_session  # noqa: F401 (fixtures)

ROUNDS = {"seul": ("Aïcha", "Bernard", "Chloé"), "lecteur": ("Denis", "Emma", "Farid")}
KINDS = ("opinion", "idea", "ballot")
SALT = secrets.token_hex(4)  # the answers' words are found nowhere but here (PostgreSQL's WAL is the server's)
# An answer's JSON as the pool seals it (compact: no space after the colon), were it ever stored unsealed.
CLEAR_ANSWER = re.compile(rb'"(mood|scope|given_on|choice_id|pictogram)":[^ ]')
ANSWER_TABLES = ("feedback", "proposal", "ballot")


def words(kind: str, name: str) -> str:
    return f"{kind}-{name}-{SALT}"


@pytest.fixture(scope="module")
def world(kiosk_server, live_session):  # noqa: F811
    now = clock.now()
    with live_session() as db:
        make = Factory(db)
        group = make.group(requires_pin=True, checkin_opens_before=30, anonymous_proposals=True)
        make.session(group=group, held_on=now.date(), starts_at=dt.time(0, 30), ends_at=dt.time(23, 59, 59))
        people = [make.participant(group=group, first_name=name, last_name="Témoin")
                  for names in ROUNDS.values() for name in names]
        for person in people:
            set_pin(db, person, PIN, actor=None, now=now)
        vote = open_vote(db, group=group, question="Que fait-on en mai ?", opens_on=now.date(),
                         closes_on=now.date() + dt.timedelta(days=7), actor=None,
                         choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
        code = create_enrolment_code(db, group=group, actor=None, now=now).code
        ids, vote_id, choices = {p.first_name: p.id for p in people}, vote.id, [c.id for c in vote.choices]
    tablet = Browser(kiosk_server[0])
    page = tablet.get("/activer")
    assert tablet.post("/activer", {"code": code, "csrf_token": csrf_token_in(page.text)}).status == 302
    return dict(tablet=tablet, ids=ids, vote_id=vote_id, choices=choices)


def sign_in(world, name) -> None:
    tablet = world["tablet"]
    tiles = tablet.get("/signer").text
    answer = tablet.post("/signer/code", {"csrf_token": csrf_token_in(tiles), "participant": world["ids"][name],
                                          "pin": PIN})
    assert answer.status == 200


def answer(world, kind, name) -> None:
    tablet = world["tablet"]
    if kind == "opinion":
        page = tablet.get("/avis").text
        sent = tablet.post("/avis", {"csrf_token": csrf_token_in(page), "token": TOKEN.search(page).group(1),
                                     "scope": "collective", "mood": "1", "signer": "anonyme", "text": words(kind, name)})
        assert sent.status == 200 and "Merci" in sent.text
    elif kind == "idea":
        page = tablet.get("/decisions/idee").text
        sent = tablet.post("/decisions/idee", {"csrf_token": csrf_token_in(page), "token": TOKEN.search(page).group(1),
                                               "text": words(kind, name), "pictogram": "", "signer": "anonyme"})
        assert sent.status == 200 and "Merci pour votre idée" in sent.text
    else:
        vote_id = world["vote_id"]
        page = tablet.get(f"/decisions/vote/{vote_id}").text
        ballot = {"csrf_token": csrf_token_in(page), "vote": vote_id, "choice": str(world["choices"][0])}
        assert tablet.post(f"/decisions/vote/{vote_id}", ballot).status == 200
        sent = tablet.post("/decisions/vote/code", ballot | {"participant": world["ids"][name], "pin": PIN})
        assert sent.status == 200 and "Votre vote est enregistré" in sent.text


# What an attacker copies: SQLite

def sqlite_copy(engine, folder: Path) -> dict:
    """The database file and its log as bytes, and what they hold when opened as a database."""
    database = Path(make_url(str(engine.url)).database)
    folder.mkdir()
    raw = b""
    for suffix in ("", "-wal"):
        source = Path(f"{database}{suffix}")
        if source.exists():
            shutil.copyfile(source, folder / f"copy.sqlite3{suffix}")
            raw += source.read_bytes()
    copy = sqlite3.connect(folder / "copy.sqlite3")
    try:
        found = dict(
            ballots=copy.execute("SELECT count(*) FROM ballot").fetchone()[0],
            sealed=[size for (size,) in copy.execute("SELECT length(sealed) FROM anonymous_pool")],
        )
    finally:
        copy.close()
    return found | {"raw": raw}


# What an attacker copies: PostgreSQL

def wal_position(engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_current_wal_flush_lsn()::text")).scalar()


def file_nodes(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.execute(text("SELECT pg_relation_filenode(:t)"), {"t": name}).scalar()
                for name in ANSWER_TABLES}


def wal_written(engine, start: str, end: str) -> tuple[list, bytes]:
    """The WAL records between two positions (pg_walinspect), and the bytes of ``pg_wal`` that hold them."""
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_walinspect"))
        records = connection.execute(text(
            "SELECT resource_manager, record_type, block_ref FROM pg_get_wal_records_info(CAST(:s AS pg_lsn), "
            "CAST(:e AS pg_lsn))"),
            {"s": start, "e": end}).all()
        size = connection.execute(text("SELECT pg_wal_lsn_diff(CAST(:e AS pg_lsn), CAST(:s AS pg_lsn))::bigint"), {"s": start, "e": end}).scalar()
        raw, position = b"", start
        while size > 0:
            name, offset = connection.execute(text("SELECT file_name, file_offset FROM pg_walfile_name_offset(CAST(:p AS pg_lsn))"),
                                              {"p": position}).one()
            segment = connection.execute(text("SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'")
                                         ).scalar()
            length = min(size, segment - offset)
            raw += bytes(connection.execute(text("SELECT pg_read_binary_file(:f, :o, :n)"),
                                            {"f": f"pg_wal/{name}", "o": offset, "n": length}).scalar())
            size -= length
            position = connection.execute(text("SELECT (CAST(:p AS pg_lsn) + CAST(:n AS numeric))::text"),
                                          {"p": position, "n": length}).scalar()
    return records, raw


def rows_written_to(records, database_oid: int, nodes: dict[str, int]) -> set[str]:
    """The answer tables that WAL records insert or update rows into."""
    writes = {("Heap", "INSERT"), ("Heap", "INSERT+INIT"), ("Heap", "UPDATE"), ("Heap", "HOT_UPDATE"),
              ("Heap2", "MULTI_INSERT"), ("Heap2", "MULTI_INSERT+INIT")}
    touched = set()
    for record in records:
        if (record.resource_manager, record.record_type) in writes:
            for found in re.finditer(r"rel \d+/(\d+)/(\d+)", record.block_ref or ""):
                for name, node in nodes.items():
                    if (int(found.group(1)), int(found.group(2))) == (database_oid, node):
                        touched.add(name)
    return touched


def postgresql_copy(engine) -> dict:
    with engine.connect() as connection:
        sealed = [bytes(value) for value in connection.execute(text("SELECT sealed FROM anonymous_pool")).scalars()]
    versions = {name: heap_versions(engine, name) for name in (*ANSWER_TABLES, "anonymous_pool")}
    pool_pages = b"".join(bytes(row.data) for row in versions["anonymous_pool"])
    raw = b"".join(bytes(row.data) for rows in versions.values() for row in rows)
    # Each sealed value sits whole in the pool's own pages (STORAGE PLAIN): no compression, no TOAST table.
    assert all(value in pool_pages for value in sealed)
    return dict(sealed=[len(value) for value in sealed], raw=raw,
                ballot_versions={bytes(row.data) for row in versions["ballot"]})


@pytest.fixture(scope="module", params=list(ROUNDS))
def round_(request, world, live_engine, tmp_path_factory):  # noqa: F811
    """One round of three people: each signs in and answers; a copy after each single answer."""
    names, with_reader = ROUNDS[request.param], request.param == "lecteur"
    postgresql = live_engine.dialect.name == "postgresql"
    reader = None
    if with_reader and postgresql:
        reader = live_engine.connect().execution_options(isolation_level="REPEATABLE READ")
        reader.execute(text("SELECT count(*) FROM feedback")).scalar()
    elif with_reader:
        reader = subprocess.Popen([sys.executable, "-c", READER, make_url(str(live_engine.url)).database],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert reader.stdout.readline().strip() == "ready"
    copies = {kind: [] for kind in KINDS}
    try:
        with live_engine.connect() as connection:
            database_oid = connection.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")
                                              ).scalar() if postgresql else None
        before = postgresql_copy(live_engine) if postgresql else None
        for name in names:
            sign_in(world, name)
            for kind in KINDS:
                if postgresql:
                    nodes, start = file_nodes(live_engine), wal_position(live_engine)
                    answer(world, kind, name)
                    records, wal = wal_written(live_engine, start, wal_position(live_engine))
                    copy = postgresql_copy(live_engine) | dict(
                        wal=wal, tables_written=rows_written_to(records, database_oid, nodes))
                else:
                    answer(world, kind, name)
                    copy = sqlite_copy(live_engine, tmp_path_factory.mktemp("copy") / "files")
                copies[kind].append(copy)
            world["tablet"].get("/")
    finally:
        if isinstance(reader, subprocess.Popen):
            reader.stdin.close()
            reader.wait(timeout=10)
        elif reader is not None:
            reader.close()
    return dict(names=names, copies=copies, before=before)


def clear_words(copy: dict, kind: str, names) -> list[bool]:
    """For each person of the round: is the words of their answer in the copy (files, pages or WAL)?"""
    raw = copy["raw"] + copy.get("wal", b"")
    return [words(kind, name).encode() in raw for name in names]


@pytest.mark.parametrize("kind", ["opinion", "idea"])
def test_the_first_two_answers_are_nowhere_in_clear_and_the_third_writes_the_three(round_, kind):
    copies, names = round_["copies"][kind], round_["names"]
    assert [clear_words(copy, kind, names) for copy in copies] == [[False] * 3, [False] * 3, [True] * 3]


def test_the_first_two_ballots_are_not_written_and_the_third_writes_the_three(round_, live_engine):  # noqa: F811
    copies = round_["copies"]["ballot"]
    if live_engine.dialect.name == "postgresql":
        earlier = round_["before"]["ballot_versions"]
        # No new ballot, live or dead, in the pages: only those of rounds before; then three at once.
        assert [len(copy["ballot_versions"] - earlier) for copy in copies] == [0, 0, 3]
    else:
        first = copies[0]["ballots"]
        assert [copy["ballots"] - first for copy in copies] == [0, 0, 3]


def test_waiting_answers_are_sealed_entries_of_one_size(round_):
    for kind in KINDS:
        for n, copy in enumerate(round_["copies"][kind]):
            assert set(copy["sealed"]) <= {SEALED_SIZE} and (n == 2 or copy["sealed"])
            assert not CLEAR_ANSWER.search(copy["raw"] + copy.get("wal", b""))


def test_postgresql_wal_of_each_answer_writes_no_answer_row_until_the_batch(round_, live_engine):  # noqa: F811
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's WAL (pg_walinspect)")
    table = dict(opinion="feedback", idea="proposal", ballot="ballot")
    for kind in KINDS:
        written = [table[kind] in copy["tables_written"] for copy in round_["copies"][kind]]
        assert written == [False, False, True], kind
