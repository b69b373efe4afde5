"""Correcting a recorded exit: same rules as recording it, and the contract it ended follows."""

import datetime as dt

import pytest

from shared.errors import ReferralError
from shared.exits.models import ExitDestination
from shared.people.operations import record_exit, refer_again, update_exit
from tests.factories import set_up


@pytest.fixture
def left(db, make, today):
    """A person under a long contract who left ten days ago for a training course."""
    person = make.participant(referred_on=today - dt.timedelta(days=300))
    contract = make.contract(person, starts_on=today - dt.timedelta(days=200))
    exit_ = record_exit(db, person, left_on=today - dt.timedelta(days=10), destination=ExitDestination.TRAINING)
    return person, contract, exit_


def test_recording_an_exit_without_date_or_destination_is_refused(db, make, today):
    person = make.participant()
    with pytest.raises(ReferralError, match="date de sortie") as refused:
        record_exit(db, person, left_on=None, destination=ExitDestination.OTHER)
    assert refused.value.field == "left_on"
    with pytest.raises(ReferralError, match="destination") as refused:
        record_exit(db, person, left_on=today, destination="ailleurs")
    assert refused.value.field == "destination"


def test_correcting_the_date_moves_the_early_end_of_the_contract(db, left, today):
    person, contract, exit_ = left
    assert contract.ended_early_on == today - dt.timedelta(days=10)
    update_exit(db, exit_, left_on=today - dt.timedelta(days=20), destination=ExitDestination.EMPLOYMENT,
                comment="  CDI  ")
    db.refresh(contract)
    assert (exit_.left_on, exit_.destination, exit_.comment) == (
        today - dt.timedelta(days=20), ExitDestination.EMPLOYMENT, "CDI")
    assert contract.ended_early_on == today - dt.timedelta(days=20)
    assert contract.early_end_reason == "Sortie : Emploi"
    assert exit_.contract_id == contract.id


def test_an_exit_moved_after_the_planned_end_gives_the_contract_back_its_end(db, make, today):
    person = make.participant(referred_on=today - dt.timedelta(days=300))
    contract = make.contract(person, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=5))
    exit_ = record_exit(db, person, left_on=today - dt.timedelta(days=30), destination=ExitDestination.OTHER)
    assert contract.ended_early_on is not None
    update_exit(db, exit_, left_on=today - dt.timedelta(days=2), destination=ExitDestination.OTHER)
    db.refresh(contract)
    assert contract.ended_early_on is None and contract.early_end_reason is None
    assert exit_.contract_id == contract.id


def test_a_contract_ended_by_an_exit_recorded_before_french_spacing_gets_its_end_back_too(db, make, today):
    person = make.participant(referred_on=today - dt.timedelta(days=300))
    contract = make.contract(person, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=5))
    exit_ = record_exit(db, person, left_on=today - dt.timedelta(days=30), destination=ExitDestination.OTHER)
    contract.early_end_reason = "Sortie : Autre"  # as written until December 2026, with an ordinary space
    set_up(db)
    update_exit(db, exit_, left_on=today - dt.timedelta(days=2), destination=ExitDestination.OTHER)
    db.refresh(contract)
    assert contract.ended_early_on is None and contract.early_end_reason is None


def test_a_contract_ended_early_for_another_reason_is_left_alone(db, make, today):
    person = make.participant(referred_on=today - dt.timedelta(days=300))
    contract = make.contract(person, starts_on=today - dt.timedelta(days=200),
                             ended_early_on=today - dt.timedelta(days=40), early_end_reason="Déménagement")
    exit_ = record_exit(db, person, left_on=today - dt.timedelta(days=10), destination=ExitDestination.MOVED_AWAY)
    update_exit(db, exit_, left_on=today - dt.timedelta(days=12), destination=ExitDestination.MOVED_AWAY)
    db.refresh(contract)
    assert (contract.ended_early_on, contract.early_end_reason) == (today - dt.timedelta(days=40), "Déménagement")


@pytest.mark.parametrize("days, message", [(-1, "futur"), (400, "précède l'orientation")])
def test_a_corrected_date_follows_the_same_rules(db, left, today, days, message):
    person, contract, exit_ = left
    with pytest.raises(ReferralError, match=message):
        update_exit(db, exit_, left_on=today - dt.timedelta(days=days), destination=ExitDestination.TRAINING)


def test_an_exit_cannot_be_moved_past_the_persons_return(db, left, today):
    person, contract, exit_ = left
    refer_again(db, person, group=person.group, referrer=person.referrals[0].referrer,
                referred_on=today - dt.timedelta(days=3))
    with pytest.raises(ReferralError, match="revenue"):
        update_exit(db, exit_, left_on=today - dt.timedelta(days=2), destination=ExitDestination.TRAINING)
    update_exit(db, exit_, left_on=today - dt.timedelta(days=4), destination=ExitDestination.TRAINING)
    assert exit_.left_on == today - dt.timedelta(days=4)
