"""Load test through the production stack of deploy/: nginx (TLS), one or two gunicorn app servers, the database.

    python -m bench.load_stack                                   # SQLite file, one app server (a single centre)
    python -m bench.load_stack --database-url postgresql+psycopg://postgres@127.0.0.1:5432/idmix_bench
    python -m bench.load_stack --tablets 50 --staff 20 --duration 60 --kill

A department's Thursday afternoon: ``--tablets`` tablets sign people in and send opinions at once while
``--staff`` staff members browse lists and the dashboard; beside them one client reads a static file
(nginx alone) and ``/healthz`` (the app, one query) through the same nginx in the same run. Per kind of
request: count, median and p95 latency, errors. With ``--kill`` (two app servers, PostgreSQL) the first app
server is killed (SIGKILL) halfway: a request it cut is sent again by its tablet (same person, same
one-time token), and afterwards every sign-in and opinion is in the database exactly once.
The stack is started by tests/deploy/stack.py, with deploy/'s own files. It adds rows: give it a scratch
database (on PostgreSQL, a new database is made on that server and dropped at the end).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.concurrency import PASSWORD, HttpKiosk, _attendance, _count, feedback_outcome, seed, sign_in  # noqa: E402
from bench.measure import machine, markdown_table  # noqa: E402
from shared.anonymity.queries import waiting_opinions  # noqa: E402
from shared.feedback.models import Feedback  # noqa: E402
from shared.kiosk.tokens import digest  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.deploy.stack import app_server, nginx  # noqa: E402
from tests.live.client import csrf_token_in  # noqa: E402

STAFF_PAGES = {"Tableau de bord": "/admin/", "Liste des personnes": "/admin/participant/",
               "Liste des séances": "/admin/session/"}


class Timings:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def measure(self, kind: str):
        began = time.perf_counter()
        outcome = {"ok": True}
        yield outcome
        with self.lock:
            self.samples[kind].append(time.perf_counter() - began)
            self.errors[kind] += not outcome["ok"]

    def table(self) -> str:
        rows = []
        for kind, samples in self.samples.items():
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
            rows.append([kind, str(len(samples)), f"{statistics.median(samples) * 1000:.0f}", f"{p95 * 1000:.0f}",
                         str(self.errors[kind])])
        return markdown_table(["requête", "nombre", "médiane (ms)", "p95 (ms)", "erreurs"], rows)


def _get(opener, url: str) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=60) as answer:
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, ""
    except OSError:
        return 0, ""


def run(url: str, *, servers: int, tablets: int, staff: int, duration: float, kill: bool) -> tuple[str, bool]:
    folder = Path(tempfile.mkdtemp(prefix="idmix-stack-"))
    timings, stop, killed = Timings(), threading.Event(), threading.Event()
    scene = seed(url, people=tablets * 40, tablets=tablets)
    answered, tokens, lock = set(), [], threading.Lock()
    with contextlib.ExitStack() as stack:
        apps = [stack.enter_context(app_server(url, folder / "instance", folder / f"app-{n}.log"))
                for n in range(servers)]
        proxy = stack.enter_context(nginx(folder / "nginx", [app.address for app in apps]))
        os.environ["SSL_CERT_FILE"] = str(proxy.folder / "cert.pem")
        base = proxy.https_url

        def tablet(index: int) -> None:
            kiosk = HttpKiosk(base + "/kiosk", scene.tokens[index])
            for n, person in enumerate(scene.people[index::tablets]):
                if stop.is_set():
                    return
                for _ in range(5):  # a cut request is sent again, as the person taps again
                    with timings.measure("Tablette : émargement") as outcome:
                        result = sign_in(kiosk, scene, person)
                        outcome["ok"] = result in ("new", "already")
                    if outcome["ok"]:
                        with lock:
                            answered.add(person)
                        break
                token = f"jeton-charge-{index}-{n}"
                opinion = {"scope": "collective", "mood": str(1 + n % 4), "text": "", "signer": "anonyme",
                           "token": token}
                for _ in range(5):
                    with timings.measure("Tablette : avis") as outcome:
                        outcome["ok"] = feedback_outcome(*kiosk.post("/avis", opinion)) == "saved"
                    if outcome["ok"]:
                        with lock:
                            tokens.append(token)
                        break

        def staff_member(index: int) -> None:
            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            _, page = _get(opener, base + "/admin/login")
            body = urllib.parse.urlencode({"email": scene.editors[index % 2], "password": PASSWORD,
                                           "csrf_token": csrf_token_in(page)}).encode()
            request = urllib.request.Request(base + "/admin/login", data=body, headers={"Referer": base + "/admin/login"})
            with timings.measure("Bureau : connexion") as outcome:
                try:
                    with opener.open(request, timeout=60) as answer:
                        outcome["ok"] = answer.status == 200
                except OSError:
                    outcome["ok"] = False
            rng = random.Random(index)
            while not stop.is_set():
                name = rng.choice(list(STAFF_PAGES))
                with timings.measure(f"Bureau : {name.lower()}") as outcome:
                    outcome["ok"] = _get(opener, base + STAFF_PAGES[name])[0] == 200

        def bare() -> None:
            opener = urllib.request.build_opener()
            while not stop.is_set():
                with timings.measure("Fichier statique (nginx seul)") as outcome:
                    outcome["ok"] = _get(opener, base + "/kiosk/static/kiosk.css?v=1")[0] == 200
                with timings.measure("/healthz (l'application, une requête SQL)") as outcome:
                    outcome["ok"] = _get(opener, base + "/healthz")[0] == 200

        pool = ([threading.Thread(target=tablet, args=(i,)) for i in range(tablets)]
                + [threading.Thread(target=staff_member, args=(i,)) for i in range(staff)]
                + [threading.Thread(target=bare)])
        began = time.monotonic()
        for thread in pool:
            thread.start()
        if kill and len(apps) > 1:
            time.sleep(duration / 2)
            apps[0].kill()
            killed.set()
            time.sleep(duration / 2)
        else:
            time.sleep(duration)
        stop.set()
        for thread in pool:
            thread.join(timeout=120)
        seconds = time.monotonic() - began
    rows, duplicates, _ = _attendance(scene)
    stored = set(_count(url, select(Feedback.form_token).where(Feedback.form_token.in_([digest(t) for t in tokens])),
                        all_rows=True))
    in_base = _count(url, select(func.count()).select_from(Feedback).where(Feedback.session_id == scene.session_id))
    waiting = _count(url, waiting_opinions(scene.session_id))  # anonymous: the last ones wait sealed in the pool
    in_base += waiting
    ok = (duplicates == 0 and len(stored) + waiting == len(tokens) and in_base == len(tokens)
          and rows == len(answered))
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [f"{kind}, {len(apps)} serveur(s) d'application, {tablets} tablettes, {staff} personnes de l'équipe, "
             f"{seconds:.0f} s{', le premier serveur tué à mi-parcours' if killed.is_set() else ''} ; {machine()}",
             "", timings.table(), "",
             f"Émargements répondus : {len(answered)}, en base : {rows} (en double : {duplicates}). "
             f"Avis répondus : {len(tokens)}, en base : {in_base}. {'Rien de perdu, rien en double.' if ok else 'ÉCART'}"]
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL server (a database is made on it); "
                        "default: a SQLite file")
    parser.add_argument("--tablets", type=int, default=50)
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--kill", action="store_true", help="kill the first app server halfway (PostgreSQL)")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="idmix-stack-db-"))
    if args.database_url:
        os.environ["IDMIX_TEST_DATABASE_URL"] = args.database_url
    with fresh_database(folder, "stack") as url:
        servers = 2 if url.startswith("postgresql") else 1
        text, ok = run(url, servers=servers, tablets=args.tablets, staff=args.staff, duration=args.duration,
                       kill=args.kill)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
