"""A person leaves the group: record the exit, correct it, or delete one recorded by mistake.

An exit ends early the contract still running after its day; correcting or deleting the exit gives
that contract back its planned end, so a contract never keeps an early end the exit no longer explains.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.dates import fr
from shared.errors import ReferralError
from shared.exits.models import Exit, ExitDestination
from shared.partners.models import Partner
from shared.partners.rules import check_partner_of
from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.text import TEXT, clean_text, plain_spacing
from shared.writes import operation


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


def _check_not_before_a_presence(db: DbSession, participant: Participant, left_on: dt.date,
                                  came_back_on: dt.date | None = None) -> None:
    """No presence after the exit (before a return): a session lists and takes only the people still in the
    group that day (``sessions.rules.check_in_group_on``)."""
    query = (select(func.max(Session.held_on)).join(Attendance, Attendance.session_id == Session.id)
             .where(Attendance.participant_id == participant.id, Attendance.status == AttendanceStatus.PRESENT,
                    Session.held_on > left_on))
    if came_back_on is not None:
        query = query.where(Session.held_on < came_back_on)
    with db.no_autoflush:
        last_present = db.scalar(query)
    if last_present is not None:
        raise ReferralError(
            f"La personne était présente à la séance du {fr(last_present)} : la sortie date de ce jour-là ou après.",
            field="left_on",
        )


def _came_back_after(participant: Participant, left_on: dt.date) -> dt.date | None:
    """The day of the first referral after ``left_on``: a return, from which attendance counts again."""
    return min((r.referred_on for r in participant.referrals if r.referred_on > left_on), default=None)


def _check_destination(destination) -> None:
    if not isinstance(destination, ExitDestination):
        raise ReferralError("Choisissez la destination.", field="destination")


def _comment(comment: str | None) -> str | None:
    return clean_text(comment, limit=TEXT, field="comment", label="le commentaire")


def _exit_reason(destination: ExitDestination) -> str:
    return f"Sortie : {destination.label}"


def _exit_reasons(destination: ExitDestination) -> tuple[str, ...]:
    """The reason as written now, and as it was written before French spacing (an ordinary space)."""
    return _exit_reason(destination), plain_spacing(_exit_reason(destination))


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


def _give_back_planned_ends(db: DbSession, exit_: Exit) -> None:
    """The contracts this exit ended early end on their planned day again."""
    ended_by_this_exit = db.scalars(
        select(Contract).where(
            Contract.participant_id == exit_.participant_id,
            Contract.ended_early_on == exit_.left_on,
            Contract.early_end_reason.in_(_exit_reasons(exit_.destination)),
        )
    ).all()
    for contract in ended_by_this_exit:
        contract.ended_early_on = None
        contract.early_end_reason = None
    db.flush()


@operation
def record_exit(
    db: DbSession,
    participant: Participant,
    *,
    left_on: dt.date,
    destination: ExitDestination,
    comment: str | None = None,
    partner: Partner | None = None,
) -> Exit:
    """The person leaves; a contract still running after that day ends early on it. ``partner``: the structure
    they go to, one their group works with (``shared.partners.rules.check_partner_of``)."""
    if participant is None:
        raise ReferralError("Choisissez la personne qui sort.", field="participant")
    _check_left_on(participant, left_on)
    _check_not_before_a_presence(db, participant, left_on, _came_back_after(participant, left_on))
    _check_destination(destination)
    comment = _comment(comment)
    check_partner_of(partner, [participant.group_id], field="partner", whose="le groupe de la personne")
    contract = _end_contracts_on_exit(db, participant, left_on, destination)
    exit_ = Exit(participant=participant, contract=contract, left_on=left_on, destination=destination, comment=comment,
                 partner=partner)
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
    partner: Partner | None = None,
) -> Exit:
    """Correct a recorded exit (date, destination, comment), with the same rules as ``record_exit``.

    The contracts that this exit ended early are given back their planned end, then the exit is
    applied again on its new date.
    """
    participant = exit_.participant
    _check_left_on(participant, left_on)
    _check_destination(destination)
    comment = _comment(comment)
    check_partner_of(partner, [participant.group_id], field="partner", whose="le groupe de la personne")
    came_back_on = _came_back_after(participant, exit_.left_on)
    if came_back_on is not None and left_on >= came_back_on:
        raise ReferralError(
            f"La personne est revenue (orientation du {fr(came_back_on)}) : la sortie corrigée doit précéder ce retour.",
            field="left_on",
        )
    _check_not_before_a_presence(db, participant, left_on, came_back_on)
    _give_back_planned_ends(db, exit_)
    exit_.contract = _end_contracts_on_exit(db, participant, left_on, destination)
    exit_.left_on = left_on
    exit_.destination = destination
    exit_.comment = comment
    exit_.partner = partner
    participant.last_contact_on = max(filter(None, [participant.last_contact_on, left_on]))
    db.flush()
    return exit_


@operation
def delete_exit(db: DbSession, exit_: Exit) -> None:
    """An exit recorded by mistake: the contract it ended early runs to its planned end again.

    Deleted through the ORM, so the audit trail records the exit and the contract's end given back.
    """
    _give_back_planned_ends(db, exit_)
    db.delete(exit_)
