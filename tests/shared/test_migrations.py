"""The migrations and the models must describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.models import Base


def test_models_and_migrations_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_shared_imports_no_flask():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "shared"
    offenders = [str(p) for p in root.rglob("*.py") if re.search(r"^\s*(from|import)\s+flask", p.read_text(), re.M)]
    assert offenders == []


def test_neither_app_imports_the_other():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    for app, other in (("backoffice", "kiosk"), ("kiosk", "backoffice")):
        offenders = [str(p) for p in (root / app).rglob("*.py")
                     if re.search(rf"^\s*(from|import)\s+{other}\b", p.read_text(), re.M)]
        assert offenders == [], f"{app} imports {other}"


def test_migrations_form_one_line_and_go_down_and_up_again(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    from shared.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    config = alembic_config(url)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1, "two migration heads: chain them"
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
