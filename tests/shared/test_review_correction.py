"""Correcting a recorded review: the rules of the record, rows updated or deleted, objectives' statuses."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from shared.contracts.models import Objective, ObjectiveStatus
from shared.errors import DomainError
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.reviews.operations import correct_review, record_review
from shared.reviews.rules import PositionDraft, ReviewError

D = dt.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def contract(make):
    return make.contract(starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31),
                         objectives=("Sortir de chez moi une fois par semaine", "Cuisiner pour deux"))


def _mid_term(db, contract):
    first, second = contract.objectives
    return record_review(
        db, contract, kind=ReviewKind.MID_TERM, held_on=D(2026, 7, 2), today=TODAY,
        positions=[PositionDraft(first.id, ObjectiveStatus.ACHIEVED, "Vient chaque jeudi"),
                   PositionDraft(second.id, ObjectiveStatus.IN_PROGRESS)],
        participant_took_part=True, next_steps="Rencontrer la CIP",
        self_ratings={LifeArea.GOING_OUT: 3, LifeArea.HEALTH: 2}, actor=contract.facilitator,
    )


def _correct(db, review, **kw):
    first, second = review.contract.objectives
    values = dict(
        held_on=D(2026, 7, 3),
        positions=[PositionDraft(first.id, ObjectiveStatus.IN_PROGRESS, " Deux jeudis sur trois "),
                   PositionDraft(second.id, ObjectiveStatus.IN_PROGRESS)],
        participant_took_part=True, facilitator_took_part=True, referrer_took_part=False,
        next_steps="Rencontrer la CIP en avril", self_ratings={LifeArea.GOING_OUT: 2, LifeArea.HEALTH: 2},
        today=TODAY,
    )
    return correct_review(db, review, **(values | kw))


def _status(db, objective_id):
    return db.scalar(select(Objective.status).where(Objective.id == objective_id))


def _rows(db):
    return tuple(db.scalar(select(func.count()).select_from(model)) for model in (ObjectivePosition, SelfRating))


def test_a_correction_updates_the_review_its_rows_and_the_objectives(db, contract):
    review = _mid_term(db, contract)
    first, second = contract.objectives
    kept_ids = {p.objective_id: p.id for p in review.positions}
    _correct(db, review)
    db.expire_all()
    review = db.get(ContractReview, review.id)
    assert review.kind is ReviewKind.MID_TERM and review.held_on == D(2026, 7, 3)
    assert (review.participant_took_part, review.facilitator_took_part, review.referrer_took_part) == (
        True, True, False)
    assert review.next_steps == "Rencontrer la CIP en avril"
    assert [(p.objective_id, p.status, p.comment) for p in review.positions] == [
        (first.id, ObjectiveStatus.IN_PROGRESS, "Deux jeudis sur trois"), (second.id, ObjectiveStatus.IN_PROGRESS, None)]
    assert {p.objective_id: p.id for p in review.positions} == kept_ids  # the same rows, updated
    assert {r.area: r.rating for r in review.self_ratings} == {LifeArea.GOING_OUT: 2, LifeArea.HEALTH: 2}
    assert review.written_by_id == contract.facilitator.id
    assert _status(db, first.id) is ObjectiveStatus.IN_PROGRESS


def test_positions_and_self_ratings_left_out_are_deleted_and_new_ones_added(db, contract):
    review = _mid_term(db, contract)
    first, second = contract.objectives
    _correct(db, review, positions=[PositionDraft(second.id, ObjectiveStatus.DROPPED)],
             self_ratings={LifeArea.CONFIDENCE: 4})
    db.expire_all()
    review = db.get(ContractReview, review.id)
    assert [(p.objective_id, p.status) for p in review.positions] == [(second.id, ObjectiveStatus.DROPPED)]
    assert {r.area: r.rating for r in review.self_ratings} == {LifeArea.CONFIDENCE: 4}
    assert _rows(db) == (1, 1)
    # The objective without a position any more keeps the status it had.
    assert (_status(db, first.id), _status(db, second.id)) == (ObjectiveStatus.ACHIEVED, ObjectiveStatus.DROPPED)


def test_a_corrected_mid_term_review_leaves_what_the_final_review_set(db, contract):
    review = _mid_term(db, contract)
    first, second = contract.objectives
    record_review(db, contract, kind=ReviewKind.FINAL, held_on=D(2026, 11, 20), today=TODAY,
                  positions=[PositionDraft(first.id, ObjectiveStatus.ACHIEVED)])
    _correct(db, review, positions=[PositionDraft(first.id, ObjectiveStatus.DROPPED),
                                    PositionDraft(second.id, ObjectiveStatus.OPEN)])
    db.expire_all()
    assert _status(db, first.id) is ObjectiveStatus.ACHIEVED  # the final review's word
    assert _status(db, second.id) is ObjectiveStatus.OPEN  # the final review did not position it


def test_a_corrected_final_review_sets_the_objectives(db, contract):
    _mid_term(db, contract)
    first, _ = contract.objectives
    final = record_review(db, contract, kind=ReviewKind.FINAL, held_on=D(2026, 11, 20), today=TODAY,
                          positions=[PositionDraft(first.id, ObjectiveStatus.ACHIEVED)])
    _correct(db, final, held_on=D(2026, 11, 21), positions=[PositionDraft(first.id, ObjectiveStatus.DROPPED)])
    db.expire_all()
    assert _status(db, first.id) is ObjectiveStatus.DROPPED


@pytest.mark.parametrize("kw, message", [
    ({"held_on": D(2025, 12, 31)}, "pendant le contrat"),
    ({"held_on": TODAY + dt.timedelta(days=1)}, "futur"),
    ({"held_on": None}, "Indiquez la date"),
    ({"self_ratings": {LifeArea.HEALTH: 7}}, "de 1 à 4"),
    ({"self_ratings": {"sommeil": 3}}, "domaines"),
    ({"next_steps": "x" * 5000}, "ce qui change ensuite"),
])
def test_a_bad_correction_is_refused_before_anything_changes(db, contract, kw, message):
    review = _mid_term(db, contract)
    with pytest.raises(DomainError, match=message):  # a ReviewError, or the text rule's own
        _correct(db, review, **kw)
    assert not db.dirty and not db.new and not db.deleted


def test_a_position_on_another_contracts_objective_or_with_a_bad_status_is_refused(db, make, contract):
    review = _mid_term(db, contract)
    other = make.contract(starts_on=D(2026, 1, 1))
    with pytest.raises(ReviewError, match="n'appartient pas"):
        _correct(db, review, positions=[PositionDraft(other.objectives[0].id, ObjectiveStatus.ACHIEVED)])
    with pytest.raises(ReviewError, match="Indiquez où en est"):
        _correct(db, review, positions=[PositionDraft(contract.objectives[0].id, "finished")])
    assert not db.dirty


def test_the_final_review_keeps_its_grace_period_when_corrected(db, contract):
    final = record_review(db, contract, kind=ReviewKind.FINAL, held_on=D(2027, 1, 10), today=D(2027, 2, 1))
    _correct(db, final, held_on=D(2027, 1, 30), positions=[], today=D(2027, 2, 1))
    with pytest.raises(ReviewError, match="pendant le contrat"):
        _correct(db, final, held_on=D(2027, 1, 31), positions=[], today=D(2027, 2, 1))


def test_a_second_review_of_the_same_kind_points_to_the_correction(db, contract):
    _mid_term(db, contract)
    with pytest.raises(ReviewError, match="corrigez-le plutôt"):
        record_review(db, contract, kind=ReviewKind.MID_TERM, held_on=D(2026, 7, 10), today=TODAY)
