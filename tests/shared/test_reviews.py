import datetime as dt

import pytest
from sqlalchemy import select

from shared.contracts.models import Objective, ObjectiveStatus
from shared.reviews.models import ContractReview, LifeArea, ReviewKind
from shared.reviews.operations import record_review
from shared.reviews.queries import self_rating_history
from shared.reviews.rules import PositionDraft, ReviewError, proposed_review_dates

D = dt.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def contract(make):
    return make.contract(starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31),
                         objectives=("Sortir de chez moi une fois par semaine", "Cuisiner pour deux"))


def _review(db, contract, kind=ReviewKind.MID_TERM, held_on=D(2026, 7, 2), **kw):
    return record_review(db, contract, kind=kind, held_on=held_on, today=TODAY, **kw)


def test_review_dates_are_proposed_at_the_middle_and_30_days_before_the_end(contract):
    dates = proposed_review_dates(contract)
    assert dates.mid_term == D(2026, 7, 2)
    assert dates.final == D(2026, 12, 1)


def test_short_contract_final_review_is_not_proposed_before_the_start(make):
    contract = make.contract(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 20))
    assert proposed_review_dates(contract).final == D(2026, 3, 1)


def test_review_records_positions_participants_next_steps_and_self_ratings(db, make, contract):
    first, second = contract.objectives
    review = _review(
        db, contract,
        positions=[PositionDraft(first.id, ObjectiveStatus.ACHIEVED, "  Vient chaque jeudi  "),
                   PositionDraft(second.id, ObjectiveStatus.IN_PROGRESS)],
        participant_took_part=True, facilitator_took_part=True, referrer_took_part=False,
        next_steps="Rencontrer la CIP", self_ratings={LifeArea.GOING_OUT: 3, LifeArea.HEALTH: 2},
        actor=contract.facilitator,
    )
    assert [(p.objective_id, p.status, p.comment) for p in review.positions] == [
        (first.id, ObjectiveStatus.ACHIEVED, "Vient chaque jeudi"), (second.id, ObjectiveStatus.IN_PROGRESS, None)]
    assert (review.participant_took_part, review.facilitator_took_part, review.referrer_took_part) == (
        True, True, False)
    assert {r.area: r.rating for r in review.self_ratings} == {LifeArea.GOING_OUT: 3, LifeArea.HEALTH: 2}
    # The objective shows its latest known outcome.
    assert db.scalar(select(Objective.status).where(Objective.id == first.id)) is ObjectiveStatus.ACHIEVED


def test_unsigned_contract_cannot_be_reviewed(db, make):
    contract = make.contract(signed=False, starts_on=D(2026, 1, 1))
    with pytest.raises(ReviewError, match="signé"):
        _review(db, contract, held_on=D(2026, 3, 1))


@pytest.mark.parametrize("kind, held_on", [
    (ReviewKind.MID_TERM, D(2025, 12, 31)),   # before the start
    (ReviewKind.MID_TERM, D(2027, 1, 1)),     # a mid-term review after the end
    (ReviewKind.FINAL, D(2027, 1, 31)),       # 31 days after the end
])
def test_review_outside_the_contract_is_refused(db, contract, kind, held_on):
    with pytest.raises(ReviewError, match="pendant le contrat"):
        record_review(db, contract, kind=kind, held_on=held_on, today=D(2027, 6, 1))


def test_final_review_up_to_30_days_after_the_end_is_accepted(db, contract):
    review = record_review(db, contract, kind=ReviewKind.FINAL, held_on=D(2027, 1, 30), today=D(2027, 6, 1))
    assert review.id is not None


def test_review_in_the_future_is_refused(db, contract):
    with pytest.raises(ReviewError, match="futur"):
        _review(db, contract, held_on=TODAY + dt.timedelta(days=1))


def test_second_mid_term_review_is_refused(db, contract):
    _review(db, contract)
    with pytest.raises(ReviewError, match="déjà un bilan à mi-parcours"):
        _review(db, contract, held_on=D(2026, 7, 10))
    assert _review(db, contract, kind=ReviewKind.FINAL, held_on=D(2026, 11, 20)).kind is ReviewKind.FINAL


def test_an_objective_gets_at_most_one_position_per_review(db, contract):
    objective = contract.objectives[0]
    with pytest.raises(ReviewError, match="qu'une position"):
        _review(db, contract, positions=[PositionDraft(objective.id, ObjectiveStatus.ACHIEVED),
                                         PositionDraft(objective.id, ObjectiveStatus.DROPPED)])
    db.flush()
    assert db.scalars(select(ContractReview).where(ContractReview.contract_id == contract.id)).all() == []


def test_position_on_another_contracts_objective_is_refused(db, make, contract):
    other = make.contract(starts_on=D(2026, 1, 1))
    with pytest.raises(ReviewError, match="n'appartient pas"):
        _review(db, contract, positions=[PositionDraft(other.objectives[0].id, ObjectiveStatus.ACHIEVED)])


@pytest.mark.parametrize("ratings", [
    {LifeArea.HEALTH: 0}, {LifeArea.HEALTH: 5}, {LifeArea.HEALTH: True}, {LifeArea.HEALTH: 2.5},
    {"sommeil": 3},
])
def test_self_ratings_are_1_to_4_on_known_areas_only(db, contract, ratings):
    with pytest.raises(ReviewError):
        _review(db, contract, self_ratings=ratings)


def test_self_rating_history_gives_one_reading_per_review_oldest_first(db, make):
    first = make.contract(starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))
    _review(db, first, held_on=D(2025, 7, 1), self_ratings={LifeArea.GOING_OUT: 1})
    _review(db, first, kind=ReviewKind.FINAL, held_on=D(2025, 12, 1), self_ratings={LifeArea.GOING_OUT: 2})
    second = make.contract(first.participant, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    _review(db, second, held_on=D(2026, 7, 1), self_ratings={LifeArea.GOING_OUT: 4, LifeArea.HEALTH: 3})
    rows = db.execute(self_rating_history(first.participant_id)).all()
    assert [(r.held_on, r.area, r.rating) for r in rows] == [
        (D(2025, 7, 1), LifeArea.GOING_OUT, 1), (D(2025, 12, 1), LifeArea.GOING_OUT, 2),
        (D(2026, 7, 1), LifeArea.GOING_OUT, 4), (D(2026, 7, 1), LifeArea.HEALTH, 3)]


def test_life_areas_are_our_own_short_french_wordings():
    assert LifeArea.GOING_OUT.label == "Sortir de chez moi"
    assert all(len(area.label) <= 30 for area in LifeArea)
