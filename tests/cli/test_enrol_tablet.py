"""``idmix enrol-tablet``: the code is printed only once it is saved, so a printed code always works."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared.db import make_engine
from shared.kiosk.models import EnrolmentCode
from tests.cli.test_cli import cli_db  # noqa: F401  (fixture)
from tests.factories import Factory


def _group(url) -> int:
    engine = make_engine(url)
    with DbSession(engine) as db:
        group = Factory(db).group(name="ID'MIX Les Tilleuls")
        db.commit()
        group_id = group.id
    engine.dispose()
    return group_id


def _codes(url) -> int:
    engine = make_engine(url)
    with DbSession(engine) as db:
        n = db.scalar(select(func.count()).select_from(EnrolmentCode))
    engine.dispose()
    return n


def test_enrol_tablet_prints_the_code_it_saved(cli_db):  # noqa: F811
    assert CliRunner().invoke(main, ["init-db"]).exit_code == 0
    group_id = _group(cli_db)
    result = CliRunner().invoke(main, ["enrol-tablet", "--group", str(group_id)])
    assert result.exit_code == 0 and "Code d'activation pour « ID'MIX Les Tilleuls »" in result.output
    assert _codes(cli_db) == 1


def test_a_failed_save_prints_no_code(cli_db, monkeypatch):  # noqa: F811
    assert CliRunner().invoke(main, ["init-db"]).exit_code == 0
    group_id = _group(cli_db)

    def disk_full(self):
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(DbSession, "commit", disk_full)
    result = CliRunner().invoke(main, ["enrol-tablet", "--group", str(group_id)])
    assert result.exit_code == 1
    assert "Code d'activation pour" not in result.output
    assert "n'a pas pu être enregistré" in result.output
    monkeypatch.undo()
    assert _codes(cli_db) == 0
