"""Anonymise the people with no contact for the retention period, keeping what the reports count.

Kept: the group, gender, birth year (the age band of past reports), benefit, every date, status,
category and rating, and the links between records, so that a report computed before the purge gives
the same figures after it. Removed: names, town, phone, consent date, PIN, every free text (referral
reasons, contract expectations, objective wordings, review and exit comments, exit plans), the first
name of walk-in visitors, and the link from feedback the person signed (the item stays, unsigned).

The updates are plain SQL UPDATEs, so the audit recorder (a flush hook) never copies the old values
into the trail; older audit entries about the person's records have those fields blanked too, and one
``anonymise`` entry per person says when and why, without any name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import String, bindparam, cast, delete, func, literal, or_, select, text, update
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.attestations.models import Attestation, AttestationItem
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract, Objective
from shared.dates import fr
from shared.exits.models import Exit, ExitPlan
from shared.feedback.models import Feedback
from shared.kiosk.models import WalkIn
from shared.messaging.models import Message, MessageConsent
from shared.people.models import Participant, Referral
from shared.retention.policy import retention_cutoff
from shared.retention.queries import ContactKind, due_for_anonymisation, latest_contact_kinds
from shared.reviews.models import ContractReview, ObjectivePosition
from shared.sessions.models import Session
from shared.staff.models import StaffMember
from shared.writes import operation

ANONYMOUS_FIRST_NAME = "Personne"
ANONYMOUS_LAST_NAME = "anonymisée n°"  # followed by the record's id: "Personne anonymisée n°42"
ANONYMOUS_OBJECTIVE = "Objectif anonymisé"
ANONYMOUS_WALK_IN = "Visiteur anonymisé"
ANONYMOUS_ATTESTATION_LINE = "Ligne anonymisée"
SCRUBBED = "anonymisé"  # what older audit entries show instead of a removed value
CHUNK = 500  # ids per statement: far below every database's limit on bound parameters

# What anonymisation replaces, per model: column → new value. The same lists blank the audit trail.
CLEARED: dict[type, dict[str, object]] = {
    Participant: {
        "first_name": literal(ANONYMOUS_FIRST_NAME),
        "last_name": literal(ANONYMOUS_LAST_NAME) + cast(Participant.id, String),
        "town": None, "phone": None, "consent_on": None,
        "pin_hash": None, "pin_failures": 0, "pin_locked_until": None,
    },
    Referral: {"reason": None, "expectations": None},
    Contract: {"expectations": None, "early_end_reason": None},
    Objective: {"wording": literal(ANONYMOUS_OBJECTIVE)},
    ContractReview: {"next_steps": None},
    ObjectivePosition: {"comment": None},
    ExitPlan: {"steps": None, "partners": None},
    Exit: {"comment": None},
    WalkIn: {"first_name": literal(ANONYMOUS_WALK_IN)},
    MessageConsent: {"address": None},  # and their messages are deleted (_anonymise_people)
    AttestationItem: {"text": literal(ANONYMOUS_ATTESTATION_LINE)},  # and their attestations revoked
}


@dataclass(frozen=True)
class PurgeCandidate:
    participant_id: int
    full_name: str
    group_name: str
    last_contact_on: dt.date
    kinds: tuple[ContactKind, ...]  # what happened on the last contact day

    @property
    def reason(self) -> str:
        what = ", ".join(kind.label for kind in self.kinds) or "contact"
        return f"dernier contact le {fr(self.last_contact_on)} ({what})"


@dataclass(frozen=True)
class PurgePlan:
    today: dt.date
    months: int
    cutoff: dt.date  # a last contact before this day is too old
    people: list[PurgeCandidate]
    walk_ins: int  # visitors never linked to a person, seen before the cutoff, first name still kept


@dataclass(frozen=True)
class PurgeResult:
    people: int
    walk_ins: int
    audit_entries_scrubbed: int


def plan_purge(db: DbSession, *, today: dt.date, months: int) -> PurgePlan:
    """Who would be anonymised today, and why. Reads only."""
    cutoff = retention_cutoff(today, months)
    rows = db.execute(due_for_anonymisation(cutoff)).all()
    kinds: dict[int, list[ContactKind]] = {}
    last = {row.id: row.last_contact_on for row in rows}
    for chunk in _chunks(list(last)):
        for pid, kind, day in db.execute(latest_contact_kinds(chunk)).all():
            if day == last[pid]:
                kinds.setdefault(pid, []).append(ContactKind(kind))
    order = list(ContactKind)
    people = [
        PurgeCandidate(row.id, f"{row.first_name} {row.last_name}", row.group_name, row.last_contact_on,
                       _what_happened(kinds.get(row.id, []), order))
        for row in rows
    ]
    walk_ins = db.scalar(select(func.count()).select_from(_old_walk_ins(cutoff).subquery()))
    return PurgePlan(today=today, months=months, cutoff=cutoff, people=people, walk_ins=walk_ins)


def _what_happened(kinds: list[ContactKind], order: list[ContactKind]) -> tuple[ContactKind, ...]:
    """The records dated on the last contact day; the date noted on the record only if nothing else."""
    recorded_only = [ContactKind.RECORDED] if ContactKind.RECORDED in kinds else []
    kinds = [kind for kind in kinds if kind is not ContactKind.RECORDED] or recorded_only
    return tuple(sorted(kinds, key=order.index))


@operation
def purge(db: DbSession, plan: PurgePlan, *, actor: StaffMember | None, now: dt.datetime | None = None) -> PurgeResult:
    """Anonymise everyone in ``plan`` and the old walk-in visitors. Flushes, never commits.

    Running it again changes nothing: anonymised people are no longer due.
    """
    now = now or clock.now()
    _start(db)
    scrubbed = 0
    for chunk in _chunks([person.participant_id for person in plan.people]):
        scrubbed += _anonymise_people(db, chunk, plan.today)
    walk_in_ids = db.scalars(_old_walk_ins(plan.cutoff)).all()
    for chunk in _chunks(list(walk_in_ids)):
        _execute_update(db, WalkIn, WalkIn.id.in_(chunk))
        scrubbed += _scrub_audit(db, WalkIn, chunk)
    scrubbed += _scrub_discarded_walk_ins(db, plan.cutoff)
    db.add_all(_anonymise_entry(person.participant_id, plan.today, actor, now,
                                f"{person.reason} : plus de {plan.months} mois sans contact")
               for person in plan.people)
    db.flush()
    db.expire_all()  # the objects loaded before still hold the old values
    return PurgeResult(people=len(plan.people), walk_ins=len(walk_in_ids), audit_entries_scrubbed=scrubbed)


@operation
def anonymise_person(db: DbSession, participant: Participant, *, actor: StaffMember | None, reason: str,
                     now: dt.datetime | None = None) -> int:
    """Anonymise one person now, as the purge does (same fields, same audit trail); ``reason`` says why.

    Returns how many older audit entries were blanked. Flushes, never commits.
    """
    now = now or clock.now()
    today = now.astimezone(clock.CENTRE_TZ).date()
    _start(db)
    scrubbed = _anonymise_people(db, [participant.id], today)
    db.add(_anonymise_entry(participant.id, today, actor, now, reason))
    db.flush()
    db.expire_all()
    return scrubbed


def _start(db: DbSession) -> None:
    db.flush()  # pending changes go through the normal (audited) path first
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text("PRAGMA secure_delete=ON"))  # overwrite the freed bytes, not just unlink them


# --- The person's records ----------------------------------------------------------------------------


def _owned_by(model, ids: Sequence[int]):
    """A WHERE condition: the ``model`` rows that belong to the people ``ids``."""
    contracts = select(Contract.id).where(Contract.participant_id.in_(ids))
    if model is Participant:
        return Participant.id.in_(ids)
    if model in (Referral, Contract, Exit, WalkIn, MessageConsent):
        return model.participant_id.in_(ids)
    if model in (Objective, ContractReview, ExitPlan):
        return model.contract_id.in_(contracts)
    if model is AttestationItem:
        return AttestationItem.attestation_id.in_(select(Attestation.id).where(Attestation.participant_id.in_(ids)))
    if model is ObjectivePosition:
        return ObjectivePosition.review_id.in_(select(ContractReview.id).where(ContractReview.contract_id.in_(contracts)))
    raise ValueError(f"no owner rule for {model.__name__}")


def _anonymise_people(db: DbSession, ids: Sequence[int], today: dt.date) -> int:
    scrubbed = 0
    for model in CLEARED:
        condition = _owned_by(model, ids)
        record_ids = db.scalars(select(model.id).where(condition)).all()
        _execute_update(db, model, condition)
        scrubbed += _scrub_audit(db, model, record_ids, people=ids)
    db.execute(update(Contract).where(Contract.participant_id.in_(ids)).values(version=Contract.version + 1)
               .execution_options(synchronize_session=False))  # an editor's stale copy now conflicts
    db.execute(update(Participant).where(Participant.id.in_(ids)).values(anonymised_on=today)
               .execution_options(synchronize_session=False))
    db.execute(update(Feedback).where(Feedback.participant_id.in_(ids)).values(participant_id=None)
               .execution_options(synchronize_session=False))
    db.execute(delete(Message).where(Message.participant_id.in_(ids)).execution_options(synchronize_session=False))
    # Their attestations' public pages then say « révoquée » and show nothing of the person.
    db.execute(update(Attestation).where(Attestation.participant_id.in_(ids), Attestation.revoked_on.is_(None))
               .values(revoked_on=today).execution_options(synchronize_session=False))
    return scrubbed


def _execute_update(db: DbSession, model, condition) -> None:
    db.execute(update(model).where(condition).values(**CLEARED[model]).execution_options(synchronize_session=False))


def _old_walk_ins(cutoff: dt.date):
    """Visitors nobody linked to a person, who came before the cutoff, first name still there."""
    return (
        select(WalkIn.id)
        .join(Session, Session.id == WalkIn.session_id)
        .where(WalkIn.participant_id.is_(None), Session.held_on < cutoff, WalkIn.first_name != ANONYMOUS_WALK_IN)
        .order_by(WalkIn.id)
    )


# --- The audit trail ---------------------------------------------------------------------------------


def _scrub_audit(db: DbSession, model, record_ids: Iterable[int], people: Sequence[int] = ()) -> int:
    """Blank the removed fields in the audit entries about these records, and about these people's records
    deleted since (a review deleted as a mistake kept its texts in its entries); returns how many changed."""
    fields = set(CLEARED[model])
    keys = [str(record_id) for record_id in record_ids]
    about = [AuditEntry.record_id.in_(keys)] if keys else []
    if people:
        about.append(AuditEntry.participant_id.in_(list(people)))
    if not about:
        return 0
    rows = db.execute(
        select(AuditEntry.id, AuditEntry.changes)
        .where(AuditEntry.table_name == model.__table__.name, or_(*about))
    ).all()
    return _rewrite(db, rows, fields)


def _scrub_discarded_walk_ins(db: DbSession, cutoff: dt.date) -> int:
    """Walk-ins staff discarded are gone, but their deletion entry kept the first name."""
    before = dt.datetime.combine(cutoff, dt.time(0, 0), tzinfo=clock.CENTRE_TZ)
    rows = db.execute(
        select(AuditEntry.id, AuditEntry.changes)
        .where(AuditEntry.table_name == WalkIn.__table__.name, AuditEntry.action == AuditAction.DELETE,
               AuditEntry.at < before)
    ).all()
    return _rewrite(db, rows, set(CLEARED[WalkIn]))


def _rewrite(db: DbSession, rows, fields: set[str]) -> int:
    updates = []
    for entry_id, changes in rows:
        scrubbed = {
            key: ([None if value is None else SCRUBBED for value in pair] if key in fields else pair)
            for key, pair in (changes or {}).items()
        }
        if scrubbed != changes:
            updates.append({"entry_id": entry_id, "new_changes": scrubbed})
    if updates:
        table = AuditEntry.__table__
        db.execute(
            table.update().where(table.c.id == bindparam("entry_id"))
            .values(changes=bindparam("new_changes", type_=table.c.changes.type)),
            updates,
        )
    return len(updates)


def _anonymise_entry(participant_id: int, today: dt.date, actor, now, reason: str) -> AuditEntry:
    return AuditEntry(
        at=now, actor_id=actor.id if actor is not None else None, action=AuditAction.ANONYMISE,
        table_name=Participant.__table__.name, record_id=str(participant_id),
        changes={
            "anonymised_on": [None, today.isoformat()],
            "reason": [None, reason],
            "cleared": [None, "nom, prénom, commune, téléphone, consentement, code PIN, textes libres ; "
                              "avis signés détachés"],
        },
    )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
