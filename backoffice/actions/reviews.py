"""The mid-term or final review of a contract: where each objective stands, who took part, the
person's own self-rating on our life areas, and what changes next. A thin page over
``shared.reviews.operations.record_review``: every rule and message comes from there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import flash, redirect, request
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from shared import clock
from shared.contracts.models import Contract, Objective, ObjectiveStatus
from shared.dates import fr
from shared.errors import DomainError
from shared.reviews.models import (
    MAX_POSITION_COMMENT,
    RATING_LABELS,
    RATING_MAX,
    RATING_MIN,
    ContractReview,
    LifeArea,
    ReviewKind,
)
from shared.reviews.operations import record_review
from shared.reviews.queries import reviews_of_contract
from shared.reviews.rules import PositionDraft, ReviewError, check_contract_reviewable, proposed_review_dates

from ..extensions import db
from ..views.base import current_staff
from .base import ActionView, contract_url, form_level_errors, scoped_or_404, show_domain_error
from .forms import choices, required_date

STATUS_PREFIX, COMMENT_PREFIX, RATING_PREFIX = "status-", "comment-", "rating-"
SECTIONS = ("positions", "self_ratings")  # the domain's fields that are groups of rows, not one input
PROPOSED_WHEN = {ReviewKind.MID_TERM: "au milieu du contrat", ReviewKind.FINAL: "30 jours avant la fin du contrat"}


class ReviewForm(FlaskForm):
    """The fixed fields; the rows (``status-<objective>``, ``comment-<objective>``, ``rating-<area>``)
    are read from the request, since they depend on the contract."""

    # The value is checked by the domain (``check_review_date``), whose message is the one shown.
    kind = SelectField("Type de bilan", choices=choices(ReviewKind.choices()), validate_choice=False)
    held_on = required_date("Date du bilan")
    participant_took_part = BooleanField("La personne")
    facilitator_took_part = BooleanField("L'animateur ou l'animatrice")
    referrer_took_part = BooleanField("Le travailleur social orienteur")
    next_steps = TextAreaField("Ce qui change ensuite",
                               validators=[Optional(), Length(max=4000, message="4 000 caractères au plus.")])


@dataclass(frozen=True)
class PositionRow:
    objective: Objective
    status: str
    comment: str


@dataclass(frozen=True)
class RatingRow:
    area: LifeArea
    rating: str  # "" when the question was not asked


def review_kind(value) -> ReviewKind | None:
    try:
        return ReviewKind(value)
    except ValueError:
        return None


def kinds_done(contract: Contract) -> dict[ReviewKind, ContractReview]:
    return {review.kind: review for review in db.session.scalars(reviews_of_contract(contract.id))}


def default_date(contract: Contract, kind: ReviewKind, today: dt.date) -> dt.date:
    """The proposed date, or today while the proposed date is still ahead (a review is never in the future)."""
    proposed = getattr(proposed_review_dates(contract), kind.value)
    return min(proposed, today)


def posted_positions(form) -> list[PositionDraft]:
    drafts = []
    for key, value in form.items():
        if not key.startswith(STATUS_PREFIX):
            continue
        raw_id = key.removeprefix(STATUS_PREFIX)
        try:
            objective_id = int(raw_id)
        except ValueError:
            raise ReviewError("Une ligne des objectifs n'est pas valide : rechargez la page et réessayez.",
                              field="positions") from None
        try:
            status = ObjectiveStatus(value)
        except ValueError:
            raise ReviewError("Indiquez où en est chaque objectif : à commencer, en cours, atteint ou abandonné.",
                              field="positions") from None
        drafts.append(PositionDraft(objective_id, status, form.get(COMMENT_PREFIX + raw_id)))
    return drafts


def posted_ratings(form) -> dict:
    """``rating-<area>=1..4``; an empty answer means the question was not asked. Unknown areas and
    out-of-range answers go to the domain, which refuses them with its own message."""
    ratings: dict = {}
    for key, value in form.items():
        if not key.startswith(RATING_PREFIX) or value == "":
            continue
        raw_area = key.removeprefix(RATING_PREFIX)
        try:
            area = LifeArea(raw_area)
        except ValueError:
            area = raw_area
        try:
            ratings[area] = int(value)
        except ValueError:
            label = area.label if isinstance(area, LifeArea) else raw_area
            raise ReviewError(f"« {label} » : la réponse va de {RATING_MIN} à {RATING_MAX}.",
                              field="self_ratings") from None
    return ratings


def position_rows(contract: Contract) -> list[PositionRow]:
    """One row per objective: what was posted (after a refused submit), else its current status."""
    posted = request.method == "POST"
    return [
        PositionRow(
            objective,
            request.form.get(STATUS_PREFIX + str(objective.id), objective.status.value) if posted
            else objective.status.value,
            request.form.get(COMMENT_PREFIX + str(objective.id), "") if posted else "",
        )
        for objective in contract.objectives
    ]


def rating_rows() -> list[RatingRow]:
    return [RatingRow(area, request.form.get(RATING_PREFIX + area.value, "")) for area in LifeArea]


class ContractReviewView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def review(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        done = kinds_done(contract)
        form = ReviewForm()
        sections: dict[str, list[str]] = {}
        if request.method == "GET":
            kind = review_kind(request.args.get("kind")) or next(
                (k for k in ReviewKind if k not in done), ReviewKind.FINAL)
            form.kind.data = kind.value
            form.held_on.data = default_date(contract, kind, clock.today())
        elif form.validate_on_submit():
            try:
                review = self._record(contract, form)
            except DomainError as error:
                self._show(form, sections, error)
                contract = scoped_or_404(Contract, contract_id)
                done = kinds_done(contract)
            except IntegrityError:  # the same review recorded at the same moment by someone else
                db.session.rollback()
                form.form_errors.append("Ce bilan vient d'être enregistré par quelqu'un d'autre : "
                                        "revenez au contrat pour le lire.")
                contract = scoped_or_404(Contract, contract_id)
                done = kinds_done(contract)
            else:
                flash(f"{review.kind.label} du {fr(review.held_on)} enregistré. L'avancement des objectifs "
                      "du contrat est mis à jour.", "success")
                return redirect(contract_url(contract.id))
        kind = review_kind(form.kind.data) or ReviewKind.MID_TERM
        return self.render(
            "actions/review.html", contract=contract, form=form, errors=form_level_errors(form),
            sections=sections, done=done, not_reviewable=_not_reviewable(contract),
            positions=position_rows(contract), ratings=rating_rows(), statuses=list(ObjectiveStatus),
            rating_labels=RATING_LABELS, comment_max=MAX_POSITION_COMMENT,
            proposed=proposed_review_dates(contract), proposed_when=PROPOSED_WHEN, kind=kind,
            status_prefix=STATUS_PREFIX, comment_prefix=COMMENT_PREFIX, rating_prefix=RATING_PREFIX,
        )

    @staticmethod
    def _record(contract: Contract, form: ReviewForm) -> ContractReview:
        return record_review(
            db.session, contract,
            kind=review_kind(form.kind.data),
            held_on=form.held_on.data,
            positions=posted_positions(request.form),
            participant_took_part=form.participant_took_part.data,
            facilitator_took_part=form.facilitator_took_part.data,
            referrer_took_part=form.referrer_took_part.data,
            next_steps=form.next_steps.data,
            self_ratings=posted_ratings(request.form),
            actor=current_staff(),
        )

    @staticmethod
    def _show(form: ReviewForm, sections: dict[str, list[str]], error: DomainError) -> None:
        if error.field in SECTIONS:
            db.session.rollback()  # as show_domain_error does: nothing of a refused review stays
            sections.setdefault(error.field, []).append(error.message)
        else:
            show_domain_error(form, error)


def _not_reviewable(contract: Contract) -> str | None:
    try:
        check_contract_reviewable(contract)
    except DomainError as error:
        return error.message
    return None
