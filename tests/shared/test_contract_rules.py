import datetime as dt

import pytest

from shared.contracts.models import Contract, ObjectiveCategory
from shared.contracts.operations import (
    ObjectiveDraft, create_contract, draft_renewal, end_contract_early, renew_contract, sign_contract,
)
from shared.contracts.rules import check_dates, latest_end_for
from shared.errors import ContractRuleError
from shared.staff.models import JobTitle

D = dt.date


@pytest.mark.parametrize(
    "starts_on, latest",
    [
        (D(2025, 1, 1), D(2026, 6, 30)),    # the brief's example
        (D(2025, 8, 31), D(2027, 2, 27)),   # clipped to February's end, then minus one day
        (D(2024, 8, 29), D(2026, 2, 27)),   # 29 Feb 2026 does not exist: clipped to the 28th
        (D(2022, 8, 31), D(2024, 2, 28)),   # leap year: 29 Feb 2024 exists, minus one day
        (D(2024, 2, 29), D(2025, 8, 28)),   # a leap day start
        (D(2025, 12, 31), D(2027, 6, 29)),  # June has 30 days: 30 June minus one day
        (D(2025, 3, 15), D(2026, 9, 14)),
    ],
)
def test_latest_end_is_18_months_minus_one_day_calendar_wise(starts_on, latest):
    assert latest_end_for(starts_on) == latest


def test_contract_of_exactly_18_months_is_accepted():
    check_dates(D(2025, 1, 1), D(2026, 6, 30))


def test_contract_longer_than_18_months_is_refused_with_the_latest_date():
    with pytest.raises(ContractRuleError) as error:
        check_dates(D(2025, 1, 1), D(2026, 7, 1))
    assert "18 mois" in error.value.message
    assert "30/06/2026" in error.value.message


def test_contract_ending_before_it_starts_is_refused():
    with pytest.raises(ContractRuleError, match="avant la date de début"):
        check_dates(D(2025, 5, 2), D(2025, 5, 1))


def test_one_day_contract_is_accepted():
    check_dates(D(2025, 5, 2), D(2025, 5, 2))


def test_missing_dates_are_refused_in_french():
    with pytest.raises(ContractRuleError, match="date de début"):
        check_dates(None, D(2025, 5, 2))
    with pytest.raises(ContractRuleError, match="date de fin"):
        check_dates(D(2025, 5, 2), None)


def test_contract_is_in_force_only_once_all_three_parties_signed(db, make, today):
    contract = make.contract(signed=False, starts_on=today - dt.timedelta(days=5))
    assert not contract.in_force
    sign_contract(db, contract, party="participant")
    sign_contract(db, contract, party="facilitator")
    assert not contract.in_force
    sign_contract(db, contract, party="referrer")
    assert contract.in_force
    assert db.scalar(db.query(Contract.id).filter(Contract.in_force, Contract.id == contract.id).statement)


def test_contract_is_in_force_on_its_last_day_and_not_the_day_after(make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=100), ends_on=today)
    assert contract.in_force_on(today)
    assert not contract.in_force_on(today + dt.timedelta(days=1))
    assert contract.days_left == 0


def test_second_contract_overlapping_a_signed_one_is_refused_naming_it(db, make, today):
    first = make.contract(starts_on=today - dt.timedelta(days=30))
    with pytest.raises(ContractRuleError) as error:
        create_contract(db, participant=first.participant, facilitator=first.facilitator, referrer=first.referrer,
                        starts_on=today + dt.timedelta(days=10), objectives=[ObjectiveDraft("Cuisiner")])
    assert f"contrat n°{first.id}" in error.value.message
    assert "un contrat en vigueur à la fois" in error.value.message


def test_contract_starting_the_day_after_another_ends_is_accepted(db, make, today):
    first = make.contract(starts_on=today - dt.timedelta(days=30), ends_on=today)
    second = create_contract(db, participant=first.participant, facilitator=first.facilitator,
                             referrer=first.referrer, starts_on=today + dt.timedelta(days=1))
    assert second.id is not None


def test_signing_two_overlapping_drafts_refuses_the_second_signature(db, make, today):
    participant = make.participant()
    a = make.contract(participant, signed=False, starts_on=today)
    b = make.contract(participant, signed=False, starts_on=today + dt.timedelta(days=30))
    for party in ("participant", "facilitator", "referrer"):
        sign_contract(db, a, party=party)
    with pytest.raises(ContractRuleError, match=f"contrat n°{a.id}"):
        for party in ("participant", "facilitator", "referrer"):
            sign_contract(db, b, party=party)


def test_signature_in_the_future_is_refused(db, make, today):
    contract = make.contract(signed=False)
    with pytest.raises(ContractRuleError, match="futur"):
        sign_contract(db, contract, party="participant", on=today + dt.timedelta(days=1))


def test_referrer_must_have_a_referring_job(db, make, today):
    participant = make.participant()
    facilitator = make.facilitator(participant.group)
    with pytest.raises(ContractRuleError, match="orienteur"):
        create_contract(db, participant=participant, facilitator=facilitator, referrer=facilitator, starts_on=today)


@pytest.mark.parametrize("job", [JobTitle.ASS, JobTitle.CIP, JobTitle.CESF, JobTitle.ASS_RMI])
def test_each_referring_job_may_cosign(db, make, today, job):
    participant = make.participant()
    contract = create_contract(db, participant=participant, facilitator=make.facilitator(participant.group),
                               referrer=make.referrer(job), starts_on=today)
    assert contract.ends_on == latest_end_for(today)


def test_renewal_starts_the_day_after_and_keeps_the_parties(db, make, today):
    previous = make.contract(starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))
    draft = draft_renewal(previous)
    assert draft.starts_on == previous.ends_on + dt.timedelta(days=1)
    assert (draft.facilitator, draft.referrer, draft.participant) == (
        previous.facilitator, previous.referrer, previous.participant)
    db.expunge(draft) if draft in db else None


def test_renewal_with_a_new_objective_links_to_the_previous_contract(db, make, today):
    previous = make.contract(starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))
    renewal = renew_contract(db, previous, objectives=[
        ObjectiveDraft("Sortir de chez moi une fois par semaine"),
        ObjectiveDraft("Préparer un projet de formation", ObjectiveCategory.PRE_PROFESSIONAL),
    ])
    assert renewal.renews is previous
    assert previous.renewed_by is renewal
    assert renewal.starts_on == previous.ends_on + dt.timedelta(days=1)


def test_renewal_without_a_new_objective_is_refused_and_nothing_is_saved(db, make, today):
    previous = make.contract(starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))
    with pytest.raises(ContractRuleError, match="nouveaux objectifs"):
        # Same wording, different case and spacing: still not a new objective.
        renew_contract(db, previous, objectives=[ObjectiveDraft("  sortir de chez moi   une fois par semaine ")])
    db.flush()
    assert db.query(Contract).filter_by(participant_id=previous.participant_id).count() == 1
    assert previous.renewed_by is None


def test_renewal_starting_before_the_previous_contract_ends_is_refused(db, make, today):
    previous = make.contract(starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))
    with pytest.raises(ContractRuleError, match="après la fin du contrat précédent"):
        renew_contract(db, previous, starts_on=previous.ends_on, objectives=[ObjectiveDraft("Nouveau")])


def test_unsigned_contract_cannot_be_renewed(db, make, today):
    previous = make.contract(signed=False)
    with pytest.raises(ContractRuleError, match="trois parties"):
        renew_contract(db, previous, objectives=[ObjectiveDraft("Nouveau")])


def test_a_contract_is_renewed_only_once(db, make, today):
    previous = make.contract(starts_on=today - dt.timedelta(days=500), ends_on=today + dt.timedelta(days=20))
    renew_contract(db, previous, objectives=[ObjectiveDraft("Nouveau")])
    with pytest.raises(ContractRuleError, match="déjà été renouvelé"):
        renew_contract(db, previous, objectives=[ObjectiveDraft("Encore un autre")])


def test_early_end_needs_a_reason_and_a_date_within_the_contract(db, make, today):
    contract = make.contract(starts_on=today - dt.timedelta(days=30))
    with pytest.raises(ContractRuleError, match="motif"):
        end_contract_early(db, contract, on=today, reason="  ")
    with pytest.raises(ContractRuleError, match="précéder le début"):
        end_contract_early(db, contract, on=today - dt.timedelta(days=31), reason="Déménagement")
    end_contract_early(db, contract, on=today, reason="Déménagement")
    assert contract.in_force_on(today) and not contract.in_force_on(today + dt.timedelta(days=1))


def test_a_renewed_contract_is_not_ended_early_the_current_one_is(db, make, today):
    old = make.contract(starts_on=today - dt.timedelta(days=400), ends_on=today - dt.timedelta(days=10))
    current = make.contract(old.participant, starts_on=old.ends_on + dt.timedelta(days=1), renews=old,
                            objectives=("Nouvel objectif",))
    db.flush()
    with pytest.raises(ContractRuleError, match=f"renouvelé par le contrat n°{current.id}"):
        end_contract_early(db, old, on=old.ends_on - dt.timedelta(days=5), reason="Déménagement")
    assert old.ended_early_on is None
    end_contract_early(db, current, on=today, reason="Déménagement")
