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
    "attestation": frozenset({"attestation_item"}),
    "group": frozenset({"group_staff"}),
    "staff_member": frozenset({"group_staff"}),
}
# Rows that keep their own meaning when what they point at goes (the reference becomes empty).
NOT_HISTORY = frozenset({"audit_entry"})

# What each table's rows are, in French, as counted in a refusal: (one, several).
NAMES: dict[str, tuple[str, str]] = {
    "participant": ("personne", "personnes"), "referral": ("orientation", "orientations"),
    "contract": ("contrat", "contrats"), "objective": ("objectif", "objectifs"),
    "session": ("séance", "séances"), "attendance": ("émargement", "émargements"), "feedback": ("avis", "avis"),
    "exit": ("sortie", "sorties"), "exit_plan": ("projet de sortie", "projets de sortie"),
    "contract_review": ("bilan", "bilans"),
    "objective_position": ("position sur un objectif", "positions sur un objectif"),
    "self_rating": ("auto-évaluation", "auto-évaluations"), "walk_in": ("visiteur", "visiteurs"),
    "device": ("tablette", "tablettes"), "enrolment_code": ("code d'activation", "codes d'activation"),
    "action_review": ("évaluation de l'action", "évaluations de l'action"),
    "calendar_feed": ("agenda partagé", "agendas partagés"), "group": ("groupe", "groupes"),
    "theme": ("thème", "thèmes"), "staff_member": ("compte", "comptes"),
    "group_staff": ("membre d'équipe", "membres d'équipe"), "group_closure": ("fermeture", "fermetures"),
    "message": ("message", "messages"), "message_consent": ("accord pour les messages", "accords pour les messages"),
    "proposal": ("idée proposée", "idées proposées"), "vote": ("vote", "votes"),
    "vote_choice": ("choix de vote", "choix de vote"),
    "vote_participation": ("participation à un vote", "participations à un vote"),
    "ballot": ("bulletin de vote", "bulletins de vote"),
    "anonymous_pool": ("réponse anonyme en attente", "réponses anonymes en attente"),
    "pending_attendance": ("présence à confirmer", "présences à confirmer"),
    "device_contact": ("contact de tablette", "contacts de tablette"),
    "partner": ("structure partenaire", "structures partenaires"),
    "partner_group": ("lien d'un groupe à un partenaire", "liens de groupes à des partenaires"),
    "session_guest_group": ("groupe invité à une séance", "groupes invités à des séances"),
    "offline_receipt": ("envoi de tablette", "envois de tablette"),
    "login_throttle": ("tentative de connexion", "tentatives de connexion"),
    "import_mapping": ("colonnes d'un fichier importé", "colonnes de fichiers importés"),
    "attestation": ("attestation de parcours", "attestations de parcours"),
    "attestation_item": ("ligne d'attestation", "lignes d'attestation"),
    "attestation_request": ("demande d'attestation", "demandes d'attestation"),
    "skill": ("compétence", "compétences"),
}


class RecordHasHistory(DomainError):
    """The record is referenced by other rows: it is closed or corrected, not deleted."""

    def __init__(self, message: str, *, counts: dict[str, int] | None = None, advice: str = "") -> None:
        super().__init__(message)
        self.counts, self.advice = counts or {}, advice

    def about(self, name: str) -> str:
        """The refusal naming its record, as a list of several deletions shows it, one line each:
        « Aïcha Traoré : sa fiche a un historique (2 émargements, 1 contrat) ; elle n'a pas été supprimée. … »."""
        advice = f" {self.advice}" if self.advice else ""
        return f"{name} : sa fiche a un historique ({describe(self.counts)}) ; elle n'a pas été supprimée.{advice}"


def counted(table: str, n: int) -> str:
    """« 1 contrat », « 2 émargements »: a table's rows in French words (the table's name if it has none)."""
    one, several = NAMES.get(table, (table, table))
    return f"{n} {one if n == 1 else several}"


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
    """« 2 émargements, 1 contrat »: the most numerous first."""
    return ", ".join(counted(name, n) for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@operation
def delete_record(db: DbSession, record, *, why_not: str | None = None) -> None:
    """Delete ``record`` if nothing depends on it; otherwise refuse and say what depends on it.

    ``why_not``: the sentence that says what to do instead (close the file, cancel the session...).
    """
    counts = dependents(db, record)
    if counts:
        advice = f" {why_not}" if why_not else ""
        raise RecordHasHistory(
            f"Cette fiche ne peut pas être supprimée : elle a un historique ({describe(counts)}).{advice}",
            counts=counts, advice=why_not or "")
    db.delete(record)


def _attribute_of(record, column_name: str) -> str:
    mapper = type(record).__mapper__
    for prop in mapper.column_attrs:
        if any(getattr(col, "name", None) == column_name for col in prop.columns):
            return prop.key
    return column_name
