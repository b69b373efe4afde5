"""The contract rules, once: 18-month maximum, one contract in force per day, renewal, signatures,
the referral before the contract, and the lock of a signed contract.

Each check raises ``ContractRuleError`` with a French message; ``validate_contract`` runs them all
and is what both the operations and the back-office forms call.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.dates import add_months, fr
from shared.errors import ContractRuleError
from shared.exits.models import Exit
from shared.exits.queries import exits_not_undone_by
from shared.staff.models import REFERRER_JOBS, StaffMember

MAX_MONTHS = 18


def latest_end_for(starts_on: dt.date) -> dt.date:
    """Last allowed end date: ``starts_on + 18 months - 1 day``, months added calendar-wise."""
    return add_months(starts_on, MAX_MONTHS) - dt.timedelta(days=1)


def check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on is None:
        raise ContractRuleError("Indiquez la date de début du contrat.", field="starts_on")
    if ends_on is None:
        raise ContractRuleError("Indiquez la date de fin du contrat.", field="ends_on")
    if ends_on < starts_on:
        raise ContractRuleError(
            f"La date de fin ({fr(ends_on)}) est avant la date de début ({fr(starts_on)}).", field="ends_on"
        )
    latest = latest_end_for(starts_on)
    if ends_on > latest:
        raise ContractRuleError(
            f"Un contrat dure au plus {MAX_MONTHS} mois : pour un début le {fr(starts_on)}, "
            f"la fin doit être au plus tard le {fr(latest)}.",
            field="ends_on",
        )


def check_parties(contract: Contract) -> None:
    if contract.participant is None and contract.participant_id is None:
        raise ContractRuleError("Choisissez la personne concernée par le contrat.", field="participant")
    if contract.facilitator is None and contract.facilitator_id is None:
        raise ContractRuleError("Choisissez l'animateur ou l'animatrice qui signe le contrat.", field="facilitator")
    referrer = contract.referrer
    if referrer is None:
        raise ContractRuleError("Choisissez le travailleur social orienteur qui signe le contrat.", field="referrer")
    check_referrer_job(referrer, field="referrer")


def check_referrer_job(staff: StaffMember, *, field: str) -> None:
    if staff.job_title not in REFERRER_JOBS:
        raise ContractRuleError(
            f"{staff.full_name} n'est pas travailleur social orienteur : il faut une ou un ASS de proximité, "
            "CIP, CESF ou ASS spécialisé RMI/RSA.",
            field=field,
        )


SIGNATURE_FIELDS = {
    "participant_signed_on": "la personne",
    "facilitator_signed_on": "l'animateur",
    "referrer_signed_on": "le travailleur social orienteur",
}


def check_signature_dates(contract: Contract, today: dt.date | None = None) -> None:
    for field in SIGNATURE_FIELDS:
        check_signature_date(contract, field, getattr(contract, field), today)


def check_signature_date(contract: Contract, field: str, signed_on: dt.date | None,
                         today: dt.date | None = None) -> None:
    """Never in the future (an invariant). The referral rule is checked when a date is entered or changed:
    ``check_signed_after_referral``."""
    today = today or clock.today()
    if signed_on is not None and signed_on > today:
        raise ContractRuleError(
            f"La date de signature par {SIGNATURE_FIELDS[field]} ({fr(signed_on)}) ne peut pas être dans le futur.",
            field=field,
        )


def relevant_referral(contract: Contract):
    """The referral the contract follows: the person's latest one, among those made before the contract
    was written (a later return after leaving concerns a later contract). None when there is none."""
    participant = contract.participant
    if participant is None:
        return None
    referrals = [r for r in participant.referrals if r.referred_on is not None]
    if contract.created_at is not None:
        created_at = contract.created_at
        written_on = (created_at.astimezone(clock.CENTRE_TZ) if created_at.tzinfo else created_at).date()
        earlier = [r for r in referrals if r.referred_on <= written_on]
        referrals = earlier or referrals
    return max(referrals, key=lambda r: r.referred_on, default=None)


def check_starts_after_referral(contract: Contract) -> None:
    referral = relevant_referral(contract)
    if referral is not None and contract.starts_on is not None and contract.starts_on < referral.referred_on:
        raise ContractRuleError(
            f"Le contrat ne peut pas commencer avant l'orientation de la personne (le {fr(referral.referred_on)}) : "
            f"indiquez un début le {fr(referral.referred_on)} ou après.",
            field="starts_on",
        )


def check_signed_after_referral(contract: Contract, field: str, signed_on: dt.date | None) -> None:
    referral = relevant_referral(contract)
    if referral is not None and signed_on is not None and signed_on < referral.referred_on:
        raise ContractRuleError(
            f"La date de signature par {SIGNATURE_FIELDS[field]} ({fr(signed_on)}) est avant l'orientation de la "
            f"personne (le {fr(referral.referred_on)}) : un contrat se signe après l'orientation.",
            field=field,
        )


def check_objectives_before_signing(contract: Contract) -> None:
    """A first contract is signed with at least one objective (a renewal needs a new one: check_renewal)."""
    signed = any(getattr(contract, field) is not None for field in SIGNATURE_FIELDS)
    if signed and contract.renews is None and not any(normalise_wording(o.wording) for o in contract.objectives):
        raise ContractRuleError(
            "Un contrat se signe avec ses objectifs : ajoutez au moins un objectif avant la première signature.",
            field="objectives",
        )


def check_no_overlap(db: DbSession, contract: Contract) -> None:
    """At most one contract in force per person on any day (only signed contracts are in force)."""
    participant_id = contract.participant_id or (contract.participant.id if contract.participant else None)
    if participant_id is None:
        return
    last_day = contract.ended_early_on or contract.ends_on
    query = select(Contract).where(
        Contract.participant_id == participant_id,
        Contract.is_signed,
        Contract.starts_on <= last_day,
        Contract.last_day >= contract.starts_on,
    )
    if contract.id is not None:
        query = query.where(Contract.id != contract.id)
    with db.no_autoflush:
        other = db.scalars(query.order_by(Contract.starts_on).limit(1)).first()
    if other is not None:
        raise ContractRuleError(
            f"Cette personne a déjà le contrat n°{other.id} en vigueur du {fr(other.starts_on)} au "
            f"{fr(other.last_day)} : une personne ne peut avoir qu'un contrat en vigueur à la fois.",
            field="starts_on",
        )


def normalise_wording(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def check_renewal(contract: Contract) -> None:
    """A renewal starts after the previous contract and sets at least one new objective."""
    previous = contract.renews
    if previous is None:
        return
    if previous.id is not None and previous.id == contract.id:
        raise ContractRuleError("Un contrat ne peut pas renouveler lui-même.", field="renews")
    if not previous.is_signed:
        raise ContractRuleError(
            f"Le contrat n°{previous.id} n'a pas encore été signé par les trois parties : "
            "on ne peut renouveler qu'un contrat signé.",
            field="renews",
        )
    if contract.participant_id is not None and contract.participant_id != previous.participant_id:
        raise ContractRuleError("Un renouvellement concerne la même personne que le contrat précédent.", field="participant")
    if contract.starts_on <= previous.last_day:
        raise ContractRuleError(
            f"Le renouvellement doit commencer après la fin du contrat précédent "
            f"(le {fr(previous.last_day + dt.timedelta(days=1))} au plus tôt).",
            field="starts_on",
        )
    old = {normalise_wording(o.wording) for o in previous.objectives}
    new = {normalise_wording(o.wording) for o in contract.objectives if normalise_wording(o.wording)}
    if not new - old:
        raise ContractRuleError(
            "Un renouvellement fixe de nouveaux objectifs : ajoutez au moins un objectif "
            "que le contrat précédent n'avait pas.",
            field="objectives",
        )


COME_BACK = ("Une personne sortie revient par une « nouvelle orientation » (sur sa fiche), puis un nouveau "
             "contrat.")


def check_renewable(db: DbSession, previous: Contract) -> None:
    """No renewal once the person has left, or once the contract was ended early: the same rule as
    ``queries.renewable_condition``, which hides « Renouveler »."""
    with db.no_autoflush:
        left = db.scalars(exits_not_undone_by(previous.participant_id, previous.starts_on)
                          .order_by(Exit.left_on.desc()).limit(1)).first()
    if left is not None:
        raise ContractRuleError(
            f"{previous.participant.full_name} a quitté le groupe (sortie du {fr(left.left_on)}) : "
            f"le contrat n°{previous.id} ne se renouvelle pas. {COME_BACK}",
            field="renews",
        )
    if previous.ended_early_on is not None:
        raise ContractRuleError(
            f"Le contrat n°{previous.id} a pris fin de façon anticipée le {fr(previous.ended_early_on)} : "
            f"il ne se renouvelle pas. {COME_BACK}",
            field="renews",
        )


def check_objectives(contract: Contract) -> None:
    for objective in contract.objectives:
        if not normalise_wording(objective.wording):
            raise ContractRuleError("Chaque objectif doit être rédigé (le texte est vide).", field="objectives")


def validate_contract(db: DbSession, contract: Contract) -> None:
    """Every rule a contract must respect before it is saved."""
    check_dates(contract.starts_on, contract.ends_on)
    check_parties(contract)
    check_objectives(contract)
    check_signature_dates(contract)
    check_objectives_before_signing(contract)
    if contract.ended_early_on is not None:
        check_early_end(contract, contract.ended_early_on, contract.early_end_reason)
    check_renewal(contract)
    check_no_overlap(db, contract)


def check_not_renewed(contract: Contract, what: str, error=ContractRuleError, field: str | None = None) -> None:
    """A renewed contract is history: what follows (an early end, an exit plan) goes on its renewal."""
    renewal = contract.renewed_by
    if renewal is not None:
        raise error(f"Ce contrat a été renouvelé par le contrat n°{renewal.id} : {what} sur ce contrat-là.",
                    field=field)


def check_early_end(contract: Contract, on: dt.date | None, reason: str | None) -> None:
    if on is None:
        raise ContractRuleError("Indiquez la date de fin anticipée.", field="ended_early_on")
    if on < contract.starts_on:
        raise ContractRuleError(
            f"La fin anticipée ({fr(on)}) ne peut pas précéder le début du contrat ({fr(contract.starts_on)}).",
            field="ended_early_on",
        )
    if on > contract.ends_on:
        raise ContractRuleError(
            f"La fin anticipée ({fr(on)}) est après la fin prévue ({fr(contract.ends_on)}).", field="ended_early_on"
        )
    if not (reason or "").strip():
        raise ContractRuleError("Indiquez le motif de la fin anticipée.", field="early_end_reason")


# --- the lock of a signed contract ---------------------------------------------------------------

LOCKED_FIELDS = {
    "participant": "la personne", "facilitator": "l'animateur", "referrer": "le travailleur social orienteur",
    "starts_on": "la date de début", "ends_on": "la date de fin",
    "participant_signed_on": "la date de signature par la personne",
    "facilitator_signed_on": "la date de signature par l'animateur",
    "referrer_signed_on": "la date de signature par le travailleur social orienteur",
    "objectives": "ses objectifs (leur texte, leur catégorie, un ajout ou un retrait)",
}


class ContractLocked(ContractRuleError):
    """A signed contract's dates, parties and objectives change only through an explicit action."""


def locked_message(field: str) -> str:
    return (f"Ce contrat est signé par les trois parties : on ne modifie plus ici {LOCKED_FIELDS[field]}. "
            "Pour y mettre fin, utilisez « Fin anticipée » ; pour une erreur de saisie, un administrateur utilise "
            "« Corriger une erreur de saisie » sur la page du contrat. L'avancement des objectifs et les attentes "
            "restent modifiables.")


def check_unlocked(contract: Contract, field: str) -> None:
    """Refuse a change of ``field`` once the contract is signed (its progress statuses excepted)."""
    if contract.is_signed:
        raise ContractLocked(locked_message(field), field=field)
