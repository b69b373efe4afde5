"""Weight and time of the back-office create forms, and of their search-as-you-type look-ups.

    python -m bench.forms --url sqlite:////tmp/department.sqlite3
    python -m bench.forms --url postgresql+psycopg://postgres@127.0.0.1:5432/idmix_bench

Signed in as the admin of the generated data set (``idmix demo --scale department``) and as the
facilitator of its first group, each page is asked through the WSGI app (Flask's test client)
after two warm-up requests; the table gives the median time and the page's size.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import text

from bench.measure import markdown_table, median_ms
from bench.pages import login
from shared.db import make_engine
from shared.demo.scale import ADMIN_EMAIL, facilitator_email

FORMS = ("/contract/new/", "/attendance/new/", "/exit/new/", "/referral/new/", "/participant/new/")
EDITS = ("contract", "attendance", "walk_in")  # the first record's edit form
LOOKUPS = ("/contract/ajax/lookup/?name=participant&query=mar",
           "/attendance/ajax/lookup/?name=session&query=2026",
           "/exit/ajax/lookup/?name=participant&query=dup")


def timed(client, path: str, repeat: int) -> tuple[float, int, int]:
    for _ in range(2):
        client.get(path)
    samples, size, status = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        size, status = len(response.data), response.status_code
    return median_ms(samples), size, status


def first_id(url: str, table: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text(f"select min(id) from {table}")).scalar()
    engine.dispose()
    return found or 1


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the department data set's database URL")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    from backoffice import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": args.url},
                      "WTF_CSRF_ENABLED": False})
    clients = {"admin": login(app, ADMIN_EMAIL), "facilitator": login(app, facilitator_email(1))}
    edits = [f"/{table.replace('_', '')}/edit/?id={first_id(args.url, table)}" for table in EDITS]
    rows = []
    for path in (*FORMS, *edits, *LOOKUPS):
        for role, client in clients.items():
            ms, size, status = timed(client, path, args.repeat)
            rows.append([path, role, str(status), f"{ms:.0f}", f"{size / 1024:.0f}"])
            print(f"  {path:<55} {role:<12} {status}  {ms:8.0f} ms  {size / 1024:8.0f} KB", flush=True)
    print("\n" + markdown_table(["Page", "Signed in as", "Status", "Median (ms)", "Size (KB)"], rows))


if __name__ == "__main__":
    main()
