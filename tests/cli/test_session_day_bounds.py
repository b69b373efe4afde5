"""``idmix generate-sessions`` refuses a period out of a session's bounds (issue #23, point 11)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.db import make_engine
from shared.models import Session
from tests.cli.test_cli import cli_db, run  # noqa: F401
from tests.factories import Factory


def test_generate_sessions_refuses_year_9999_and_year_1_and_creates_nothing(cli_db):  # noqa: F811
    assert run("init-db").exit_code == 0
    engine = make_engine(cli_db)
    with DbSession(engine) as db:
        group_id = Factory(db).group().id
        db.commit()
    for start, end in (("9999-01-01", "9999-12-31"), ("0001-01-01", "0001-12-31")):
        result = run("generate-sessions", "--group", str(group_id), "--from", start, "--to", end)
        assert result.exit_code == 1 and "doit être comprise entre le 01/01/2007" in result.output, result.output
    with DbSession(engine) as db:
        assert db.scalar(select(func.count(Session.id))) == 0
    engine.dispose()
