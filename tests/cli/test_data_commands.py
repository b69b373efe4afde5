"""``idmix backup``, ``restore``, ``purge`` and ``maintenance`` on a SQLite file of their own."""

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from shared.db import make_engine
from shared.people.models import Participant
from tests.factories import Factory

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("IDMIX_RETENTION_MONTHS", raising=False)
    assert run("init-db").exit_code == 0
    return url


@pytest.fixture
def people(cli_db):
    """Ids of Odile (last seen in 2023) and Rémi (referred last month)."""
    engine = make_engine(cli_db)
    with DbSession(engine) as db, clock.frozen_today(TODAY):
        make = Factory(db)
        group = make.group()
        odile = make.participant(group, referred_on=dt.date(2023, 5, 4), first_name="Odile", last_name="Fauré")
        remi = make.participant(group, referred_on=dt.date(2026, 2, 2), first_name="Rémi", last_name="Piot")
        ids = odile.id, remi.id
        db.commit()
    engine.dispose()
    return ids


def run(*args, input=None):
    with clock.frozen_today(TODAY):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def names(url) -> list[str]:
    engine = make_engine(url)
    with DbSession(engine) as db:
        found = [f"{p.first_name} {p.last_name}" for p in db.scalars(select(Participant).order_by(Participant.id))]
    engine.dispose()
    return found


def rename_everybody(url, name: str) -> None:
    engine = make_engine(url)
    with DbSession(engine) as db:
        for person in db.scalars(select(Participant)):
            person.first_name = name
        db.commit()
    engine.dispose()


# --- Backup and restore -------------------------------------------------------------------------------------


def test_backup_then_restore_after_typing_oui(cli_db, people, tmp_path):
    copy = tmp_path / "sauvegarde.sqlite3"
    result = run("backup", "--output", str(copy))
    assert result.exit_code == 0 and "Sauvegarde écrite" in result.output and copy.is_file()
    before = names(cli_db)
    rename_everybody(cli_db, "Erreur")
    cancelled = run("restore", str(copy), input="non\n")
    assert cancelled.exit_code == 1 and "Restauration annulée" in cancelled.output
    assert names(cli_db)[0].startswith("Erreur")
    restored = run("restore", str(copy), input="oui\n")
    assert restored.exit_code == 0 and "Base restaurée" in restored.output
    assert names(cli_db) == before


def test_backup_without_output_goes_to_the_instance_backups_folder(cli_db, tmp_path):
    result = run("backup")
    assert result.exit_code == 0, result.output
    files = list((tmp_path / "backups").glob("idmix-*.sqlite3"))
    assert len(files) == 1 and str(files[0]) in result.output


def test_restore_and_backup_refusals_are_french_and_change_nothing(cli_db, people, tmp_path):
    missing = run("restore", str(tmp_path / "absent.sqlite3"), "--yes")
    assert missing.exit_code == 1 and "Fichier de sauvegarde introuvable" in missing.output
    notes = tmp_path / "notes.txt"
    notes.write_text("bonjour")
    wrong = run("restore", str(notes), "--yes")
    assert wrong.exit_code == 1 and "n'est pas une sauvegarde ID'MIX" in wrong.output
    taken = run("backup", "--output", str(notes))
    assert taken.exit_code == 1 and "existe déjà" in taken.output and notes.read_text() == "bonjour"
    assert names(cli_db) == ["Odile Fauré", "Rémi Piot"]


# --- Purge -----------------------------------------------------------------------------------------------


def anonymise_entries(url) -> int:
    engine = make_engine(url)
    with DbSession(engine) as db:
        n = db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == AuditAction.ANONYMISE))
    engine.dispose()
    return n


def test_dry_run_lists_who_and_why_and_changes_nothing(cli_db, people):
    odile, _ = people
    result = run("purge", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Durée de conservation : 24 mois" in result.output and "avant le 10/03/2024" in result.output
    assert f"n°{odile}" in result.output and "Odile Fauré" in result.output
    assert "dernier contact le 04/05/2023 (orientation)" in result.output
    assert "Rémi" not in result.output
    assert "Simulation : 1 personne(s)" in result.output and "Rien n'a été modifié" in result.output
    assert names(cli_db) == ["Odile Fauré", "Rémi Piot"] and anonymise_entries(cli_db) == 0


def test_purge_asks_for_oui_then_anonymises_once(cli_db, people):
    odile, _ = people
    refused = run("purge", input="non\n")
    assert refused.exit_code == 1 and "Anonymisation annulée" in refused.output
    assert names(cli_db)[0] == "Odile Fauré"
    done = run("purge", input="oui\n")
    assert done.exit_code == 0, done.output
    assert "1 personne(s) et 0 visiteur(s) anonymisé(s)" in done.output
    assert names(cli_db) == [f"Personne anonymisée n°{odile}", "Rémi Piot"]
    assert anonymise_entries(cli_db) == 1
    again = run("purge", "--yes")
    assert again.exit_code == 0 and "Aucune personne à anonymiser" in again.output
    assert anonymise_entries(cli_db) == 1


def test_the_period_comes_from_the_option_or_the_environment(cli_db, people, monkeypatch):
    assert "Simulation : 0 personne(s)" in run("purge", "--dry-run", "--months", "60").output
    monkeypatch.setenv("IDMIX_RETENTION_MONTHS", "60")
    assert "Durée de conservation : 60 mois" in run("purge", "--dry-run").output
    monkeypatch.setenv("IDMIX_RETENTION_MONTHS", "deux ans")
    bad = run("purge", "--dry-run")
    assert bad.exit_code == 1 and "Durée de conservation invalide (IDMIX_RETENTION_MONTHS)" in bad.output
    bad_option = run("purge", "--dry-run", "--months", "0")
    assert bad_option.exit_code == 1 and "entre 1 et 240 mois" in bad_option.output


def test_maintenance_says_what_it_did(cli_db):
    result = run("maintenance")
    assert result.exit_code == 0 and "Journal WAL" in result.output


def test_maintenance_writes_the_anonymous_answers_whose_pool_is_due_and_all_of_them_on_request(cli_db, monkeypatch):
    """A session's last opinion waits sealed until the day is over; before a secret key change, all of them."""
    from shared.feedback.models import Feedback, FeedbackScope, Mood
    from shared.feedback.operations import submit_feedback

    monkeypatch.setenv("IDMIX_SECRET_KEY", "la-clé-du-test")
    engine = make_engine(cli_db)
    with DbSession(engine) as db, clock.frozen_today(TODAY):
        make = Factory(db)
        yesterday, today = make.session(held_on=TODAY - dt.timedelta(days=1)), make.session(held_on=TODAY)
        for session in (yesterday, today):
            submit_feedback(db, session=session, scope=FeedbackScope.COLLECTIVE, mood=Mood.GOOD, text="seul")
        ids = yesterday.id, today.id
        db.commit()

    def written(session_id):
        with DbSession(engine) as db:
            return db.scalar(select(func.count()).select_from(Feedback).where(Feedback.session_id == session_id))

    # Given yesterday (an offline queue sent late), it is written at once: that pool is due already.
    assert (written(ids[0]), written(ids[1])) == (1, 0)
    result = run("maintenance")
    assert result.exit_code == 0 and written(ids[1]) == 0  # today's session is not over: it still waits
    result = run("maintenance", "--toutes-les-reponses")
    assert result.exit_code == 0 and "Réponses anonymes en attente écrites\u00a0: 1." in result.output
    assert written(ids[1]) == 1
    engine.dispose()
