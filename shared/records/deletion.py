"""Deleting a record made by mistake, and only then.

A record that other rows point at has history: deleting it would take that history with it (the
database cascades), behind the audit trail's back. Such a delete is refused with what depends on
the record; the few rows a record owns outright (a draft contract's objectives, the referral of a
person entered by mistake, a group's team list) are deleted one by one through the ORM, so that
the audit trail records every row removed.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session as DbSession

from shared.db import Base
from shared.errors import DomainError
from shared.writes import operation

# Rows a record owns: deleted with it, through the ORM (relationship cascades), each one audited.
OWNED: dict[str, frozenset[str]] = {
    "participant": frozenset({"referral"}),
    "contract": frozenset({"objective"}),
    "group": frozenset({"group_staff"}),
    "staff_member": frozenset({"group_staff"}),
}
# Rows that keep their own meaning when what they point at goes (the reference becomes empty).
NOT_HISTORY = frozenset({"audit_entry"})

LABELS = {
    "participant": "personne(s)", "referral": "orientation(s)", "contract": "contrat(s)",
    "objective": "objectif(s)", "session": "séance(s)", "attendance": "émargement(s)", "feedback": "avis",
    "exit": "sortie(s)", "exit_plan": "projet(s) de sortie", "contract_review": "bilan(s)",
    "objective_position": "position(s) sur un objectif", "self_rating": "auto-évaluation(s)",
    "walk_in": "visiteur(s)", "device": "tablette(s)", "enrolment_code": "code(s) d'activation",
    "action_review": "évaluation(s) de l'action", "calendar_feed": "agenda(s) partagé(s)",
    "group": "groupe(s)", "theme": "thème(s)", "staff_member": "compte(s)", "group_staff": "membre(s) d'équipe",
}


class RecordHasHistory(DomainError):
    """The record is referenced by other rows: it is closed or corrected, not deleted."""


def dependents(db: DbSession, record) -> dict[str, int]:
    """How many rows of each other table point at ``record`` (owned rows and the audit trail aside)."""
    table: Table = record.__table__
    owned = OWNED.get(table.name, frozenset())
    counts: dict[str, int] = {}
    for other in Base.metadata.sorted_tables:
        if other.name in owned or other.name in NOT_HISTORY:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            value = getattr(record, _attribute_of(record, fk.column.name))
            if value is None:
                continue
            where = [fk.parent == value]
            if other is table:
                where.append(other.c[fk.column.name] != value)  # a row never depends on itself
            with db.no_autoflush:
                n = db.scalar(select(func.count()).select_from(other).where(*where)) or 0
            if n:
                counts[other.name] = counts.get(other.name, 0) + n
    return counts


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {LABELS.get(name, name)}" for name, n in sorted(counts.items()))


@operation
def delete_record(db: DbSession, record, *, why_not: str | None = None) -> None:
    """Delete ``record`` if nothing depends on it; otherwise refuse and say what depends on it.

    ``why_not``: the sentence that says what to do instead (close the file, cancel the session...).
    """
    counts = dependents(db, record)
    if counts:
        advice = f" {why_not}" if why_not else ""
        raise RecordHasHistory(
            f"Cette fiche ne peut pas être supprimée : elle a un historique ({describe(counts)}).{advice}"
        )
    db.delete(record)


def _attribute_of(record, column_name: str) -> str:
    mapper = type(record).__mapper__
    for prop in mapper.column_attrs:
        if any(getattr(col, "name", None) == column_name for col in prop.columns):
            return prop.key
    return column_name
