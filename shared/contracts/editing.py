"""Changing a contract after it was drafted: edit a draft, correct a signed one, delete a mistake.

A draft (not signed by the three parties) changes freely within the contract rules. A signed
contract is locked: only the progress of its objectives and the expectations change in the
ordinary form; its dates, parties and objectives change through an early end
(``operations.end_contract_early``) or an admin's correction of a typing error, with a reason
kept in the audit trail (``correct_contract``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.audit.models import AuditAction
from shared.contracts.models import Contract, Objective
from shared.contracts.operations import ObjectiveDraft, clean_expectations, clean_wording, new_objectives
from shared.contracts.rules import (
    SIGNATURE_FIELDS,
    check_signed_after_referral,
    check_starts_after_referral,
    check_unlocked,
    validate_contract,
)
from shared.errors import ContractRuleError
from shared.kiosk.audit import record
from shared.people.models import Participant
from shared.records.deletion import delete_record
from shared.staff.models import Role, StaffMember
from shared.text import LINE, clean_text
from shared.writes import operation

PARTIES = ("participant", "facilitator", "referrer")
DELETE_INSTEAD = ("Un contrat signé ou suivi se garde : pour y mettre fin, utilisez « Fin anticipée » ; pour une "
                  "erreur de saisie, un administrateur utilise « Corriger une erreur de saisie ».")
CORRECTION_REASON = "motif de la correction"


def _same(current, new) -> bool:
    return (getattr(current, "id", current)) == (getattr(new, "id", new))


@operation
def update_contract(
    db: DbSession,
    contract: Contract,
    *,
    participant: Participant,
    facilitator: StaffMember,
    referrer: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date,
    expectations: str | None = None,
    participant_signed_on: dt.date | None = None,
    facilitator_signed_on: dt.date | None = None,
    referrer_signed_on: dt.date | None = None,
    objectives: Iterable[ObjectiveDraft] = (),
    removed_objectives: Iterable[int] = (),
    actor: StaffMember | None = None,
) -> Contract:
    """The ordinary edit. A draft: everything, within the rules (the group follows the person). A signed
    contract: its expectations and its objectives' progress only (``ContractLocked`` otherwise).

    ``objectives``: drafts with an ``id`` change that objective, without one add an objective;
    objectives not mentioned stay as they are; ``removed_objectives`` are deleted.
    """
    values = dict(participant=participant, facilitator=facilitator, referrer=referrer, starts_on=starts_on,
                  ends_on=ends_on, participant_signed_on=participant_signed_on,
                  facilitator_signed_on=facilitator_signed_on, referrer_signed_on=referrer_signed_on)
    changed = {name for name, value in values.items() if not _same(getattr(contract, name), value)}
    for name in changed:
        check_unlocked(contract, name)
    objectives_changed = _apply_objectives(db, contract, objectives, removed_objectives, locked=contract.is_signed)
    contract.expectations = clean_expectations(expectations)
    for name in changed:
        setattr(contract, name, values[name])
    if participant is not None and not contract.is_signed:
        contract.group_id = participant.group_id  # derived, never typed
    validate_contract(db, contract)
    if changed & {"participant", "starts_on"}:
        check_starts_after_referral(contract)
    for field in changed & set(SIGNATURE_FIELDS):
        check_signed_after_referral(contract, field, values[field])
    if objectives_changed and not db.is_modified(contract, include_collections=False):
        contract.version += 1  # the ORM bumps the version for the contract's own columns only
    return contract


def _apply_objectives(db: DbSession, contract: Contract, drafts: Iterable[ObjectiveDraft],
                      removed: Iterable[int], *, locked: bool) -> bool:
    """Change, add and remove objectives; a locked contract only takes new progress statuses."""
    by_id = {objective.id: objective for objective in contract.objectives}
    changed = False
    for objective_id in set(removed) & set(by_id):
        check_unlocked(contract, "objectives")
        objective = by_id.pop(objective_id)
        contract.objectives.remove(objective)
        db.delete(objective)  # now, not as an orphan at flush time: the audit trail sees it go
        changed = True
    for draft in drafts:
        objective = by_id.get(draft.id) if draft.id is not None else None
        if objective is None:
            check_unlocked(contract, "objectives")
            contract.objectives.extend(new_objectives([draft]))
            changed = True
            continue
        wording = clean_wording(draft.wording)
        if wording != objective.wording or draft.category is not objective.category:
            if locked:
                check_unlocked(contract, "objectives")
            objective.wording, objective.category = wording, draft.category
            changed = True
        if draft.status is not None and draft.status is not objective.status:
            objective.status = draft.status
            changed = True
    return changed


@operation
def correct_contract(
    db: DbSession,
    contract: Contract,
    *,
    reason: str,
    actor: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date,
    facilitator: StaffMember,
    referrer: StaffMember,
    participant_signed_on: dt.date,
    facilitator_signed_on: dt.date,
    referrer_signed_on: dt.date,
    objectives: Iterable[ObjectiveDraft] = (),
) -> Contract:
    """An admin corrects a typing error in a signed contract; the reason goes into the audit trail.

    The person stays (a contract written for someone else is ended, not moved); objectives are
    reworded or added, never removed (an objective given up is « Abandonné » at a review).
    """
    if actor is None or actor.role is not Role.ADMIN:
        raise ContractRuleError("Seul un administrateur corrige un contrat signé.")
    if not contract.is_signed:
        raise ContractRuleError("Ce contrat n'est pas encore signé : modifiez-le directement depuis sa fiche.")
    reason = clean_text(reason, limit=LINE, field="reason", label="le motif de la correction", required=True)
    values = dict(starts_on=starts_on, ends_on=ends_on, facilitator=facilitator, referrer=referrer,
                  participant_signed_on=participant_signed_on, facilitator_signed_on=facilitator_signed_on,
                  referrer_signed_on=referrer_signed_on)
    for field in SIGNATURE_FIELDS:
        if values[field] is None:
            raise ContractRuleError("Un contrat signé garde ses trois signatures : indiquez la date.", field=field)
    changed = {name for name, value in values.items() if not _same(getattr(contract, name), value)}
    objectives_changed = _correct_objectives(contract, objectives)
    if not changed and not objectives_changed:
        raise ContractRuleError("Rien n'a changé : modifiez ce qui a été mal saisi, ou revenez au contrat.")
    for name in changed:
        setattr(contract, name, values[name])
    validate_contract(db, contract)
    if "starts_on" in changed:
        check_starts_after_referral(contract)
    for field in changed & set(SIGNATURE_FIELDS):
        check_signed_after_referral(contract, field, values[field])
    if objectives_changed and not db.is_modified(contract, include_collections=False):
        contract.version += 1
    record(db, actor=actor, action=AuditAction.UPDATE, table_name="contract", record_id=contract.id,
           changes={CORRECTION_REASON: [None, reason]}, now=clock.now())
    return contract


def _correct_objectives(contract: Contract, drafts: Iterable[ObjectiveDraft]) -> bool:
    by_id = {objective.id: objective for objective in contract.objectives}
    changed = False
    for draft in drafts:
        objective: Objective | None = by_id.get(draft.id) if draft.id is not None else None
        if objective is None:
            if (draft.wording or "").strip():
                contract.objectives.extend(new_objectives([draft]))
                changed = True
            continue
        wording = clean_wording(draft.wording)
        if wording != objective.wording or draft.category is not objective.category:
            objective.wording, objective.category = wording, draft.category
            changed = True
    return changed


@operation
def delete_contract(db: DbSession, contract: Contract, *, actor: StaffMember | None = None) -> None:
    """Delete a draft made by mistake (with its objectives, each audited). A contract that was signed,
    even by one party, or that anything follows (reviews, exit plan, exit, renewal), is kept."""
    if any(getattr(contract, field) is not None for field in SIGNATURE_FIELDS):
        raise ContractRuleError(f"Ce contrat ne peut pas être supprimé : il a déjà été signé. {DELETE_INSTEAD}")
    delete_record(db, contract, why_not=DELETE_INSTEAD)
