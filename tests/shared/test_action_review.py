import datetime as dt

import pytest
from sqlalchemy import select

from shared.evaluation.models import ActionReview
from shared.evaluation.operations import update_action_review, write_action_review
from shared.evaluation.queries import action_reviews
from shared.evaluation.rules import ActionReviewError

D = dt.date
YEAR = dict(period_from=D(2025, 1, 1), period_to=D(2025, 12, 31))


def test_action_review_records_strengths_weaknesses_strategies_ties_and_valuing(db, make):
    group = make.group()
    actor = make.facilitator(group)
    review = write_action_review(db, group=group, **YEAR, strengths=" Régularité des séances ",
                                 weaknesses="Peu d'hommes", new_strategies="Sorties le samedi",
                                 social_ties="Deux personnes se voient hors du groupe",
                                 valuing_people="Repas préparé pour la fête de quartier", actor=actor)
    assert review.strengths == "Régularité des séances"
    assert review.written_by_id == actor.id
    assert db.scalars(action_reviews(group.id)).all() == [review]


def test_period_must_end_after_it_starts(db, make):
    group = make.group()
    with pytest.raises(ActionReviewError, match="après son début"):
        write_action_review(db, group=group, period_from=D(2025, 6, 1), period_to=D(2025, 6, 1))
    with pytest.raises(ActionReviewError, match="après son début"):
        write_action_review(db, group=group, period_from=D(2025, 6, 1), period_to=D(2025, 5, 1))


def test_one_review_per_group_and_period(db, make):
    group, other = make.group(), make.group()
    write_action_review(db, group=group, **YEAR, strengths="A")
    with pytest.raises(ActionReviewError, match="déjà une évaluation"):
        write_action_review(db, group=group, **YEAR, strengths="B")
    write_action_review(db, group=other, **YEAR, strengths="C")
    write_action_review(db, group=group, period_from=D(2026, 1, 1), period_to=D(2026, 12, 31), strengths="D")
    assert db.scalar(select(ActionReview.id).where(ActionReview.group_id == group.id).limit(1)) is not None


def test_update_changes_only_known_texts(db, make):
    review = write_action_review(db, group=make.group(), **YEAR, strengths="A")
    update_action_review(db, review, weaknesses="  B ")
    assert (review.strengths, review.weaknesses) == ("A", "B")
    with pytest.raises(ActionReviewError, match="inconnu"):
        update_action_review(db, review, group_id=3)


def test_an_empty_review_is_refused_next_to_its_first_section(db, make):
    with pytest.raises(ActionReviewError, match="Une évaluation vide") as error:
        write_action_review(db, group=make.group(), period_from=dt.date(2025, 1, 1), period_to=dt.date(2025, 12, 31),
                            strengths=" \n ", weaknesses=None)
    assert error.value.field == "strengths"


def test_an_edit_keeps_the_sections_not_given_and_never_empties_the_review(db, make):
    review = write_action_review(db, group=make.group(), period_from=dt.date(2025, 1, 1),
                                 period_to=dt.date(2025, 12, 31), strengths="Régularité", weaknesses="Peu d'hommes")
    update_action_review(db, review, weaknesses="")
    assert (review.strengths, review.weaknesses) == ("Régularité", None)
    with pytest.raises(ActionReviewError, match="Une évaluation vide"):
        update_action_review(db, review, strengths="")
