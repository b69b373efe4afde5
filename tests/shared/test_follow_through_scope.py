"""Reviews and exit plans are seen by whoever sees their contract, and by nobody else."""

import datetime as dt

import pytest

from shared.exits.models import ExitDestination, ExitPlan
from shared.exits.operations import plan_exit
from shared.reviews.models import ContractReview, ReviewKind
from shared.reviews.operations import record_review
from shared.staff.access import can_see
from shared.staff.models import Role


@pytest.fixture
def two_groups(make, db, today):
    found = {}
    for key in ("ours", "theirs"):
        group = make.group()
        referrer = make.referrer()
        contract = make.contract(make.participant(group, referrer=referrer),
                                 starts_on=today - dt.timedelta(days=200))
        review = record_review(db, contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=10))
        plan = plan_exit(db, contract, destination=ExitDestination.TRAINING, target_on=contract.ends_on)
        found[key] = dict(group=group, referrer=referrer, facilitator=make.facilitator(group), review=review,
                          plan=plan)
    return found


@pytest.mark.parametrize("model, key", [(ContractReview, "review"), (ExitPlan, "plan")])
def test_facilitator_sees_the_reviews_and_plans_of_their_groups_only(db, two_groups, model, key):
    facilitator = two_groups["ours"]["facilitator"]
    assert can_see(db, facilitator, model, two_groups["ours"][key].id)
    assert not can_see(db, facilitator, model, two_groups["theirs"][key].id)


@pytest.mark.parametrize("model, key", [(ContractReview, "review"), (ExitPlan, "plan")])
def test_referrer_sees_the_reviews_and_plans_of_the_people_they_referred_only(db, two_groups, model, key):
    referrer = two_groups["ours"]["referrer"]
    assert can_see(db, referrer, model, two_groups["ours"][key].id)
    assert not can_see(db, referrer, model, two_groups["theirs"][key].id)


def test_admin_sees_every_review_and_plan(db, make, two_groups):
    admin = make.staff(Role.ADMIN)
    assert can_see(db, admin, ContractReview, two_groups["theirs"]["review"].id)
    assert can_see(db, admin, ExitPlan, two_groups["theirs"]["plan"].id)
