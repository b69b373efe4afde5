"""Planning an exit ahead. The exit itself is recorded by ``shared.people.operations.record_exit``.
Operations flush, never commit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.contracts.rules import check_not_renewed
from shared.dates import fr
from shared.exits.models import ExitDestination, ExitPlan
from shared.exits.rules import ExitPlanError, check_exit_plan
from shared.partners.models import Partner
from shared.partners.rules import check_partner_of
from shared.staff.models import StaffMember
from shared.writes import operation


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def exit_plan_of(db: DbSession, contract: Contract) -> ExitPlan | None:
    with db.no_autoflush:
        return db.scalars(select(ExitPlan).where(ExitPlan.contract_id == contract.id)).first()


@operation
def plan_exit(
    db: DbSession,
    contract: Contract,
    *,
    destination: ExitDestination,
    target_on: dt.date,
    steps: str | None = None,
    partners: str | None = None,
    partner: Partner | None = None,
    actor: StaffMember | None = None,
) -> ExitPlan:
    """The exit plan of a contract. A contract has one plan: a second one is refused (update it instead)."""
    check_exit_plan(contract, destination, target_on)
    check_partner_of(partner, [contract.group_id], field="partner", whose="le groupe de la personne")
    check_not_renewed(contract, "préparez la sortie", ExitPlanError, field="contract")
    existing = exit_plan_of(db, contract)
    if existing is not None:
        raise ExitPlanError(
            f"Ce contrat a déjà un projet de sortie (pour le {fr(existing.target_on)}) : modifiez-le plutôt.",
            field="contract",
        )
    plan = ExitPlan(
        contract_id=contract.id,
        destination=destination,
        target_on=target_on,
        steps=_clean(steps),
        partners=_clean(partners),
        partner=partner,
        written_by_id=actor.id if actor is not None else None,
        updated_at=clock.now(),
    )
    db.add(plan)
    db.flush()
    return plan


@operation
def update_exit_plan(
    db: DbSession,
    plan: ExitPlan,
    *,
    destination: ExitDestination,
    target_on: dt.date,
    steps: str | None = None,
    partners: str | None = None,
    partner: Partner | None = None,
    actor: StaffMember | None = None,
) -> ExitPlan:
    """Change the plan as it takes shape (same rules as ``plan_exit``)."""
    check_exit_plan(plan.contract, destination, target_on)
    check_partner_of(partner, [plan.contract.group_id], field="partner", whose="le groupe de la personne")
    plan.partner = partner
    plan.destination = destination
    plan.target_on = target_on
    plan.steps = _clean(steps)
    plan.partners = _clean(partners)
    if actor is not None:
        plan.written_by_id = actor.id
    plan.updated_at = clock.now()
    db.flush()
    return plan
