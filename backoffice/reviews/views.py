"""Bilans: every contract review one may see, read-only (a review is recorded from its contract's page,
through ``shared.reviews.operations.record_review``). A review is visible iff its contract is."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from shared.contracts.models import Contract, ObjectiveStatus
from shared.dates import fr
from shared.people.models import Participant
from shared.reviews.models import ContractReview, ObjectivePosition, ReviewKind
from shared.reviews.operations import delete_review

from ..core.base import current_staff
from ..extensions import db

from ..core.common import EntityView
from ..core.filters import ChoiceFilter
from ..core.formatters import link

REVIEW_LABELS = {
    "person": "Personne", "contract": "Contrat", "kind": "Bilan", "held_on": "Date", "took_part": "Présents",
    "outcome": "Objectifs", "positions": "Où en sont les objectifs", "self_ratings": "Avis de la personne",
    "next_steps": "Ce qui change ensuite", "written_by": "Saisi par",
    "contract.participant.last_name": "Nom", "contract.participant.first_name": "Prénom",
}


def took_part(review: ContractReview) -> str:
    present = [who for who, yes in (("la personne", review.participant_took_part),
                                    ("l'animateur(trice)", review.facilitator_took_part),
                                    ("l'orienteur", review.referrer_took_part)) if yes]
    return ", ".join(present) if present else "non renseigné"


def outcome(review: ContractReview) -> str:
    achieved = sum(p.status is ObjectiveStatus.ACHIEVED for p in review.positions)
    return f"{achieved} atteint{'s' if achieved > 1 else ''} sur {len(review.positions)}"


def _person(view, context, model, name):
    person = model.contract.participant
    return link(url_for("participant.details_view", id=person.id), person.full_name)


def _contract(view, context, model, name):
    return link(url_for("contract.details_view", id=model.contract_id), f"n°{model.contract_id}")


def _positions(view, context, model, name):
    items = Markup("").join(
        Markup("<li>%s : <strong>%s</strong>%s</li>") % (
            p.objective.wording, p.status.label, Markup(" – <em>%s</em>") % p.comment if p.comment else "")
        for p in model.positions
    )
    return Markup('<ul class="mb-0">%s</ul>') % items if model.positions else "—"


def _self_ratings(view, context, model, name):
    return " ; ".join(f"{r.area.label} : {r.rating}/4" for r in model.self_ratings) or "—"


class ReviewView(EntityView):
    endpoint_name = "review"
    list_help = "Un bilan se fait depuis la page du contrat : « Faire le bilan à mi-parcours » ou « final »."
    column_list = ["person", "contract", "kind", "held_on", "took_part", "outcome", "next_steps"]
    column_details_list = ["person", "contract", "kind", "held_on", "took_part", "positions", "self_ratings",
                           "next_steps", "written_by"]
    column_export_list = ["person", "contract", "kind", "held_on", "took_part", "outcome"]
    column_labels = REVIEW_LABELS
    column_searchable_list = ["contract.participant.last_name", "contract.participant.first_name"]
    column_sortable_list = ["held_on", "kind"]
    column_default_sort = ("held_on", True)
    list_loads = (joinedload(ContractReview.contract).joinedload(Contract.participant).defer(Participant.status_code),
                  selectinload(ContractReview.positions).joinedload(ObjectivePosition.objective),
                  selectinload(ContractReview.self_ratings), joinedload(ContractReview.written_by))
    column_formatters = {"person": _person, "contract": _contract, "took_part": lambda v, c, m, n: took_part(m),
                         "outcome": lambda v, c, m, n: outcome(m), "positions": _positions,
                         "self_ratings": _self_ratings}
    column_formatters_export = {"person": lambda v, c, m, n: m.contract.participant.full_name,
                                "contract": lambda v, c, m, n: f"du {fr(m.contract.starts_on)} au {fr(m.contract.ends_on)}",
                                "took_part": lambda v, c, m, n: took_part(m), "outcome": lambda v, c, m, n: outcome(m)}

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return False

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return False

    def delete_record(self, model) -> None:
        """A review recorded by mistake goes with its positions and self-ratings (each audited)."""
        delete_review(db.session, model, actor=current_staff())

    @property
    def column_filters(self):
        return [ChoiceFilter(ContractReview.kind, "Bilan",
                             {k.value: (lambda k=k: ContractReview.kind == k) for k in ReviewKind},
                             {k.value: k.label for k in ReviewKind})]
