"""Two app servers behind nginx on one PostgreSQL behave as one, and one of them killed (SIGKILL) in the middle
of a Thursday afternoon loses and doubles nothing: tablets keep signing people in and sending opinions through
nginx; a request cut by the kill is sent again by the tablet (same person, same one-time form token) and
the other server takes it. nginx itself never replays a POST it had already passed on."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from bench.concurrency import HttpKiosk, _attendance, _count, feedback_outcome, sign_in
from shared.anonymity.queries import waiting_opinions
from shared.feedback.models import Feedback
from shared.kiosk.tokens import digest

from .conftest import POSTGRESQL

pytestmark = pytest.mark.skipif(
    not POSTGRESQL, reason="two app servers share one PostgreSQL; a single centre on SQLite runs one server "
                           "(tests/deploy/test_nginx.py; a SQLite server killed: tests/faults/test_kill_server.py)")

ATTEMPTS = 5  # a tablet sends a cut request again, as the person taps again


def _until_answered(send, answered: set[str]) -> tuple[str, int]:
    """Send until the server answers one of ``answered``; (last outcome, failed attempts)."""
    failures = 0
    for _ in range(ATTEMPTS):
        outcome = send()
        if outcome in answered:
            return outcome, failures
        failures += 1
        time.sleep(0.2)
    return outcome, failures


def test_killing_one_app_server_mid_load_loses_and_doubles_no_sign_in_or_opinion(stack):
    scene, base = stack["scene"], stack["nginx"].https_url
    first, second = stack["servers"]
    tablets = len(scene.tokens)
    counts: Counter = Counter()
    tokens: list[str] = []
    lock = threading.Lock()
    halfway = threading.Event()
    killed = threading.Event()

    def tablet(index: int) -> None:
        kiosk = HttpKiosk(base + "/kiosk", scene.tokens[index])
        for n, person in enumerate(scene.people[index::tablets]):
            outcome, failures = _until_answered(lambda: sign_in(kiosk, scene, person), {"new", "already"})
            token = f"jeton-{index}-{n}-deux-serveurs"
            opinion = {"scope": "collective", "mood": "3", "text": "", "signer": "anonyme", "token": token}
            saved, more = _until_answered(lambda: feedback_outcome(*kiosk.post("/avis", opinion)), {"saved"})
            with lock:
                counts[outcome] += 1
                counts[saved] += 1
                counts["failed attempts"] += failures + more
                counts["after the kill"] += killed.is_set()
                tokens.append(token)
                if counts["new"] + counts["already"] >= len(scene.people) // 3:
                    halfway.set()

    pool = [threading.Thread(target=tablet, args=(i,)) for i in range(tablets)]
    for thread in pool:
        thread.start()
    assert halfway.wait(timeout=300)
    first.kill()
    killed.set()
    for thread in pool:
        thread.join(timeout=300)

    rows, duplicates, distinct = _attendance(scene)
    assert (rows, duplicates, distinct) == (len(scene.people), 0, len(scene.people)), counts
    assert counts["new"] + counts["already"] == len(scene.people) and counts["saved"] == len(tokens), counts
    stored = _count(scene.url, select(func.count()).select_from(Feedback).where(Feedback.form_token.in_([digest(token) for token in tokens])))
    stored += _count(scene.url, waiting_opinions(scene.session_id))  # the last one or two wait sealed in the pool
    assert stored == len(tokens) == len(scene.people)  # each opinion once
    assert counts["after the kill"] >= tablets  # the other server carried on
    assert counts["failed attempts"] <= 2 * tablets, counts  # only the requests the kill cut short
    assert second.process.poll() is None
