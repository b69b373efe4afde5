"""Every imported row goes through the operations of shared/: what a form refuses, an import refuses, on its
line and column; nothing is created twice; the preview asks when two people could match."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from shared.audit.models import AuditEntry
from shared.contracts.models import Contract
from shared.imports.columns import ImportKind
from shared.imports.errors import ImportRefused
from shared.imports.run import check_may_import, prepare, run_import
from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.staff.models import JobTitle, Role, StaffMember
from shared.writes import UNGUARDED
from tests.imports.conftest import fixture

PEOPLE_FILES = ["personnes.csv", "personnes.xlsx", "personnes.xls", "personnes.ods", "personnes-cp1252-tab.csv",
                "personnes-utf8.csv", "personnes-virgule.csv"]


def run(db, team, name, data=None, **kw):
    prepared = prepare(db, data if data is not None else fixture(name), name, **kw)
    return run_import(db, prepared, group=team.group, actor=team.facilitator)


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", PEOPLE_FILES)
def test_people_are_referred_with_their_referrer_account_or_a_new_contact(jdb, team, name):
    report = run(jdb, team, name)
    assert report.problems == []
    assert report.summary() == ["3 personnes à créer", "1 orienteur à créer (contact sans compte)"]
    aicha = jdb.scalar(select(Participant).where(Participant.first_name == "Aïcha"))
    assert (aicha.last_name, aicha.birth_year, aicha.town) == ("Traoré", 1980, "Villeneuve")
    assert aicha.referrals[0].referrer == team.referrer and aicha.referrals[0].referred_on == dt.date(2019, 9, 12)
    contact = jdb.scalar(select(StaffMember).where(StaffMember.last_name == "Leroy"))
    assert (contact.first_name, contact.job_title, contact.role, contact.password_hash) == (
        "Sophie", JobTitle.CIP, Role.REFERRER, None)


def test_the_same_file_imported_twice_creates_nothing_twice(jdb, team):
    run(jdb, team, "personnes.xlsx")
    before = (count(jdb, Participant), count(jdb, StaffMember))
    again = run(jdb, team, "personnes-cp1252-tab.csv")  # the same people, typed in another file
    assert again.problems == []
    assert again.summary() == ["3 personnes déjà connues, inchangées"]
    assert (count(jdb, Participant), count(jdb, StaffMember)) == before


def test_a_person_is_recognised_without_regard_to_case_or_accents(jdb, team):
    run(jdb, team, "personnes.csv")
    data = "nom;prenom;ne en;commune\nTRAORE;aicha;1980;Lyon\n".encode()
    report = run(jdb, team, "x.csv", data)
    assert report.summary() == ["1 personne à mettre à jour"]
    assert jdb.scalar(select(Participant.town).where(Participant.first_name == "Aïcha")) == "Lyon"


def test_two_people_who_could_match_make_the_preview_ask(jdb, team):
    run(jdb, team, "personnes.csv")
    twin = "Nom;Prénom;Né(e) en;Date d'orientation;Orienté(e) par\nTraore;Aicha;;10/01/2020;Marie Dupont\n"
    run(jdb, team, "autre.csv", twin.replace(";;", ";1990;").encode())  # another Aïcha Traoré, born 1990
    grid = "Nom;Prénom;10/10/2019\nTraoré;Aïcha;P\n".encode()
    report = run(jdb, team, "grille.csv", grid)
    [problem] = report.problems
    assert str(problem).startswith("Ligne 2\u00a0: plusieurs personnes pourraient être Aïcha Traoré (fiche n°")
    assert "«\u00a0N° de fiche\u00a0»" in str(problem)


def test_a_contract_over_18_months_is_refused_on_its_line_and_column(jdb, team):
    run(jdb, team, "personnes.csv")
    data = "Nom;Prénom;Début;Fin;Objectifs\nTraoré;Aïcha;01/03/2026;01/09/2027;Sortir\n".encode()
    report = run(jdb, team, "contrats.csv", data)
    assert [str(p) for p in report.problems] == [
        "Ligne 2, colonne Fin\u00a0: un contrat dure au plus 18 mois\u00a0: pour un début le 01/03/2026, la fin "
        "doit être au plus tard le 31/08/2027."
    ]
    assert count(jdb, Contract) == 0


def test_contracts_are_drafted_with_objectives_and_signed_by_the_three_parties(jdb, team):
    run(jdb, team, "personnes.csv")
    report = run(jdb, team, "contrats.ods")
    assert report.problems == []
    assert report.summary() == ["2 contrats à créer", "6 signatures"]
    jean = jdb.scalar(select(Contract).join(Participant).where(Participant.first_name == "Jean"))
    assert [o.wording for o in jean.objectives] == ["Reprendre confiance", "Préparer un projet de formation"]
    assert jean.is_signed and jean.facilitator == team.facilitator and jean.referrer.last_name == "Leroy"
    assert run(jdb, team, "contrats.csv").summary() == ["2 contrats déjà connus"]


def test_an_attendance_grid_plans_the_sessions_and_notes_each_mark(jdb, team):
    run(jdb, team, "personnes.csv")
    report = run(jdb, team, "presences-grille.xlsx")
    assert report.problems == []
    assert report.summary() == ["4 séances à créer", "8 présences à noter"]
    marks = dict(jdb.execute(select(Session.held_on, Attendance.status).join(Attendance.session)
                             .join(Attendance.participant).where(Participant.first_name == "Aïcha")).all())
    assert marks == {dt.date(2019, 10, 10): AttendanceStatus.PRESENT, dt.date(2019, 10, 24): AttendanceStatus.PRESENT,
                     dt.date(2019, 11, 14): AttendanceStatus.ABSENT, dt.date(2019, 11, 28): AttendanceStatus.EXCUSED}
    again = run(jdb, team, "presences-grille.csv")
    assert again.summary() == ["8 présences déjà notées"]
    assert count(jdb, Session) == 4 and count(jdb, Attendance) == 8


def test_one_row_per_presence_is_read_too(jdb, team):
    run(jdb, team, "personnes.csv")
    report = run(jdb, team, "presences-lignes.csv")
    assert report.kind is ImportKind.ATTENDANCE and report.problems == []
    assert report.summary() == ["1 séance à créer", "3 présences à noter"]


def test_every_unreadable_cell_of_a_row_is_said(jdb, team):
    run(jdb, team, "personnes.csv")
    data = "Nom;Prénom;10/10/2019;24/10/2019\nTraoré;Aïcha;oui peut-être;31/02\n".encode()
    report = run(jdb, team, "grille.csv", data)
    assert [p.column for p in report.problems] == ["10/10/2019", "24/10/2019"]
    assert "n'est pas une présence" in report.problems[0].message


def test_a_confirmed_import_is_one_journal_entry_by_its_author_with_what_it_created(jdb, team):
    report = run(jdb, team, "personnes.csv")
    [entry] = jdb.scalars(select(AuditEntry).where(AuditEntry.table_name == "import")).all()
    assert entry.actor_id == team.facilitator.id
    assert entry.changes["file"] == [None, "personnes.csv"]
    ids = ", ".join(str(i) for i in report.created["people_created"])
    assert entry.changes["created"][1].startswith(f"3 personnes (n° {ids})")


def test_a_corrected_mapping_is_remembered_for_the_next_file_of_the_same_shape(jdb, team):
    data = "Nom;Prénom;Année;Orienté(e) par\nTraoré;Aïcha;1980;Marie Dupont\n".encode()
    first = prepare(jdb, data, "a.csv")
    assert 2 not in first.layout.mapping  # « Année » alone is not recognised
    corrected = prepare(jdb, data, "a.csv", mapping={**first.layout.mapping, 2: "birth_year"})
    assert run_import(jdb, corrected, group=team.group, actor=team.facilitator).problems == []
    later = prepare(jdb, "NOM;prénom;année;orienté par\nMartin;Jean;1975;Marie Dupont\n".encode(), "b.csv")
    assert later.mapping_remembered and later.layout.mapping[2] == "birth_year"


def test_a_sheet_without_a_recognisable_column_is_refused(jdb, team):
    with pytest.raises(ImportRefused, match="Aucune colonne reconnue"):
        prepare(jdb, "Article;Prix\nPommes;3\n".encode(), "courses.csv")


def test_only_admins_and_the_group_s_facilitators_import(jdb, team):
    jdb.info[UNGUARDED] = True
    other = team.make.facilitator(team.make.group())
    referrer_account = team.make.referrer()
    admin = team.make.staff(Role.ADMIN)
    check_may_import(admin, team.group)
    check_may_import(team.facilitator, team.group)
    for who in (other, referrer_account):
        with pytest.raises(ImportRefused, match="Seuls les administrateurs et les animateurs de ce groupe"):
            check_may_import(who, team.group)
