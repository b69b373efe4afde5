"""Secret ballots in fact, on the served kiosk (gunicorn, as documented), SQLite or PostgreSQL.

- A, B and C sign in for the session and vote in turn. Then the test plays the attacker who holds the
  database files and the server's log: the participation rows say who voted (that is public: the
  group sees who takes part), but nothing in the ballots, their system columns, their place in the
  file, SQLite's write-ahead log or the log lines puts them back in the order of the votes.
- One vote per person: the same ballot sent at once six times, from two tablets (double taps), is
  counted once.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from shared import clock
from shared.decisions.operations import ChoiceInput, open_vote
from shared.kiosk.operations import create_enrolment_code
from shared.kiosk.pins import set_pin
from tests.factories import Factory
from tests.kiosk.test_anonymity import PIN, heap_versions, kiosk_server  # noqa: F401 (the documented gunicorn command)
from tests.live.client import Browser, csrf_token_in
from tests.live.conftest import live_database_url, live_engine, live_session  # noqa: F401 (fixtures)

PEOPLE = ("Aïcha", "Bernard", "Chloé")  # A, B and C, in the order they vote


def enrolled_tablet(base: str, code: str) -> Browser:
    tablet = Browser(base)
    page = tablet.get("/activer")
    assert tablet.post("/activer", {"code": code, "csrf_token": csrf_token_in(page.text)}).status == 302
    return tablet


@pytest.fixture(scope="module")
def world(kiosk_server, live_session):  # noqa: F811
    base, log_path = kiosk_server
    now = clock.now()
    with live_session() as db:
        make = Factory(db)
        group = make.group(requires_pin=True, checkin_opens_before=30)
        make.session(group=group, held_on=now.date(), starts_at=dt.time(0, 30), ends_at=dt.time(23, 59, 59))
        people = [make.participant(group=group, first_name=name, last_name="Témoin") for name in PEOPLE]
        people.append(make.participant(group=group, first_name="Driss", last_name="Double"))
        for person in people:
            set_pin(db, person, PIN, actor=None, now=now)
        vote = open_vote(db, group=group, question="Que fait-on en avril ?", opens_on=now.date(),
                         closes_on=now.date() + dt.timedelta(days=7), actor=None,
                         choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage"),
                                  ChoiceInput("Sortie", "theme-sorties")])
        codes = [create_enrolment_code(db, group=group, actor=None, now=now).code for _ in range(3)]
        ids = {person.first_name: person.id for person in people}
        choice_ids = [choice.id for choice in vote.choices]
        vote_id = vote.id
    return dict(base=base, log_path=log_path, codes=codes, ids=ids, choice_ids=choice_ids, vote_id=vote_id)


@pytest.fixture(scope="module")
def journeys(world, live_engine):  # noqa: F811
    """A, B and C each sign in, then vote: A for Cuisine, B for Jardinage, C « je ne sais pas »."""
    tablet = enrolled_tablet(world["base"], world["codes"][0])
    log_before = world["log_path"].read_text()
    choices = dict(zip(PEOPLE, [str(world["choice_ids"][0]), str(world["choice_ids"][1]), "0"]))
    for name in PEOPLE:
        tiles = tablet.get("/signer").text
        form = {"csrf_token": csrf_token_in(tiles), "participant": world["ids"][name]}
        assert tablet.post("/signer/code", form | {"pin": PIN}).status == 200
        page = tablet.get(f"/decisions/vote/{world['vote_id']}").text
        ballot = {"csrf_token": csrf_token_in(page), "vote": world["vote_id"], "choice": choices[name]}
        assert tablet.post(f"/decisions/vote/{world['vote_id']}", ballot).status == 200
        answer = tablet.post("/decisions/vote/code", ballot | {"participant": world["ids"][name], "pin": PIN})
        assert answer.status == 200 and "Votre vote est enregistré" in answer.text
        tablet.get("/")
    return dict(log=world["log_path"].read_text()[len(log_before):])


def _ballots(connection, vote_id, extra=""):
    return connection.execute(text(f"SELECT id, choice_id{extra} FROM ballot WHERE vote_id = :v"), {"v": vote_id}).all()


def _key(value) -> str:
    return str(value).replace("-", "")


def test_three_ballots_and_three_participations_were_stored(journeys, world, live_engine):  # noqa: F811
    with live_engine.connect() as connection:
        ballots = _ballots(connection, world["vote_id"])
        voters = connection.execute(text("SELECT participant_id FROM vote_participation WHERE vote_id = :v"),
                                    {"v": world["vote_id"]}).scalars().all()
        columns = connection.execute(select(text("*")).select_from(text("ballot")).limit(0)).keys()
    assert sorted(row.choice_id or 0 for row in ballots) == sorted([0, *world["choice_ids"][:2]])
    assert sorted(voters) == sorted(world["ids"][name] for name in PEOPLE)
    assert set(columns) == {"id", "vote_id", "choice_id"}  # no person, no time, no device


def test_the_server_log_says_nothing_of_the_votes(journeys):
    assert journeys["log"].strip() == ""


def test_postgresql_system_columns_do_not_follow_the_order_of_the_votes(journeys, world, live_engine):  # noqa: F811
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's xmin and ctid")
    with live_engine.connect() as connection:
        rows = _ballots(connection, world["vote_id"], ", xmin::text::bigint AS xmin, ctid::text AS ctid")
    # One transaction (the last vote's) wrote all three: nothing places one ballot between two votes.
    assert len({row.xmin for row in rows}) == 1
    by_place = [row.id for row in sorted(rows, key=lambda row: tuple(map(int, row.ctid.strip("()").split(","))))]
    assert [_key(i) for i in by_place] == sorted(_key(row.id) for row in rows)


def test_postgresql_pages_keep_no_earlier_version_of_the_ballots(journeys, world, live_engine):  # noqa: F811
    """A dead version written with A's participation would hold A's choice: none is left in the pages."""
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's pages (pageinspect)")
    versions = heap_versions(live_engine, "ballot")
    with live_engine.connect() as connection:
        live = connection.execute(text("SELECT count(*) FROM ballot")).scalar()
        voters = connection.execute(text("SELECT xmin::text::bigint FROM vote_participation WHERE vote_id = :v"),
                                    {"v": world["vote_id"]}).scalars().all()
    assert len(versions) == live == 3
    assert len({row.xmin for row in versions}) == 1 and {row.xmin for row in versions} <= {max(voters)}


def test_postgresql_ballot_pages_keep_no_bytes_of_an_earlier_version(journeys, world, live_engine):  # noqa: F811
    """Not even in the pages' free space: each ballot's key is written once in the table's file."""
    if live_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's pages (pageinspect)")
    heap_versions(live_engine, "ballot")  # the extension
    with live_engine.connect() as connection:
        pages = connection.execute(text(
            "SELECT pg_relation_size('ballot') / current_setting('block_size')::int")).scalar()
        raw = b"".join(bytes(connection.execute(text("SELECT get_raw_page('ballot', :p)"), {"p": page}).scalar())
                       for page in range(pages))
        keys = connection.execute(text("SELECT id FROM ballot WHERE vote_id = :v"), {"v": world["vote_id"]}).scalars()
        assert [raw.count(key.bytes) for key in keys] == [1, 1, 1]


def test_sqlite_file_keeps_the_ballots_in_key_order_and_no_old_copies(journeys, world, live_engine):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file")
    with live_engine.connect() as connection:
        keys = sorted(_key(row.id) for row in _ballots(connection, world["vote_id"]))
    data = Path(make_url(str(live_engine.url)).database).read_bytes()
    places = {key: [m.start() for m in re.finditer(key.encode(), data)] for key in keys}
    # Each key twice: in the table and in the index on vote_id (which carries the key); no stale copy.
    assert all(len(found) == 2 for found in places.values()), places
    for copy in (0, 1):  # a page fills from its end: the first key sits highest, in the table and the index
        assert sorted(keys, key=lambda key: -places[key][copy]) == keys


def test_sqlite_write_ahead_log_is_empty(journeys, live_engine):  # noqa: F811
    if live_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    wal = Path(make_url(str(live_engine.url)).database + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_double_taps_on_two_tablets_count_one_vote(world, live_engine):  # noqa: F811
    tablets = [enrolled_tablet(world["base"], code) for code in world["codes"][1:]]
    driss = world["ids"]["Driss"]
    forms = []
    for tablet in tablets:
        page = tablet.get(f"/decisions/vote/{world['vote_id']}").text
        forms.append({"csrf_token": csrf_token_in(page), "vote": world["vote_id"],
                      "choice": str(world["choice_ids"][2]), "participant": driss, "pin": PIN})
    start = threading.Barrier(6)
    answers = []

    def tap(tablet, form):
        start.wait()
        answers.append(tablet.post("/decisions/vote/code", form))

    threads = [threading.Thread(target=tap, args=(tablets[n % 2], forms[n % 2])) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status for answer in answers) == [200] * 6, [a.text[:200] for a in answers]
    assert sum("Votre vote est enregistré" in answer.text for answer in answers) == 1
    with live_engine.connect() as connection:
        voted = connection.execute(text("SELECT count(*) FROM vote_participation WHERE vote_id = :v AND "
                                        "participant_id = :p"), {"v": world["vote_id"], "p": driss}).scalar()
        # A, B and C's ballots were written as a batch; Driss's, alone, waits sealed in the vote's pool: once.
        waiting = connection.execute(text("SELECT count(*) FROM anonymous_pool WHERE vote_id = :v"),
                                     {"v": world["vote_id"]}).scalar()
        ballots = connection.execute(text("SELECT count(*) FROM ballot WHERE vote_id = :v"),
                                     {"v": world["vote_id"]}).scalar()
    assert voted == 1 and waiting == 1 and ballots == 3
