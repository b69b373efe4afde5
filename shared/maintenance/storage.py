"""Storage chores for privacy: after each anonymous write, after a purge, and by ``idmix maintenance``.

An anonymous opinion, idea or ballot first waits sealed in a pool, then is written in a batch of at least
three that rewrites its neighbours in one transaction (``shared.anonymity``), so the live rows keep no order.
What a database keeps below the rows (pool entries included) is emptied right after each of those
transactions has committed (``forget_write_order``):

- PostgreSQL keeps the earlier versions of the rewritten rows (dead tuples: A's opinion alone, then A's
  and B's, each stamped with the ``xmin`` of the transaction that also signed that person in) until a
  VACUUM; autovacuum never comes for a handful of rows. So the touched tables are vacuumed at once.
  ``idmix maintenance`` rewrites them whole (``CLUSTER`` in the order of their random keys): the files
  then hold no free space with old bytes either.
- SQLite in WAL mode keeps one frame per commit in its ``-wal`` file: the log is checkpointed and
  truncated (``shared.maintenance.wal``), retried; when another program holds a read open, it cannot
  be, and staff are told on the dashboard.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.engine import Engine

from shared.anonymity.batches import flush_due_pools
from shared.anonymity.models import PoolEntry
from shared.anonymity.pool import unopenable_count
from shared.db import command_label, make_sessionmaker
from shared.decisions.models import Ballot, Proposal
from shared.feedback.models import Feedback
from shared.maintenance.wal import truncate_wal, wal_holders_text

FEEDBACK, BALLOT, PROPOSAL = Feedback.__table__.name, Ballot.__table__.name, Proposal.__table__.name
POOL = PoolEntry.__table__.name
ANONYMOUS_TABLES = (POOL, FEEDBACK, BALLOT, PROPOSAL)  # the tables that hold anonymous items
REWRITTEN_WHOLE = (POOL, BALLOT, PROPOSAL)  # small tables: a new file after each anonymous write
FULL_LOCK_WAIT_MS = 200  # VACUUM FULL locks its table: past this wait, a plain VACUUM is done instead
VACUUM_TRIES, VACUUM_RETRY_SECONDS = 3, 0.1  # when another snapshot kept old versions: again, a little later
_TABLES = {table.name: table for table in (PoolEntry.__table__, Feedback.__table__, Ballot.__table__,
                                            Proposal.__table__)}

__all__ = ["ANONYMOUS_TABLES", "forget_write_order", "maintain_storage", "reorder_feedback", "truncate_wal"]


def forget_write_order(engine: Engine, tables: Iterable[str] = ANONYMOUS_TABLES, *,
                       wait_ms: int | None = None) -> bool:
    """Once anonymous items are committed: leave no earlier state of ``tables`` in the database's files.

    PostgreSQL: VACUUM each table (its dead versions go). SQLite: empty the write-ahead log; False when
    another connection's read keeps it (``shared.maintenance.wal``). Logs nothing: a log line would
    carry the time of an anonymous write.
    """
    if engine.dialect.name == "postgresql":
        vacuum(engine, tables)
        return True
    if engine.dialect.name == "sqlite":
        return truncate_wal(engine, wait_ms=wait_ms)
    return True


def vacuum(engine: Engine, tables: Iterable[str]) -> None:
    """PostgreSQL: remove the dead row versions of ``tables`` (VACUUM runs outside a transaction).

    Ballots and ideas are few: their table is rewritten into a new file (``VACUUM FULL``, a few
    milliseconds), so not even the pages' free space keeps bytes of an earlier version. Opinions can be
    tens of thousands: a plain VACUUM (about 20 ms on 50 000) removes the versions, and ``idmix
    maintenance`` rewrites the file (docs/kiosk.md, « Limites connues »). VACUUM FULL waits at most
    ``FULL_LOCK_WAIT_MS`` for its lock (a results page reading the ballots): then a plain VACUUM is done.
    """
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        names = [name for name in tables if name in _TABLES]  # only our own names ever reach the SQL text
        for attempt in range(VACUUM_TRIES):
            if attempt:  # a snapshot older than our write kept a version: wait for its statement to end
                time.sleep(VACUUM_RETRY_SECONDS)
            for name in names:
                _vacuum_one(connection, name)
            if not _older_snapshots(connection):
                return


def _vacuum_one(connection, name: str) -> None:
    quote = connection.dialect.identifier_preparer.quote
    if name in REWRITTEN_WHOLE:
        connection.execute(text(f"SET lock_timeout = {FULL_LOCK_WAIT_MS}"))
        try:
            connection.execute(text(f"VACUUM (FULL) {quote(name)}"))
            return
        except OperationalError:  # another transaction is using the table: it is not waited for
            pass
        finally:
            connection.execute(text("RESET lock_timeout"))
    connection.execute(text(f"VACUUM (INDEX_CLEANUP ON) {quote(name)}"))  # never blocks the table's readers


def _older_snapshots(connection) -> bool:
    """Another session of this database holds a snapshot (a statement running, an ANALYZE): the versions
    it may still see were kept by the VACUUM."""
    return bool(connection.execute(text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_xmin IS NOT NULL")).scalar())


def reorder(connection, name: str) -> bool:
    """PostgreSQL: rewrite a table in the order of its random key; returns False where there is nothing to do."""
    if connection.dialect.name != "postgresql":
        return False
    quote = connection.dialect.identifier_preparer.quote
    table = _TABLES[name]
    connection.execute(text(f"CLUSTER {quote(table.name)} USING {quote(table.primary_key.name)}"))
    return True


def reorder_feedback(connection) -> bool:
    """PostgreSQL: rewrite ``feedback`` in key order; returns False where there is nothing to do."""
    return reorder(connection, FEEDBACK)


def write_waiting_answers(engine: Engine, *, every_pool: bool = False) -> list[str]:
    """Write the anonymous answers of due pools (``every_pool``: of all pools, before the secret key
    changes); returns what was done, in French."""
    with make_sessionmaker(engine, actor_label=command_label("maintenance"))() as db:
        with db.begin():
            written = flush_due_pools(db, every_pool=every_pool)
        stranded = unopenable_count(db)
    done = []
    if written:
        done.append(f"Réponses anonymes en attente écrites\u00a0: {written}.")
    if stranded:
        done.append(f"Réponses anonymes scellées avec une autre clé secrète\u00a0: {stranded}. Elles restent en "
                    "attente\u00a0: remettez l'ancienne clé (IDMIX_SECRET_KEY), lancez «\u00a0idmix maintenance "
                    "--toutes-les-reponses\u00a0», puis remettez la nouvelle.")
    return done


def maintain_storage(engine: Engine, *, every_pool: bool = False) -> list[str]:
    """Run the chores for this database; returns what was done, in French, for the operator.

    First the anonymous answers whose pool is due are written (``every_pool``: all of them)."""
    done = write_waiting_answers(engine, every_pool=every_pool)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for name in ANONYMOUS_TABLES:
                reorder(connection, name)
        done.append("Avis, idées et votes : tables réécrites dans l'ordre de leur clé aléatoire (CLUSTER), "
                    "sans ancienne version des lignes.")
    elif engine.dialect.name == "sqlite":
        if truncate_wal(engine):
            done.append("Journal WAL reporté dans la base et vidé.")
        else:
            done.append("Journal WAL pas encore vidé : " + wal_holders_text(engine)
                        + " Fermez ce programme, puis relancez « idmix maintenance ».")
    return done
