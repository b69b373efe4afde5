"""Creating and editing records through the real server: the form as the page offers it (CSRF token,
defaults), the answer a browser gets, then the row as the database holds it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.groups.models import Group, Theme
from shared.sessions.models import Session
from tests.live.forms import one, saved, submit


@pytest.fixture(scope="module")
def admin(live_server, live_world):
    return live_server.signed_in(live_world.admin.email)


@pytest.fixture(scope="module")
def facilitator(live_server, live_world):
    return live_server.signed_in(live_world.facilitator.email)


def test_an_admin_creates_then_edits_a_theme(admin, live_session, unique):
    created = submit(admin, "/theme/new/?url=/theme/", name=f"Jardinage {unique}", pictogram="jardin", active="y")
    assert saved(created), created.text[:2000]
    theme = one(live_session, select(Theme).where(Theme.name == f"Jardinage {unique}"))
    assert (theme.pictogram, theme.active) == ("jardin", True)

    edited = submit(admin, f"/theme/edit/?id={theme.id}&url=/theme/", name=f"Jardin partagé {unique}", active=None)
    assert saved(edited), edited.text[:2000]
    theme = one(live_session, select(Theme).where(Theme.id == theme.id))
    assert (theme.name, theme.pictogram, theme.active) == (f"Jardin partagé {unique}", "jardin", False)


def test_a_theme_name_taken_is_refused_with_its_message(admin, live_session, live_world):
    answer = submit(admin, "/theme/new/?url=/theme/", name=live_world.theme.name.upper())
    assert answer.status == 200 and "Ce thème existe déjà." in answer.text
    with live_session() as db:
        assert db.scalars(select(Theme).where(Theme.name == live_world.theme.name.upper())).all() == []


def test_an_admin_creates_then_edits_a_group(admin, live_session, unique):
    name = f"ID'MIX Sud {unique}"
    created = submit(admin, "/group/new/?url=/group/", name=name, district="Circonscription Sud",
                     location="CMS des Acacias", started_on="2026-01-08", meeting_weeks="1,3", weekday="1",
                     meets_from="09:30", meets_until="12:00", trial_allowance="2", requires_pin=None)
    assert saved(created), created.text[:2000]
    group = one(live_session, select(Group).where(Group.name == name))
    assert (group.district, group.location, group.started_on) == ("Circonscription Sud", "CMS des Acacias",
                                                                  dt.date(2026, 1, 8))
    assert (group.meeting_weeks, group.weekday, group.meets_from, group.meets_until) == (
        "1,3", 1, dt.time(9, 30), dt.time(12, 0))
    assert (group.trial_allowance, group.requires_pin, group.active) == (2, False, True)

    edited = submit(admin, f"/group/edit/?id={group.id}&url=/group/", location="CMS des Tilleuls",
                    meeting_weeks="2, 4", trial_allowance="4")
    assert saved(edited), edited.text[:2000]
    group = one(live_session, select(Group).where(Group.id == group.id))
    assert (group.location, group.meeting_weeks, group.trial_allowance) == ("CMS des Tilleuls", "2,4", 4)
    assert (group.name, group.started_on, group.weekday) == (name, dt.date(2026, 1, 8), 1)


def test_only_an_admin_may_create_or_edit_a_group(facilitator, live_session, live_world):
    assert facilitator.get("/group/new/").status == 403
    assert facilitator.get(f"/group/edit/?id={live_world.group.id}").status == 403
    with live_session() as db:
        name_before = db.get(Group, live_world.group.id).name
    token = facilitator.csrf_token("/")
    answer = facilitator.post(f"/group/edit/?id={live_world.group.id}", {"csrf_token": token, "name": "Piraté"})
    assert answer.status == 403
    with live_session() as db:
        assert db.get(Group, live_world.group.id).name == name_before


def test_an_admin_plans_then_edits_a_session(admin, live_session, live_world, unique):
    held_on = clock.today() + dt.timedelta(days=21)
    created = submit(admin, "/session/new/?url=/session/", group=str(live_world.group.id),
                     held_on=held_on.isoformat(), starts_at="14:00", ends_at="16:30",
                     theme=str(live_world.theme.id), title=f"Atelier cuisine {unique}", place="CMS des Tilleuls",
                     capacity="8")
    assert saved(created), created.text[:2000]
    session = one(live_session, select(Session).where(Session.title == f"Atelier cuisine {unique}"))
    assert (session.group_id, session.held_on, session.starts_at, session.ends_at) == (
        live_world.group.id, held_on, dt.time(14, 0), dt.time(16, 30))
    assert (session.theme_id, session.place, session.capacity, session.cancelled) == (
        live_world.theme.id, "CMS des Tilleuls", 8, False)

    edited = submit(admin, f"/session/edit/?id={session.id}&url=/session/", ends_at="17:00", capacity="",
                    place="Salle polyvalente")
    assert saved(edited), edited.text[:2000]
    session = one(live_session, select(Session).where(Session.id == session.id))
    assert (session.ends_at, session.capacity, session.place) == (dt.time(17, 0), None, "Salle polyvalente")
    assert (session.held_on, session.title) == (held_on, f"Atelier cuisine {unique}")


def test_a_facilitator_plans_a_session_for_their_group(facilitator, live_session, live_world, unique):
    held_on = clock.today() + dt.timedelta(days=35)
    created = submit(facilitator, "/session/new/?url=/session/", group=str(live_world.group.id),
                     held_on=held_on.isoformat(), starts_at="14:00", ends_at="17:00",
                     title=f"Sortie musée {unique}")
    assert saved(created), created.text[:2000]
    session = one(live_session, select(Session).where(Session.title == f"Sortie musée {unique}"))
    assert (session.group_id, session.held_on, session.theme_id) == (live_world.group.id, held_on, None)


def test_a_second_session_the_same_day_is_refused_and_nothing_is_saved(admin, live_session, live_world):
    held_on = live_world.session.held_on
    answer = submit(admin, "/session/new/?url=/session/", group=str(live_world.group.id),
                    held_on=held_on.isoformat(), starts_at="09:00", ends_at="10:00", title="En double")
    assert answer.status == 200 and "a déjà une séance le" in answer.text
    with live_session() as db:
        assert db.scalars(select(Session).where(Session.title == "En double")).all() == []
