"""The back-office refuses a session dated 01/01/0001 or 31/12/9999, next to the date field, on the
session form and on « Générer les séances » (issue #23, point 11)."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.sessions.models import Session
from tests.backoffice.world import build_world
from tests.pages import text

RANGE = "doit être comprise entre le 01/01/2007 et le 10/03/2028 (deux ans après aujourd'hui)."


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _sessions(db, group):
    db.expire_all()
    return db.scalars(select(Session).where(Session.group_id == group.id)).all()


def _form(world, held_on):
    return {"group": world.group.id, "held_on": held_on, "starts_at": "14:00", "ends_at": "17:00",
            "title": "Atelier cuisine", "place": "CMS"}


@pytest.mark.parametrize("held_on", ["01/01/0001", "31/12/9999", "0001-01-01", "2006-12-31", "11/03/2028", "9999-12-31"])
def test_a_session_dated_out_of_the_bounds_is_refused_next_to_the_date(world, login_as, db, held_on):
    before = {s.id for s in _sessions(db, world.group)}
    response = login_as(world.facilitator).post("/session/new/", data=_form(world, held_on))
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert "La date de la séance " + RANGE in page
    assert page.index(RANGE) > page.index('name="held_on"')  # under the field, not on top of the form
    assert {s.id for s in _sessions(db, world.group)} == before


def test_a_session_on_the_last_day_of_the_bounds_is_planned(world, login_as, db):
    response = login_as(world.facilitator).post("/session/new/", data=_form(world, "2028-03-10"))
    assert response.status_code == 302, text(response)[:2000]
    assert dt.date(2028, 3, 10) in {s.held_on for s in _sessions(db, world.group)}


def test_an_existing_session_cannot_be_moved_to_year_9999(world, make, login_as, db):
    session = make.session(world.group, held_on=dt.date(2026, 4, 2))
    response = login_as(world.facilitator).post(f"/session/edit/?id={session.id}", data=_form(world, "9999-12-31"))
    assert response.status_code == 200 and "La date de la séance " + RANGE in text(response)
    db.refresh(session)
    assert session.held_on == dt.date(2026, 4, 2)


@pytest.mark.parametrize("start, end, field, label", [
    ("01/01/0001", "31/12/0001", "start", "La date de début de la période "),
    ("2028-01-01", "2028-12-31", "end", "La date de fin de la période "),
    ("01/01/9999", "31/12/9999", "start", "La date de début de la période "),
])
def test_generating_sessions_out_of_the_bounds_is_refused_next_to_the_field(world, login_as, db, start, end, field,
                                                                             label):
    before = {s.id for s in _sessions(db, world.group)}
    page = login_as(world.facilitator).post("/actions/schedule/", data={"group": world.group.id, "start": start,
                                                                          "end": end})
    assert page.status_code == 200
    body = text(page)
    assert label + RANGE in body
    assert body.index(label + RANGE) > body.index(f'name="{field}"')  # under its field
    assert {s.id for s in _sessions(db, world.group)} == before
