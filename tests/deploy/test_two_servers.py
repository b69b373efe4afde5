"""Two app servers behind nginx on one PostgreSQL behave as one, and one of them killed (SIGKILL) in the middle
of a Thursday afternoon loses and doubles nothing: tablets keep signing people in, sending opinions and casting
ballots through nginx; a request cut by the kill is sent again by the tablet (same person, same one-time form token) and
the other server takes it. nginx itself never replays a POST it had already passed on."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from bench.concurrency import HttpKiosk, _attendance, _count, feedback_outcome, sign_in
from shared import clock
from shared.anonymity.models import PoolEntry, PoolKind
from shared.anonymity.queries import waiting_opinions
from shared.db import make_engine
from shared.decisions.models import Ballot, VoteParticipation
from shared.decisions.operations import ChoiceInput, open_vote
from shared.feedback.models import Feedback
from shared.kiosk.tokens import digest
from shared.sessions.models import Session

from .conftest import POSTGRESQL
from .stack import app_server

ATTEMPTS = 5  # a tablet sends a cut request again, as the person taps again
PATIENCE = 60  # seconds a person keeps tapping while the centre's only server restarts (SQLite)


def _until_answered(send, answered: set[str], patience: float = 0) -> tuple[str, int]:
    """Send until the server answers one of ``answered``, ATTEMPTS times or for ``patience`` seconds;
    (last outcome, failed attempts)."""
    failures, deadline = 0, time.monotonic() + patience
    while True:
        outcome = send()
        if outcome in answered:
            return outcome, failures
        failures += 1
        if failures >= ATTEMPTS and time.monotonic() > deadline:
            return outcome, failures
        time.sleep(0.2)


def open_a_vote(url: str, session_id: int) -> tuple[int, list[int]]:
    """A vote open today in the scene's group, with two choices: its id and its choices' ids."""
    engine = make_engine(url)
    try:
        with DbSession(engine) as db:
            group = db.get(Session, session_id).group
            vote = open_vote(db, group=group, question="Où va-t-on en mai ?", opens_on=clock.today(),
                             closes_on=clock.today() + dt.timedelta(days=7), actor=None,
                             choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
            db.commit()
            return vote.id, [choice.id for choice in vote.choices]
    finally:
        engine.dispose()


def ballot_outcome(status: int, page: str) -> str:
    if status == 200 and "Votre vote est enregistré" in page:
        return "cast"
    if status == 200 and "vous avez déjà voté" in page:
        return "already voted"  # the first try went through before the kill cut its answer
    return "error" if status >= 500 else "refused"


def cast(kiosk, vote_id: int, choice: int, person: int) -> str:
    try:
        return ballot_outcome(*kiosk.post("/decisions/vote/prenom",
                                          {"vote": str(vote_id), "choice": str(choice), "participant": str(person)}))
    except OSError:
        return "no answer"  # the server is gone


def afternoon_with_a_server_lost(stack, lose, patience: float = 0) -> Counter:
    """Every person signs in, gives an opinion and casts a ballot through nginx, on the tablets at once; a third
    of the way in, ``lose()`` takes a server away. Asserts nothing was lost or doubled; returns the counts."""
    scene, base = stack["scene"], stack["nginx"].https_url
    vote_id, choices = open_a_vote(scene.url, scene.session_id)
    tablets = len(scene.tokens)
    counts: Counter = Counter()
    tokens: list[str] = []
    lock = threading.Lock()
    halfway = threading.Event()
    killed = threading.Event()

    def tablet(index: int) -> None:
        kiosk = HttpKiosk(base + "/kiosk", scene.tokens[index])
        for n, person in enumerate(scene.people[index::tablets]):
            outcome, failures = _until_answered(lambda: sign_in(kiosk, scene, person), {"new", "already"},
                                               patience)
            token = f"jeton-{index}-{n}-deux-serveurs"
            opinion = {"scope": "collective", "mood": "3", "text": "", "signer": "anonyme", "token": token}
            saved, more = _until_answered(lambda: feedback_outcome(*kiosk.post("/avis", opinion)), {"saved"},
                                         patience)
            choice = choices[person % 2]
            voted, again = _until_answered(lambda: cast(kiosk, vote_id, choice, person), {"cast", "already voted"},
                                          patience)
            with lock:
                counts[outcome] += 1
                counts[saved] += 1
                counts[voted] += 1
                counts[f"choice {choice}"] += 1
                counts["failed attempts"] += failures + more + again
                counts["after the kill"] += killed.is_set()
                tokens.append(token)
                if counts["new"] + counts["already"] >= len(scene.people) // 3:
                    halfway.set()

    pool = [threading.Thread(target=tablet, args=(i,)) for i in range(tablets)]
    for thread in pool:
        thread.start()
    assert halfway.wait(timeout=300)
    lose()
    killed.set()
    for thread in pool:
        thread.join(timeout=300)

    rows, duplicates, distinct = _attendance(scene)
    assert (rows, duplicates, distinct) == (len(scene.people), 0, len(scene.people)), counts
    assert counts["new"] + counts["already"] == len(scene.people) and counts["saved"] == len(tokens), counts
    stored = _count(scene.url, select(func.count()).select_from(Feedback).where(Feedback.form_token.in_([digest(token) for token in tokens])))
    stored += _count(scene.url, waiting_opinions(scene.session_id))  # the last one or two wait sealed in the pool
    assert stored == len(tokens) == len(scene.people)  # each opinion once
    # Each person's ballot once: one participation each, and as many ballots, written or waiting sealed in the pool,
    # for each choice as people chose it.
    voters = _count(scene.url, select(func.count()).select_from(VoteParticipation)
                    .where(VoteParticipation.vote_id == vote_id))
    assert voters == counts["cast"] + counts["already voted"] == len(scene.people), counts
    written = {choice: _count(scene.url, select(func.count()).select_from(Ballot)
                              .where(Ballot.vote_id == vote_id, Ballot.choice_id == choice)) for choice in choices}
    waiting = _count(scene.url, select(func.count()).select_from(PoolEntry)
                     .where(PoolEntry.kind == PoolKind.BALLOT, PoolEntry.vote_id == vote_id))
    assert sum(written.values()) + waiting == len(scene.people)
    assert all(written.get(choice, 0) <= counts[f"choice {choice}"] for choice in choices), (written, counts)
    assert counts["after the kill"] >= tablets  # the tablets carried on
    return counts


@pytest.mark.skipif(not POSTGRESQL, reason="two app servers share one PostgreSQL; a single centre on SQLite runs one "
                                           "server (the next test)")
def test_killing_one_app_server_mid_load_loses_and_doubles_no_sign_in_opinion_or_ballot(stack):
    first, second = stack["servers"]
    counts = afternoon_with_a_server_lost(stack, first.kill)
    tablets = len(stack["scene"].tokens)
    assert counts["failed attempts"] <= 3 * tablets, counts  # only the requests the kill cut short
    assert second.process.poll() is None  # the other server carried on


@pytest.mark.skipif(POSTGRESQL, reason="a single centre's server on SQLite; two servers: the test above")
def test_the_only_server_killed_and_restarted_loses_and_doubles_nothing_on_sqlite(stack, tmp_path):
    """A single centre on SQLite: its one server is killed mid-afternoon and systemd starts it again
    (Restart=on-failure); the tablets keep tapping until it answers."""
    [only] = stack["servers"]
    restarted = contextlib.ExitStack()

    def kill_and_restart() -> None:
        only.kill()
        restarted.enter_context(app_server(stack["url"], only.instance, tmp_path / "restarted.log",
                                           address=only.address))

    with restarted:
        counts = afternoon_with_a_server_lost(stack, kill_and_restart, patience=PATIENCE)
    assert counts["failed attempts"] > 0  # the kill did cut requests short
