"""What the contract and person pages show of the follow-through: reviews, exit plan, recorded exits,
the person's path (referrals, contracts, reviews, exits) and their self-rating chart. Every query is
scoped: a page never shows a record its reader could not open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from shared.contracts.models import Contract
from shared.exits.models import Exit, ExitPlan
from shared.people.models import Participant, Referral
from shared.reviews.models import RATING_LABELS, ContractReview, ObjectivePosition
from shared.reviews.queries import reviews_of_contract, self_rating_history
from shared.reviews.rules import proposed_review_dates

from ..charts.self_ratings import self_rating_chart, self_rating_figures
from ..extensions import db
from ..scope import scoped




class ContractFollowThrough:
    """For the contract view: its details page lists the reviews, the exit plan and the exit."""

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


class PersonFollowThrough:
    """For the participant view: the person's path and their self-rating chart."""

    def path_of(self, person: Participant) -> list[Step]:
        steps: list[Step] = []
        referrals = db.session.scalars(scoped(select(Referral).where(Referral.participant_id == person.id),
                                               Referral).options(joinedload(Referral.referrer),
                                                                 joinedload(Referral.group)))
        for number, referral in enumerate(referrals.all()):
            steps.append(Step(referral.referred_on, "Nouvelle orientation (retour)" if number else "Orientation",
                              f"par {referral.referrer.full_name} ({referral.referrer.job_title.label}), "
                              f"vers {referral.group.name}"))
        contracts = db.session.scalars(scoped(select(Contract).where(Contract.participant_id == person.id),
                                               Contract)).all()
        for contract in contracts:
            detail = f"du {contract.starts_on:%d/%m/%Y} au {contract.ends_on:%d/%m/%Y}"
            if not contract.is_signed:
                detail += " – pas encore signé"
            if contract.ended_early_on:
                detail += f" – fin anticipée le {contract.ended_early_on:%d/%m/%Y}"
            what = f"Renouvellement (contrat n°{contract.id})" if contract.renews_id else f"Contrat n°{contract.id}"
            steps.append(Step(contract.starts_on, what, detail, url_for("contract.details_view", id=contract.id)))
        reviews = db.session.scalars(scoped(
            select(ContractReview).join(Contract, Contract.id == ContractReview.contract_id)
            .where(Contract.participant_id == person.id), ContractReview)).all()
        for review in reviews:
            steps.append(Step(review.held_on, review.kind.label, f"contrat n°{review.contract_id}",
                              url_for("contract.details_view", id=review.contract_id)))
        exits = db.session.scalars(scoped(select(Exit).where(Exit.participant_id == person.id), Exit)).all()
        for exit_ in exits:
            steps.append(Step(exit_.left_on, "Sortie", exit_.destination.label + (
                f" – {exit_.comment}" if exit_.comment else ""), url_for("exit.details_view", id=exit_.id)))
        order = {"Orientation": 0, "Nouvelle orientation (retour)": 0, "Sortie": 3}
        return sorted(steps, key=lambda s: (s.on, order.get(s.what, 1 if s.what.startswith(("Contrat", "Renouv"))
                                                                   else 2)))

    def self_ratings_of(self, person: Participant) -> dict:
        rows = db.session.execute(scoped(self_rating_history(person.id), Contract)).all()
        figures = self_rating_figures(rows)
        return dict(figures=figures, chart=self_rating_chart(figures) if figures else None,
                    rating_labels=RATING_LABELS)
