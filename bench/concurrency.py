"""Nothing lost, nothing doubled: concurrent kiosk sign-ins and feedback, concurrent contract edits,
and a kiosk server killed in the middle of a burst of sign-ins.

    python bench/concurrency.py                    # a SQLite file (WAL) in a temporary folder
    python bench/concurrency.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/idmix_bench
    python bench/concurrency.py --workers 8 --requests 1000 --people 40 --rounds 50

Each worker is a process with its own app and engine that drives the kiosk (or the back-office)
through Flask's test client as a tablet (or a staff member) would; the kill scenario runs the kiosk
under gunicorn and talks HTTP to it. The script prints counts and exits 1 when a row was lost or
doubled, or an error reached a user. It adds rows: give it a scratch database.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: find the project's packages
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session as DbSession  # noqa: E402

import shared.models  # noqa: E402,F401  (registers every model)
from bench.html_forms import main_form  # noqa: E402
from shared import clock  # noqa: E402
from shared.contracts.models import Contract  # noqa: E402
from shared.contracts.operations import ObjectiveDraft, create_contract  # noqa: E402
from shared.db import make_engine  # noqa: E402
from shared.anonymity.queries import waiting_opinions  # noqa: E402
from shared.feedback.models import Feedback  # noqa: E402
from shared.groups.models import Group  # noqa: E402
from shared.kiosk.operations import create_enrolment_code, enrol_device  # noqa: E402
from shared.kiosk.pins import set_pin  # noqa: E402
from shared.migrate import upgrade_to_head  # noqa: E402
from shared.people.models import Benefit, Gender, Participant, Referral  # noqa: E402
from shared.sessions.models import Attendance, Session  # noqa: E402
from shared.staff.models import JobTitle, Role, StaffMember  # noqa: E402
from shared.staff.passwords import hash_password  # noqa: E402

SECRET = "bench-concurrency-secret"
PASSWORD = "concurrence-et-rien-de-perdu"
PIN = "4821"
DEVICE_COOKIE = "idmix_kiosk_device"
CONFLICT = "Ce contrat a été modifié par quelqu'un d'autre pendant que vous l'éditiez"
FIRST_NAMES = ["Fatima", "Aurélien", "Élodie", "Karim", "Nadia", "Paul", "Awa", "Jean", "Lucie", "Mehdi"]
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- the scene: a group, its session today, people, tablets, a contract and two facilitators ----

@dataclass(frozen=True)
class Scene:
    url: str
    session_id: int
    people: tuple[int, ...]
    tokens: tuple[str, ...]  # one enrolled tablet per worker
    contract_id: int
    editors: tuple[str, str]  # two facilitators' e-mails (password PASSWORD)
    moment: dt.datetime | None  # the in-process apps' clock; None: real time (a real server)
    pin: str | None


def seed(url: str, *, people: int, tablets: int, moment: dt.datetime | None = None,
         requires_pin: bool = False) -> Scene:
    """Create the scene in the database at ``url`` (migrated) and commit it."""
    tag = secrets.token_hex(3)
    held_on = (moment or clock.now()).date()
    # A real server reads the real clock: its session lasts the whole day.
    hours = (dt.time(14, 0), dt.time(17, 0)) if moment else (dt.time(0, 0), dt.time(23, 59, 59))
    engine = make_engine(url)
    try:
        with DbSession(engine, expire_on_commit=False) as db, clock.frozen_at(moment or clock.now()):
            group = Group(name=f"Concurrence {tag}", district="Circonscription Nord", location="CMS des Tilleuls",
                          started_on=dt.date(2007, 4, 12), meets_from=hours[0], meets_until=hours[1],
                          requires_pin=requires_pin)
            password = hash_password(PASSWORD)
            referrer = StaffMember(first_name="Nadia", last_name=f"Haddad {tag}", email=f"ass-{tag}@bench.example",
                                   job_title=JobTitle.ASS, role=Role.REFERRER, password_hash=password)
            editors = [StaffMember(first_name=first, last_name=f"{last} {tag}", email=f"{first.lower()}-{tag}@bench.example",
                                   job_title=JobTitle.FACILITATOR, role=Role.FACILITATOR, password_hash=password,
                                   groups=[group])
                       for first, last in (("Sophie", "Lambert"), ("Karim", "Benali"))]
            persons = [
                Participant(group=group, first_name=FIRST_NAMES[i % len(FIRST_NAMES)], last_name=f"Personne {i}",
                            gender=Gender.FEMALE if i % 2 else Gender.MALE, benefit=Benefit.RSA,
                            referrals=[Referral(referrer=referrer, group=group,
                                                referred_on=held_on - dt.timedelta(days=60))])
                for i in range(people)
            ]
            session = Session(group=group, held_on=held_on, starts_at=hours[0], ends_at=hours[1],
                              place=group.location)
            db.add_all([group, referrer, *editors, *persons, session])
            db.flush()
            if requires_pin:
                for person in persons:
                    set_pin(db, person, PIN, actor=None, now=clock.now())
            contract = create_contract(db, participant=persons[0], facilitator=editors[0], referrer=referrer,
                                       starts_on=held_on - dt.timedelta(days=30), expectations="Rencontrer du monde",
                                       objectives=[ObjectiveDraft("Prendre la parole en groupe")])
            tokens = []
            for _ in range(tablets):
                code = create_enrolment_code(db, group=group, actor=None, now=clock.now()).code
                tokens.append(enrol_device(db, code=code, now=clock.now(), name="Tablette de test").token)
            db.commit()
            return Scene(url, session.id, tuple(p.id for p in persons), tuple(tokens), contract.id,
                         tuple(e.email for e in editors), moment, PIN if requires_pin else None)
    finally:
        engine.dispose()


# --- clients: the kiosk in process (Flask test client) or over HTTP (a real server) -------------

class InProcessKiosk:
    def __init__(self, scene: Scene, token: str) -> None:
        from kiosk import create_app

        app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_ENGINES": {"default": scene.url}})
        self.client = app.test_client()
        self.client.set_cookie(DEVICE_COOKIE, token)
        self.csrf = _CSRF.search(self.client.get("/activer").get_data(as_text=True)).group(1)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        response = self.client.post(path, data={"csrf_token": self.csrf} | data)
        return response.status_code, response.get_data(as_text=True)


class HttpKiosk:
    """A tablet talking HTTP: keeps its cookies (device token, session with the CSRF token)."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base = base_url.rstrip("/")
        self.cookies = {DEVICE_COOKIE: token}
        status, page = self.request("GET", "/activer")
        self.csrf = _CSRF.search(page).group(1)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        return self.request("POST", path, {"csrf_token": self.csrf} | data)

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", self.base + "/")  # over HTTPS the CSRF check wants a same-origin Referer
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                self._keep(response.headers)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self._keep(error.headers)
            return error.code, error.read().decode()

    def _keep(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


# --- what a person sees ------------------------------------------------------------------------

def sign_in_outcome(status: int, page: str) -> str:
    if "database is locked" in page.lower():
        return "locked"
    if status >= 500:
        return "error"
    if status == 200 and "Votre présence est notée" in page:
        return "new"
    if status == 200 and "C'est déjà fait" in page:
        return "already"
    return "refused"


def feedback_outcome(status: int, page: str) -> str:
    if "database is locked" in page.lower():
        return "locked"
    if status >= 500:
        return "error"
    return "saved" if status == 200 and "Votre avis est bien envoyé" in page else "refused"


def sign_in(kiosk, scene: Scene, person: int) -> str:
    data = {"participant": str(person)} | ({"pin": scene.pin} if scene.pin else {})
    try:
        return sign_in_outcome(*kiosk.post("/signer/code", data))
    except (OSError, urllib.error.URLError):
        return "no answer"  # the server is gone (the kill scenario)


# --- workers: one process each, its own app and engine ------------------------------------------

def sign_in_worker(scene: Scene, index: int, requests: int, start) -> dict:
    kiosk = InProcessKiosk(scene, scene.tokens[index])
    rng = random.Random(index)
    outcomes = []
    with _clock(scene):
        start.wait()
        began = time.perf_counter()
        for _ in range(requests):
            person = rng.choice(scene.people)
            outcomes.append((person, sign_in(kiosk, scene, person)))
        ended = time.perf_counter()
    return {"outcomes": outcomes, "began": began, "ended": ended}


def feedback_worker(scene: Scene, index: int, requests: int, start) -> dict:
    kiosk = InProcessKiosk(scene, scene.tokens[index])
    rng = random.Random(1000 + index)
    outcomes = []
    with _clock(scene):
        start.wait()
        began = time.perf_counter()
        for n in range(requests):
            data = {"scope": rng.choice(["personal", "collective"]), "mood": rng.choice("1234"),
                    "text": f"Avis {index}-{n}" if n % 3 else "", "signer": "anonyme",
                    "token": secrets.token_urlsafe(16)}  # each opinion is its own form (one-time token)
            outcomes.append(feedback_outcome(*kiosk.post("/avis", data)))
        ended = time.perf_counter()
    return {"outcomes": outcomes, "began": began, "ended": ended}


def editor_worker(scene: Scene, index: int, rounds: int, barrier) -> dict:
    """A facilitator who opens the contract's form, then saves it at the same instant as a colleague."""
    from backoffice import create_app

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_ENGINES": {"default": scene.url}})
    client = app.test_client()
    login = main_form(client.get("/login").get_data(as_text=True)).defaults()
    signed_in = client.post("/login", data=login | {"email": scene.editors[index], "password": PASSWORD})
    if signed_in.status_code != 302:
        raise RuntimeError(f"sign-in refused for {scene.editors[index]}")
    url = f"/contract/edit/?id={scene.contract_id}"
    outcomes = []
    with _clock(scene):
        for n in range(rounds):
            form = main_form(client.get(url).get_data(as_text=True)).defaults()
            barrier.wait()  # both have the same version on screen
            response = client.post(url, data=form | {"expectations": _expectations(index, n)})
            page = response.get_data(as_text=True)
            if response.status_code == 302:
                outcomes.append("saved")
            elif CONFLICT in page.replace("&#39;", "'"):
                outcomes.append("conflict")
            else:
                outcomes.append("error" if response.status_code >= 500 else f"other {response.status_code}")
            barrier.wait()  # both answered before the next round reads the form again
    return {"outcomes": outcomes}


def _expectations(editor: int, round_: int) -> str:
    return f"Attentes écrites par l'éditeur {editor + 1}, tour {round_ + 1}"


@contextlib.contextmanager
def _clock(scene: Scene) -> Iterator[None]:
    if scene.moment is None:
        yield
    else:
        with clock.frozen_at(scene.moment):
            yield


def _run_in_process(index: int, target: Callable, args: tuple, results) -> None:
    try:
        results.put((index, True, target(*args)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails loudly
        results.put((index, False, traceback.format_exc()))


def run_processes(target: Callable, count: int, make_args: Callable[[int, object], tuple],
                  sync_parties: int | None = None) -> list[dict]:
    """Run ``target`` in ``count`` spawned processes; ``make_args(index, barrier)``; their results."""
    import multiprocessing

    # Fork (fast): each worker builds its own app and engine after the fork and never touches the
    # parent's connections. Elsewhere, fresh interpreters.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    barrier = context.Barrier(sync_parties or count)
    results = context.Queue()
    processes = [context.Process(target=_run_in_process, args=(i, target, make_args(i, barrier), results))
                 for i in range(count)]
    for process in processes:
        process.start()
    answers = sorted(results.get(timeout=1800) for _ in processes)  # in worker order
    for process in processes:
        process.join()
    failures = [detail for _, ok, detail in answers if not ok]
    if failures:
        raise RuntimeError("a worker failed:\n" + failures[0])
    return [detail for _, ok, detail in answers]


# --- scenarios ---------------------------------------------------------------------------------

@dataclass
class Report:
    title: str
    rows: list[tuple[str, object]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # the main counts, for the tests

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, label: str, value) -> None:
        self.rows.append((label, value))

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def __str__(self) -> str:
        width = max(len(label) for label, _ in self.rows) + 2
        lines = [self.title, "-" * len(self.title)]
        lines += [f"  {label:<{width}}{value}" for label, value in self.rows]
        lines.append(f"  {'verdict':<{width}}" + ("OK" if self.ok else "PROBLEM: " + "; ".join(self.problems)))
        return "\n".join(lines)


def concurrent_sign_ins(scene: Scene, *, workers: int, requests: int) -> Report:
    results = run_processes(sign_in_worker, workers, lambda i, start: (scene, i, requests, start))
    outcomes = [o for r in results for o in r["outcomes"]]
    counts = Counter(outcome for _, outcome in outcomes)
    signed_in = {person for person, outcome in outcomes if outcome in ("new", "already")}
    rows, duplicates, distinct = _attendance(scene)
    seconds = max(r["ended"] for r in results) - min(r["began"] for r in results)
    report = Report(f"Concurrent kiosk sign-ins: {_backend(scene.url)}, {workers} processes x {requests} requests, "
                    f"{len(scene.people)} people")
    report.add("requests", len(outcomes))
    report.add("answered Bienvenue", f"{counts['new'] + counts['already']} (first time {counts['new']}, "
                                     f"already signed {counts['already']})")
    report.add("refused / 5xx / 'database is locked'", f"{counts['refused']} / {counts['error']} / {counts['locked']}")
    report.add("attendance rows", f"{rows} (distinct people {distinct}, duplicates {duplicates})")
    report.add("distinct successful sign-ins", len(signed_in))
    report.add("time", f"{seconds:.1f} s ({len(outcomes) / seconds:.0f} requests/s)")
    report.expect(counts["error"] == counts["locked"] == counts["refused"] == 0, "an error or refusal reached a user")
    report.expect(rows == len(signed_in), "attendance rows differ from distinct successful sign-ins")
    report.expect(counts["new"] == rows, "'first time' answers differ from attendance rows")
    report.expect(duplicates == 0, "duplicate attendance rows")
    report.numbers = {"requests": len(outcomes), "answered": counts["new"] + counts["already"], "rows": rows,
                      "signed_in": len(signed_in), "first_time": counts["new"]}
    return report


def concurrent_feedback(scene: Scene, *, workers: int, requests: int) -> Report:
    results = run_processes(feedback_worker, workers, lambda i, start: (scene, i, requests, start))
    outcomes = [o for r in results for o in r["outcomes"]]
    counts = Counter(outcomes)
    rows = _count(scene.url, select(func.count()).select_from(Feedback).where(Feedback.session_id == scene.session_id))
    rows += _count(scene.url, waiting_opinions(scene.session_id))  # anonymous: some still wait sealed in the pool
    seconds = max(r["ended"] for r in results) - min(r["began"] for r in results)
    report = Report(f"Concurrent kiosk feedback: {_backend(scene.url)}, {workers} processes x {requests} requests")
    report.add("requests", len(outcomes))
    report.add("answered Merci", counts["saved"])
    report.add("refused / 5xx / 'database is locked'", f"{counts['refused']} / {counts['error']} / {counts['locked']}")
    report.add("feedback rows", rows)
    report.add("time", f"{seconds:.1f} s ({len(outcomes) / seconds:.0f} requests/s)")
    report.expect(counts["error"] == counts["locked"] == counts["refused"] == 0, "an error or refusal reached a user")
    report.expect(rows == counts["saved"], "feedback rows differ from successful submissions")
    report.numbers = {"requests": len(outcomes), "saved": counts["saved"], "rows": rows}
    return report


def concurrent_contract_edits(scene: Scene, *, rounds: int) -> Report:
    before = _contract(scene)
    results = run_processes(editor_worker, 2, lambda i, barrier: (scene, i, rounds, barrier))
    by_round = list(zip(results[0]["outcomes"], results[1]["outcomes"], strict=True))
    one_saved = sum(sorted(pair) == ["conflict", "saved"] for pair in by_round)
    both_saved = sum(pair == ("saved", "saved") for pair in by_round)
    errors = sum(o not in ("saved", "conflict") for pair in by_round for o in pair)
    after = _contract(scene)
    last_winner = 0 if by_round and by_round[-1][0] == "saved" else 1
    report = Report(f"Concurrent contract edits: {_backend(scene.url)}, 2 facilitators x {rounds} simultaneous saves")
    report.add("rounds", rounds)
    report.add("one saved, the other told of the conflict", one_saved)
    report.add("both saved (a silent overwrite)", both_saved)
    report.add("errors", errors)
    report.add("contract version", f"{before[0]} -> {after[0]}")
    report.expect(one_saved == rounds and both_saved == 0 and errors == 0, "a round did not end with one save")
    report.expect(after[0] == before[0] + rounds, "the version did not move once per save")
    report.expect(not rounds or after[1] == _expectations(last_winner, rounds - 1), "the last save is not what is stored")
    report.numbers = {"one_saved": one_saved, "both_saved": both_saved, "errors": errors,
                      "versions": after[0] - before[0]}
    return report


def kill_mid_burst(url: str, *, sign_ins: int = 400, kill_after: int = 100, threads: int = 4,
                   server_workers: int = 2) -> Report:
    """SIGKILL gunicorn while tablets sign people in; no answered sign-in may be missing afterwards."""
    if not url.startswith("sqlite"):
        raise ValueError("the kill scenario checks a SQLite file")
    scene = seed(url, people=sign_ins, tablets=threads)
    answered: set[int] = set()
    counts: Counter = Counter()
    lock = threading.Lock()
    enough = threading.Event()
    with kiosk_server(url, workers=server_workers) as server:
        def tablet(index: int) -> None:
            kiosk = HttpKiosk(server.base_url, scene.tokens[index])
            for person in scene.people[index::threads]:
                outcome = sign_in(kiosk, scene, person)
                with lock:
                    counts[outcome] += 1
                    if outcome in ("new", "already"):
                        answered.add(person)
                    if len(answered) >= kill_after:
                        enough.set()

        pool = [threading.Thread(target=tablet, args=(i,)) for i in range(threads)]
        for thread in pool:
            thread.start()
        enough.wait(timeout=600)
        server.kill()
        for thread in pool:
            thread.join()
    integrity = sqlite_integrity(url)
    stored = set(_count(url, select(Attendance.participant_id).where(Attendance.session_id == scene.session_id),
                        all_rows=True))
    rows, duplicates, _ = _attendance(scene)
    report = Report(f"Kiosk killed mid-burst (SIGKILL to gunicorn, {server_workers} workers): sqlite, "
                    f"{threads} tablets, {sign_ins} people")
    report.add("answered Bienvenue before the kill", len(answered))
    report.add("no answer (server gone)", counts["no answer"])
    report.add("5xx / 'database is locked'", f"{counts['error']} / {counts['locked']}")
    report.add("attendance rows (file reopened)", f"{rows} (duplicates {duplicates})")
    report.add("answered but missing", len(answered - stored))
    report.add("PRAGMA integrity_check", integrity)
    report.expect(integrity == "ok", "the database file is damaged")
    report.expect(not answered - stored, "a sign-in answered 'Bienvenue' is missing")
    report.expect(counts["error"] == counts["locked"] == 0, "an error reached a user")
    report.expect(duplicates == 0, "duplicate attendance rows")
    report.expect(counts["no answer"] > 0, "the server was not killed during the burst")
    report.numbers = {"answered": len(answered), "missing": len(answered - stored), "no_answer": counts["no answer"],
                      "rows": rows}
    return report


# --- a real server -----------------------------------------------------------------------------

@dataclass
class Server:
    process: subprocess.Popen
    base_url: str

    def kill(self) -> None:
        """SIGKILL the master and its workers at once (no graceful shutdown, no flush)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextlib.contextmanager
def kiosk_server(url: str, *, workers: int = 2) -> Iterator[Server]:
    """The kiosk under gunicorn on 127.0.0.1 (a free port), in its own process group."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"IDMIX_DATABASE_URL": url, "IDMIX_KIOSK_SECRET_KEY": SECRET}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "kiosk:create_app()"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        _wait_until_up(server)
        yield server
    finally:
        server.kill()


def _wait_until_up(server: Server, attempts: int = 300) -> None:
    for _ in range(attempts):
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn stopped at start-up")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(server.base_url + "/activer", timeout=5):
                return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer")


# --- the database, read directly ----------------------------------------------------------------

def sqlite_integrity(url: str) -> str:
    import sqlite3

    path = make_url(url).database
    connection = sqlite3.connect(path)
    try:
        return ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def _count(url: str, query, *, all_rows: bool = False):
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(query).scalars().all() if all_rows else connection.execute(query).scalar_one()
    finally:
        engine.dispose()


def _attendance(scene: Scene) -> tuple[int, int, int]:
    """(rows, (session, person) pairs stored more than once, distinct people) for the scene's session."""
    mine = Attendance.session_id == scene.session_id
    rows = _count(scene.url, select(func.count()).select_from(Attendance).where(mine))
    pairs = (select(Attendance.participant_id).where(mine).group_by(Attendance.participant_id)
             .having(func.count() > 1).subquery())
    duplicates = _count(scene.url, select(func.count()).select_from(pairs))
    distinct = _count(scene.url, select(func.count(func.distinct(Attendance.participant_id))).where(mine))
    return rows, duplicates, distinct


def _contract(scene: Scene) -> tuple[int, str | None]:
    engine = make_engine(scene.url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(Contract.version, Contract.expectations)
                                     .where(Contract.id == scene.contract_id)).one()
            return row.version, row.expectations
    finally:
        engine.dispose()


def _backend(url: str) -> str:
    return make_url(url).get_backend_name()


def prepare(url: str) -> None:
    upgrade_to_head(url)
    if url.startswith("sqlite"):
        with contextlib.closing(make_engine(url).connect()) as connection:
            mode = connection.execute(text("PRAGMA journal_mode")).scalar()
            if mode != "wal":
                raise RuntimeError(f"SQLite is not in WAL mode ({mode})")


# --- command line ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a scratch database (default: a new SQLite file)")
    parser.add_argument("--workers", type=int, default=8, help="processes signing in / giving feedback")
    parser.add_argument("--requests", type=int, default=1000, help="requests per process")
    parser.add_argument("--people", type=int, default=40, help="people who sign in again and again")
    parser.add_argument("--rounds", type=int, default=50, help="simultaneous saves of one contract")
    parser.add_argument("--pin", action="store_true", help="the group asks for PINs (argon2: much slower)")
    parser.add_argument("--kill", type=int, default=400, help="sign-ins in the kill scenario (SQLite only; 0: skip)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="idmix-bench-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'concurrency.sqlite3'}"
        prepare(url)
        moment = dt.datetime.combine(clock.today(), dt.time(14, 30), tzinfo=clock.CENTRE_TZ)
        scene = seed(url, people=args.people, tablets=args.workers, moment=moment, requires_pin=args.pin)
        reports = [
            concurrent_sign_ins(scene, workers=args.workers, requests=args.requests),
            concurrent_feedback(scene, workers=args.workers, requests=args.requests),
            concurrent_contract_edits(scene, rounds=args.rounds),
        ]
        if args.kill and url.startswith("sqlite"):
            kill_url = f"sqlite:///{Path(folder) / 'kill.sqlite3'}"
            prepare(kill_url)
            reports.append(kill_mid_burst(kill_url, sign_ins=args.kill, kill_after=args.kill // 4))
        for report in reports:
            print(report, end="\n\n", flush=True)
    return 0 if all(report.ok for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
