"""Is this installation fit to serve? The answer ``/healthz`` gives a load balancer and ``idmix check`` uses.

Healthy: the database answers and its schema is at the latest migration. Nothing else is said: no
personal data, no version string, no table names, so that the route may stay open to anyone.
"""

from __future__ import annotations

import functools

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError


class Health:
    ANSWERS = "ok"
    DOWN = "database-down"
    BEHIND = "schema-behind"


@functools.cache
def head_revisions() -> frozenset[str]:
    """The latest revisions of migrations/versions (read once per process)."""
    from alembic.script import ScriptDirectory

    from shared.migrate import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def recorded_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database says it is at (empty when never migrated); SQLAlchemyError when it does not
    answer."""
    with engine.connect() as connection:
        try:
            return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
        except SQLAlchemyError:
            connection.rollback()
            connection.execute(text("SELECT 1"))  # it answers, but was never migrated
            return frozenset()


def database_health(engine: Engine) -> str:
    """``Health.ANSWERS``, ``Health.DOWN`` or ``Health.BEHIND``."""
    try:
        recorded = recorded_revisions(engine)
    except SQLAlchemyError:
        return Health.DOWN
    return Health.ANSWERS if recorded == head_revisions() else Health.BEHIND
