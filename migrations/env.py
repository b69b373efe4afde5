"""Alembic environment: the project's metadata; URL from the caller or IDMIX_DATABASE_URL."""

from alembic import context
from shared.db import database_url, make_engine
from shared.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.connect() as connection:
        _run(connection)
        connection.commit()
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    if connection.dialect.name != "sqlite":
        with context.begin_transaction():
            context.run_migrations()
        return
    # SQLite rebuilds a table to alter it (batch mode): dropping the old copy of a table other rows point to
    # fails while foreign keys are enforced, so an upgrade of a database with data in it would stop there.
    # Enforcement is paused for the migrations (the pragma only takes outside a transaction), every key is
    # checked before the commit, and enforcement comes back whatever happened.
    raw = connection.connection.driver_connection
    if connection.in_transaction():
        connection.commit()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"Migration refusée : {len(broken)} référence(s) cassée(s), "
                                   f"par exemple dans la table {broken[0][0]}. Rien n'a été modifié.")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
