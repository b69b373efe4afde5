"""``idmix import``: each kind from LibreOffice's files, a dry run that writes nothing, a refused row that
leaves the base as it was, each bad file answered in French."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared import clock
from shared.contracts.models import Contract
from shared.db import make_engine
from shared.people.models import Participant
from shared.sessions.models import Attendance
from tests.cli.test_cli_journal import TODAY
from tests.factories import Factory
from tests.imports.conftest import FIXTURES


def run(*args):
    with clock.frozen_today(TODAY):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def base(tmp_path, monkeypatch):
    """A migrated base with one group, its facilitator and Marie Dupont (a referrer with an account)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    assert run("init-db").exit_code == 0
    engine = make_engine(url)
    with DbSession(engine) as db, clock.frozen_today(TODAY):
        make = Factory(db)
        group = make.group(name="ID'MIX Les Tilleuls")
        make.facilitator(group, first_name="Paul", last_name="Animateur")
        make.referrer(first_name="Marie", last_name="Dupont")
        db.commit()
    yield url
    engine.dispose()


def counts(url) -> tuple[int, int, int]:
    engine = make_engine(url)
    with DbSession(engine) as db:
        found = tuple(db.scalar(select(func.count()).select_from(m)) for m in (Participant, Contract, Attendance))
    engine.dispose()
    return found


def test_each_kind_is_imported_from_libreoffice_files_with_a_progress_bar(base):
    people = run("import", str(FIXTURES / "personnes.ods"), "--kind", "people")
    assert people.exit_code == 0, people.output
    assert "3 personnes à créer" in people.output and "Import enregistré." in people.output
    assert "Lignes" in people.output  # the progress bar's label
    assert run("import", str(FIXTURES / "contrats.ods")).exit_code == 0
    assert run("import", str(FIXTURES / "presences-grille.xlsx"), "--group", "ID'MIX Les Tilleuls").exit_code == 0
    assert counts(base) == (3, 2, 8)
    again = run("import", str(FIXTURES / "personnes.xls"))
    assert "3 personnes déjà connues, inchangées" in again.output and counts(base) == (3, 2, 8)


def test_a_dry_run_says_what_would_be_created_and_writes_nothing(base):
    result = run("import", str(FIXTURES / "personnes.xlsx"), "--dry-run")
    assert result.exit_code == 0
    assert "3 personnes à créer" in result.output and "rien n'a été enregistré" in result.output
    assert counts(base) == (0, 0, 0)


def test_a_refused_row_leaves_the_base_unchanged(base, tmp_path):
    bad = tmp_path / "personnes.csv"
    text = (FIXTURES / "personnes.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace("Nguyen;Thi Lan;1968", "Nguyen;Thi Lan;2015"), encoding="utf-8")
    result = run("import", str(bad))
    assert result.exit_code == 1
    assert "Ligne 4, colonne Né(e) en\u00a0: la personne doit être majeure" in result.output
    assert "Rien n'a été enregistré" in result.output
    assert counts(base) == (0, 0, 0)


@pytest.mark.parametrize("name, says", [
    ("protege.xlsx", "protégé par un mot de passe"),
    ("make_fixtures.py", "Aucune colonne reconnue"),
])
def test_a_bad_file_is_answered_in_french(base, tmp_path, name, says):
    result = run("import", str(FIXTURES / name))
    assert result.exit_code == 1 and says in result.output
    assert counts(base) == (0, 0, 0)


def test_an_unknown_file_is_answered_in_french(base, tmp_path):
    result = run("import", str(tmp_path / "absent.xlsx"))
    assert result.exit_code == 1 and "Fichier introuvable ou illisible" in result.output
