"""Before a command reads the database: is there one? Said in French, creating nothing.

Run outside the installation's folder, a command used to create an empty ``./instance/idmix.sqlite3`` (SQLite
makes the file it is asked to open) and then fail with SQLAlchemy's traceback in English.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from shared.db import default_instance_path

# The commands that make the database (or fill one from a backup): they run without one.
CREATES_DATABASE = frozenset({"init-db", "demo", "restore"})
# Commands that make the database, or need none (key files, audio, the provider, the installation's own checks).
RUNS_WITHOUT_DATABASE = CREATES_DATABASE | {"check", "parole", "rotate-offline-key", "sso"}
HOW_TO_POINT = ("Lancez la commande depuis le dossier de l'installation, ou indiquez où est la base : "
                "IDMIX_INSTANCE_PATH (le dossier « instance » qui la contient) ou IDMIX_DATABASE_URL "
                "(par exemple postgresql+psycopg://idmix@localhost/idmix).")


def missing_database() -> str | None:
    """A French sentence when the configured database is missing, unreadable or not made yet; else None.
    Never creates a folder or a file."""
    url = os.environ.get("IDMIX_DATABASE_URL")
    if not url:
        path = default_instance_path() / "idmix.sqlite3"
        if not path.is_file():
            return f"Aucune base de données ID'MIX trouvée ({path} n'existe pas). {HOW_TO_POINT}"
        url = f"sqlite:///{path}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"IDMIX_DATABASE_URL n'est pas une adresse de base de données valable. {HOW_TO_POINT}"
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).is_file():
            return f"Aucune base de données ID'MIX trouvée ({parsed.database} n'existe pas). {HOW_TO_POINT}"
    engine = create_engine(parsed)
    try:
        with engine.connect() as connection:
            made = inspect(connection).has_table("alembic_version")
    except SQLAlchemyError:
        return f"La base de données ID'MIX ne répond pas ({parsed.render_as_string(hide_password=True)}). {HOW_TO_POINT}"
    finally:
        engine.dispose()
    if not made:
        return "La base de données existe mais n'est pas encore préparée : lancez d'abord « idmix init-db »."
    return None
