"""The demo carries a few reviews and exit plans, on dates that follow its "today"."""

import datetime as dt

from sqlalchemy import select

from shared import clock
from shared.demo.loader import load_demo
from shared.exits.models import ExitDestination, ExitPlan
from shared.people.models import Participant
from shared.reviews.models import ContractReview, ReviewKind
from shared.reviews.queries import self_rating_history
from tests.factories import directly

DEMO_DAY = dt.date(2026, 11, 25)


def test_the_demo_has_reviews_with_self_ratings_and_exit_plans(db):
    with clock.frozen_today(DEMO_DAY), directly(db):
        load_demo(db, today=DEMO_DAY, password="demo-idmix-2026", pin_hasher=lambda pin: f"hash-{pin}")
    fatima = db.scalar(select(Participant).where(Participant.first_name == "Fatima",
                                                 Participant.last_name == "Benali"))
    history = db.execute(self_rating_history(fatima.id)).all()
    assert [(row.kind, row.held_on) for row in history[::6]] == [
        (ReviewKind.MID_TERM, dt.date(2026, 5, 24)), (ReviewKind.FINAL, dt.date(2026, 11, 16))]
    assert len(history) == 12
    reviews = db.scalars(select(ContractReview)).all()
    assert len(reviews) == 7 and all(review.held_on <= DEMO_DAY for review in reviews)
    plans = {plan.contract.participant.first_name: plan.destination for plan in db.scalars(select(ExitPlan))}
    assert plans == {"Fatima": ExitDestination.TRAINING, "Sylvie": ExitDestination.OTHER_GROUP,
                     "Yasmina": ExitDestination.EMPLOYMENT}
