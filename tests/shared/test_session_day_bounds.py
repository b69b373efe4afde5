"""A session's day lies between 01/01/2007 (the action began in 2007) and two years after today, on
every road that dates a session: planning by hand, changing it, generating a schedule (issue #23, point 11)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.sessions.models import Session
from shared.sessions.planning import plan_session, update_session
from shared.sessions.rules import SessionRuleError, check_session_day, session_days
from shared.sessions.schedule import generate_sessions

D = dt.date
TODAY = D(2026, 3, 10)  # the clock the ``today`` fixture freezes
MESSAGE = "La date de la séance doit être comprise entre le 01/01/2007 et le 10/03/2028 (deux ans après aujourd'hui)."


def test_the_bounds_run_from_2007_to_two_years_after_today():
    assert session_days(TODAY) == (D(2007, 1, 1), D(2028, 3, 10))
    assert session_days(D(2024, 2, 29)) == (D(2007, 1, 1), D(2026, 2, 28))  # months added calendar-wise


@pytest.mark.parametrize("day", [D(2007, 1, 1), TODAY, D(2028, 3, 10)])
def test_a_day_within_the_bounds_is_accepted(day):
    assert check_session_day(day, today=TODAY) == day


@pytest.mark.parametrize("day", [D(1, 1, 1), D(2006, 12, 31), D(2028, 3, 11), D(9999, 12, 31)])
def test_a_day_outside_the_bounds_is_refused_with_the_range(day):
    with pytest.raises(SessionRuleError) as refused:
        check_session_day(day, today=TODAY)
    assert refused.value.field == "held_on" and refused.value.message == MESSAGE


def _values(group, held_on):
    return dict(group=group, held_on=held_on, starts_at=dt.time(14), ends_at=dt.time(17))


@pytest.mark.parametrize("day", [D(1, 1, 1), D(9999, 12, 31)])
def test_planning_a_session_out_of_the_bounds_is_refused(db, make, today, day):
    group = make.group()
    with pytest.raises(SessionRuleError, match="comprise entre le 01/01/2007"):
        plan_session(db, **_values(group, day))
    assert db.scalars(select(Session).where(Session.group_id == group.id)).all() == []


def test_moving_a_session_out_of_the_bounds_is_refused(db, make, today):
    session = make.session(held_on=D(2026, 4, 2))
    with pytest.raises(SessionRuleError) as refused:
        update_session(db, session, **_values(session.group, D(9999, 12, 31)))
    assert refused.value.field == "held_on"


def test_a_session_dated_before_the_bound_may_still_be_changed_on_its_day(db, make, today):
    """A session kept from an old import stays editable (its title, its cancellation) as long as its day stays."""
    session = make.session(held_on=D(2005, 6, 9))
    update_session(db, session, **_values(session.group, D(2005, 6, 9)), title="Sortie au musée")
    assert session.title == "Sortie au musée"


@pytest.mark.parametrize("start, end, field", [(D(1, 1, 1), D(1, 12, 31), "start"),
                                               (D(2028, 1, 1), D(2028, 6, 30), "end"),
                                               (D(9999, 1, 1), D(9999, 12, 31), "start")])
def test_generating_a_schedule_out_of_the_bounds_is_refused_on_the_period_field(db, make, today, start, end, field):
    group = make.group()
    with pytest.raises(SessionRuleError) as refused:
        generate_sessions(db, group, start, end)
    assert refused.value.field == field
    assert "de la période doit être comprise entre le 01/01/2007 et le 10/03/2028" in refused.value.message
    assert db.scalars(select(Session).where(Session.group_id == group.id)).all() == []
