"""Named contract queries, shared by the back-office filters, the dashboard and the reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from shared import clock
from shared.contracts.models import Contract
from shared.exits.models import Exit, ExitPlan
from shared.exits.queries import exits_not_undone_by

EXPIRY_WINDOWS = (30, 60, 90)


def _today(today: dt.date | None):
    return today if today is not None else clock.today_param()


def in_force(today: dt.date | None = None) -> Select:
    return select(Contract).where(Contract.in_force_on(_today(today)))


def renewal_exists():
    renewal = aliased(Contract)
    return select(renewal.id).where(renewal.renews_id == Contract.id).correlate_except(renewal).exists()


def exit_recorded():
    """An exit for the contract's person on or after the contract started."""
    return (
        select(Exit.id)
        .where(Exit.participant_id == Contract.participant_id, Exit.left_on >= Contract.starts_on)
        .correlate_except(Exit)
        .exists()
    )


def left_since_start():
    """The contract's person left the group since the stint it belongs to: an exit that no return undid
    by the day the contract starts (an exit during or after the contract, or before it with no return)."""
    return (exits_not_undone_by(Contract.participant_id, Contract.starts_on)
            .with_only_columns(Exit.id).correlate_except(Exit).exists())


def renewable_condition():
    """Signed, neither ended early nor renewed, and its person has not left: « Renouveler » is offered.
    A person who left comes back through a new referral and a new contract (``rules.check_renewable``)."""
    return and_(Contract.is_signed, Contract.ended_early_on.is_(None), ~renewal_exists(), ~left_since_start())


def renewable_among(contract_ids) -> Select:
    """The ids, among ``contract_ids``, of the contracts that may be renewed (a list page's rows, one query)."""
    return select(Contract.id).where(Contract.id.in_(list(contract_ids)), renewable_condition())


def exit_plan_exists():
    """An exit plan has been written for the contract."""
    return select(ExitPlan.id).where(ExitPlan.contract_id == Contract.id).correlate_except(ExitPlan).exists()


def ending_within_condition(within_days: int, today: dt.date | None = None):
    """In force and whose last day falls in [today, today + within_days]."""
    if today is None:
        today = clock.today()
    return and_(
        Contract.in_force_on(today),
        Contract.last_day <= today + dt.timedelta(days=within_days),
    )


def expiring_contracts(within_days: int = 60, today: dt.date | None = None) -> Select:
    """Contracts in force ending within ``within_days`` days (today included), soonest first."""
    return select(Contract).where(ending_within_condition(within_days, today)).order_by(Contract.last_day)


def ended_without_follow_up_condition(today: dt.date | None = None):
    """Signed, over, and neither renewed nor followed by a recorded exit."""
    return and_(
        Contract.is_signed,
        Contract.last_day < _today(today),
        ~renewal_exists(),
        ~exit_recorded(),
    )


def ended_without_follow_up(today: dt.date | None = None) -> Select:
    return select(Contract).where(ended_without_follow_up_condition(today)).order_by(Contract.last_day)


def unsigned_drafts_condition():
    return ~Contract.is_signed


def unsigned_drafts() -> Select:
    return select(Contract).where(unsigned_drafts_condition()).order_by(Contract.starts_on)


def renewal_in_preparation():
    """A renewal draft (signed or not) already links to the contract."""
    return renewal_exists()


def in_force_condition(today: dt.date | None = None):
    return Contract.in_force_on(_today(today))


def needs_action_condition(within_days: int = 90, today: dt.date | None = None):
    """Ending within ``within_days`` with neither a renewal in preparation, nor an exit plan, nor an exit recorded
    (its person has not left)."""
    return and_(
        ending_within_condition(within_days, today), ~renewal_in_preparation(), ~exit_plan_exists(), ~left_since_start()
    )


def needs_action_contracts(within_days: int = 90, today: dt.date | None = None) -> Select:
    """What the dashboard puts first: contracts about to end that nobody has prepared for."""
    return select(Contract).where(needs_action_condition(within_days, today)).order_by(Contract.last_day)


def needs_follow_up(within_days: int = 90, today: dt.date | None = None) -> Select:
    """Contracts ending within ``within_days`` with neither an exit plan nor a renewal in preparation.

    The same query as the dashboard's ``needs_action_contracts`` (rule 7 of the domain), under the
    name the follow-through screens use.
    """
    return needs_action_contracts(within_days, today)


def party_condition(*, group_id: int | None = None, facilitator_id: int | None = None,
                    referrer_id: int | None = None):
    """Contracts of a group, signed by a facilitator, or co-signed by a referring social worker."""
    conditions = []
    if group_id is not None:
        conditions.append(Contract.group_id == group_id)
    if facilitator_id is not None:
        conditions.append(Contract.facilitator_id == facilitator_id)
    if referrer_id is not None:
        conditions.append(Contract.referrer_id == referrer_id)
    return and_(*conditions)
