"""What must hold after any request: a refused request changed nothing; a saved record is valid."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import inspect, select

from shared.contracts.models import Contract
from shared.contracts.rules import validate_contract
from shared.errors import DomainError
from shared.models import Base
from shared.people.models import Participant

Snapshot = dict[str, dict[str, tuple]]


def snapshot(db) -> Snapshot:
    """Every row of every table, by primary key, as text (read through the given session)."""
    db.expire_all()
    found: Snapshot = {}
    for table in Base.metadata.sorted_tables:
        keys = [c.name for c in table.primary_key.columns]
        rows = db.execute(select(table)).mappings().all()
        found[table.name] = {repr(tuple(row[k] for k in keys)): tuple(repr(v) for v in row.values()) for row in rows}
    return found


def changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, int]]:
    """{table: {"added": n, "removed": n, "changed": n}} for the tables that differ."""
    found = {}
    for table, rows in after.items():
        old = before.get(table, {})
        added = rows.keys() - old.keys()
        removed = old.keys() - rows.keys()
        changed = [k for k in rows.keys() & old.keys() if rows[k] != old[k]]
        if added or removed or changed:
            found[table] = {"added": len(added), "removed": len(removed), "changed": len(changed)}
    return found


def changed_keys(before: Snapshot, after: Snapshot, table: str) -> list[str]:
    old, new = before.get(table, {}), after.get(table, {})
    return [k for k in new if new[k] != old.get(k)]


def domain_problems(db, before: Snapshot, after: Snapshot) -> list[str]:
    """Rules of ``shared/`` broken by what the request saved (the database checks the rest)."""
    problems = []
    for key in changed_keys(before, after, "contract"):
        contract = db.get(Contract, int(key.strip("(),")))
        try:
            validate_contract(db, contract)
        except DomainError as error:
            problems.append(f"contract {contract.id} saved against the rules: {error.message}")
    for key in changed_keys(before, after, "participant"):
        person = db.get(Participant, int(key.strip("(),")))
        if person.anonymised_on is None and not person.referrals:
            problems.append(f"participant {person.id} saved without a referral")
    for table, rows in after.items():
        for key in changed_keys(before, after, table):
            if any("\\x00" in value for value in rows[key]):
                problems.append(f"{table} {key} holds a NUL character")
    return problems


def primary_key_of(model) -> str:
    return inspect(model).primary_key[0].name


@contextlib.contextmanager
def undone(db) -> Iterator[None]:
    """Each example starts from the same data: whatever it saved is rolled back afterwards.

    ``db`` works in savepoints on one connection (tests/isolation.py); the example runs inside one
    more savepoint of that connection, which is rolled back at the end.
    """
    db.commit()
    savepoint = db.get_bind().begin_nested()
    try:
        yield
    finally:
        db.rollback()
        if savepoint.is_active:
            savepoint.rollback()
        db.expire_all()
