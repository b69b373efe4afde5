"""Issuing, revoking and reissuing an attestation, and a person's request for one. Operations flush, never commit.

The person chooses what the attestation says: each proposed item is stored with their answer, and those they
agreed to with the day they agreed. Only proposed items (``shared.attestations.content``), skills of the list
and a sentence of their own can be in it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.attestations.codes import new_code
from shared.attestations.content import proposals
from shared.attestations.models import (MAX_OWN_WORDS, Attestation, AttestationItem, AttestationRequest,
                                        ItemKind)
from shared.attestations.queries import pending_requests
from shared.attestations.skills import skill_choices
from shared.dates import fr
from shared.errors import DomainError
from shared.people.models import Participant
from shared.staff.models import StaffMember
from shared.text import strip_control_characters
from shared.writes import operation


class AttestationError(DomainError):
    """An attestation cannot be issued, revoked or asked for as it stands."""


def structure_of(participant: Participant) -> str:
    group = participant.group
    return f"{group.location} – {group.district}"


def clean_own_words(text: str | None) -> str | None:
    words = " ".join(strip_control_characters(text or "").split())
    if len(words) > MAX_OWN_WORDS:
        raise AttestationError(f"La phrase de la personne : {MAX_OWN_WORDS} caractères au plus "
                               f"({len(words)} écrits).", field="own_words")
    return words or None


def _check_skills(db: DbSession, skills: Iterable[str]) -> list[str]:
    """The skills chosen, in the list's order; one that is not (or no longer) offered is refused."""
    offered, chosen = skill_choices(db), set(skills)
    if chosen - set(offered):
        raise AttestationError("Une compétence choisie n'est plus dans la liste : rechargez la page.", field="skills")
    return [name for name in offered if name in chosen]


@operation
def issue_attestation(db: DbSession, participant: Participant, *, consented: Iterable[str],
                      skills: Iterable[str] = (), own_words: str | None = None, actor: StaffMember,
                      replaces: Attestation | None = None) -> Attestation:
    """A new attestation: every proposed item with the person's answer; refused when it would say nothing."""
    if participant.anonymised_on is not None:
        raise AttestationError("Cette personne a été anonymisée : aucune attestation ne peut plus être faite.")
    today = clock.today()
    offered = proposals(db, participant)
    consented = set(consented)
    unknown = consented - {proposal.key for proposal in offered}
    if unknown:
        raise AttestationError("Le parcours de la personne a changé pendant la saisie : rechargez la page.")
    chosen_skills = _check_skills(db, list(skills))
    words = clean_own_words(own_words)
    if not consented and not chosen_skills and not words:
        raise AttestationError("L'attestation ne dirait rien : cochez au moins une ligne que la personne accepte.",
                               field="consented")
    attestation = Attestation(
        participant_id=participant.id, group_id=participant.group_id, code=_unused_code(db), issued_on=today,
        issued_by_id=actor.id, signed_by=actor.full_name, structure=structure_of(participant),
        replaces_id=replaces.id if replaces is not None else None)
    rows = [(proposal.kind, proposal.text, proposal.key in consented) for proposal in offered]
    rows += [(ItemKind.SKILL, name, True) for name in chosen_skills]
    if words:
        rows.append((ItemKind.OWN_WORDS, words, True))
    attestation.items = [
        AttestationItem(position=n, kind=kind, text=text, included=included, consent_on=today if included else None)
        for n, (kind, text, included) in enumerate(rows)]
    db.add(attestation)
    for request in db.scalars(pending_requests(participant.id)):
        request.answered_on = today
    return attestation


@operation
def revoke_attestation(db: DbSession, attestation: Attestation, *, actor: StaffMember) -> Attestation:
    """The public page then says « révoquée »; the attestation stays in the person's file."""
    if attestation.revoked:
        raise AttestationError(f"Cette attestation est déjà révoquée depuis le {fr(attestation.revoked_on)}.")
    attestation.revoked_on = clock.today()
    attestation.revoked_by_id = actor.id
    return attestation


@operation
def reissue_attestation(db: DbSession, previous: Attestation, *, consented: Iterable[str],
                        skills: Iterable[str] = (), own_words: str | None = None,
                        actor: StaffMember) -> Attestation:
    """A new attestation in place of ``previous``, which is revoked (if it was not already)."""
    if db.scalar(select(Attestation.id).where(Attestation.replaces_id == previous.id)) is not None:
        raise AttestationError("Cette attestation a déjà été refaite : partez de la plus récente.")
    if not previous.revoked:
        revoke_attestation(db, previous, actor=actor)
    return issue_attestation(db, previous.participant, consented=consented, skills=skills, own_words=own_words,
                             actor=actor, replaces=previous)


@operation
def request_attestation(db: DbSession, participant: Participant) -> AttestationRequest:
    """« Je demande mon attestation » on the tablet: one request waiting at a time."""
    waiting = db.scalar(pending_requests(participant.id))
    if waiting is not None:
        return waiting
    request = AttestationRequest(participant_id=participant.id, requested_on=clock.today())
    db.add(request)
    return request


def _unused_code(db: DbSession) -> str:
    while True:
        code = new_code()
        if db.scalar(select(Attestation.id).where(Attestation.code == code)) is None:
            return code
