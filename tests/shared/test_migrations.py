"""The migrations and the models must describe the same schema."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.models import Base


# Indexes on names in a collation (PostgreSQL only): Alembic reflects them as plain columns and cannot compare
# them; tests/shared/test_alphabetical.py checks they exist and that the people list reads its page from them.
COLLATED_INDEXES = {"ix_participant_alphabetical", "ix_participant_open_alphabetical"}


def _compared(obj, name, kind, reflected, compare_to) -> bool:
    return not (kind == "index" and name in COLLATED_INDEXES)


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_models_and_migrations_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": _compared})
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


def test_text_typed_before_french_spacing_gets_it_and_a_theme_typed_again_is_the_same(tmp_path):
    from alembic import command
    from sqlalchemy import text
    from shared.db import make_engine, make_sessionmaker
    from shared.errors import DomainError
    from shared.groups.operations import create_theme
    from shared.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'spacing.sqlite3'}"
    config = alembic_config(url)
    command.upgrade(config, "0016_list_indexes")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO theme (id, name, pictogram, active) VALUES "
                                "(1, 'Cuisine : « repas partagé »', 'cuisine', 1), (2, 'Jardin', 'jardin', 1), "
                                "(3, '100% réel', 'atelier', 1)"))
    command.upgrade(config, "head")
    with make_sessionmaker(engine)() as db:
        names = dict(db.execute(text("SELECT id, name FROM theme")).all())
        assert names == {1: "Cuisine\u00a0: «\u00a0repas partagé\u00a0»", 2: "Jardin", 3: "100% réel"}
        with pytest.raises(DomainError, match="existe déjà"):
            create_theme(db, name="cuisine : « repas partagé »")
    engine.dispose()
