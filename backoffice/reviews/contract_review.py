"""The mid-term or final review of a contract: where each objective stands, who took part, the
person's own self-rating on our life areas, and what changes next; and its correction. Thin pages
over ``shared.reviews.operations.record_review`` and ``correct_review``: every rule and message
comes from there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort, flash, redirect, request
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
from shared.reviews.operations import correct_review, record_review
from shared.reviews.queries import reviews_of_contract
from shared.reviews.rules import PositionDraft, ReviewError, check_contract_reviewable, proposed_review_dates

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..core.fields import choices, required_date
from ..extensions import db

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


class CorrectionForm(ReviewForm):
    """The same fields but the kind: a corrected review keeps its own."""

    kind = None


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


def recorded_review(contract: Contract, kind: ReviewKind | None) -> ContractReview:
    """The contract's review of this kind; a 404 when there is none (or the kind is unknown)."""
    review = kinds_done(contract).get(kind)
    if review is None:
        abort(404)
    return review


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
            raise ReviewError("Une ligne des objectifs n'est pas valide : rechargez la page et réessayez.",
                              field="positions") from None
        try:
            status = ObjectiveStatus(value)
        except ValueError:
            raise ReviewError("Indiquez où en est chaque objectif : à commencer, en cours, atteint ou abandonné.",
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
            raise ReviewError(f"« {label} » : la réponse va de {RATING_MIN} à {RATING_MAX}.",
                              field="self_ratings") from None
    return ratings


def position_rows(contract: Contract, review: ContractReview | None = None) -> list[PositionRow]:
    """One row per objective: what was posted (after a refused submit), else what the corrected review
    recorded, else the objective's current status."""
    posted = request.method == "POST"
    recorded = {position.objective_id: position for position in review.positions} if review else {}
    rows = []
    for objective in contract.objectives:
        position = recorded.get(objective.id)
        status = (position.status if position else objective.status).value
        comment = (position.comment or "") if position else ""
        if posted:
            status = request.form.get(STATUS_PREFIX + str(objective.id), status)
            comment = request.form.get(COMMENT_PREFIX + str(objective.id), "")
        rows.append(PositionRow(objective, status, comment))
    return rows


def rating_rows(review: ContractReview | None = None) -> list[RatingRow]:
    """What was posted, else what the corrected review recorded ("" where the question was not asked)."""
    if request.method == "POST" or review is None:
        return [RatingRow(area, request.form.get(RATING_PREFIX + area.value, "")) for area in LifeArea]
    recorded = {row.area: str(row.rating) for row in review.self_ratings}
    return [RatingRow(area, recorded.get(area, "")) for area in LifeArea]


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
                form.form_errors.append("Ce bilan vient d'être enregistré par quelqu'un d'autre : "
                                        "revenez au contrat pour le lire.")
                contract = scoped_or_404(Contract, contract_id)
                done = kinds_done(contract)
            else:
                flash(f"{review.kind.label} du {fr(review.held_on)} enregistré. L'avancement des objectifs "
                      "du contrat est mis à jour.", "success")
                return redirect(contract_url(contract.id))
        return self._page(contract, form, sections, done, review_kind(form.kind.data) or ReviewKind.MID_TERM)

    @expose("/<int:contract_id>/<kind>/corriger", methods=("GET", "POST"))
    def correct(self, contract_id: int, kind: str):
        """The recorded review of this kind, in the same form, pre-filled; saved through ``correct_review``."""
        contract = scoped_or_404(Contract, contract_id)
        review_of = review_kind(kind)
        review = recorded_review(contract, review_of)
        form = CorrectionForm(obj=review)
        sections: dict[str, list[str]] = {}
        if form.validate_on_submit():
            try:
                self._correct(review, form)
            except DomainError as error:
                self._show(form, sections, error)
            except IntegrityError:  # a row added at the same moment by someone else correcting it too
                db.session.rollback()
                form.form_errors.append("Ce bilan vient d'être corrigé par quelqu'un d'autre : "
                                        "revenez au contrat pour le lire.")
            else:
                later = review_of is ReviewKind.MID_TERM and ReviewKind.FINAL in kinds_done(contract)
                flash(f"{review.kind.label} du {fr(review.held_on)} corrigé."
                      + (" Les objectifs notés au bilan final gardent la position qu'il leur a donnée."
                         if later else ""), "success")
                return redirect(contract_url(contract.id))
            contract = scoped_or_404(Contract, contract_id)  # after the rollback: as recorded
            review = recorded_review(contract, review_of)
        return self._page(contract, form, sections, kinds_done(contract), review_of, correcting=review)

    def _page(self, contract: Contract, form, sections, done, kind: ReviewKind,
              correcting: ContractReview | None = None):
        return self.render(
            "reviews/review.html", contract=contract, form=form, errors=form_level_errors(form),
            sections=sections, done=done, not_reviewable=_not_reviewable(contract), correcting=correcting,
            positions=position_rows(contract, correcting), ratings=rating_rows(correcting),
            statuses=list(ObjectiveStatus), rating_labels=RATING_LABELS, comment_max=MAX_POSITION_COMMENT,
            proposed=proposed_review_dates(contract), proposed_when=PROPOSED_WHEN, kind=kind,
            status_prefix=STATUS_PREFIX, comment_prefix=COMMENT_PREFIX, rating_prefix=RATING_PREFIX,
        )

    @staticmethod
    def _posted(form) -> dict:
        """What the form says of a review, as the domain's record and correct operations take it."""
        return dict(
            held_on=form.held_on.data,
            positions=posted_positions(request.form),
            participant_took_part=form.participant_took_part.data,
            facilitator_took_part=form.facilitator_took_part.data,
            referrer_took_part=form.referrer_took_part.data,
            next_steps=form.next_steps.data,
            self_ratings=posted_ratings(request.form),
            actor=current_staff(),
        )

    @classmethod
    def _record(cls, contract: Contract, form: ReviewForm) -> ContractReview:
        return record_review(db.session, contract, kind=review_kind(form.kind.data), **cls._posted(form))

    @classmethod
    def _correct(cls, review: ContractReview, form: CorrectionForm) -> ContractReview:
        return correct_review(db.session, review, **cls._posted(form))

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
