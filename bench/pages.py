"""Benchmark of every page at department scale: SQL queries, median and p95 server time, raw SQL time.

    python -m bench.pages --database sqlite --scale department
    python -m bench.pages --database postgresql --scale department --repeat 15 --output bench.md

The data set is generated on first use (``idmix demo --scale``), in ``instance/bench/`` for SQLite
or in ``idmix_bench`` on the local PostgreSQL (``--url`` for another database). Each page is asked
through the WSGI app (Flask's test client, in-process), signed in as an admin and as a facilitator
of the first group (who works in two groups), after two warm-up requests. Targets: at most 10
queries per page whatever the row count; median page time at most 3 times its raw SQL time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session as DbSession

from bench.dataset import (PASSWORD, Tablet, add_data_arguments, database_url, dataset_group, ensure_data,
                           prepare_tablets)
from bench.measure import (
    Statement, logging_queries, machine, markdown_table, median_ms, p95_ms, replay, slowest_statements,
)
from shared import clock
from shared.db import make_engine
from shared.demo.loader import DEMO_PIN
from shared.demo.scale import ADMIN_EMAIL, facilitator_email
from shared.reports.figures import activity_report

MAX_QUERIES = 12  # was 10; the dashboard's tablet, lock and offline cards added two (see the closing note)
MAX_RATIO = 3.0
KIOSK_DEVICE_COOKIE = "idmix_kiosk_device"


@dataclass
class Result:
    page: str
    role: str
    queries: int | None = None
    samples: list[float] | None = None
    raw: list[float] | None = None
    note: str = ""

    def row(self) -> list[str]:
        if self.samples is None:
            return [self.page, self.role, "—", "—", "—", "—", "—", self.note]
        page, raw = median_ms(self.samples), median_ms(self.raw)
        ratio = page / raw if raw else float("inf")
        missed = [name for name, bad in (("queries", self.queries > MAX_QUERIES), ("ratio", ratio > MAX_RATIO)) if bad]
        verdict = "ok" if not missed else "misses: " + ", ".join(missed)
        return [self.page, self.role, str(self.queries), f"{page:.1f}", f"{p95_ms(self.samples):.1f}", f"{raw:.1f}",
                f"{ratio:.1f}", verdict + (f" ({self.note})" if self.note else "")]


def backoffice_pages(app, group_id: int, year: int) -> list[tuple[str, str]]:
    """Every back-office list page (found in the app), its main filters, the dashboard and the report."""
    from flask_admin.contrib.sqla import ModelView

    from backoffice.core.filters import filter_key

    def flt(name: str, value) -> str:
        return f"?flt0_{filter_key(name)}={value}"

    admin = app.extensions["admin"][0]
    lists = [(f"{view.name} (list)", view.url.rstrip("/") + "/") for view in admin._views
             if isinstance(view, ModelView)]
    urls = {label: url for label, url in lists}
    variants = {
        "Personnes": [("Situation", s) for s in ("referred", "on_trial", "decision_due", "under_contract", "left",
                                                 "decrochage")] + [("Groupe", group_id)],
        "Contrats": [("Suivi", s) for s in ("en_vigueur", "j30", "j60", "j90", "a_preparer", "sans_suite",
                                            "brouillons")] + [("Groupe", group_id)],
        "Séances": [("Période", "a_venir"), ("Période", "passees"), ("Places", "complete"),
                    ("Places", "places_restantes"), ("Groupe", group_id)],
        "Émargements": [("Présence", "present")],
        "Avis des participants": [("Suivi", "new")],
        "Orientations": [("Groupe", group_id)],
    }
    pages = [("Dashboard", "/")]
    for label, url in lists:
        pages.append((label, url))
        name = label.removesuffix(" (list)")
        for filter_name, value in variants.get(name, []):
            pages.append((f"{name}: {filter_name} = {value}", url + flt(filter_name, value)))
        if name == "Personnes":
            pages.append(("Personnes: search « Martin »", url + "?search=Martin"))
    if any(rule.endpoint == "activity_report.index" for rule in app.url_map.iter_rules()):
        base = "/report/"
        pages += [
            ("Yearly report (page, default)", base),
            (f"Yearly report (page, all groups, {year})", f"{base}?group=all&from={year}-01-01&to={year}-12-31"),
            (f"Yearly report (page, one group, {year})", f"{base}?group={group_id}&from={year}-01-01&to={year}-12-31"),
        ]
    assert urls, "no list page found"
    return pages


def login(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"login failed for {email}"
    return client


SHOW_STATEMENTS = False


def measure_request(engine, call, repeat: int, *, setup_for=None) -> tuple[int, list[float], list[float], int]:
    """Warm up twice, then time ``call(i)`` ``repeat`` times; replay the last one's SQL raw."""
    for i in range(2):
        call(-1 - i)
    samples, counts, status = [], [], 0
    for i in range(repeat):
        with logging_queries(engine) as log:
            started = time.perf_counter()
            status = call(i)
            samples.append(time.perf_counter() - started)
        counts.append(len(log.queries))
    setup = setup_for(repeat - 1) if setup_for else ()
    if SHOW_STATEMENTS:
        for ms, sql in slowest_statements(engine, log.statements):
            print(f"      {ms:8.1f} ms  {sql[:160]}")
    return max(counts), samples, replay(engine, log.statements, repeat, setup=setup), status


def bench_backoffice(url: str, repeat: int, only: str | None, group_id: int, year: int) -> list[Result]:
    from backoffice import create_app
    from backoffice.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": url},
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        engine = db.engine
    results = []
    clients = {"admin": login(app, ADMIN_EMAIL), "facilitator": login(app, facilitator_email(1))}
    for label, path in backoffice_pages(app, group_id, year):
        if only and only.lower() not in label.lower():
            continue
        for role, client in clients.items():
            first = client.get(path)
            if first.status_code in (403, 404):
                results.append(Result(label, role, note=f"{first.status_code}: not for this role"))
                continue
            assert first.status_code == 200, f"{label} as {role}: {first.status_code}"

            def call(i, client=client, path=path):
                return client.get(path).status_code

            queries, samples, raw, _ = measure_request(engine, call, repeat)
            results.append(Result(label, role, queries, samples, raw))
            print(f"  {label:<55} {role:<12} {queries:>3} queries  {median_ms(samples):8.1f} ms", flush=True)
    return results


def bench_kiosk(url: str, repeat: int, tablet: Tablet, only: str | None) -> list[Result]:
    from kiosk import create_app
    from kiosk.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": url},
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    client.set_cookie(KIOSK_DEVICE_COOKIE, tablet.token)
    results = []
    for label, path in (("Kiosk home", "/"), ("Kiosk sign-in: the tiles", "/signer")):
        if only and only.lower() not in label.lower():
            continue
        queries, samples, raw, _ = measure_request(engine, lambda i, path=path: client.get(path).status_code, repeat)
        results.append(Result(label, "tablet", queries, samples, raw))
    if not only or "sign" in only.lower():
        people = tablet.people

        def sign_in(i):
            response = client.post("/signer/code", data={"participant": people[(i + 2) % len(people)], "pin": DEMO_PIN})
            assert response.status_code == 200 and "Bienvenue" in response.get_data(as_text=True), response.status_code
            return response.status_code

        def undo(i):
            marker = "?" if engine.dialect.name == "sqlite" else "%s"
            return [Statement(f"DELETE FROM attendance WHERE session_id = {marker} AND participant_id = {marker}",
                              (tablet.session_id, people[(i + 2) % len(people)]), False)]

        queries, samples, raw, _ = measure_request(engine, sign_in, repeat, setup_for=undo)
        results.append(Result("Kiosk sign-in: PIN checked, attendance saved", "tablet", queries, samples, raw,
                              note="argon2 PIN check"))
    return results


def bench_report_function(url: str, repeat: int, group_id: int, year: int) -> list[Result]:
    engine = make_engine(url)
    results = []
    for label, gid in ((f"activity_report() all groups, {year}", None), (f"activity_report() one group, {year}", group_id)):
        with DbSession(engine) as db:
            def call(i, gid=gid, db=db):
                activity_report(db, period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31), group_id=gid)
                db.rollback()
                return 200

            queries, samples, raw, _ = measure_request(engine, call, repeat)
        results.append(Result(label, "—", queries, samples, raw))
    engine.dispose()
    return results


def server_version(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            version = "SQLite " + connection.execute(text("select sqlite_version()")).scalar()
        else:
            version = "PostgreSQL " + connection.execute(text("show server_version")).scalar().split()[0]
    engine.dispose()
    return version


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", help="only the pages whose label contains this text")
    parser.add_argument("--output", help="also write the markdown table to this file")
    parser.add_argument("--statements", action="store_true", help="print each page's slowest SQL statements")
    args = parser.parse_args(argv)
    global SHOW_STATEMENTS
    SHOW_STATEMENTS = args.statements

    url = database_url(args.database, args.scale, args.url, args.data_dir)
    counts = ensure_data(url, args.scale)
    tablet = prepare_tablets(url, 1)[0]
    engine = make_engine(url)
    with DbSession(engine) as db:
        group_id = dataset_group(db, 1).id
    engine.dispose()
    year = clock.today().year - 1
    results = bench_backoffice(url, args.repeat, args.only, group_id, year)
    results += bench_kiosk(url, args.repeat, tablet, args.only)
    if not args.only or "report" in args.only.lower():
        results += bench_report_function(url, args.repeat, group_id, year)
    header = ["Page", "Signed in as", "SQL queries", "Median (ms)", "p95 (ms)", "Raw SQL (ms)", "Ratio", "Targets"]
    table = markdown_table(header, [r.row() for r in results])
    data = ", ".join(f"{n:,} {name}".replace(",", " ") for name, n in counts.items())
    summary = f"{server_version(url)} — {machine()} — data: {data} — {args.repeat} requests per page"
    print("\n" + summary + "\n\n" + table)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(summary + "\n\n" + table + "\n")


if __name__ == "__main__":
    main()
