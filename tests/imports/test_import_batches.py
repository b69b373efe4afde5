"""People and attendance rows run in batches (one savepoint, one flush): a file gets the same report and the same
records as row by row. A refused row in the middle of a batch is reported on its line and the rows around it
still count; a person or a presence named twice in one batch is one; a batch the database refuses is run again
row by row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from shared.imports import run as import_run
from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceStatus
from shared.staff.models import StaffMember
from tests.imports.test_import_rows import run

HEADER = "Nom;Prénom;Né(e) en;Date d'orientation;Orienté(e) par\n"


def people_file(n: int, *, bad: dict[int, str] | None = None) -> bytes:
    lines = [f"Martin-{i};Jean;{1960 + i % 30};{(dt.date(2019, 1, 1) + dt.timedelta(days=i)):%d/%m/%Y};Marie Dupont"
             for i in range(n)]
    for i, line in (bad or {}).items():
        lines[i] = line
    return (HEADER + "\n".join(lines) + "\n").encode()


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_a_refused_row_in_a_batch_is_reported_on_its_line_and_the_other_rows_count(jdb, team, monkeypatch):
    monkeypatch.setattr(import_run, "BATCH", 8)
    data = people_file(40, bad={5: "Petit;Luc;1970;32/13/2019;Marie Dupont", 21: "Petit;Léa;1971;01/02/2019;"})
    report = run(jdb, team, "personnes.csv", data)
    assert [str(p) for p in report.problems] == [
        "Ligne 7, colonne Date d'orientation\u00a0: «\u00a032/13/2019\u00a0» n'est pas une date qui existe.",
        "Ligne 23, colonne Orienté(e) par\u00a0: indiquez qui a orienté la personne (prénom et nom du travailleur "
        "social, par exemple «\u00a0Marie Dupont (CIP)\u00a0»).",
    ]
    assert report.summary() == ["38 personnes à créer"]
    assert count(jdb, Participant) == 38
    assert not jdb.scalar(select(func.count()).where(Participant.last_name == "Petit"))


def test_batches_give_the_report_row_by_row_gives(jdb, team, monkeypatch):
    data = people_file(30, bad={3: "Petit;Luc;1970;32/13/2019;Marie Dupont"})
    savepoint = jdb.begin_nested()
    batched = run(jdb, team, "personnes.csv", data)
    savepoint.rollback()
    monkeypatch.setattr(import_run, "BATCHED", frozenset())
    alone = run(jdb, team, "personnes.csv", data)
    assert ([str(p) for p in batched.problems], batched.summary()) == ([str(p) for p in alone.problems],
                                                                       alone.summary())


def test_a_person_twice_in_one_batch_is_one_person(jdb, team):
    data = people_file(3) + "MARTIN-1;jean;1961;;\n".encode()
    report = run(jdb, team, "personnes.csv", data)
    assert report.problems == []
    assert report.summary() == ["3 personnes à créer", "1 personne déjà connue, inchangée"]
    assert count(jdb, Participant) == 3
    assert sorted(report.created["people_created"]) == sorted(jdb.scalars(select(Participant.id)))


def test_a_presence_twice_in_one_batch_is_noted_once(jdb, team):
    run(jdb, team, "personnes.csv", people_file(2))
    data = ("Nom;Prénom;Né(e) en;Date de la séance;Présence\nMartin-0;Jean;1960;05/03/2020;P\n"
            "Martin-1;Jean;1961;05/03/2020;abs\nMartin-0;Jean;1960;05/03/2020;exc\n").encode()
    report = run(jdb, team, "presences.csv", data)
    assert report.problems == []
    assert report.summary() == ["1 séance à créer", "2 présences à noter", "1 présence à corriger"]
    statuses = sorted(s.value for s in jdb.scalars(select(Attendance.status)))
    assert statuses == sorted([AttendanceStatus.EXCUSED.value, AttendanceStatus.ABSENT.value])


def test_a_batch_the_database_refuses_is_run_again_row_by_row(jdb, team, monkeypatch):
    """Two new referrers whose names give the same address: in a batch, neither sees the other's (a unique
    address refused at the flush); row by row, the second gets its own."""
    alone = []
    run_alone = import_run._Runner.run_alone
    monkeypatch.setattr(import_run._Runner, "run_alone",
                        lambda self, row: alone.append(row.number) or run_alone(self, row))
    data = (HEADER + "Petit;Luc;1970;01/02/2019;Jean-Marc Roux\nPetit;Léa;1971;01/02/2019;Jean.Marc Roux\n").encode()
    report = run(jdb, team, "personnes.csv", data)
    assert report.problems == []
    assert report.summary() == ["2 personnes à créer", "2 orienteurs à créer (contacts sans compte)"]
    addresses = sorted(jdb.scalars(select(StaffMember.email).where(StaffMember.last_name == "Roux")))
    assert addresses == ["jean-marc.roux.2@contact-importe.invalid", "jean-marc.roux@contact-importe.invalid"]
    assert alone == [2, 3]
