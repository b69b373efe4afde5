import datetime as dt

import pytest
from sqlalchemy import select

from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.feedback.operations import FeedbackError, set_feedback_status, submit_feedback
from shared.feedback.queries import feedback_for_staff, mood_averages

DAY = dt.date(2026, 3, 12)


def _give(db, session, mood=Mood.GOOD, participant=None, text=None):
    return submit_feedback(db, session=session, scope=FeedbackScope.COLLECTIVE, mood=mood, text=text,
                           participant=participant)


def test_anonymous_items_appear_only_after_the_session_day(db, make):
    session = make.session(held_on=DAY)
    signed_by = make.participant(group=session.group)
    anonymous = _give(db, session)
    signed = _give(db, session, participant=signed_by)
    same_day = db.scalars(feedback_for_staff(DAY, group_id=session.group_id)).all()
    assert same_day == [signed]
    next_day = db.scalars(feedback_for_staff(DAY + dt.timedelta(days=1), group_id=session.group_id)).all()
    assert set(next_day) == {anonymous, signed}


def test_mood_average_needs_three_answers(db, make):
    session = make.session(held_on=DAY)
    _give(db, session, Mood.VERY_GOOD)
    _give(db, session, Mood.BAD)
    after = DAY + dt.timedelta(days=1)
    assert db.execute(mood_averages(after, group_id=session.group_id)).all() == []
    _give(db, session, Mood.GOOD)
    (row,) = db.execute(mood_averages(after, group_id=session.group_id)).all()
    assert row.answers == 3 and float(row.average) == pytest.approx(3.0)
    # On the day itself the anonymous moods do not count yet.
    assert db.execute(mood_averages(DAY, group_id=session.group_id)).all() == []


def test_random_order_is_not_insertion_order(db, make):
    session = make.session(held_on=DAY)
    given = [_give(db, session, text=f"avis {i}") for i in range(8)]
    after = DAY + dt.timedelta(days=1)
    orders = {tuple(f.id for f in db.scalars(feedback_for_staff(after, session_id=session.id))) for _ in range(6)}
    assert len(orders) > 1
    assert all(set(o) == {f.id for f in given} for o in orders)


def test_staff_mark_items_read_discussed_closed(db, make):
    item = _give(db, make.session(held_on=DAY))
    for status in (FeedbackStatus.READ, FeedbackStatus.DISCUSSED, FeedbackStatus.CLOSED):
        set_feedback_status(db, item, status, actor=None)
        assert db.scalar(select(Feedback.status).where(Feedback.id == item.id)) is status
    with pytest.raises(FeedbackError):
        set_feedback_status(db, item, "lu", actor=None)
    after = DAY + dt.timedelta(days=1)
    assert db.scalars(feedback_for_staff(after, statuses=(FeedbackStatus.NEW,),
                                         group_id=item.session.group_id)).all() == []
