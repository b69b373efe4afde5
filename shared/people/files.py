"""A person's file: closed (archived) instead of deleted, reopened, or erased on request.

A closed file leaves the lists and the tablet (``shared.people.queries.open_file_condition``) but
keeps its whole history for the reports and the retention purge. Deleting is only for a person
entered by mistake, with nothing but their referral. Erasing is anonymisation, the same as the
retention purge's (``shared.retention.anonymisation``), recorded in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.dates import fr
from shared.errors import DomainError, ReferralError
from shared.people.models import Participant
from shared.records.deletion import delete_record
from shared.retention.anonymisation import anonymise_person
from shared.staff.models import Role, StaffMember
from shared.writes import operation

CLOSE_INSTEAD = ("Pour une personne qui ne vient plus, utilisez « Clore le dossier » sur sa fiche : "
                 "son historique reste dans les bilans.")
ERASURE_REASON = "droit à l'effacement, à la demande de la personne"


class NotAllowed(DomainError):
    """The staff member may not do this to this person's file."""


def may_manage_file(actor: StaffMember | None, participant: Participant) -> bool:
    """Admins, and the facilitators of the person's group."""
    if actor is None:
        return False
    if actor.role is Role.ADMIN:
        return True
    return actor.role is Role.FACILITATOR and any(g.id == participant.group_id for g in actor.groups)


def _check_may_manage(actor: StaffMember | None, participant: Participant) -> None:
    if not may_manage_file(actor, participant):
        raise NotAllowed("Seuls un administrateur et les animateurs du groupe de la personne peuvent "
                         "clore ou rouvrir son dossier.")


@operation
def close_file(db: DbSession, participant: Participant, *, on: dt.date, actor: StaffMember | None) -> Participant:
    """Close the person's file on ``on``: out of the lists and the tablet, history kept."""
    _check_may_manage(actor, participant)
    if participant.anonymised_on is not None:
        raise ReferralError("Les données de cette personne ont été effacées : son dossier ne se clôt plus.")
    if participant.closed_on is not None:
        raise ReferralError(f"Le dossier est déjà clos depuis le {fr(participant.closed_on)}.")
    if on is None or on > clock.today():
        raise ReferralError("La date de clôture ne peut pas être dans le futur.", field="closed_on")
    first = min((r.referred_on for r in participant.referrals), default=None)
    if first is not None and on < first:
        raise ReferralError(f"La date de clôture ({fr(on)}) précède l'orientation ({fr(first)}).",
                            field="closed_on")
    participant.closed_on = on
    return participant


@operation
def reopen_file(db: DbSession, participant: Participant, *, actor: StaffMember | None) -> Participant:
    """The person is back in the lists and on the tablet; nothing of their history changed meanwhile."""
    _check_may_manage(actor, participant)
    if participant.closed_on is None:
        raise ReferralError("Le dossier de cette personne est ouvert.")
    if participant.anonymised_on is not None:
        raise ReferralError("Les données de cette personne ont été effacées : son dossier ne se rouvre plus.")
    participant.closed_on = None
    return participant


@operation
def delete_person(db: DbSession, participant: Participant, *, actor: StaffMember | None = None) -> None:
    """A person entered by mistake: deleted with their referral (both audited) if nothing else exists."""
    delete_record(db, participant, why_not=CLOSE_INSTEAD)


def _comparable(name: str) -> str:
    """Case, accents and spacing aside: « élodie  MARTIN » is « Élodie Martin »."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@operation
def erase_person(db: DbSession, participant: Participant, *, typed_name: str | None, actor: StaffMember | None,
                 now: dt.datetime | None = None) -> None:
    """Right to erasure (admins): anonymise the person now, once their full name is typed to confirm."""
    if actor is None or actor.role is not Role.ADMIN:
        raise NotAllowed("Seul un administrateur peut effacer les données d'une personne.")
    if participant.anonymised_on is not None:
        raise ReferralError("Les données de cette personne sont déjà effacées.")
    if not (typed_name or "").strip():
        raise ReferralError("Tapez le prénom et le nom de la personne pour confirmer.", field="full_name")
    if _comparable(typed_name) != _comparable(participant.full_name):
        raise ReferralError("Le nom tapé ne correspond pas à celui de la personne : rien n'a été effacé. "
                            "Tapez son prénom puis son nom, comme sur sa fiche.", field="full_name")
    anonymise_person(db, participant, actor=actor, reason=ERASURE_REASON, now=now)
