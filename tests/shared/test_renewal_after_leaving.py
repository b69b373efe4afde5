"""A person who left comes back through a new referral: no renewal after an exit or an early end
(``shared.contracts.rules.check_renewable``, ``queries.renewable_condition``)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.contracts.models import Contract
from shared.contracts.operations import ObjectiveDraft, end_contract_early, renew_contract, sign_contract
from shared.contracts.queries import renewable_among
from shared.errors import ContractRuleError
from shared.exits.leaving import delete_exit, record_exit
from shared.exits.models import ExitDestination
from shared.people.operations import refer_again

NEW = [ObjectiveDraft("Préparer un projet de formation")]


@pytest.fixture
def contract(make, today):
    person = make.participant(referred_on=today - dt.timedelta(days=600))
    return make.contract(person, starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))


def renewable(db, contract) -> bool:
    return contract.id in set(db.scalars(renewable_among([contract.id])))


def contracts_of(db, person):
    return db.scalars(select(Contract).where(Contract.participant_id == person.id)).all()


def test_a_contract_in_force_may_be_renewed(db, contract):
    assert renewable(db, contract)
    assert renew_contract(db, contract, objectives=NEW).renews is contract


def test_renewal_after_the_person_left_is_refused_pointing_to_a_new_referral(db, contract, today):
    record_exit(db, contract.participant, left_on=today - dt.timedelta(days=3), destination=ExitDestination.TRAINING)
    with pytest.raises(ContractRuleError) as refused:
        renew_contract(db, contract, objectives=NEW)
    message = refused.value.message
    assert f"a quitté le groupe (sortie du {today - dt.timedelta(days=3):%d/%m/%Y})" in message
    assert "« nouvelle orientation »" in message
    assert not renewable(db, contract)
    assert contracts_of(db, contract.participant) == [contract] and contract.renewed_by is None


def test_renewal_after_an_exit_recorded_once_the_contract_was_over_is_refused(db, make, today):
    person = make.participant(referred_on=today - dt.timedelta(days=600))
    over = make.contract(person, starts_on=today - dt.timedelta(days=500), ends_on=today - dt.timedelta(days=40))
    record_exit(db, person, left_on=today - dt.timedelta(days=10), destination=ExitDestination.STOPPED_COMING)
    assert over.ended_early_on is None  # the exit came after its end: nothing to end early
    with pytest.raises(ContractRuleError, match="nouvelle orientation"):
        renew_contract(db, over, objectives=NEW)
    assert not renewable(db, over)


def test_renewal_of_a_contract_ended_early_is_refused(db, contract, today):
    end_contract_early(db, contract, on=today - dt.timedelta(days=1), reason="Déménagement")
    with pytest.raises(ContractRuleError) as refused:
        renew_contract(db, contract, objectives=NEW)
    assert f"a pris fin de façon anticipée le {today - dt.timedelta(days=1):%d/%m/%Y}" in refused.value.message
    assert "nouvelle orientation" in refused.value.message
    assert not renewable(db, contract)


def test_after_a_return_the_old_contract_stays_unrenewable_and_a_new_one_is_renewable(db, make, contract, today):
    person = contract.participant
    record_exit(db, person, left_on=today - dt.timedelta(days=100), destination=ExitDestination.HEALTH_CARE)
    refer_again(db, person, group=person.group, referrer=contract.referrer, referred_on=today - dt.timedelta(days=50))
    with pytest.raises(ContractRuleError, match="a quitté le groupe"):
        renew_contract(db, contract, objectives=NEW)
    fresh = make.contract(person, starts_on=today - dt.timedelta(days=40), ends_on=today + dt.timedelta(days=60))
    assert not renewable(db, contract) and renewable(db, fresh)
    assert renew_contract(db, fresh, objectives=NEW).renews is fresh


def test_deleting_an_exit_recorded_by_mistake_makes_the_contract_renewable_again(db, contract, today):
    exit_ = record_exit(db, contract.participant, left_on=today - dt.timedelta(days=3),
                        destination=ExitDestination.OTHER)
    assert not renewable(db, contract)
    delete_exit(db, exit_)
    db.flush()
    assert renewable(db, contract)
    renew_contract(db, contract, objectives=NEW)


def test_a_renewal_drafted_before_the_exit_is_not_signed_after_it(db, contract, today):
    renewal = renew_contract(db, contract, objectives=NEW)
    sign_contract(db, renewal, party="participant", on=today)
    record_exit(db, contract.participant, left_on=today, destination=ExitDestination.EMPLOYMENT)
    with pytest.raises(ContractRuleError, match="nouvelle orientation"):
        sign_contract(db, renewal, party="facilitator", on=today)
    assert renewal.facilitator_signed_on is None and not renewal.is_signed


def test_an_already_renewed_contract_is_not_offered_for_renewal(db, contract):
    renew_contract(db, contract, objectives=NEW)
    assert not renewable(db, contract)


def test_an_unsigned_draft_is_not_offered_for_renewal(db, make, today):
    draft = make.contract(signed=False)
    assert not renewable(db, draft)
