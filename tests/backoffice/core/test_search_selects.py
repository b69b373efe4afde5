"""Person and session drop-downs are searched as one types (``/<view>/ajax/lookup/``), never listed in
full, and only ever offer or accept what the signed-in staff member may see."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from backoffice.core.ajax import person_label, session_label
from shared.contracts.models import Contract
from shared.kiosk.models import WalkIn
from shared.people.models import Participant, Referral
from shared.sessions.models import Attendance
from tests.backoffice.select2 import chosen
from tests.backoffice.world import build_world
from tests.fuzz.hostile import fuzz_settings, hostile_value

# Every form that picks a person (or a session), and the field that does.
PICKERS = [("/contract/new/", "participant"), ("/attendance/new/", "participant"), ("/attendance/new/", "session"),
           ("/exit/new/", "participant"), ("/referral/new/", "participant")]
NOT_FOUND = "introuvable parmi celles que vous suivez"


@pytest.fixture
def world(make, db, today):
    world = build_world(make, db)
    world.extra["ours"] = make.participant(world.group, referrer=world.referrer, first_name="Lucie",
                                           last_name="Marchand")
    world.extra["theirs"] = make.participant(world.other_group, referrer=world.other_referrer, first_name="Lucien",
                                             last_name="Marchal")
    return world


def lookup(client, view: str, name: str, query, **extra):
    response = client.get(f"/{view}/ajax/lookup/", query_string={"name": name, "query": query, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [tuple(row) for row in json.loads(response.get_data(as_text=True))]


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("url", "field"), PICKERS)
def test_each_form_searches_as_one_types_instead_of_listing_everyone(world, login_as, url, field):
    response = login_as(world.admin).get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert chosen(response, field) is None  # a search box, nothing chosen yet
    view = url.split("/")[1]
    assert f'data-url="/{view}/ajax/lookup/?name={field}"' in page
    assert "Tapez un nom…" in page or "Tapez une date" in page
    assert "Marchand" not in page and "Marchal" not in page  # nobody listed in the page


def test_the_walk_in_link_form_searches_the_person_too(world, login_as):
    response = login_as(world.facilitator).get(f"/walkin/edit/?id={world.walk_in.id}")
    assert response.status_code == 200 and chosen(response, "participant") is None
    assert "Marchand" not in response.get_data(as_text=True)


def test_the_search_needs_a_sign_in(world, app):
    response = app.test_client().get("/contract/ajax/lookup/", query_string={"name": "participant", "query": "mar"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Marchand" not in response.get_data(as_text=True)


def test_a_facilitator_finds_the_people_of_their_groups_only(world, login_as):
    client = login_as(world.facilitator)
    ours = world.extra["ours"]
    assert lookup(client, "contract", "participant", "march") == [(ours.id, person_label(ours))]
    assert person_label(ours) == f"MARCHAND Lucie ({world.group.name})"
    assert lookup(client, "exit", "participant", "Marchal") == []  # group B's person: nothing
    assert lookup(client, "attendance", "participant", "lucien") == []


def test_a_referrer_finds_the_people_they_referred_only(world, login_as):
    client = login_as(world.referrer)
    assert [row[0] for row in lookup(client, "contract", "participant", "march")] == [world.extra["ours"].id]
    assert lookup(client, "referral", "participant", "marchal") == []
    other = login_as(world.other_referrer)
    assert [row[0] for row in lookup(other, "contract", "participant", "march")] == [world.extra["theirs"].id]


def test_an_admin_finds_everyone_by_last_then_first_name(world, login_as):
    client = login_as(world.admin)
    ours, theirs = world.extra["ours"], world.extra["theirs"]
    assert [row[0] for row in lookup(client, "contract", "participant", "march")] == [theirs.id, ours.id]
    assert [row[0] for row in lookup(client, "contract", "participant", "luc march")] == [theirs.id, ours.id]
    assert [row[0] for row in lookup(client, "contract", "participant", "marchand luc")] == [ours.id]


def test_sessions_are_found_by_day_theme_or_group_within_scope(world, login_as, make, today):
    client = login_as(world.facilitator)
    ours = world.session
    day = ours.held_on
    theirs = make.session(world.other_group, held_on=day - dt.timedelta(days=1), theme=world.theme)
    for query in (f"{day:%d/%m}", f"{day:%d/%m/%Y}", day.isoformat(), world.theme.name, world.group.name):
        assert lookup(client, "attendance", "session", query) == [(ours.id, session_label(ours))], query
    assert lookup(client, "attendance", "session", f"{theirs.held_on:%d/%m}") == []
    assert lookup(client, "attendance", "session", world.other_group.name) == []
    assert lookup(client, "attendance", "session", "31/02") == []


def test_wildcards_are_searched_as_plain_text(world, login_as):
    client = login_as(world.admin)
    for query in ("%", "_", "%%%", "\\"):
        assert lookup(client, "contract", "participant", query) == [], query


@pytest.mark.parametrize("extra", [{}, {"query": ""}, {"query": "   "}, {"query": "x" * 5000},
                                   {"query": "mar\x00\x1b"}, {"limit": "-1"}, {"offset": "-5"},
                                   {"limit": str(10**30), "offset": str(10**30)}, {"limit": "abc"}])
def test_odd_searches_answer_calmly_and_stay_in_scope(world, login_as, db, extra):
    client = login_as(world.facilitator)
    response = client.get("/contract/ajax/lookup/", query_string={"name": "participant"} | extra)
    assert response.status_code == 200
    rows = response.get_json()
    group_people = set(db.scalars(select(Participant.id).where(Participant.group_id == world.group.id)))
    assert {row[0] for row in rows} <= group_people
    assert len(rows) <= 50


def test_an_unknown_list_name_is_not_found(world, login_as):
    client = login_as(world.admin)
    for name in ("nope", "", "referrer", "objectives-0-category", "../participant"):
        response = client.get("/contract/ajax/lookup/", query_string={"name": name, "query": "a"})
        assert response.status_code == 404, name


def test_hostile_searches_never_fail_and_never_leave_the_scope(world, login_as, db):
    client = login_as(world.facilitator)
    group_people = set(db.scalars(select(Participant.id).where(Participant.group_id == world.group.id)))
    views = st.sampled_from(["contract", "attendance", "exit", "referral", "walkin"])

    @fuzz_settings
    @given(view=views, query=hostile_value, offset=hostile_value, limit=hostile_value)
    def search(view, query, offset, limit):
        response = client.get(f"/{view}/ajax/lookup/", query_string={
            "name": "participant", "query": query, "offset": offset, "limit": limit})
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert {row[0] for row in response.get_json()} <= group_people

    search()


def test_an_out_of_scope_person_posted_to_a_contract_is_refused_in_french(world, login_as, db):
    before = count(db, Contract)
    response = login_as(world.facilitator).post("/contract/new/", data={
        "participant": str(world.extra["theirs"].id), "facilitator": str(world.facilitator.id),
        "referrer": str(world.referrer.id), "starts_on": "2026-06-01", "ends_on": "2027-05-31",
        "objectives-0-wording": "Prendre la parole", "objectives-0-category": "social_ties",
        "objectives-0-status": "open"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count(NOT_FOUND) == 1  # once, under the field
    assert "Marchal" not in page
    assert count(db, Contract) == before


@pytest.mark.parametrize("posted", ["theirs", "999999", "abc", "9" * 40, "-1"])
def test_a_referral_of_a_person_one_may_not_see_is_refused(world, login_as, db, posted):
    person = str(world.extra["theirs"].id) if posted == "theirs" else posted
    before = count(db, Referral)
    response = login_as(world.facilitator).post("/referral/new/", data={
        "participant": person, "referrer": str(world.referrer.id), "group": str(world.group.id),
        "referred_on": "2026-03-01"})
    assert response.status_code == 200 and NOT_FOUND in response.get_data(as_text=True)
    assert count(db, Referral) == before


@pytest.mark.parametrize("posted", ["", "__None", None])
def test_a_referral_without_a_person_asks_for_one(world, login_as, db, posted):
    data = {"referrer": str(world.referrer.id), "group": str(world.group.id), "referred_on": "2026-03-01"}
    response = login_as(world.facilitator).post("/referral/new/", data=data | (
        {"participant": posted} if posted is not None else {}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Choisissez la personne orientée." in page and NOT_FOUND not in page


def test_attendance_with_another_groups_session_or_person_is_refused(world, login_as, make, db):
    client = login_as(world.facilitator)
    theirs = make.session(world.other_group, held_on=world.session.held_on - dt.timedelta(days=2))
    session_ours = make.session(world.group, held_on=world.session.held_on - dt.timedelta(days=14))
    before = count(db, Attendance)
    response = client.post("/attendance/new/", data={
        "session": str(theirs.id), "participant": str(world.extra["ours"].id), "status": "present"})
    assert response.status_code == 200
    assert "Cette séance est introuvable parmi celles que vous pouvez voir" in response.get_data(as_text=True)
    response = client.post("/attendance/new/", data={
        "session": str(session_ours.id), "participant": str(world.extra["theirs"].id), "status": "present"})
    assert response.status_code == 200 and NOT_FOUND in response.get_data(as_text=True)
    assert count(db, Attendance) == before
    # The same form with what one may see is saved.
    response = client.post("/attendance/new/", data={
        "session": str(session_ours.id), "participant": str(world.extra["ours"].id), "status": "present"})
    assert response.status_code == 302
    assert count(db, Attendance) == before + 1


def test_a_walk_in_is_not_linked_to_another_groups_person(world, login_as, db):
    response = login_as(world.facilitator).post(f"/walkin/edit/?id={world.walk_in.id}",
                                                data={"participant": str(world.extra["theirs"].id)})
    assert response.status_code == 200 and NOT_FOUND in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(WalkIn, world.walk_in.id).participant_id is None


def test_an_edit_form_shows_the_chosen_person_and_session(world, login_as):
    client = login_as(world.facilitator)
    response = client.get(f"/contract/edit/?id={world.contract.id}")
    assert chosen(response, "participant") == (world.participant.id, person_label(world.participant))
    response = client.get(f"/attendance/edit/?id={world.attendance.id}")
    assert chosen(response, "session") == (world.session.id, session_label(world.session))
    assert chosen(response, "participant") == (world.participant.id, person_label(world.participant))
