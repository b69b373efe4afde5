"""What the contract and person pages show of the follow-through: reviews, exit plan, recorded exits,
the person's path (referrals, contracts, reviews, exits) and their self-rating chart. A page never shows a
record its reader could not open: each query is scoped, except two that read what belongs to a contract
already opened through the scope (that contract's reviews, and whether it has an exit plan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from shared import clock
from shared.contracts.models import Contract
from shared.contracts.queries import left_since_start, renewable_among
from shared.contracts.state import contract_state
from shared.dates import fr
from shared.exits.models import Exit, ExitPlan
from shared.feedback.models import Feedback
from shared.people.models import Participant, ParticipantStatus, Referral
from shared.reviews.models import RATING_LABELS, ContractReview, ObjectivePosition
from shared.reviews.queries import reviews_of_contract, self_rating_history
from shared.reviews.rules import proposed_review_dates
from shared.sessions.models import Attendance, AttendanceStatus, Session

from ..extensions import db
from ..reviews.self_ratings import self_rating_chart, self_rating_figures
from ..scope import scoped


class ContractFollowThrough:
    """For the contract view: its details page shows its state and lists the reviews, the exit plan and the exit."""

    @staticmethod
    def state_of(contract: Contract):
        return contract_state(contract, clock.today())

    def follow_through(self, contract: Contract) -> dict:
        reviews = db.session.scalars(reviews_of_contract(contract.id).options(
            selectinload(ContractReview.positions).joinedload(ObjectivePosition.objective),
            selectinload(ContractReview.self_ratings), joinedload(ContractReview.written_by))).all()
        plan = db.session.scalar(scoped(select(ExitPlan).where(ExitPlan.contract_id == contract.id), ExitPlan))
        exits = db.session.scalars(scoped(select(Exit).where(Exit.contract_id == contract.id), Exit)
                                   .order_by(Exit.left_on)).all()
        return dict(reviews=reviews, done={review.kind for review in reviews}, plan=plan, exits=exits,
                    proposed=proposed_review_dates(contract), rating_labels=RATING_LABELS)


@dataclass(frozen=True)
class Step:
    """One line of a person's path in the group."""

    on: dt.date
    what: str
    detail: str
    url: str | None = None
    kind: str = "contract"  # referral, trial, attendance, contract, review, opinion, exit: its place on a day


KIND_ORDER = {kind: number for number, kind in enumerate(
    ("referral", "trial", "attendance", "contract", "review", "opinion", "exit"))}


@dataclass(frozen=True)
class HubAction:
    """A button of the person's page: the next thing to do in their path."""

    label: str
    url: str
    primary: bool = False


def _session_title(session) -> str:
    return session.title or (session.theme.name if session.theme else "Séance")


class PersonFollowThrough:
    """For the participant view: the person's path (their timeline), the next steps, and their
    self-rating chart."""

    def path_of(self, person: Participant) -> list[Step]:
        steps: list[Step] = []
        referrals = db.session.scalars(scoped(select(Referral).where(Referral.participant_id == person.id),
                                               Referral).options(joinedload(Referral.referrer),
                                                                 joinedload(Referral.group)))
        for number, referral in enumerate(referrals.all()):
            steps.append(Step(referral.referred_on, "Nouvelle orientation (retour)" if number else "Orientation",
                              f"par {referral.referrer.full_name} ({referral.referrer.job_title.label}), "
                              f"vers {referral.group.name}", kind="referral"))
        attendances = db.session.scalars(scoped(
            select(Attendance).join(Session, Session.id == Attendance.session_id)
            .where(Attendance.participant_id == person.id), Attendance)
            .options(joinedload(Attendance.session).joinedload(Session.theme))).all()
        for attendance in attendances:
            session = attendance.session
            trial = attendance.is_trial and attendance.status is AttendanceStatus.PRESENT
            steps.append(Step(session.held_on, "Séance d'essai" if trial else f"Séance : {attendance.status.label.lower()}",
                              _session_title(session), url_for("session.details_view", id=session.id),
                              kind="trial" if trial else "attendance"))
        contracts = db.session.scalars(scoped(select(Contract).where(Contract.participant_id == person.id),
                                               Contract)).all()
        for contract in contracts:
            detail = f"du {fr(contract.starts_on)} au {fr(contract.ends_on)}"
            if not contract.is_signed:
                detail += " – pas encore signé"
            if contract.ended_early_on:
                detail += f" – fin anticipée le {fr(contract.ended_early_on)}"
            what = f"Renouvellement (contrat n°{contract.id})" if contract.renews_id else f"Contrat n°{contract.id}"
            steps.append(Step(contract.starts_on, what, detail, url_for("contract.details_view", id=contract.id)))
        reviews = db.session.scalars(scoped(
            select(ContractReview).join(Contract, Contract.id == ContractReview.contract_id)
            .where(Contract.participant_id == person.id), ContractReview)).all()
        for review in reviews:
            steps.append(Step(review.held_on, review.kind.label, f"contrat n°{review.contract_id}",
                              url_for("contract.details_view", id=review.contract_id), kind="review"))
        opinions = db.session.scalars(scoped(select(Feedback).where(Feedback.participant_id == person.id),
                                             Feedback)).all()
        for opinion in opinions:  # signed opinions only: an anonymous one is tied to nobody
            steps.append(Step(opinion.given_on, f"Avis : {opinion.mood.label.lower()}",
                              f"« {opinion.text} »" if opinion.text else opinion.scope.label,
                              url_for("feedback.details_view", id=opinion.id), kind="opinion"))
        exits = db.session.scalars(scoped(select(Exit).where(Exit.participant_id == person.id), Exit)).all()
        for exit_ in exits:
            steps.append(Step(exit_.left_on, "Sortie", exit_.destination.label + (
                f", vers {exit_.partner.name}" if exit_.partner else "") + (
                f" – {exit_.comment}" if exit_.comment else ""), url_for("exit.details_view", id=exit_.id),
                kind="exit"))
        return sorted(steps, key=lambda s: (s.on, KIND_ORDER[s.kind]))

    def next_actions_of(self, person: Participant) -> list[HubAction]:
        """The buttons of the person's page: first contract, signatures, renewal, exit plan, exit."""
        if person.status_code == ParticipantStatus.LEFT.value or person.closed_on is not None:
            return []
        latest = db.session.scalar(scoped(select(Contract).where(Contract.participant_id == person.id), Contract)
                                   .order_by(Contract.starts_on.desc(), Contract.id.desc()).limit(1))
        actions: list[HubAction] = []
        returned = None
        if latest is None:
            actions.append(HubAction("Créer le premier contrat",
                                     url_for("contract.create_view", participant=person.id), primary=True))
        elif not latest.is_signed:
            actions.append(HubAction(f"Faire signer le contrat n°{latest.id}",
                                     url_for("contract_signatures.sign", contract_id=latest.id), primary=True))
        elif returned := db.session.scalar(select(Contract.id).where(Contract.id == latest.id, left_since_start())):
            # They left since that contract and came back (a new referral): a new contract, not a renewal.
            actions.append(HubAction("Créer un nouveau contrat",
                                     url_for("contract.create_view", participant=person.id), primary=True))
        elif db.session.scalar(renewable_among([latest.id])) is not None:
            actions.append(HubAction("Renouveler le contrat", url_for("contract_renewal.renew", contract_id=latest.id),
                                     primary=latest.last_day < clock.today()))
            plan = db.session.scalar(select(ExitPlan.id).where(ExitPlan.contract_id == latest.id))
            actions.append(HubAction("Modifier le projet de sortie" if plan else "Préparer la sortie",
                                     url_for("exit_plan.edit", contract_id=latest.id)))
        ended = (latest is not None and latest.is_signed and not returned
                 and (latest.ended_early_on or latest.last_day < clock.today()))
        actions.append(HubAction("Enregistrer la sortie", url_for("exit.create_view", participant=person.id),
                                 primary=bool(ended and latest.ended_early_on)))
        return actions

    def self_ratings_of(self, person: Participant) -> dict:
        rows = db.session.execute(scoped(self_rating_history(person.id), Contract)).all()
        figures = self_rating_figures(rows)
        return dict(figures=figures, chart=self_rating_chart(figures) if figures else None,
                    rating_labels=RATING_LABELS)
