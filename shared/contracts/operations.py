"""Contract use-cases: draft, sign, renew, end early. They flush, never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract, Objective, ObjectiveCategory, ObjectiveStatus
from shared.contracts.rules import (
    check_early_end,
    check_not_renewed,
    check_renewable,
    check_signed_after_referral,
    check_starts_after_referral,
    latest_end_for,
    validate_contract,
)
from shared.errors import ContractRuleError, DomainError
from shared.people.models import Participant
from shared.staff.models import StaffMember
from shared.text import LINE, TEXT, clean_text
from shared.writes import operation


@dataclass(frozen=True)
class ObjectiveDraft:
    """An objective as typed: a new one (``id`` None), or the new values of an existing one."""

    wording: str
    category: ObjectiveCategory = ObjectiveCategory.SOCIAL_TIES
    status: ObjectiveStatus = ObjectiveStatus.OPEN
    id: int | None = None


def clean_expectations(text: str | None) -> str | None:
    return clean_text(text, limit=TEXT, field="expectations", label="les attentes de la personne")


def clean_wording(text: str | None) -> str:
    return clean_text(text, limit=LINE, field="objectives", label="le texte de l'objectif", required=True)


def new_objectives(drafts: Iterable[ObjectiveDraft]) -> list[Objective]:
    return [Objective(wording=clean_wording(o.wording), category=o.category, status=o.status or ObjectiveStatus.OPEN)
            for o in drafts]


class Party:
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    REFERRER = "referrer"
    ALL = (PARTICIPANT, FACILITATOR, REFERRER)


@operation
def create_contract(
    db: DbSession,
    *,
    participant: Participant,
    facilitator: StaffMember,
    referrer: StaffMember,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    expectations: str | None = None,
    objectives: Iterable[ObjectiveDraft] = (),
    actor: StaffMember | None = None,
) -> Contract:
    """A draft contract (unsigned); ``ends_on`` defaults to the 18-month maximum. The group is the
    person's; the contract starts on or after their referral. Signatures: ``sign_contract``."""
    if participant is None:
        raise ContractRuleError("Choisissez la personne concernée par le contrat.", field="participant")
    contract = Contract(
        participant=participant,
        group_id=participant.group_id,
        facilitator=facilitator,
        referrer=referrer,
        starts_on=starts_on,
        ends_on=ends_on or (latest_end_for(starts_on) if starts_on else None),
        expectations=clean_expectations(expectations),
        objectives=new_objectives(objectives),
    )
    try:
        validate_contract(db, contract)
        check_starts_after_referral(contract)
    except DomainError:
        _forget(db, contract)
        raise
    db.add(contract)
    db.flush()
    return contract


def _forget(db: DbSession, contract: Contract) -> None:
    """A refused draft leaves nothing in the session (the relationships cascaded it in)."""
    if contract in db:
        db.expunge(contract)


@operation
def sign_contract(
    db: DbSession, contract: Contract, *, party: str, on: dt.date | None = None, actor: StaffMember | None = None
) -> Contract:
    """Record one party's signature; the contract is in force once all three signed."""
    if party not in Party.ALL:
        raise ContractRuleError("Partie inconnue : la personne, l'animateur ou le travailleur social orienteur.")
    field = f"{party}_signed_on"
    on = on or clock.today()
    check_signed_after_referral(contract, field, on)
    if contract.renews is not None and not contract.is_signed:
        check_renewable(db, contract.renews)  # the person left after the renewal was drafted
    setattr(contract, field, on)
    validate_contract(db, contract)
    db.flush()
    return contract


def draft_renewal(previous: Contract) -> Contract:
    """An unsaved renewal pre-filled with the same parties, starting the day after the previous one."""
    starts_on = previous.last_day + dt.timedelta(days=1)
    return Contract(
        participant=previous.participant,
        group_id=previous.group_id,
        facilitator=previous.facilitator,
        referrer=previous.referrer,
        starts_on=starts_on,
        ends_on=latest_end_for(starts_on),
        expectations=previous.expectations,
        renews=previous,
        objectives=[],
    )


@operation
def renew_contract(
    db: DbSession,
    previous: Contract,
    *,
    objectives: Iterable[ObjectiveDraft],
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    facilitator: StaffMember | None = None,
    referrer: StaffMember | None = None,
    expectations: str | None = None,
    actor: StaffMember | None = None,
) -> Contract:
    """Renew: links to ``previous``, keeps its parties unless changed, must set a new objective."""
    if previous.renewed_by is not None:
        raise ContractRuleError(
            f"Le contrat n°{previous.id} a déjà été renouvelé par le contrat n°{previous.renewed_by.id}."
        )
    check_renewable(db, previous)
    renewal = draft_renewal(previous)
    if starts_on is not None:
        renewal.starts_on = starts_on
        renewal.ends_on = latest_end_for(starts_on)
    if ends_on is not None:
        renewal.ends_on = ends_on
    if facilitator is not None:
        renewal.facilitator = facilitator
    if referrer is not None:
        renewal.referrer = referrer
    try:
        if expectations is not None:
            renewal.expectations = clean_expectations(expectations)
        renewal.objectives = new_objectives(ObjectiveDraft(o.wording, o.category) for o in objectives)
        validate_contract(db, renewal)
    except DomainError:
        # The draft was attached to previous.renewed_by by the relationship; detach it again.
        renewal.renews = None
        if renewal in db:
            db.expunge(renewal)
        raise
    db.add(renewal)
    db.flush()
    return renewal


@operation
def end_contract_early(
    db: DbSession, contract: Contract, *, on: dt.date, reason: str, actor: StaffMember | None = None
) -> Contract:
    reason = clean_text(reason, limit=LINE, field="early_end_reason", label="le motif de la fin anticipée")
    check_not_renewed(contract, "notez la fin anticipée", field="ended_early_on")
    check_early_end(contract, on, reason)
    contract.ended_early_on = on
    contract.early_end_reason = reason
    db.flush()
    return contract
