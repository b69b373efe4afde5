"""``idmix demo --scale small``: the department-scale data set, in small, from the command line."""

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared.db import make_engine
from shared.demo.scale import ADMIN_EMAIL, SCALES
from shared.models import Attendance, Group


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_demo_small_scale_prints_progress_and_accounts_then_refuses_a_second_run(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'scale.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    result = run("demo", "--scale", "small", "--password", "mot-de-passe-bench", "--today", "2026-03-10")
    assert result.exit_code == 0, result.output
    assert "Personnes et parcours : 200 / 200" in result.output
    assert ADMIN_EMAIL in result.output and "mot-de-passe-bench" in result.output
    again = run("demo", "--scale", "small")
    assert again.exit_code == 1 and "déjà" in again.output
    engine = make_engine(url)
    with DbSession(engine) as db:
        assert db.scalar(select(func.count()).select_from(Group)) == SCALES["small"].groups
        assert db.scalar(select(func.count()).select_from(Attendance)) == SCALES["small"].attendances
    engine.dispose()
