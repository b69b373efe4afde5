"""``idmix report`` writes the activity report to a file (HTML, CSV, XLSX); bad input is refused in French."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared import clock
from shared.db import make_engine
from shared.evaluation.operations import write_action_review
from shared.migrate import upgrade_to_head
from shared.staff.models import JobTitle
from tests.factories import Factory

D = dt.date


@pytest.fixture
def cli_world(tmp_path, monkeypatch):
    """A SQLite file of its own: group "ID'MIX Tilleuls" with 2 sessions held in 2025 (one cancelled) and two
    people referred in 2025 (an ASS, a CIP); group "Autre" with one session."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    upgrade_to_head(url)
    engine = make_engine(url)
    with clock.frozen_today(D(2026, 3, 10)), DbSession(engine) as db:
        make = Factory(db)
        g, other = make.group(name="ID'MIX Tilleuls"), make.group(name="Autre")
        alice = make.participant(g, make.referrer(JobTitle.ASS), D(2025, 1, 10))
        bruno = make.participant(g, make.referrer(JobTitle.CIP), D(2025, 2, 1))
        for day in (D(2025, 3, 13), D(2025, 3, 27)):
            session = make.session(g, day)
            make.attendance(session, alice)
            make.attendance(session, bruno)
        make.session(g, D(2025, 4, 10), cancelled=True, cancel_reason="Grève")
        make.session(other, D(2025, 5, 15))
        write_action_review(db, group=g, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
                            strengths="Une équipe stable et des sorties appréciées.")
        db.commit()
        ids = {"g": g.id, "other": other.id}
    engine.dispose()
    with clock.frozen_today(D(2026, 3, 10)):
        yield ids


def run(*args):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False)


def test_html_report_is_a_standalone_printable_page(cli_world, tmp_path):
    out = tmp_path / "bilan.html"
    result = run("--group", str(cli_world["g"]), "--from", "2025-01-01", "--to", "2025-12-31", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "écrit dans" in result.output
    html = out.read_text(encoding="utf-8")
    assert "@page { size: A4 portrait" in html and "<link" not in html and "<svg" in html
    assert "ID&#39;MIX Tilleuls" in html and "année 2025" in html
    assert "Une équipe stable et des sorties appréciées." in html  # the evaluation of the action
    assert "Retour au bilan" not in html and "<script" not in html  # no screen toolbar in a file


def test_csv_report_by_group_name_has_every_table(cli_world, tmp_path):
    out = tmp_path / "bilan.csv"
    result = run("--group", "id'mix tilleuls", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert ["Action collective", "ID'MIX Tilleuls"] in rows
    assert ["Tenues", "2"] in rows and ["Annulées", "1"] in rows
    assert ["Chargé(e) d'insertion professionnelle (CIP)", "1"] in rows
    assert ["Objectifs des contrats, par catégorie et résultat"] in rows


def test_xlsx_report_of_every_group(cli_world, tmp_path):
    out = tmp_path / "bilan"
    result = run("--from", "2025-01-01", "--to", "2025-12-31", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "Tous les groupes" in result.output
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    sessions = {row[0].value: row[1].value for row in book["Séances"].iter_rows(min_row=2)}
    assert sessions["Tenues"] == 3  # two in ID'MIX Tilleuls, one in Autre


def test_the_format_follows_the_extension(cli_world, tmp_path):
    out = tmp_path / "bilan.xlsx"
    assert run("--group", str(cli_world["other"]), "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)) \
        .exit_code == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip: the XLSX container


@pytest.mark.parametrize("args, message", [
    (["--from", "2025-13-01", "--to", "2025-12-31"], "« 2025-13-01 » n'est pas une date"),
    (["--from", "2025-01-01", "--to", "31/12/2025"], "« 31/12/2025 » n'est pas une date"),
    (["--from", "2025-06-01", "--to", "2025-05-31"], "doit être après son début"),
    (["--group", "Inconnu", "--from", "2025-01-01", "--to", "2025-12-31"], "groupe inconnu « Inconnu »"),
    (["--group", "424242", "--from", "2025-01-01", "--to", "2025-12-31"], "groupe inconnu « 424242 »"),
])
def test_bad_input_is_refused_in_french_and_writes_nothing(cli_world, tmp_path, args, message):
    out = tmp_path / "bilan.html"
    result = CliRunner().invoke(main, ["report", *args, "--output", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_an_unwritable_output_is_a_clear_error(cli_world, tmp_path):
    out = tmp_path / "no-such-folder" / "bilan.html"
    result = CliRunner().invoke(main, ["report", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)])
    assert result.exit_code == 1 and "Impossible d'écrire" in result.output
