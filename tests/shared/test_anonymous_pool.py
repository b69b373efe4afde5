"""The pool of anonymous answers (shared.anonymity): sealed entries of one size, written in batches of three.

Adversarial: an entry forged, moved, replayed from an old copy or sealed under another key; two answers, or two
flushes, at the same instant on two connections; a vote closed with two ballots still waiting.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid

import pytest
from sqlalchemy import func, insert, select

from shared import clock
from shared.anonymity.batches import flush_due_pools
from shared.anonymity.models import PoolEntry, PoolKind
from shared.anonymity.pool import unopenable_count
from shared.anonymity.seal import SEALED_SIZE
from shared.db import make_engine, make_sessionmaker
from shared.decisions.ballots import cast_ballot
from shared.decisions.models import Ballot
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from shared.decisions.results import results_of
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.feedback.operations import FeedbackAlreadySent, submit_feedback
from shared.sessions.models import Session
from shared.writes import UNGUARDED
from tests.conftest import TODAY
from tests.databases import fresh_database
from tests.factories import Factory

TOMORROW = TODAY + dt.timedelta(days=1)


def give(db, session, text, mood=Mood.GOOD, token=None):
    return submit_feedback(db, session=session, scope=FeedbackScope.COLLECTIVE, mood=mood, text=text,
                           form_token=token)


def written(db, session) -> list[str]:
    return sorted(db.scalars(select(Feedback.text).where(Feedback.session_id == session.id)))


def entries(db, session) -> list:
    return db.execute(select(PoolEntry.id, PoolEntry.sealed).where(PoolEntry.session_id == session.id)).all()


@pytest.fixture
def session(make, today):
    return make.session(held_on=TODAY)


def test_waiting_answers_are_sealed_all_of_one_size_and_say_nothing(db, session):
    give(db, session, "x", mood=Mood.VERY_BAD)
    give(db, session, "Une très longue phrase, " * 40, mood=Mood.VERY_GOOD)
    assert written(db, session) == []
    sealed = [row.sealed for row in entries(db, session)]
    assert [len(value) for value in sealed] == [SEALED_SIZE, SEALED_SIZE]
    assert not any(b"phrase" in value or b"mood" in value or b'"x"' in value for value in sealed)
    assert {c.name for c in PoolEntry.__table__.columns} == {"id", "kind", "session_id", "group_id", "day", "vote_id",
                                                             "form_token", "sealed"}  # no time, person, device


def test_the_third_answer_writes_the_three_together(db, session):
    for text in ("un", "deux"):
        assert give(db, session, text) is None
    give(db, session, "trois")
    assert written(db, session) == ["deux", "trois", "un"] and entries(db, session) == []


def test_a_double_tap_waiting_in_the_pool_is_stored_once(db, session):
    give(db, session, "un", token="t" * 24)
    with pytest.raises(FeedbackAlreadySent):
        give(db, session, "un", token="t" * 24)
    flush_due_pools(db, today=TOMORROW)
    assert written(db, session) == ["un"]


def test_a_forged_entry_is_never_written_nor_counted(db, session):
    give(db, session, "un")
    db.execute(insert(PoolEntry), [dict(id=uuid.uuid4(), kind=PoolKind.OPINION, session_id=session.id,
                                        sealed=os.urandom(SEALED_SIZE))])
    give(db, session, "deux")
    assert written(db, session) == []  # three entries, but two that open: no batch yet
    assert flush_due_pools(db, today=TOMORROW) == 2
    assert written(db, session) == ["deux", "un"] and unopenable_count(db) == 1


def test_an_entry_copied_into_another_entry_or_pool_does_not_open(db, make, session):
    other = make.session(held_on=TODAY)
    give(db, session, "un")
    (entry,) = entries(db, session)
    for target in (session, other):
        db.execute(insert(PoolEntry), [dict(id=uuid.uuid4(), kind=PoolKind.OPINION, session_id=target.id,
                                            sealed=entry.sealed)])
    flush_due_pools(db, every_pool=True)
    assert written(db, session) == ["un"] and written(db, other) == [] and unopenable_count(db) == 2


def test_an_entry_replayed_from_an_old_copy_is_written_once(db, session):
    give(db, session, "un")
    (old,) = entries(db, session)  # as a backup taken then would hold it
    give(db, session, "deux")
    give(db, session, "trois")
    assert written(db, session) == ["deux", "trois", "un"]
    db.execute(insert(PoolEntry), [dict(id=old.id, kind=PoolKind.OPINION, session_id=session.id, sealed=old.sealed)])
    flush_due_pools(db, today=TOMORROW)
    assert written(db, session) == ["deux", "trois", "un"] and entries(db, session) == []


def test_an_entry_sealed_under_another_secret_key_waits_for_that_key(db, session, monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "ancienne-clé")
    give(db, session, "avant")
    monkeypatch.setenv("IDMIX_SECRET_KEY", "nouvelle-clé")
    give(db, session, "un")
    give(db, session, "deux")
    assert written(db, session) == []  # the first does not open: two answers, no batch
    flush_due_pools(db, today=TOMORROW)
    assert written(db, session) == ["deux", "un"] and unopenable_count(db) == 1
    monkeypatch.setenv("IDMIX_SECRET_KEY", "ancienne-clé")  # docs/kiosk.md: the old key put back a moment
    flush_due_pools(db, today=TOMORROW)
    assert written(db, session) == ["avant", "deux", "un"] and unopenable_count(db) == 0


def test_a_vote_closed_with_two_ballots_waiting_counts_them_and_says_not_enough(db, make, today):
    group = make.group()
    people = [make.participant(group=group) for _ in range(2)]
    vote = open_vote(db, group=group, question="Quelle sortie ?", opens_on=TODAY, closes_on=TOMORROW, actor=None,
                     choices=[ChoiceInput("Musée", "theme-sorties"), ChoiceInput("Parc", "theme-jardinage")])
    for person in people:
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[0], today=TODAY)
    assert results_of(db, vote).rows[0].count == 0  # nothing from the pool is counted before it is written
    close_vote(db, vote, actor=None)
    results = results_of(db, vote)
    assert results.rows[0].count == 2 and results.voters == 2 and not results.shown
    assert db.scalar(select(func.count()).select_from(Ballot).where(Ballot.vote_id == vote.id)) == 2


@pytest.fixture
def own_database(tmp_path):
    """A database of its own: two connections must each commit (the suite's ``db`` rolls back)."""
    with fresh_database(tmp_path, "pool") as url:
        engine = make_engine(url)
        yield engine, make_sessionmaker(engine), make_sessionmaker(engine, info={UNGUARDED: True})
        engine.dispose()


def at_once(count: int, work) -> list:
    """Run ``work(n)`` in ``count`` threads released together; returns their errors."""
    start, errors = threading.Barrier(count), []

    def run(n):
        start.wait()
        try:
            work(n)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_answers_at_once_on_two_connections_are_each_written_exactly_once(own_database):
    engine, maker, setup = own_database
    with setup() as db, db.begin():
        session_ids = [Factory(db).session(held_on=clock.today()).id for _ in range(4)]
    for round_, session_id in enumerate(session_ids):
        with maker() as db, db.begin():
            give(db, db.get(Session, session_id), f"{round_}-seul")

        def answer(n, session_id=session_id, round_=round_):
            with maker() as db, db.begin():
                give(db, db.get(Session, session_id), f"{round_}-{n}")

        assert at_once(2, answer) == []
        with maker() as db:
            texts = sorted(db.scalars(select(Feedback.text).where(Feedback.session_id == session_id)))
            assert texts == sorted([f"{round_}-seul", f"{round_}-0", f"{round_}-1"])
            assert db.scalar(select(func.count()).select_from(PoolEntry)) == 0


def test_two_flushes_at_once_write_each_answer_exactly_once(own_database):
    engine, maker, setup = own_database
    today = clock.today()
    with setup() as db, db.begin():
        session_id = Factory(db).session(held_on=today).id
    with maker() as db, db.begin():
        for text in ("un", "deux"):
            give(db, db.get(Session, session_id), text)
    written_counts = []

    def flush(n):
        with maker() as db, db.begin():
            written_counts.append(flush_due_pools(db, today=today + dt.timedelta(days=1)))

    assert at_once(2, flush) == []
    assert sorted(written_counts) == [0, 2]
    with maker() as db:
        assert sorted(db.scalars(select(Feedback.text).where(Feedback.session_id == session_id))) == ["deux", "un"]
        assert db.scalar(select(func.count()).select_from(PoolEntry)) == 0

