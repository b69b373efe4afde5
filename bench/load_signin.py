"""Load test of the kiosk sign-in under gunicorn: sign-ins per second, latency, errors.

    pip install -e ".[bench]"
    python -m bench.load_signin --database sqlite --workers 4 --tablets 8 --duration 30
    python -m bench.load_signin --database postgresql --workers 4 --tablets 8 --duration 30

Starts ``gunicorn 'kiosk:create_app()'`` on 127.0.0.1 with several workers, on the benchmark's
data set (``bench.pages`` explains where it lives), then drives it from this process: one client
per tablet, each tablet enrolled in its own group with a session today open all day, as a person
at the tablet would: the tiles, their name, their PIN (three requests per sign-in). Bounded by
``--duration`` seconds and ``--max-sign-ins``; everyone signed in at most once per run (the
tablets' sessions are emptied first), then the database is checked: one attendance row per
successful sign-in, none doubled.

The same gunicorn also serves a bare Flask route (``/bare/``, no database, no template) beside the
kiosk; it is driven first, by as many clients, so that the two rates and their ratio come from
one run on one machine: a sign-in (three requests) against a request that does nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from sqlalchemy import func, select

from bench.dataset import Tablet, add_data_arguments, database_url, ensure_data, prepare_tablets
from shared.db import make_engine
from shared.demo.loader import DEMO_PIN
from shared.sessions.models import Attendance

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DEVICE_COOKIE = "idmix_kiosk_device"


@dataclass
class LoadResult:
    sign_ins: int = 0
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"tiles": [], "name": [], "pin": []})
    full: list[float] = field(default_factory=list)  # the three requests of one sign-in
    errors: list[str] = field(default_factory=list)
    signed: set[tuple[int, int]] = field(default_factory=set)  # (session, person) welcomed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def p95(self, samples: list[float]) -> float:
        if len(samples) < 2:
            return samples[0] if samples else 0.0
        return statistics.quantiles(samples, n=20, method="inclusive")[18]


class TabletClient:
    """One tablet: its device cookie, its kiosk session cookie, plain HTTP/1.1 to 127.0.0.1."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.cookies = {DEVICE_COOKIE: token}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text
        finally:
            connection.close()


def drive(host: str, port: int, tablets: list[Tablet], *, duration: float, max_sign_ins: int) -> LoadResult:
    """One thread per tablet, signing its people in one after the other until time or count runs out."""
    result = LoadResult()
    deadline = time.monotonic() + duration
    started = time.perf_counter()

    def timed(bucket: str, call):
        begin = time.perf_counter()
        status, text = call()
        result.latencies[bucket].append(time.perf_counter() - begin)
        return status, text

    def run(tablet: Tablet) -> None:
        client = TabletClient(host, port, tablet.token)
        for person in tablet.people:
            with result.lock:
                if time.monotonic() > deadline or result.sign_ins >= max_sign_ins:
                    return
                result.sign_ins += 1  # reserved; given back on failure
            begin = time.perf_counter()
            try:
                status, page = timed("tiles", lambda: client.request("GET", "/signer"))
                token = CSRF.search(page)
                if status != 200 or token is None:
                    raise RuntimeError(f"tiles: HTTP {status}")
                form = {"csrf_token": token.group(1), "participant": str(person)}
                status, page = timed("name", lambda: client.request("POST", "/signer/personne", form))
                if status != 200:
                    raise RuntimeError(f"name: HTTP {status}")
                status, page = timed("pin", lambda: client.request("POST", "/signer/code", form | {"pin": DEMO_PIN}))
                if status != 200 or "Votre présence est notée" not in page:
                    raise RuntimeError(f"PIN: HTTP {status}")
            except Exception as error:  # noqa: BLE001 - every failure is counted, the run goes on
                with result.lock:
                    result.sign_ins -= 1
                    result.errors.append(f"{type(error).__name__}: {error}")
                continue
            with result.lock:
                result.full.append(time.perf_counter() - begin)
                result.signed.add((tablet.session_id, person))

    threads = [threading.Thread(target=run, args=(tablet,)) for tablet in tablets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def drive_bare(host: str, port: int, clients: int, *, duration: float) -> tuple[int, float]:
    """``clients`` threads calling the bare route for ``duration`` seconds: (requests, seconds)."""
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    started = time.perf_counter()

    def run() -> None:
        client = TabletClient(host, port, "")
        while time.monotonic() < deadline:
            status, _ = client.request("GET", "/bare/")
            if status == 200:
                with lock:
                    done[0] += 1

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], time.perf_counter() - started


def bare_app():
    from flask import Flask

    app = Flask("bare")
    app.add_url_rule("/", "bare", lambda: "ok")
    return app


def served_app():
    """What the benchmark's gunicorn serves: the kiosk at the root, the bare route at /bare."""
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    import kiosk

    return DispatcherMiddleware(kiosk.create_app(), {"/bare": bare_app()})


def attendance_rows(url: str, tablets: list[Tablet]) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count(Attendance.id)).where(
            Attendance.session_id.in_([t.session_id for t in tablets])))
    engine.dispose()
    return count


def store_pins_keyed(url: str, tablets: list[Tablet]) -> None:
    """The tablets' people get their PIN in the keyed form, as everybody has after one sign-in
    (the data set writes one shared Argon2 value, upgraded at each person's first right PIN)."""
    from sqlalchemy import update

    from shared.kiosk.pin_storage import stored_form
    from shared.people.models import Participant

    engine = make_engine(url)
    with engine.begin() as connection:
        for person in {p for tablet in tablets for p in tablet.people}:
            connection.execute(update(Participant).where(Participant.id == person)
                               .values(pin_hash=stored_form(person, DEMO_PIN)))
    engine.dispose()


def start_gunicorn(url: str, port: int, workers: int, instance: str) -> subprocess.Popen:
    from shared.kiosk.pin_storage import keys

    env = os.environ | {"IDMIX_DATABASE_URL": url, "IDMIX_SECRET_KEY": secrets.token_urlsafe(32),
                        "IDMIX_INSTANCE_PATH": instance, "IDMIX_PIN_KEY": keys().current.decode()}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.load_signin:served_app()"],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/activer")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped at start-up")
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def report(result: LoadResult, rows: int, label: str) -> str:
    ms = lambda seconds: f"{seconds * 1000:.0f}"  # noqa: E731
    pin = result.latencies["pin"]
    lines = [
        f"{label}: {result.sign_ins} sign-ins in {result.seconds:.1f} s = {result.sign_ins / result.seconds:.1f} sign-ins/s",
        f"  PIN request (checks the PIN, saves the attendance): median {ms(statistics.median(pin) if pin else 0)} ms,"
        f" p95 {ms(result.p95(pin))} ms",
        f"  whole sign-in (tiles, name, PIN): median {ms(statistics.median(result.full) if result.full else 0)} ms,"
        f" p95 {ms(result.p95(result.full))} ms",
        f"  errors: {len(result.errors)}" + (f" (first: {result.errors[0]})" if result.errors else ""),
        f"  attendance rows: {rows} for {len(result.signed)} people welcomed"
        + (" (one each, none doubled)" if rows == len(result.signed) == result.sign_ins else " — MISMATCH"),
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--tablets", type=int, default=8, help="tablets signing people in at once (one per group)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds at most")
    parser.add_argument("--bare-duration", type=float, default=10.0, help="seconds on the bare route first")
    parser.add_argument("--max-sign-ins", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)

    url = database_url(args.database, args.scale, args.url, args.data_dir)
    ensure_data(url, args.scale)
    tablets = prepare_tablets(url, args.tablets)
    store_pins_keyed(url, tablets)
    with tempfile.TemporaryDirectory() as instance:
        server = start_gunicorn(url, args.port, args.workers, instance)
        try:
            bare, bare_seconds = drive_bare("127.0.0.1", args.port, args.tablets, duration=args.bare_duration)
            result = drive("127.0.0.1", args.port, tablets, duration=args.duration, max_sign_ins=args.max_sign_ins)
        finally:
            server.terminate()
            server.wait(timeout=30)
    label = f"{args.database}, gunicorn {args.workers} workers, {args.tablets} tablets"
    print(report(result, attendance_rows(url, tablets), label))
    bare_rate = bare / bare_seconds if bare_seconds else 0.0
    rate = result.sign_ins / result.seconds if result.seconds else 0.0
    print(f"  bare Flask route, same gunicorn, {args.tablets} clients: {bare} requests in {bare_seconds:.1f} s"
          f" = {bare_rate:.0f} requests/s")
    print(f"  sign-ins/s ÷ bare requests/s = {rate / bare_rate * 100 if bare_rate else 0:.1f} %")


if __name__ == "__main__":
    main()
