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


def record_exit(
    db: DbSession,
    participant: Participant,
    *,
    left_on: dt.date,
    destination: ExitDestination,
    comment: str | None = None,
) -> Exit:
    """The person leaves; a contract still running after that day ends early on it."""
    if left_on > clock.today():
        raise ReferralError("La date de sortie ne peut pas être dans le futur.", field="left_on")
    first_referral = min((r.referred_on for r in participant.referrals), default=None)
    if first_referral is not None and left_on < first_referral:
        raise ReferralError(
            f"La date de sortie ({fr(left_on)}) précède l'orientation ({fr(first_referral)}).", field="left_on"
        )
    running = db.scalars(
        select(Contract).where(
            Contract.participant_id == participant.id,
            Contract.starts_on <= left_on,
            Contract.last_day > left_on,
        )
    ).all()
    for contract in running:
        contract.ended_early_on = left_on
        contract.early_end_reason = f"Sortie : {destination.label}"
    contract = running[0] if running else db.scalars(
        select(Contract)
        .where(Contract.participant_id == participant.id, Contract.starts_on <= left_on)
        .order_by(Contract.starts_on.desc())
        .limit(1)
    ).first()
    exit_ = Exit(participant=participant, contract=contract, left_on=left_on, destination=destination, comment=comment)
    db.add(exit_)
    participant.last_contact_on = max(filter(None, [participant.last_contact_on, left_on]))
    db.flush()
    return exit_
