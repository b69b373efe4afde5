"""Everything ID'MIX holds about one person, for their right of access (RGPD article 15).

``personal_data(db, participant)`` returns a plain dict (French keys and labels, ISO dates) that the
back-office sends as a JSON file. Anonymous feedback is not in it: by design nothing ties it to anyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload, selectinload

from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract
from shared.exits.models import Exit, ExitPlan
from shared.feedback.models import Feedback
from shared.kiosk.models import WalkIn
from shared.people.models import Participant, Referral
from shared.people.status import status_of
from shared.reviews.models import RATING_LABELS, ContractReview, ObjectivePosition
from shared.sessions.models import Attendance, Session
from shared.staff.models import StaffMember
from shared.writes import operation

FORMAT = "idmix-donnees-personnelles/1"


def personal_data(db: DbSession, participant: Participant, *, now: dt.datetime | None = None) -> dict:
    """The person's data, in a structure they can read and another service can import."""
    contracts = db.scalars(
        select(Contract).where(Contract.participant_id == participant.id).order_by(Contract.starts_on, Contract.id)
        .options(selectinload(Contract.objectives), joinedload(Contract.group), joinedload(Contract.facilitator),
                 joinedload(Contract.referrer))
    ).all()
    contract_ids = [contract.id for contract in contracts]
    reviews = db.scalars(
        select(ContractReview).where(ContractReview.contract_id.in_(contract_ids))
        .order_by(ContractReview.held_on, ContractReview.id)
        .options(selectinload(ContractReview.positions).joinedload(ObjectivePosition.objective),
                 selectinload(ContractReview.self_ratings))
    ).all()
    plans = {plan.contract_id: plan for plan in db.scalars(select(ExitPlan).where(ExitPlan.contract_id.in_(contract_ids)))}
    return {
        "format": FORMAT,
        "exporté_le": (now or clock.now()).isoformat(timespec="seconds"),
        "identité": _identity(participant),
        "orientations": [_referral(r) for r in db.scalars(
            select(Referral).where(Referral.participant_id == participant.id)
            .order_by(Referral.referred_on, Referral.id)
            .options(joinedload(Referral.referrer), joinedload(Referral.group)))],
        "contrats": [_contract(c, [r for r in reviews if r.contract_id == c.id], plans.get(c.id)) for c in contracts],
        "présences": [_attendance(a) for a in db.scalars(
            select(Attendance).join(Session, Session.id == Attendance.session_id)
            .where(Attendance.participant_id == participant.id).order_by(Session.held_on, Attendance.id)
            .options(joinedload(Attendance.session).joinedload(Session.group),
                     joinedload(Attendance.session).joinedload(Session.theme)))],
        "sorties": [_exit(e) for e in db.scalars(
            select(Exit).where(Exit.participant_id == participant.id).order_by(Exit.left_on, Exit.id))],
        "avis_signés": [_feedback(f) for f in db.scalars(
            select(Feedback).where(Feedback.participant_id == participant.id)
            .order_by(Feedback.given_on, Feedback.id))],
        "visites_découverte": [_walk_in(w) for w in db.scalars(
            select(WalkIn).where(WalkIn.participant_id == participant.id).order_by(WalkIn.id)
            .options(joinedload(WalkIn.session)))],
    }


@operation
def record_export(db: DbSession, participant: Participant, *, actor: StaffMember | None,
                  now: dt.datetime | None = None) -> AuditEntry:
    """The audit entry of an export: who took whose data, when (the content is not copied)."""
    entry = AuditEntry(
        at=now or clock.now(), actor_id=actor.id if actor is not None else None, action=AuditAction.EXPORT,
        table_name=Participant.__table__.name, record_id=str(participant.id),
        changes={"export": [None, "données personnelles (fichier JSON)"]},
    )
    db.add(entry)
    db.flush()
    return entry


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _staff(member: StaffMember | None) -> dict | None:
    if member is None:
        return None
    return {"nom": member.full_name, "fonction": member.job_title.label}


def _identity(person: Participant) -> dict:
    return {
        "numéro": person.id,
        "prénom": person.first_name,
        "nom": person.last_name,
        "genre": person.gender.label,
        "année_de_naissance": person.birth_year,
        "commune": person.town,
        "minimum_social": person.benefit.label,
        "téléphone": person.phone,
        "consentement_le": _day(person.consent_on),
        "dernier_contact_le": _day(person.last_contact_on),
        "groupe": person.group.name,
        "situation": status_of(person).label,
        "code_tablette": "défini" if person.pin_hash else "aucun",  # the code itself is never stored
        "anonymisée_le": _day(person.anonymised_on),
    }


def _referral(referral: Referral) -> dict:
    return {
        "date": _day(referral.referred_on),
        "groupe": referral.group.name,
        "orientée_par": _staff(referral.referrer),
        "motif": referral.reason,
        "attentes": referral.expectations,
    }


def _contract(contract: Contract, reviews: list[ContractReview], plan: ExitPlan | None) -> dict:
    return {
        "numéro": contract.id,
        "groupe": contract.group.name,
        "début": _day(contract.starts_on),
        "fin_prévue": _day(contract.ends_on),
        "fin_anticipée_le": _day(contract.ended_early_on),
        "motif_de_fin_anticipée": contract.early_end_reason,
        "renouvelle_le_contrat": contract.renews_id,
        "attentes": contract.expectations,
        "animateur": _staff(contract.facilitator),
        "orienteur": _staff(contract.referrer),
        "signatures": {
            "personne": _day(contract.participant_signed_on),
            "animateur": _day(contract.facilitator_signed_on),
            "orienteur": _day(contract.referrer_signed_on),
        },
        "objectifs": [
            {"libellé": o.wording, "catégorie": o.category.label, "état": o.status.label} for o in contract.objectives
        ],
        "bilans": [_review(review) for review in reviews],
        "projet_de_sortie": _plan(plan),
    }


def _review(review: ContractReview) -> dict:
    return {
        "type": review.kind.label,
        "date": _day(review.held_on),
        "présents": {
            "personne": review.participant_took_part,
            "animateur": review.facilitator_took_part,
            "orienteur": review.referrer_took_part,
        },
        "suite": review.next_steps,
        "objectifs": [
            {"objectif": p.objective.wording, "état": p.status.label, "commentaire": p.comment}
            for p in review.positions
        ],
        "auto_évaluation": [
            {"domaine": r.area.label, "note": r.rating, "réponse": RATING_LABELS.get(r.rating)}
            for r in review.self_ratings
        ],
    }


def _plan(plan: ExitPlan | None) -> dict | None:
    if plan is None:
        return None
    return {
        "destination": plan.destination.label,
        "date_visée": _day(plan.target_on),
        "étapes": plan.steps,
        "partenaires": plan.partners,
    }


def _attendance(attendance: Attendance) -> dict:
    session = attendance.session
    return {
        "date": _day(session.held_on),
        "groupe": session.group.name,
        "séance": session.title or (session.theme.name if session.theme else None),
        "statut": attendance.status.label,
        "séance_d_essai": attendance.is_trial,
        "enregistrée_par": attendance.source.label,
    }


def _exit(exit_: Exit) -> dict:
    return {"date": _day(exit_.left_on), "destination": exit_.destination.label, "commentaire": exit_.comment}


def _feedback(item: Feedback) -> dict:
    return {
        "date": _day(item.given_on),
        "pour": item.scope.label,
        "humeur": item.mood.label,
        "texte": item.text,
        "suivi": item.status.label,
    }


def _walk_in(walk_in: WalkIn) -> dict:
    return {"date": _day(walk_in.session.held_on), "prénom_tapé": walk_in.first_name}
