"""The upgrade road (docs/installation.md: backup, ``idmix init-db``, restart) from every earlier schema version
with data in it, on the run's database (SQLite file or PostgreSQL); and a refused upgrade leaves it as it was.

A database « filled at a revision »: migrated to that revision, then one row in each of its tables, written in
plain SQL from the schema reflected at that revision (required columns only, parents before children), so
the rows are exactly what that version could hold. After ``init-db`` every row is still there."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from shared.db import make_engine
from shared.migrate import MIGRATIONS_DIR, alembic_config, upgrade_to_head
from shared.models import Base
from tests.databases import fresh_database

REVISIONS = [script.revision for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def _value(table: sa.Table, column: sa.Column, order: int):
    """A value for ``column``; dates and times grow with the column's ``order`` (starts before ends)."""
    current = Base.metadata.tables.get(table.name)
    model_type = current.c[column.name].type if current is not None and column.name in current.c else column.type
    if isinstance(model_type, sa.Enum) and model_type.enums:
        return model_type.enums[0]
    python = None
    try:
        python = column.type.python_type
    except NotImplementedError:
        pass
    if python is bool:
        return False
    if python is uuid.UUID:
        return uuid.uuid4()
    if python is int or isinstance(column.type, sa.Integer):
        return 1980 if column.name.endswith("year") else 1
    if python is float or isinstance(column.type, sa.Numeric):
        return 1
    if python is dt.datetime:
        return dt.datetime(2024, 3, 1, 8, 0) + dt.timedelta(days=order, hours=order)
    if python is dt.date:
        return dt.date(2024, 3, 1) + dt.timedelta(days=order)
    if python is dt.time:
        return dt.time(8 + order % 14, 0)
    if python in (dict, list) or isinstance(column.type, sa.JSON):
        return {}
    if python is bytes:
        return b"x"
    length = getattr(column.type, "length", None) or 20
    return f"v{table.name}"[: max(1, min(length, 20))]


def fill(url: str) -> dict[str, int]:
    """One row in each table the schema has now, when the schema lets a generic row in; {table: id}."""
    engine = make_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    ids: dict[str, int] = {}
    try:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            row = {}
            for order, column in enumerate(table.columns):
                foreign = next(iter(column.foreign_keys), None)
                if foreign is not None:
                    parent = foreign.column.table.name
                    if parent in ids:
                        row[column.name] = ids[parent]
                    elif not column.nullable:
                        break  # its parent took no generic row: neither can it
                elif column.primary_key:
                    row[column.name] = 1 if isinstance(column.type, sa.Integer) else _value(table, column, order)
                elif not column.nullable and column.server_default is None:
                    row[column.name] = _value(table, column, order)
            else:
                try:
                    with engine.begin() as connection:
                        connection.execute(table.insert().values(**row))
                    ids[table.name] = row.get("id", 1)
                except IntegrityError:
                    pass  # a check this generic row does not meet: the table stays empty
    finally:
        engine.dispose()
    return ids


def _tables(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _present(url: str, ids: dict[str, int]) -> dict[str, int]:
    engine = make_engine(url)
    tables = set(sa.inspect(engine).get_table_names())
    try:
        with engine.connect() as connection:
            return {name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                    for name in ids if name in tables}
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS[:-1])
def test_a_database_filled_at_an_earlier_version_upgrades_to_the_latest_keeping_its_rows(tmp_path, revision):
    with fresh_database(tmp_path, "upgrade") as url:
        engine = make_engine(url)
        with engine.begin() as connection:  # fresh_database migrates to head: start again from nothing
            if connection.dialect.name == "postgresql":  # tables and their enum types
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
            else:
                Base.metadata.drop_all(connection)
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        command.upgrade(alembic_config(url), revision)
        ids = fill(url)
        tables = set(_present(url, dict.fromkeys(_tables(url)))) - {"alembic_version"}
        assert len(ids) >= len(tables) - 2, f"tables left empty at {revision}: {sorted(tables - set(ids))}"
        upgrade_to_head(url)  # what ``idmix init-db`` does
        after = _present(url, ids)
        assert {name: count for name, count in after.items() if count < 1} == {}


def test_a_refused_upgrade_leaves_the_database_as_it_was(tmp_path):
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "versions" / "9999_broken.py").write_text(f'''"""A migration that fails half-way."""
import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = "{REVISIONS[-1]}"


def upgrade():
    op.create_table("half_made", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE alembic_version SET version_num = version_num")
    op.execute("DELETE FROM login_throttle")
    raise RuntimeError("refused")


def downgrade():
    pass
''')
    with fresh_database(tmp_path, "refused") as url:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO login_throttle (scope, key, failures, last_failure_at) "
                                       "VALUES ('address', 'k', 1, :at)"), {"at": dt.datetime(2026, 1, 1)})
        engine.dispose()
        config = alembic_config(url)
        config.set_main_option("script_location", str(broken))
        with pytest.raises(RuntimeError, match="refused"):
            command.upgrade(config, "head")
        engine = make_engine(url)
        try:
            assert "half_made" not in sa.inspect(engine).get_table_names()
            with engine.connect() as connection:
                assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == \
                    [REVISIONS[-1]]
                assert connection.execute(sa.text("SELECT count(*) FROM login_throttle")).scalar_one() == 1
        finally:
            engine.dispose()
