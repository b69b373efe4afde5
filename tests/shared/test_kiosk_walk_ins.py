import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared import clock
from shared.kiosk.errors import WalkInError
from shared.kiosk.queries import walk_ins_awaiting
from shared.kiosk.walk_ins import clean_first_name, discard_walk_in, link_walk_in, record_walk_in
from shared.sessions.models import Attendance

DAY = dt.date(2026, 3, 12)
DURING = dt.datetime(2026, 3, 12, 14, 30, tzinfo=clock.CENTRE_TZ)


def test_walk_in_is_recorded_then_linked_as_a_trial_attendance(db, make):
    group = make.group()
    session = make.session(group=group, held_on=DAY)
    walk_in = record_walk_in(db, session=session, first_name="  Zoé   Anne ", now=DURING)
    assert walk_in.first_name == "Zoé Anne"
    assert db.scalars(walk_ins_awaiting(group.id)).all() == [walk_in]

    person = make.participant(group=group, first_name="Zoé", referred_on=DAY)  # referred on the day of the visit
    with clock.frozen_at(DURING):
        attendance = link_walk_in(db, walk_in, person, actor=make.facilitator(group), now=DURING)
    assert attendance.is_trial and attendance.participant_id == person.id
    assert db.scalars(walk_ins_awaiting(group.id)).all() == []
    with pytest.raises(WalkInError, match="déjà rattaché"):
        link_walk_in(db, walk_in, person, actor=None, now=DURING)
    with pytest.raises(WalkInError):
        discard_walk_in(db, walk_in, actor=None, now=DURING)


def test_walk_in_cannot_be_linked_to_someone_of_another_group(db, make):
    walk_in = record_walk_in(db, session=make.session(held_on=DAY), first_name="Paul", now=DURING)
    with pytest.raises(WalkInError, match="pas orienté"):
        link_walk_in(db, walk_in, make.participant(), actor=None, now=DURING)
    discard_walk_in(db, walk_in, actor=None, now=DURING)
    assert db.scalar(select(Attendance).where(Attendance.session_id == walk_in.session_id)) is None


def test_walk_in_refused_on_another_day_after_the_end_or_when_cancelled(db, make):
    session = make.session(held_on=DAY)
    with pytest.raises(WalkInError, match="pas de séance"):
        record_walk_in(db, session=session, first_name="Paul", now=DURING + dt.timedelta(days=1))
    with pytest.raises(WalkInError, match="terminée"):
        record_walk_in(db, session=session, first_name="Paul", now=DURING + dt.timedelta(hours=3))
    session.cancelled = True
    with pytest.raises(WalkInError, match="annulée"):
        record_walk_in(db, session=session, first_name="Paul", now=DURING)


@pytest.mark.parametrize("typed", ["", "   ", "R2D2", "a" * 81, "<script>", "Jean;DROP"])
def test_walk_in_first_name_must_be_a_name(typed):
    with pytest.raises(WalkInError):
        clean_first_name(typed)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_typed_text_is_either_a_clean_name_or_a_french_refusal(typed):
    try:
        name = clean_first_name(typed)
    except WalkInError as error:
        assert error.message
    else:
        assert 0 < len(name) <= 80 and name == name.strip()
