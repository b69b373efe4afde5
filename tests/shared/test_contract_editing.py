"""The rules of a contract's life after its draft: the referral before it, the signatures, the lock once
signed, the admin's correction with its reason, and the delete of a draft made by mistake."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.audit.models import AuditEntry
from shared.contracts.editing import correct_contract, delete_contract, update_contract
from shared.contracts.models import Contract, ObjectiveStatus
from shared.contracts.operations import ObjectiveDraft, create_contract, end_contract_early, sign_contract
from shared.contracts.rules import ContractLocked, relevant_referral
from shared.errors import ContractRuleError, DomainError
from shared.people.models import Referral
from shared.records.deletion import RecordHasHistory
from shared.staff.models import Role
from tests.factories import set_up

DAY = dt.timedelta(days=1)


def edit(db, contract, **changes):
    values = dict(participant=contract.participant, facilitator=contract.facilitator, referrer=contract.referrer,
                  starts_on=contract.starts_on, ends_on=contract.ends_on, expectations=contract.expectations,
                  participant_signed_on=contract.participant_signed_on,
                  facilitator_signed_on=contract.facilitator_signed_on, referrer_signed_on=contract.referrer_signed_on)
    return update_contract(db, contract, **(values | changes))


def test_a_contract_starts_on_or_after_the_latest_referral(db, make, today):
    person = make.participant(referred_on=today - 20 * DAY)
    person.referrals.append(Referral(referrer=person.referrals[0].referrer, group=person.group,
                                     referred_on=today - 5 * DAY))  # came back after leaving
    facilitator = make.facilitator(person.group)
    with pytest.raises(ContractRuleError, match="avant l'orientation") as error:
        create_contract(db, participant=person, facilitator=facilitator, referrer=person.referrals[0].referrer,
                        starts_on=today - 10 * DAY)
    assert error.value.field == "starts_on"
    create_contract(db, participant=person, facilitator=facilitator, referrer=person.referrals[0].referrer,
                    starts_on=today - 5 * DAY)


def test_an_older_contract_follows_the_referral_it_was_written_after(db, make, today):
    contract = make.contract(starts_on=today - 30 * DAY, created_at=dt.datetime(2026, 2, 10, 10, 0, tzinfo=clock.CENTRE_TZ))
    first = contract.participant.referrals[0]
    contract.participant.referrals.append(Referral(referrer=first.referrer, group=first.group,
                                                   referred_on=today - 2 * DAY))
    assert relevant_referral(contract) is first


def test_a_signature_is_dated_on_or_after_the_referral(db, make, today):
    person = make.participant(referred_on=today - 5 * DAY)
    draft = make.contract(person, signed=False, starts_on=today)
    with pytest.raises(ContractRuleError, match="avant l'orientation") as error:
        sign_contract(db, draft, party="referrer", on=today - 6 * DAY)
    assert error.value.field == "referrer_signed_on"
    sign_contract(db, draft, party="referrer", on=today - 5 * DAY)


def test_a_first_contract_needs_an_objective_to_be_signed(db, make, today):
    draft = make.contract(signed=False, starts_on=today, objectives=())
    with pytest.raises(ContractRuleError, match="au moins un objectif") as error:
        sign_contract(db, draft, party="participant")
    assert error.value.field == "objectives"


def test_texts_longer_than_their_field_are_refused(db, make, today):
    person = make.participant()
    common = dict(participant=person, facilitator=make.facilitator(person.group),
                  referrer=person.referrals[0].referrer, starts_on=today)
    with pytest.raises(DomainError, match="4000 caractères au plus") as error:
        create_contract(db, expectations="x" * 4001, **common)
    assert error.value.field == "expectations"
    with pytest.raises(DomainError, match="300 caractères au plus"):
        create_contract(db, objectives=[ObjectiveDraft("y" * 301)], **common)
    contract = make.contract()
    with pytest.raises(DomainError, match="300 caractères au plus"):
        end_contract_early(db, contract, on=today, reason="z" * 301)


def test_a_draft_changes_and_its_group_follows_the_person(db, make, today):
    draft = make.contract(signed=False, starts_on=today)
    draft.participant.group = make.group()  # referred again to another group meanwhile
    set_up(db)
    edit(db, draft, ends_on=today + 100 * DAY,
         objectives=[ObjectiveDraft("Aller au marché", id=None)], removed_objectives=[draft.objectives[0].id])
    assert draft.group_id == draft.participant.group.id
    assert [o.wording for o in draft.objectives] == ["Aller au marché"]


@pytest.mark.parametrize("change", [{"ends_on": "later"}, {"facilitator": "other"}, {"objectives": "reword"},
                                    {"objectives": "add"}, {"removed_objectives": "first"}])
def test_a_signed_contract_is_locked(db, make, today, change):
    contract = make.contract()
    objective = contract.objectives[0]
    values = {
        "later": contract.ends_on - DAY, "other": make.facilitator(contract.participant.group),
        "reword": [ObjectiveDraft("Autre chose", id=objective.id)], "add": [ObjectiveDraft("Autre chose")],
        "first": [objective.id],
    }
    (name, key), = change.items()
    with pytest.raises(ContractLocked, match="on ne modifie plus ici"):
        edit(db, contract, **{name: values[key]})


def test_a_signed_contract_s_progress_and_expectations_change(db, make):
    contract = make.contract()
    objective = contract.objectives[0]
    edit(db, contract, expectations="Trouver un stage",
         objectives=[ObjectiveDraft(objective.wording, objective.category, ObjectiveStatus.IN_PROGRESS, objective.id)])
    assert objective.status is ObjectiveStatus.IN_PROGRESS and contract.expectations == "Trouver un stage"


def test_an_admin_corrects_a_signed_contract_and_the_reason_is_recorded(db, make, today):
    contract, admin = make.contract(), make.staff(Role.ADMIN)
    values = dict(starts_on=contract.starts_on, ends_on=contract.ends_on - DAY, facilitator=contract.facilitator,
                  referrer=contract.referrer, participant_signed_on=contract.participant_signed_on,
                  facilitator_signed_on=contract.facilitator_signed_on, referrer_signed_on=contract.referrer_signed_on)
    with pytest.raises(ContractRuleError, match="Seul un administrateur"):
        correct_contract(db, contract, reason="Erreur", actor=contract.facilitator, **values)
    with pytest.raises(DomainError, match="Indiquez le motif"):
        correct_contract(db, contract, reason="  ", actor=admin, **values)
    correct_contract(db, contract, reason="Date mal recopiée", actor=admin, **values)
    entries = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "contract",
                                                  AuditEntry.record_id == str(contract.id))).all()
    [entry] = [e for e in entries if "motif de la correction" in e.changes]  # beside the recorder's own entries
    assert entry.changes == {"motif de la correction": [None, "Date mal recopiée"]} and entry.actor_id == admin.id
    assert any(e.changes.get("ends_on") == [str(values["ends_on"] + DAY), str(values["ends_on"])] for e in entries)


def test_only_an_unsigned_draft_with_nothing_after_it_is_deleted(db, make, today):
    with pytest.raises(ContractRuleError, match="il a déjà été signé"):
        delete_contract(db, make.contract())
    half_signed = make.contract(signed=False, starts_on=today)
    half_signed.participant_signed_on = today
    with pytest.raises(ContractRuleError, match="Fin anticipée"):
        delete_contract(db, half_signed)
    draft = make.contract(signed=False, starts_on=today + 400 * DAY)
    renewal = make.contract(draft.participant, signed=False, starts_on=today + 800 * DAY, renews=draft)
    with pytest.raises(RecordHasHistory, match="1 contrat"):
        delete_contract(db, draft)
    delete_contract(db, renewal)
    assert db.get(Contract, renewal.id) is None
