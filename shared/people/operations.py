"""Referral of a person to a group, return after leaving, and exit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.contracts.rules import check_referrer_job
from shared.dates import fr
from shared.errors import ContractRuleError, ReferralError
from shared.exits.models import Exit, ExitDestination
from shared.groups.models import Group
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.staff.models import StaffMember
from shared.writes import operation


def check_referrer(referrer: StaffMember | None) -> None:
    if referrer is None:
        raise ReferralError("Choisissez le travailleur social qui oriente la personne.", field="referrer")
    try:
        check_referrer_job(referrer, field="referrer")
    except ContractRuleError as error:
        raise ReferralError(error.message, field="referrer") from None


def check_referral(referral: Referral, today: dt.date | None = None) -> None:
    check_referrer(referral.referrer)
    if referral.referred_on is None:
        raise ReferralError("Indiquez la date de l'orientation.", field="referred_on")
    if referral.referred_on > (today or clock.today()):
        raise ReferralError("La date d'orientation ne peut pas être dans le futur.", field="referred_on")


@operation
def refer_participant(
    db: DbSession,
    *,
    first_name: str,
    last_name: str,
    group: Group,
    referrer: StaffMember,
    referred_on: dt.date | None = None,
    gender: Gender = Gender.OTHER,
    birth_year: int | None = None,
    town: str | None = None,
    benefit: Benefit = Benefit.RSA,
    phone: str | None = None,
    reason: str | None = None,
    expectations: str | None = None,
) -> Participant:
    """A new person referred to a group by a referring social worker."""
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ReferralError("Indiquez le prénom et le nom de la personne.", field="first_name")
    participant = Participant(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        group=group,
        gender=gender,
        birth_year=birth_year,
        town=town,
        benefit=benefit,
        phone=phone,
    )
    referral = Referral(
        participant=participant,
        referrer=referrer,
        group=group,
        referred_on=referred_on or clock.today(),
        reason=reason,
        expectations=expectations,
    )
    check_referral(referral)
    participant.last_contact_on = referral.referred_on
    db.add(participant)
    db.flush()
    return participant


@operation
def refer_again(
    db: DbSession,
    participant: Participant,
    *,
    group: Group,
    referrer: StaffMember,
    referred_on: dt.date | None = None,
    reason: str | None = None,
    expectations: str | None = None,
) -> Referral:
    """A person who left comes back (or moves to another group); their history stays."""
    referral = Referral(  # by id, so that a refused referral is not left in participant.referrals
        participant_id=participant.id,
        referrer=referrer,
        group=group,
        referred_on=referred_on or clock.today(),
        reason=reason,
        expectations=expectations,
    )
    check_referral(referral)
    db.add(referral)
    db.flush()
    db.expire(participant, ["referrals"])
    participant.group = group
    participant.last_contact_on = referral.referred_on
    db.flush()
    return referral


def _check_left_on(participant: Participant, left_on: dt.date | None) -> None:
    if left_on is None:
        raise ReferralError("Indiquez la date de sortie.", field="left_on")
    if left_on > clock.today():
        raise ReferralError("La date de sortie ne peut pas être dans le futur.", field="left_on")
    first_referral = min((r.referred_on for r in participant.referrals), default=None)
    if first_referral is not None and left_on < first_referral:
        raise ReferralError(
            f"La date de sortie ({fr(left_on)}) précède l'orientation ({fr(first_referral)}).", field="left_on"
        )


def _check_destination(destination) -> None:
    if not isinstance(destination, ExitDestination):
        raise ReferralError("Choisissez la destination.", field="destination")


def _exit_reason(destination: ExitDestination) -> str:
    return f"Sortie : {destination.label}"


def _end_contracts_on_exit(db: DbSession, participant: Participant, left_on: dt.date,
                           destination: ExitDestination) -> Contract | None:
    """End early the contracts still running after ``left_on``; the contract the exit belongs to."""
    running = db.scalars(
        select(Contract).where(
            Contract.participant_id == participant.id,
            Contract.starts_on <= left_on,
            Contract.last_day > left_on,
        )
    ).all()
    for contract in running:
        contract.ended_early_on = left_on
        contract.early_end_reason = _exit_reason(destination)
    return running[0] if running else db.scalars(
        select(Contract)
        .where(Contract.participant_id == participant.id, Contract.starts_on <= left_on)
        .order_by(Contract.starts_on.desc())
        .limit(1)
    ).first()


@operation
def record_exit(
    db: DbSession,
    participant: Participant,
    *,
    left_on: dt.date,
    destination: ExitDestination,
    comment: str | None = None,
) -> Exit:
    """The person leaves; a contract still running after that day ends early on it."""
    _check_left_on(participant, left_on)
    _check_destination(destination)
    contract = _end_contracts_on_exit(db, participant, left_on, destination)
    exit_ = Exit(participant=participant, contract=contract, left_on=left_on, destination=destination, comment=comment)
    db.add(exit_)
    participant.last_contact_on = max(filter(None, [participant.last_contact_on, left_on]))
    db.flush()
    return exit_


@operation
def update_exit(
    db: DbSession,
    exit_: Exit,
    *,
    left_on: dt.date,
    destination: ExitDestination,
    comment: str | None = None,
) -> Exit:
    """Correct a recorded exit (date, destination, comment), with the same rules as ``record_exit``.

    The contracts that this exit ended early are given back their planned end, then the exit is
    applied again on its new date: a contract never keeps an early end the exit no longer explains.
    """
    participant = exit_.participant
    _check_left_on(participant, left_on)
    _check_destination(destination)
    came_back_on = min((r.referred_on for r in participant.referrals if r.referred_on > exit_.left_on), default=None)
    if came_back_on is not None and left_on >= came_back_on:
        raise ReferralError(
            f"La personne est revenue (orientation du {fr(came_back_on)}) : la sortie corrigée doit précéder ce retour.",
            field="left_on",
        )
    ended_by_this_exit = db.scalars(
        select(Contract).where(
            Contract.participant_id == participant.id,
            Contract.ended_early_on == exit_.left_on,
            Contract.early_end_reason == _exit_reason(exit_.destination),
        )
    ).all()
    for contract in ended_by_this_exit:
        contract.ended_early_on = None
        contract.early_end_reason = None
    db.flush()
    exit_.contract = _end_contracts_on_exit(db, participant, left_on, destination)
    exit_.left_on = left_on
    exit_.destination = destination
    exit_.comment = (comment or "").strip() or None
    participant.last_contact_on = max(filter(None, [participant.last_contact_on, left_on]))
    db.flush()
    return exit_
