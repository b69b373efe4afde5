"""How long a department's spreadsheets take to check and to import: 20,000 people referred (with 40 referrers),
then 20,000 rows of attendance (one row per presence), read from CSV and XLSX files.

    python bench/import_bench.py                    # a SQLite file (WAL) in a temporary folder
    python bench/import_bench.py --rows 2000        # a quicker look
    python bench/import_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/idmix_bench

For each file it prints the time to read it, to check it (the preview: every row through the operations,
rolled back) and to import it (the same, committed), with the rows per second, the process's CPU time and the
machine's load. Not a test: it adds rows, give it a scratch database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: find the project's packages
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import shared.models  # noqa: E402,F401  (registers every model)
from shared import clock  # noqa: E402
from shared.db import make_engine, make_sessionmaker  # noqa: E402
from shared.groups.models import Group  # noqa: E402
from shared.imports.readers import read_sheets  # noqa: E402
from shared.imports.run import prepare, run_import  # noqa: E402
from shared.migrate import upgrade_to_head  # noqa: E402
from shared.people.models import Participant  # noqa: E402
from shared.staff.models import JobTitle, Role, StaffMember  # noqa: E402
from shared.writes import UNGUARDED  # noqa: E402

FIRST = ["Aïcha", "Jean", "Thi Lan", "Rémi", "Odile", "Karim", "Sophie", "Mamadou", "Léa", "Yves"]
LAST = ["Traoré", "Martin", "Nguyen", "Piot", "Fauré", "Benali", "Leroy", "Diallo", "Moreau", "Garcia"]
JOBS = ["ASS", "CIP", "CESF", "ASS RMI"]


def people_rows(n: int) -> list[list]:
    rows = [["Nom", "Prénom", "Né(e) en", "Genre", "Commune", "Date d'orientation", "Orienté(e) par"]]
    for i in range(n):
        referred = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000)
        rows.append([f"{LAST[i % 10]}-{i}", FIRST[(i // 10) % 10], 1950 + i % 45, "FH"[i % 2], "Villeneuve",
                     referred.strftime("%d/%m/%Y"), f"Orienteur{i % 40} Nom{i % 40} ({JOBS[i % 4]})"])
    return rows


def attendance_rows(n: int, people: int) -> list[list]:
    rows = [["Nom", "Prénom", "Né(e) en", "Date de la séance", "Présence"]]
    thursdays = [dt.date(2024, 1, 4) + dt.timedelta(weeks=w) for w in range(52)]
    for i in range(n):
        person = i % people
        day = thursdays[(i // people) % len(thursdays)]
        rows.append([f"{LAST[person % 10]}-{person}", FIRST[(person // 10) % 10], 1950 + person % 45,
                     day.strftime("%d/%m/%Y"), "P" if i % 5 else "abs"])
    return rows


def as_csv(rows: list[list]) -> bytes:
    return "\n".join(";".join(str(v) for v in row) for row in rows).encode("cp1252")


def as_xlsx(rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Feuille 1")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(label: str, rows: int, action):
    """Wall time and rows per second; and this process's CPU time, which the machine's other load does not
    lengthen (on SQLite nearly all the work; on PostgreSQL the server's share is not in it)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<34} {seconds:8.1f} s   {rows / seconds:9.0f} lignes/s   (processeur {cpu:.1f} s, "
          f"charge {os.getloadavg()[0]:.1f})", flush=True)
    return result


def run(maker, data: bytes, name: str, group_id: int, rows: int) -> None:
    print(f"{name} ({len(data) / 1024 / 1024:.1f} Mo, {rows} lignes)")
    timed("lecture du fichier", rows, lambda: read_sheets(data, name))
    for confirm in (False, True):
        with maker() as db:
            group = db.get(Group, group_id)
            prepared = prepare(db, data, name)
            report = timed("import (confirmé)" if confirm else "vérification (aperçu, annulé)", rows,
                           lambda: run_import(db, prepared, group=group, actor=None))
            if not report.ok:
                print("  problèmes :", [str(p) for p in report.problems[:5]])
                sys.exit(1)
            db.commit() if confirm else db.rollback()
        print(f"  {', '.join(report.summary())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/import-bench.sqlite3"
    upgrade_to_head(url)
    engine = make_engine(url)
    maker = make_sessionmaker(engine, actor_label="Commande idmix import")
    with maker() as db:
        db.info[UNGUARDED] = True
        group = Group(name=f"Banc d'essai {time.time_ns()}", district="Nord", location="CMS",
                      started_on=dt.date(2007, 4, 12))
        db.add(group)
        db.add(StaffMember(first_name="Paul", last_name="Animateur", email=f"paul{time.time_ns()}@cd.fr",
                           job_title=JobTitle.FACILITATOR, role=Role.FACILITATOR, groups=[group]))
        db.commit()
        group_id = group.id
    with clock.frozen_today(dt.date(2026, 3, 10)):
        people = people_rows(args.rows)
        run(maker, as_csv(people), "personnes.csv", group_id, args.rows)
        attendance = attendance_rows(args.rows, min(args.rows, 2000))
        run(maker, as_xlsx(attendance), "presences.xlsx", group_id, args.rows)
    with maker() as db:
        print(f"Personnes dans la base : {db.scalar(select(func.count()).select_from(Participant))}")
    engine.dispose()


if __name__ == "__main__":
    main()
