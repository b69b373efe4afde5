"""Numbers are written the French way on screen: the sessions' list says « 3,7 / 4 », as the report does."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from shared.feedback.models import Feedback, FeedbackScope, Mood
from tests.pages import text


def test_the_sessions_list_writes_the_mood_average_with_a_comma(make, db, login_as, today):
    group = make.group()
    facilitator = make.facilitator(group)
    session = make.session(group, held_on=today - dt.timedelta(days=7))
    for mood in (Mood.VERY_GOOD, Mood.VERY_GOOD, Mood.GOOD):  # 11 / 3 = 3,67
        db.add(Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.COLLECTIVE,
                        mood=mood, text="Bien"))
    db.flush()
    page = text(login_as(facilitator).get("/session/"))
    assert "3,7 / 4 (3 avis)" in page
    assert not re.search(r"\d\.\d / 4", page)
