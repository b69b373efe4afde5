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
from sqlalchemy.orm import Session as DbSession

from bench.dataset import dataset_group
from bench.measure import markdown_table, median_ms
from bench.pages import login
from shared.db import make_engine
from shared.demo.scale import ADMIN_EMAIL, facilitator_email

FORMS = ("/contract/new/", "/attendance/new/", "/exit/new/", "/referral/new/", "/participant/new/")
# The edit form of the first record of the facilitator's group (so both roles may open it).
EDITS = {
    "contract": "select min(id) from contract where group_id = :group",
    "attendance": "select min(a.id) from attendance a join session s on s.id = a.session_id where s.group_id = :group",
    "walkin": "select min(w.id) from walk_in w join session s on s.id = w.session_id where s.group_id = :group",
}
LOOKUPS = ("/contract/ajax/lookup/?name=participant&query=mar",
           "/attendance/ajax/lookup/?name=session&query=12/03",
           "/attendance/ajax/lookup/?name=session&query=cuisine",
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


def edit_pages(url: str) -> list[str]:
    engine = make_engine(url)
    with DbSession(engine) as db:
        group = dataset_group(db, 1).id
        pages = [f"/{view}/edit/?id={db.scalar(text(sql), {'group': group}) or 1}" for view, sql in EDITS.items()]
    engine.dispose()
    return pages


def measure(url: str, repeat: int, progress=print) -> list[list[str]]:
    """One row per page and role: page, role, status, median ms, size in KB."""
    from backoffice import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": url},
                      "WTF_CSRF_ENABLED": False})
    clients = {"admin": login(app, ADMIN_EMAIL), "facilitator": login(app, facilitator_email(1))}
    rows = []
    for path in (*FORMS, *edit_pages(url), *LOOKUPS):
        for role, client in clients.items():
            ms, size, status = timed(client, path, repeat)
            rows.append([path, role, str(status), f"{ms:.0f}", f"{size / 1024:.0f}"])
            progress(f"  {path:<55} {role:<12} {status}  {ms:8.0f} ms  {size / 1024:8.0f} KB")
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the department data set's database URL")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    rows = measure(args.url, args.repeat, progress=lambda line: print(line, flush=True))
    print("\n" + markdown_table(["Page", "Signed in as", "Status", "Median (ms)", "Size (KB)"], rows))


if __name__ == "__main__":
    main()
