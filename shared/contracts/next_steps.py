"""What comes next for a contract near its end (rule 7 of the domain): renew it, plan the exit, or
record the exit. The dashboard lists these, each line with its next action."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from shared.contracts.models import Contract
from shared.contracts.queries import ending_within_condition, exit_plan_exists, exit_recorded, left_since_start
from shared.labels import LabelledEnum


class NextStep(LabelledEnum):
    PREPARE = ("prepare", "Rien de prévu")
    SIGN_RENEWAL = ("sign_renewal", "Renouvellement à signer")
    RECORD_PLANNED_EXIT = ("planned_exit", "Sortie en préparation")
    RECORD_EXIT = ("record_exit", "Sortie à enregistrer")


def ended_early_without_exit_condition():
    """Ended early (the decision is taken), and the exit is not recorded yet."""
    return and_(Contract.is_signed, Contract.ended_early_on.is_not(None), ~exit_recorded())


def contracts_to_follow(within_days: int, today: dt.date) -> Select:
    """Rows (contract, renewal id or None, renewal signed, exit plan written): contracts ending within
    ``within_days`` days whose renewal is not signed yet, and contracts ended early whose exit is not
    recorded; those ended early first, then by last day. A person who left is not followed here (no renewal
    after leaving: ``rules.check_renewable``)."""
    renewal = aliased(Contract)
    renewal_signed = renewal.is_signed
    return (
        select(Contract, renewal.id, renewal_signed, exit_plan_exists())
        .outerjoin(renewal, renewal.renews_id == Contract.id)
        .where(
            ~left_since_start(),
            or_(
                ended_early_without_exit_condition(),
                and_(ending_within_condition(within_days, today), or_(renewal.id.is_(None), ~renewal_signed)),
            ),
        )
        .order_by(Contract.ended_early_on.is_(None), Contract.last_day, Contract.id)
    )


def next_step(contract: Contract, *, renewal_id: int | None, plan_written: bool) -> NextStep:
    if contract.ended_early_on is not None:
        return NextStep.RECORD_EXIT
    if renewal_id is not None:
        return NextStep.SIGN_RENEWAL
    if plan_written:
        return NextStep.RECORD_PLANNED_EXIT
    return NextStep.PREPARE
