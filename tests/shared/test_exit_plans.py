import datetime as dt

import pytest

from shared.contracts.models import Contract
from shared.contracts.queries import needs_follow_up
from shared.exits.models import ExitDestination
from shared.exits.operations import plan_exit, update_exit_plan
from shared.exits.rules import ExitPlanError
from shared.people.operations import record_exit

D = dt.date


def test_exit_plan_records_destination_steps_partners_and_target(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=300))
    plan = plan_exit(db, contract, destination=ExitDestination.TRAINING, target_on=contract.ends_on,
                     steps="  Visite du centre de formation ", partners="AFPA, Mission locale",
                     actor=contract.facilitator)
    assert (plan.destination, plan.steps, plan.partners, plan.target_on) == (
        ExitDestination.TRAINING, "Visite du centre de formation", "AFPA, Mission locale", contract.ends_on)
    assert plan.written_by_id == contract.facilitator.id


def test_target_date_before_the_contract_start_is_refused(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=30))
    with pytest.raises(ExitPlanError, match="précéder le début du contrat"):
        plan_exit(db, contract, destination=ExitDestination.EMPLOYMENT, target_on=contract.starts_on - dt.timedelta(days=1))


def test_a_contract_has_one_exit_plan_which_is_updated_instead(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=30))
    plan = plan_exit(db, contract, destination=ExitDestination.EMPLOYMENT, target_on=contract.ends_on)
    with pytest.raises(ExitPlanError, match="déjà un projet de sortie"):
        plan_exit(db, contract, destination=ExitDestination.TRAINING, target_on=contract.ends_on)
    update_exit_plan(db, plan, destination=ExitDestination.TRAINING, target_on=contract.starts_on, steps="Inscription")
    assert (plan.destination, plan.target_on, plan.steps) == (ExitDestination.TRAINING, contract.starts_on, "Inscription")
    with pytest.raises(ExitPlanError):
        update_exit_plan(db, plan, destination=ExitDestination.TRAINING, target_on=contract.starts_on - dt.timedelta(days=1))


def test_unknown_destination_is_refused(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=30))
    with pytest.raises(ExitPlanError, match="destination"):
        plan_exit(db, contract, destination="ailleurs", target_on=contract.ends_on)


def test_contracts_ending_soon_need_follow_up_until_a_plan_or_a_renewal_exists(db, make, today):
    group = make.group()
    ending = [make.contract(make.participant(group), starts_on=today - dt.timedelta(days=400),
                            ends_on=today + dt.timedelta(days=d)) for d in (10, 40, 80)]
    make.contract(make.participant(group), starts_on=today - dt.timedelta(days=100),
                  ends_on=today + dt.timedelta(days=200))  # not ending soon
    planned, renewed, left_alone = ending
    plan_exit(db, planned, destination=ExitDestination.EMPLOYMENT, target_on=planned.ends_on)
    make.contract(renewed.participant, starts_on=renewed.ends_on + dt.timedelta(days=1), signed=False,
                  renews=renewed, objectives=("Nouvel objectif",))
    found = db.scalars(needs_follow_up(within_days=90, today=today).where(
        Contract.group_id == group.id)).all()
    assert found == [left_alone]
    assert db.scalars(needs_follow_up(within_days=30, today=today)
                      .where(Contract.group_id == group.id)).all() == []


def test_a_planned_exit_is_then_recorded_and_the_person_can_come_back(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=300))
    plan_exit(db, contract, destination=ExitDestination.TRAINING, target_on=today)
    exit_ = record_exit(db, contract.participant, left_on=today, destination=ExitDestination.TRAINING)
    assert exit_.contract is contract and contract.last_day == today


def test_a_renewed_contract_gets_no_exit_plan_the_current_one_does(db, make, today):
    old = make.contract(starts_on=today - dt.timedelta(days=400), ends_on=today - dt.timedelta(days=10))
    current = make.contract(old.participant, starts_on=old.ends_on + dt.timedelta(days=1), renews=old,
                            objectives=("Nouvel objectif",))
    db.flush()
    with pytest.raises(ExitPlanError, match=f"renouvelé par le contrat n°{current.id}"):
        plan_exit(db, old, destination=ExitDestination.EMPLOYMENT, target_on=old.ends_on)
    assert plan_exit(db, current, destination=ExitDestination.EMPLOYMENT, target_on=current.ends_on) is not None
